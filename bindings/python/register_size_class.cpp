// Business size class (UMKM), date-effective: UU 20/2008 before 2021-02-02, PP 7/2021 from it.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/money.hpp"

#include <pybind11/operators.h>

namespace okoce::python {

void register_size_class(py::module_& m) {
    py::class_<SizeVerdict>(
        m, "SizeVerdict",
        R"(The result of ``size_class``: the class, the regime that set the thresholds and the basis.)")
        .def_readonly("size", &SizeVerdict::size, R"(The SizeClass.)")
        .def_readonly("regime", &SizeVerdict::regime, R"(The SizeRegime in force on the day.)")
        .def_readonly(
            "by_turnover", &SizeVerdict::by_turnover,
            R"(True when annual turnover decided; False when assets (UU 20/2008) or capital (PP 7/2021) did.)")
        .def(py::self == py::self)
        .def("__repr__", [](const SizeVerdict& v) {
            return std::string("SizeVerdict(size=") + std::string(to_string(v.size)) +
                   ", regime=" + std::string(to_string(v.regime)) +
                   ", by_turnover=" + (v.by_turnover ? "True" : "False") + ")";
        });

    m.def(
        "size_class",
        [](Date on, std::optional<std::int64_t> turnover, std::optional<std::int64_t> capital) {
            const auto rp = [](std::optional<std::int64_t> v) {
                return v ? std::optional<Rupiah>(Rupiah(*v)) : std::nullopt;
            };
            return size_class(on, rp(turnover), rp(capital));
        },
        py::arg("on"), py::arg("turnover") = py::none(), py::arg("capital") = py::none(),
        R"(The business size class on a day, from annual turnover or capital (whole rupiah ints).

Turnover decides for a running business; ``capital`` (net assets excluding land and
buildings under UU 20/2008, business capital under PP 7/2021) decides only when there is no
turnover. Raises okoce.Error when both are None and ValidationError for a negative amount.)");
    m.def("size_regime", &size_regime, py::arg("on"), R"(The SizeRegime in force on a day.)");
    m.def(
        "size_limits",
        [](SizeRegime regime, bool by_turnover) {
            const auto l = size_limits(regime, by_turnover);
            return py::make_tuple(l.micro.value(), l.small.value(), l.medium.value());
        },
        py::arg("regime"), py::arg("by_turnover"),
        R"(Inclusive upper limits ``(micro, small, medium)`` in rupiah for a regime and basis; above medium is large.)");
    m.def("naik_kelas", &naik_kelas, py::arg("before"), py::arg("after"),
          R"(True when a business moved up at least one SizeClass.)");
}

} // namespace okoce::python
