// The library's fixed constants that its results are worded by, for a report to quote instead of
// repeating the numbers: how many days an average month has on the survival curves' day scale,
// and how many recent days a target's run rate looks at.
#include "register.hpp"

#include "okoce/survival.hpp"
#include "okoce/target_progress.hpp"

namespace okoce::python {

void register_constants(py::module_& m) {
    m.attr("days_per_month") = days_per_month;
    m.attr("run_rate_window_days") = run_rate_window_days;
}

} // namespace okoce::python
