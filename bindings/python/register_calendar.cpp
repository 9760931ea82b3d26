// Quarters (the period of the monitoring reports) and month arithmetic. Dates themselves are
// datetime.date, converted by casters.hpp.
#include "casters.hpp"
#include "register.hpp"

#include <pybind11/operators.h>

#include <stdexcept>

namespace okoce::python {

void register_calendar(py::module_& m) {
    py::class_<Quarter> quarter(
        m, "Quarter",
        R"(A calendar quarter such as 2019Q3, the period of a monitoring report.

Quarters compare, hash and do arithmetic: ``q + 1`` is the next quarter and ``q2 - q1`` the
number of quarters between them. ``str(q)`` is the data-file spelling ``'2019Q3'``.)");
    quarter
        .def(py::init([](int year, int q) {
                 // The supported range (calendar.hpp), as Quarter.parse has it, narrower than
                 // the C++ constructor's.
                 OKOCE_REQUIRE(is_supported_year(year), "Quarter", "year", std::to_string(year),
                               "a year from 1900 to 2200");
                 return Quarter(year, q);
             }),
             py::arg("year"), py::arg("q"),
             R"(The quarter ``q`` (1..4) of ``year`` (1900..2200, the supported range).)")
        .def_static("parse", &Quarter::parse, py::arg("text"),
                    R"(Parse ``'YYYYQn'`` (n in 1..4). Raises ValidationError otherwise.)")
        .def_static("of", &Quarter::of, py::arg("day"),
                    R"(The quarter containing ``day`` (a datetime.date).)")
        .def_property_readonly("year", &Quarter::year, R"(The year.)")
        .def_property_readonly("number", &Quarter::number, R"(The quarter number, 1..4.)")
        .def_property_readonly(
            "index", &Quarter::index,
            R"(Quarters since year 0 (year * 4 + number - 1); differences of indices count quarters.)")
        .def("first_day", &Quarter::first_day, R"(The quarter's first day, a datetime.date.)")
        .def("last_day", &Quarter::last_day, R"(The quarter's last day, a datetime.date.)")
        .def("next", &Quarter::next, R"(The following quarter.)")
        .def("previous", &Quarter::previous, R"(The preceding quarter.)")
        .def(py::self + int(), R"(The quarter ``n`` quarters later.)")
        .def(
            "__radd__", [](Quarter q, int n) { return q + n; }, py::is_operator())
        .def(py::self - int(), R"(The quarter ``n`` quarters earlier.)")
        .def(py::self - py::self,
             R"(Number of quarters from ``other`` to this one (2020Q1 - 2019Q3 == 2).)");
    def_ordering(quarter)
        .def("__hash__", [](Quarter q) { return py::hash(py::int_(q.index())); })
        .def("__str__", &Quarter::to_string)
        .def("__repr__",
             [](Quarter q) {
                 return "Quarter(" + std::to_string(q.year()) + ", " + std::to_string(q.number()) +
                        ")";
             })
        .def(py::pickle(
            [](Quarter q) { return py::make_tuple(q.year(), q.number()); },
            [](const py::tuple& t) { return Quarter(t[0].cast<int>(), t[1].cast<int>()); }));
    pickle_at_every_protocol(m.attr("Quarter"));

    // The conversions every date and quarter argument goes through, for okoce.analysis: its
    // functions convert up front so that an error names the argument (okoce._args).
    m.def(
        "_date", [](Date d) { return d; }, py::arg("value"),
        R"(``value`` as a datetime.date, converted as every date argument is (casters.hpp).)");
    m.def(
        "_quarter", [](QuarterArg q) { return q.quarter; }, py::arg("value"),
        R"(``value`` as an okoce.Quarter, converted as every quarter argument is.)");

    m.def(
        "whole_months_between", &whole_months_between, py::arg("start"), py::arg("end"),
        R"(Whole months from ``start`` to ``end`` (both datetime.date), as business age is counted.

The number of month boundaries crossed, less one when the day of month of ``end`` has not yet
reached that of ``start``: 2020-01-15 -> 2020-02-15 is 1, 2020-01-31 -> 2020-02-29 is 0.
Negative when ``end`` is before ``start``.)");
}

} // namespace okoce::python
