// Asymmetric phases (starting, mid-stage, stalled), the rules that decide them, and the
// recommended pathway through the seven steps. Step sets cross the boundary as lists of Step.
#include "casters.hpp"
#include "register.hpp"

#include <pybind11/operators.h>

#include <vector>

namespace okoce::python {

namespace {
StepSet to_set(const std::vector<Step>& steps) {
    StepSet s;
    for (Step x : steps) s.insert(x);
    return s;
}
std::vector<Step> to_list(StepSet s) {
    std::vector<Step> out;
    for (Step x : all_steps)
        if (s.contains(x)) out.push_back(x);
    return out;
}
} // namespace

void register_phase(py::module_& m) {
    py::class_<PhaseRules>(m, "PhaseRules",
                           R"(Thresholds of the phase rules; every field can be changed.

Defaults: a business younger than 12 whole months is starting; from 36 months it is stalled
when revenue in the latest reported quarter is less than 10% (1000 basis points) above the
revenue 4 quarters earlier; otherwise mid-stage.)")
        .def(py::init([](int starting_below_months, int stalled_from_months,
                         int growth_threshold_bp, int comparison_lag_quarters) {
                 return PhaseRules{starting_below_months, stalled_from_months, growth_threshold_bp,
                                   comparison_lag_quarters};
             }),
             py::kw_only(), py::arg("starting_below_months") = PhaseRules{}.starting_below_months,
             py::arg("stalled_from_months") = PhaseRules{}.stalled_from_months,
             py::arg("growth_threshold_bp") = PhaseRules{}.growth_threshold_bp,
             py::arg("comparison_lag_quarters") = PhaseRules{}.comparison_lag_quarters,
             R"(Rules with the given thresholds (keyword arguments); the defaults otherwise.)")
        .def_readwrite("starting_below_months", &PhaseRules::starting_below_months,
                       R"(Age in whole months below which a business is starting.)")
        .def_readwrite("stalled_from_months", &PhaseRules::stalled_from_months,
                       R"(Age in whole months from which a business may be stalled.)")
        .def_readwrite(
            "growth_threshold_bp", &PhaseRules::growth_threshold_bp,
            R"(Year-on-year growth in basis points (1000 = 10%) below which an old business is stalled.)")
        .def_readwrite("comparison_lag_quarters", &PhaseRules::comparison_lag_quarters,
                       R"(Quarters between the compared reports (4: same quarter a year earlier).)")
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def("__repr__", [](const PhaseRules& r) {
            return "PhaseRules(starting_below_months=" + std::to_string(r.starting_below_months) +
                   ", stalled_from_months=" + std::to_string(r.stalled_from_months) +
                   ", growth_threshold_bp=" + std::to_string(r.growth_threshold_bp) +
                   ", comparison_lag_quarters=" + std::to_string(r.comparison_lag_quarters) + ")";
        });

    // PhaseRule.describe needs PhaseRules, so it is attached here rather than in register_enums.
    py::handle rule_cls(EnumRegistry<PhaseRule>::cls);
    rule_cls.attr("describe") = py::cpp_function(
        [](PhaseRule r, const PhaseRules& rules) { return describe(r, rules); },
        py::name("describe"), py::is_method(rule_cls), py::arg("rules") = PhaseRules{},
        R"(A sentence for people, with the thresholds of ``rules``: 'business older than 36 months ...'.)");

    py::class_<PhaseVerdict>(m, "PhaseVerdict",
                             R"(A phase, the rule that decided it, and the evidence.)")
        .def_readonly("phase", &PhaseVerdict::phase, R"(The Phase.)")
        .def_readonly("rule", &PhaseVerdict::rule, R"(The PhaseRule that decided.)")
        .def_readonly(
            "age_months", &PhaseVerdict::age_months,
            R"(Business age in whole months as of the date, or None without a start date.)")
        .def_readonly(
            "growth", &PhaseVerdict::growth,
            R"(Year-on-year revenue growth (0.1 = 10%), or None when it could not be computed.)")
        .def_readonly("latest", &PhaseVerdict::latest,
                      R"(The latest reported Quarter that was compared, or None.)")
        .def(py::self == py::self)
        .def("__repr__", [](const PhaseVerdict& v) {
            std::string s = "PhaseVerdict(phase=" + std::string(to_string(v.phase)) +
                            ", rule=" + std::string(to_string(v.rule));
            if (v.age_months) s += ", age_months=" + std::to_string(*v.age_months);
            if (v.growth) s += ", growth=" + std::string(py::repr(py::float_(*v.growth)));
            if (v.latest) s += ", latest=" + v.latest->to_string();
            return s + ")";
        });

    m.def(
        "classify_phase",
        [](std::optional<Date> business_started_on, Date as_of,
           const std::vector<QuarterArg>& quarters, const std::vector<std::int64_t>& revenue,
           std::optional<std::vector<Date>> known_on, const PhaseRules& rules) {
            if (revenue.size() != quarters.size() ||
                (known_on && known_on->size() != quarters.size()))
                throw py::value_error("quarters, revenue and known_on must have the same length");
            std::vector<Quarter> q;
            q.reserve(quarters.size());
            for (const auto& x : quarters) q.push_back(x.quarter);
            std::vector<Date> known;
            if (known_on)
                known = *known_on;
            else
                for (Quarter x : q) known.push_back(x.last_day());
            return classify_phase(business_started_on.value_or(Date()), as_of,
                                  RevenueSeries{q, revenue, known}, rules);
        },
        py::arg("business_started_on"), py::arg("as_of"), py::arg("quarters"), py::arg("revenue"),
        py::arg("known_on") = py::none(), py::arg("rules") = PhaseRules{},
        R"(The phase of a business as of a date, from its quarterly revenue.

``business_started_on`` is a datetime.date or None (no business yet). ``quarters`` (Quarter or
'2019Q3', sorted) and ``revenue`` (whole rupiah ints) are the reports; ``known_on`` the date
each report became known (default: the quarter's last day). Reports known after ``as_of`` are
ignored. Returns a PhaseVerdict naming the rule that decided.)");

    m.def(
        "pathway", [](Phase phase, bool licensed) { return to_list(pathway(phase, licensed)); },
        py::arg("phase"), py::arg("licensed"),
        R"(The recommended steps for a phase, in step order.

Starting: P1..P7. Mid-stage skips basic training: P3..P7. Stalled: P3, P5, P6, P7, plus P4
when not yet licensed.)");
    m.def(
        "next_step",
        [](Phase phase, const std::vector<Step>& done, bool licensed) {
            return next_step(phase, to_set(done), licensed);
        },
        py::arg("phase"), py::arg("done"), py::arg("licensed"),
        R"(The first recommended step (in step order) not in ``done``; None when the pathway is complete.)");
    m.def(
        "reached",
        [](const std::vector<Step>& done, Step target, StepPolicy policy) {
            return reached(to_set(done), target, policy);
        },
        py::arg("done"), py::arg("target"), py::arg("policy"),
        R"(Whether ``target`` counts as reached given the steps done, under a StepPolicy.

Sequential: every step up to and including ``target`` is done. A-la-carte: P1 and ``target``.)");
}

} // namespace okoce::python
