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
default seed, 2,221,827 quarterly reports (about 6.7 a participant), 1,238,789 steps, 331,777
licences and 177,892 mentor assignments. Participants, steps, licences and reports scale with
``scale``, and so do the target values. What does not: the regions (267 kelurahan, 44
kecamatan), the 30 communities, the target rows (5 yearly, 267 per kelurahan) and the mentors
(511 for the default seed at any scale).

The funnel of 2021-10-27 (a-la-carte) is JakPreneur's published one within 1% for the default
seed: 282,347 / 176,780 / 157,952 / 146,903 / 44,402 / 32,807 / 6,212 against 284,164 /
176,891 / 157,498 / 148,374 / 44,456 / 32,883 / 6,159 (Dinas PPKUKM, reported by Kompas on
2021-11-12). OK OCE's figures stay where they were (end of 2019: 13,321 licensed; Jakarta
Barat's 2018 funnel), because JakPreneur's 2021 drive offers its facilities from January 2021
to everyone still in the programme, OK OCE's participants too, in any order: online training,
group mentoring, a NIB through OSS (after 2021-07-02 almost always a NIB: risk-based OSS ended
the IUMK), marketplace onboarding, bookkeeping and capital facilitation.

Mentoring at that scale is not one-to-one. The assumption: per kecamatan 4 office mentors (a
caseload of 25 to 40, one-to-one, three months to a year), 3 community mentors (10 to 40) and,
from 2020, 4 PJLP mentors contracted by the Dinas who mentor in group cycles (cohorts of 25 to
40 meeting for 60 to 120 days, up to six at once: a caseload of 150 to 240). That is about
43,000 places at once at any scale: plenty at small scales, and at Jakarta size enough to
mentor most of the 2021 drive.

Revenue follows each business's path (5% dormant, 35% growing 1.5-6% a quarter, 45% flat, 15%
declining), tilted by sector (digital fastest, retail slowest), with the Lebaran and year-end
seasons and the pandemic; employees follow revenue (one per Rp25 juta a quarter) and capital
revenue (half as large again after P7). Training (P2) and mentoring (P3) have a true effect on
revenue and employees by phase, and JakPreneur mentoring favours growing businesses:
``truth()`` gives both; ``effects=False`` makes the same programme without the effects (each
report its counterfactual), ``selection=False`` makes take-up independent of prospects.

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
