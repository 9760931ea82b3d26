// The library's fixed constants that its results are worded by, for a report to quote instead of
// repeating the numbers: how many days an average month has on the survival curves' day scale,
// how many recent days a target's run rate looks at, and which licence kinds count as licensed
// by default.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/licence.hpp"

#include "okoce/survival.hpp"
#include "okoce/target_progress.hpp"

namespace okoce::python {

void register_constants(py::module_& m) {
    m.attr("days_per_month") = days_per_month;
    m.attr("run_rate_window_days") = run_rate_window_days;
    py::list counting;
    for (const LicenceKind k : enum_values<LicenceKind>)
        if (default_counting.contains(k)) counting.append(py::cast(k));
    m.attr("default_counting") = py::tuple(counting);
}

} // namespace okoce::python
