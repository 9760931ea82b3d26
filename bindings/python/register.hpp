// The module is assembled from one registration function per concept, each in its own
// register_<concept>.cpp; module.cpp calls them in dependency order (errors and enums first,
// since the other files' signatures name them).
#pragma once

#include <pybind11/operators.h>
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
void register_frames(py::module_& m);  // tables as columns: okoce.from_frames
void register_dataset(py::module_& m); // partitioned programmes
void register_synth(py::module_& m);
// Analyses over a programme (phases, funnels, cohorts, survival, monitoring, targets) and mentor
// assignment; they name the types registered above.
void register_analysis(py::module_& m);
void register_assignment(py::module_& m);
// Callaway & Sant'Anna impact estimation on any panel (okoce.att_gt).
void register_impact(py::module_& m);
// Constants that results are worded by (days per month, the run-rate window).
void register_constants(py::module_& m);

// py::pickle serves protocols 2 and up. At 0 and 1, copyreg rebuilds the object with
// object.__new__, which bypasses pybind11's allocation and aborts the interpreter ("instance
// allocation failed"), a known pybind11 limitation. A __reduce_ex__ of our own sends every
// protocol the way protocol 2 goes: cls.__new__, then the class's __setstate__. Call it on the
// class object after .def(py::pickle(...)).
inline void pickle_at_every_protocol(py::handle cls) {
    cls.attr("__reduce_ex__") = py::cpp_function(
        [](const py::object& self, int /*protocol*/) {
            return py::make_tuple(py::module_::import("copyreg").attr("__newobj__"),
                                  py::make_tuple(py::type::of(self)), self.attr("__getstate__")());
        },
        py::name("__reduce_ex__"), py::is_method(cls), py::arg("protocol"));
}

// The six comparisons of a value type with a total order (Date-like: Quarter, RegionCode).
template <class Class>
Class& def_ordering(Class& cls) {
    return cls.def(py::self == py::self)
        .def(py::self != py::self)
        .def(py::self < py::self)
        .def(py::self <= py::self)
        .def(py::self > py::self)
        .def(py::self >= py::self);
}

} // namespace okoce::python
