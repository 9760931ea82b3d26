// Quarterly monitoring: every three months a participant reports revenue, capital and
// employees. Reports drive the phase verdicts (year-on-year growth) and compliance.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/money.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace okoce {

struct QuarterlyReport {
    std::string participant;
    Quarter quarter;
    Rupiah revenue;                // revenue in the quarter
    std::optional<Rupiah> capital; // business capital at quarter end
    std::optional<std::int32_t> employees;
    Date reported_on; // not_a_date_time: taken as the quarter's last day

    // The date from which an analysis as of a date can see this report.
    Date known_on() const { return reported_on.is_special() ? quarter.last_day() : reported_on; }
};

} // namespace okoce
