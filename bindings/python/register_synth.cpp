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

``scale=1.0`` is Jakarta size: 332,279 participants by 2022-10-31 and, measured for the
default seed, 2,221,827 quarterly reports (about 6.7 a participant), 555,240 steps and 31,543
licences. Participants, steps, licences and reports scale with ``scale``, and so do the target
values. What does not: the regions (267 kelurahan, 44 kecamatan), the 30 communities, the
target rows (5 yearly, 267 per kelurahan) and the mentors (335 for the default seed at any
scale), because each kecamatan office has 4 office mentors by policy, whatever its caseload,
plus 3 community mentors. So mentors are plentiful at small scales and run short at Jakarta
size (22,200 mentor assignments at scale 1, 2,517 at 0.1): four an office is not enough, which
is why the movement's communities supply mentors.

Kota and sectors differ: training (P2) and follow-through (licensing and the later steps) have
their own propensity per kota and per sector around the Jakarta totals, and Jakarta Barat's
2018 funnel is the published one (17,722 / 11,473 / 1,137 / 904, sequential policy, on
2018-12-31). About 30% have no business when they register; more than half of those who train
start one later (their first revenue is in the quarter of the start), and so move from starting
to mid-stage a year on.

Nothing happens after ``until``. The same seed, scale and until give the same programme on every
platform. Raises ValidationError for a scale that is not a positive finite number.)");
}

} // namespace okoce::python
