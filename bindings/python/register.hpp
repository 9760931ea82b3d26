// The module is assembled from one registration function per concept, each in its own
// register_<concept>.cpp; module.cpp calls them in dependency order (errors and enums first,
// since the other files' signatures name them).
#pragma once

#include <pybind11/pybind11.h>

namespace okoce::python {

namespace py = pybind11;

void register_errors(py::module_& m);
void register_enums(py::module_& m);
void register_calendar(py::module_& m);
void register_money(py::module_& m);
void register_region(py::module_& m);
void register_nik(py::module_& m);
void register_size_class(py::module_& m);
void register_phase(py::module_& m);
void register_programme(py::module_& m);
void register_builder(py::module_& m);
void register_io(py::module_& m);
void register_synth(py::module_& m);
// Analyses over a programme (phases, funnels, cohorts, survival, monitoring, targets) and mentor
// assignment; they name the types registered above.
void register_analysis(py::module_& m);
void register_assignment(py::module_& m);

} // namespace okoce::python
