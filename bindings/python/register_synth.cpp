// The synthetic DKI Jakarta programme, as okoce.synth.jakarta. Generation runs without the GIL.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/synth.hpp"

#include <memory>

namespace okoce::python {

void register_synth(py::module_& m) {
    py::module_ synth =
        m.def_submodule("synth", R"(Synthetic programmes for teaching, tests and benchmarks.)");
    synth.def(
        "jakarta",
        [](std::uint64_t seed, double scale, Date until) {
            return std::make_shared<Programme>(synth::jakarta(seed, scale, until));
        },
        py::arg("seed") = 2017, py::arg("scale") = 1.0, py::arg("until") = Date(2022, 10, 31),
        py::call_guard<py::gil_scoped_release>(),
        R"(A synthetic DKI Jakarta programme: every record invented, calibrated to the published figures.

``scale=1.0`` is Jakarta size (about 332,000 participants by 2022-10-31, about 4 million
quarterly reports); counts, funnels and targets scale with it. Nothing happens after
``until``. The same seed, scale and until give the same programme on every platform. Raises
ValidationError for a scale that is not a positive finite number.)");
}

} // namespace okoce::python
