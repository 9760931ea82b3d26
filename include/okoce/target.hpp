// Programme targets: a number to reach for a metric (registrations, a step, licensed) in a
// region over a period, e.g. the 2017 campaign's 40,000 new entrepreneurs a year and 200
// IUMK/SKU per kelurahan in the last four months of 2018.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/region.hpp"
#include "okoce/step.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace okoce {

enum class TargetMetric : std::uint8_t { registered, p1, p2, p3, p4, p5, p6, p7, licensed };

constexpr std::string_view to_string(TargetMetric m) noexcept {
    constexpr std::string_view codes[] = {"registered", "P1", "P2", "P3",      "P4",
                                          "P5",         "P6", "P7", "licensed"};
    return codes[static_cast<std::size_t>(m)];
}
constexpr std::optional<TargetMetric> try_parse_target_metric(std::string_view s) noexcept {
    for (int i = 0; i <= static_cast<int>(TargetMetric::licensed); ++i)
        if (to_string(static_cast<TargetMetric>(i)) == s) return static_cast<TargetMetric>(i);
    return std::nullopt;
}
// The step a step metric counts; nullopt for registered and licensed.
constexpr std::optional<Step> step_of(TargetMetric m) noexcept {
    if (m == TargetMetric::registered || m == TargetMetric::licensed) return std::nullopt;
    return static_cast<Step>(static_cast<int>(m) - 1);
}

struct Target {
    std::string id;
    TargetMetric metric = TargetMetric::registered;
    RegionCode region; // any level: province, kota, kecamatan or kelurahan
    Date start;        // first day of the period
    Date end;          // last day of the period (inclusive)
    std::int64_t value = 0;
};

} // namespace okoce
