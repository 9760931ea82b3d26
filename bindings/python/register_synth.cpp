// The synthetic programmes, as okoce.synth.jakarta and okoce.synth.indonesia. Generation runs
// without the GIL.
#include "casters.hpp"
#include "register.hpp"

#include "okoce/synth.hpp"

#include <pybind11/stl/filesystem.h>

#include <memory>
#include <optional>
#include <string>

namespace okoce::python {

void register_synth(py::module_& m) {
    py::module_ synth =
        m.def_submodule("synth", R"(Synthetic programmes for teaching, tests and benchmarks.)");
    synth.def(
        "jakarta",
        [](std::uint64_t seed, double scale, Date until, bool effects, bool selection) {
            synth::Options o{seed, scale, until};
            o.effects = effects;
            o.selection = selection;
            return std::make_shared<Programme>(synth::jakarta(o));
        },
        py::arg("seed") = 2017, py::arg("scale") = 1.0, py::arg("until") = Date(2022, 10, 31),
        py::kw_only(), py::arg("effects") = true, py::arg("selection") = true,
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

    synth.def(
        "truth",
        [] {
            const synth::Truth& t = synth::truth();
            const auto by_phase = [](const std::array<double, phase_count>& v) {
                py::dict d;
                for (Phase ph : enum_values<Phase>)
                    d[py::str(std::string(to_string(ph)))] = v[static_cast<std::size_t>(ph)];
                return d;
            };
            py::dict training, mentoring, selection, out;
            training["revenue"] = by_phase(t.training_revenue);
            training["employees"] = by_phase(t.training_employees);
            mentoring["revenue"] = by_phase(t.mentoring_revenue);
            mentoring["employees"] = by_phase(t.mentoring_employees);
            selection["growing"] = t.selection_growing;
            selection["flat"] = t.selection_flat;
            selection["declining"] = t.selection_declining;
            out["training"] = training;
            out["mentoring"] = mentoring;
            out["selection"] = selection;
            return out;
        },
        R"(The true effects built into ``jakarta()`` (the same for every seed and scale), for tests and lessons.

``{"training": {"revenue": {...}, "employees": {...}}, "mentoring": {...}, "selection": {...}}``,
each by phase ("starting", "mid_stage", "stalled"). ``revenue``: the quarterly revenue
multiplier minus one, from the first quarter that starts after the step's day (P2 training,
P3 mentoring), for as long as the participant reports; trained and mentored get both.
``employees``: the probability of one more employee (the mean employees added). The phase is
the one on the step's day by the generator's rule: starting (no business, or under 12 months
old), stalled (36 months or older and not on a growing revenue path), mid-stage otherwise.
Mentoring helps stalled businesses most. ``selection``: the relative take-up of JakPreneur
mentoring by revenue path (growing 35%, flat 45%, declining or dormant 20% of participants;
a mean of about 1): growing businesses are mentored more often, so a naive mentored against
not-mentored comparison overstates the effect. ``jakarta(effects=False)`` gives the same
programme without the effects (each report the counterfactual), ``selection=False`` take-up
independent of prospects.)");

    synth.def(
        "indonesia",
        [](std::uint64_t seed, double scale, const std::filesystem::path& path, unsigned threads,
           const std::optional<std::string>& format) {
            io::PartitionFormat f = io::PartitionFormat::sqlite;
            if (format) {
                const auto parsed = io::try_parse_partition_format(*format);
                if (!parsed)
                    throw py::value_error(
                        "argument 'format': expected \"sqlite\" or \"csv\"; got '" + *format + "'");
                f = *parsed;
            }
            py::gil_scoped_release release;
            return std::make_shared<io::Dataset>(synth::indonesia(seed, scale, path, threads, f));
        },
        py::arg("seed") = 2017, py::arg("scale") = 1.0, py::kw_only(), py::arg("path"),
        py::arg("threads") = 1, py::arg("format") = py::none(),
        R"(A synthetic national programme written to ``path`` as a partitioned programme; returns it opened.

``scale=1.0`` is 65 million participants (about Indonesia's micro, small and medium businesses)
spread over the 38 provinces and 514 kab/kota by population (``PopulationTable.indonesia()``):
a province gets ``round(65e6 * scale * its population / 284,973,643)``. They register evenly
from 2023-01-01 to 2024-12-31 and report quarterly through 2026-10-31 (a report for each full
quarter after the registration quarter while in the programme, 15% missed, those dated after
2026-10-31 not in yet: about 8 a participant). Each province follows the rules of
``jakarta()`` under the a-la-carte policy, with its own region table, mentors (4 office and 3
community per kecamatan) and communities; ids carry the province code (``P32-000001``).

One partition per province, keyed by its code ("11" ... "96"), each generated, saved and
released before the next, so memory holds at most ``threads`` provinces. The files (and the
manifest's checksums) are the same for a seed whatever ``threads``. ``format``: "sqlite"
(default) or "csv". Nothing changes at ``path`` unless every province is written.)");

    synth.def(
        "indonesia_province",
        [](std::uint64_t seed, double scale, const RegionArg& province) {
            return std::make_shared<Programme>(
                synth::indonesia_province(seed, scale, province.code));
        },
        py::arg("seed"), py::arg("scale"), py::arg("province"),
        py::call_guard<py::gil_scoped_release>(),
        R"(One province of ``indonesia(seed, scale, ...)``, in memory: the programme its partition holds.)");
}

} // namespace okoce::python
