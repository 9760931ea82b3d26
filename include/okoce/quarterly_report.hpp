// Quarterly monitoring: every three months a participant reports revenue, capital and
// employees. Reports drive the phase verdicts (year-on-year growth) and compliance.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/money.hpp"
#include "okoce/table.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

namespace okoce {

struct QuarterlyReport {
    std::string participant;
    Quarter quarter;
    Rupiah revenue;                // revenue in the quarter
    std::optional<Rupiah> capital; // business capital at quarter end
    std::optional<std::int32_t> employees;
    Date reported_on; // not_a_date_time: taken as the quarter's last day

    // The members a reports row is read into (table.hpp).
    static constexpr auto fields() {
        using R = QuarterlyReport;
        return std::tuple{
            field("participant", &R::participant),          field("quarter", &R::quarter),
            field("revenue", &R::revenue, "rupiah"),        field("capital", &R::capital, "rupiah"),
            field("employees", &R::employees, "employees"), field("reported_on", &R::reported_on)};
    }

    // The date from which an analysis as of a date can see this report.
    Date known_on() const { return reported_on.is_special() ? quarter.last_day() : reported_on; }
};

} // namespace okoce
