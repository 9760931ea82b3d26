// okoce._core: the compiled half of the Python package. The pure-Python package okoce/ imports
// it and adds the pandas layer; users import okoce, not this module.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/version.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = R"(Compiled core of okoce. Import ``okoce`` instead: it re-exports everything here
and turns the programme's tables into pandas DataFrames.)";
    m.attr("__version__") = okoce::version_string;
    using namespace okoce::python;
    register_errors(m);
    register_enums(m);
    register_calendar(m);
    register_money(m);
    register_region(m);
    register_nik(m);
    register_size_class(m);
    register_phase(m);
    register_programme(m);
    register_builder(m);
    register_io(m);
    register_frames(m);
    register_dataset(m);
    register_synth(m);
    register_analysis(m);
    register_assignment(m);
    register_impact(m);
    register_constants(m);
}
