// Programme targets: a number to reach for a metric (registrations, a step, licensed) in a
// region over a period, e.g. the 2017 campaign's 40,000 new entrepreneurs a year and 200
// IUMK/SKU per kelurahan in the last four months of 2018.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/region.hpp"
#include "okoce/step.hpp"
#include "okoce/table.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace okoce {

enum class TargetMetric : std::uint8_t { registered, p1, p2, p3, p4, p5, p6, p7, licensed };

template <>
struct enum_traits<TargetMetric> : enum_info<"TargetMetric", "a metric"> {
    static constexpr auto entries = enum_rows<TargetMetric>({{"registered", "registered"},
                                                             {"p1", "P1"},
                                                             {"p2", "P2"},
                                                             {"p3", "P3"},
                                                             {"p4", "P4"},
                                                             {"p5", "P5"},
                                                             {"p6", "P6"},
                                                             {"p7", "P7"},
                                                             {"licensed", "licensed"}});
};
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

    static constexpr auto fields() {
        using R = Target;
        return std::tuple{field("id", &R::id),         field("metric", &R::metric),
                          field("region", &R::region), field("start", &R::start),
                          field("end", &R::end),       field("value", &R::value, "participants")};
    }
};

} // namespace okoce
