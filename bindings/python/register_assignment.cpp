// Mentor assignment seen from Python: the cost struct as a class with keyword fields, the solver
// returning plain columns for okoce/analysis.py, and the independent individual-participant
// optimum for tests and benchmarks. Both solvers run without the GIL.
#include "casters.hpp"
#include "columns.hpp"
#include "register.hpp"

#include "okoce/assignment.hpp"

#include <pybind11/numpy.h>
#include <pybind11/operators.h>

#include <string>
#include <utility>
#include <vector>

namespace okoce::python {

namespace {

MentoringDemand parse_demand(const std::string& text) {
    return option<MentoringDemand>("demand", text);
}

py::dict assign_columns(const Programme& programme, Date as_of, const AssignmentCosts& costs,
                        const PhaseRules& rules, std::int64_t new_mentor_capacity,
                        const std::string& demand_rule) {
    const AssignmentOptions options{costs, rules, parse_demand(demand_rule)};
    AssignmentResult r;
    {
        py::gil_scoped_release release;
        r = assign_mentors(programme, as_of, options, new_mentor_capacity);
    }
    const auto& pid = programme.participants().id;
    const auto& mid = programme.mentors().id;
    py::list participant, mentor, distance, phase, unassigned, reason;
    for (std::size_t i = 0; i < r.size(); ++i) {
        participant.append(py::str(pid[r.participant[i]]));
        mentor.append(py::str(mid[r.mentor[i]]));
        distance.append(
            py::str(std::string(to_string(static_cast<MentorDistance>(r.distance[i])))));
        phase.append(py::str(std::string(to_string(r.phase[i]))));
    }
    for (std::size_t i = 0; i < r.unassigned.size(); ++i) {
        unassigned.append(py::str(pid[r.unassigned[i]]));
        reason.append(py::str(std::string(to_string(r.reason[i]))));
    }
    py::dict pairs;
    pairs["participant"] = participant;
    pairs["mentor"] = mentor;
    pairs["cost"] = numbers(r.cost);
    pairs["distance"] = distance;
    auto sm = fresh_array<bool>(r.size()), pm = fresh_array<bool>(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
        sm.mutable_data()[i] = r.sector_match[i] != 0;
        pm.mutable_data()[i] = r.phase_match[i] != 0;
    }
    pairs["sector_match"] = sm;
    pairs["phase_match"] = pm;
    pairs["phase"] = phase;

    py::dict left;
    left["participant"] = unassigned;
    left["reason"] = reason;

    auto& kt = r.kecamatans;
    py::list kec;
    for (const RegionCode k : kt.kecamatan) kec.append(py::str(k.to_string()));
    py::dict shortage;
    shortage["kecamatan"] = kec;
    shortage["demand"] = numbers(std::move(kt.demand));
    shortage["spare_capacity"] = numbers(std::move(kt.spare_capacity));
    shortage["assigned_locally"] = numbers(std::move(kt.assigned_locally));
    shortage["unassigned"] = numbers(std::move(kt.unassigned));
    shortage["shortfall"] = numbers(std::move(kt.shortfall));
    shortage["additional_mentors"] = numbers(std::move(kt.additional_mentors));

    auto& mt = r.mentors;
    py::list mentor_ids;
    for (const Index m : mt.mentor) mentor_ids.append(py::str(mid[m]));
    py::dict caseloads;
    caseloads["mentor"] = mentor_ids;
    caseloads["capacity"] = numbers(std::move(mt.capacity));
    caseloads["existing"] = numbers(std::move(mt.existing));
    caseloads["spare"] = numbers(std::move(mt.spare));
    caseloads["assigned"] = numbers(std::move(mt.assigned));
    auto active = fresh_array<bool>(mt.size());
    for (std::size_t k = 0; k < mt.size(); ++k) active.mutable_data()[k] = mt.active[k] != 0;
    caseloads["active"] = active;

    py::dict d;
    d["pairs"] = pairs;
    d["unassigned"] = left;
    d["shortfall"] = shortage;
    d["caseloads"] = caseloads;
    d["total_cost"] = r.total_cost;
    d["demand"] = py::str(std::string(to_string(r.demand)));
    d["demand_description"] = py::str(std::string(describe(r.demand)));
    d["demand_count"] = r.demand_count;
    d["active_without_pair"] = r.active_without_pair;
    return d;
}

} // namespace

void register_assignment(py::module_& m) {
    py::class_<AssignmentCosts>(m, "AssignmentCosts",
                                R"(The cost of pairing a participant with a mentor, summed from:

``same_kecamatan`` / ``same_kota`` / ``same_province`` by where the mentor's home kecamatan lies
(another province is never allowed); ``sector_mismatch`` when the mentor does not serve the
participant's sector; ``phase_mismatch`` when the mentor does not serve the participant's phase;
``community_mentor`` for a community mentor (so office mentors go first). Each field must lie in
[0, 1e9].)")
        .def(py::init([](std::int64_t same_kecamatan, std::int64_t same_kota,
                         std::int64_t same_province, std::int64_t sector_mismatch,
                         std::int64_t phase_mismatch, std::int64_t community_mentor) {
                 return AssignmentCosts{same_kecamatan,  same_kota,      same_province,
                                        sector_mismatch, phase_mismatch, community_mentor};
             }),
             py::kw_only(), py::arg("same_kecamatan") = AssignmentCosts{}.same_kecamatan,
             py::arg("same_kota") = AssignmentCosts{}.same_kota,
             py::arg("same_province") = AssignmentCosts{}.same_province,
             py::arg("sector_mismatch") = AssignmentCosts{}.sector_mismatch,
             py::arg("phase_mismatch") = AssignmentCosts{}.phase_mismatch,
             py::arg("community_mentor") = AssignmentCosts{}.community_mentor,
             R"(Costs with the given fields (keyword arguments); the defaults otherwise.)")
        .def_readwrite("same_kecamatan", &AssignmentCosts::same_kecamatan)
        .def_readwrite("same_kota", &AssignmentCosts::same_kota)
        .def_readwrite("same_province", &AssignmentCosts::same_province)
        .def_readwrite("sector_mismatch", &AssignmentCosts::sector_mismatch)
        .def_readwrite("phase_mismatch", &AssignmentCosts::phase_mismatch)
        .def_readwrite("community_mentor", &AssignmentCosts::community_mentor)
        .def_readonly_static("max_cost", &AssignmentCosts::max_cost)
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def("__repr__", [](const AssignmentCosts& c) {
            return "AssignmentCosts(same_kecamatan=" + std::to_string(c.same_kecamatan) +
                   ", same_kota=" + std::to_string(c.same_kota) +
                   ", same_province=" + std::to_string(c.same_province) +
                   ", sector_mismatch=" + std::to_string(c.sector_mismatch) +
                   ", phase_mismatch=" + std::to_string(c.phase_mismatch) +
                   ", community_mentor=" + std::to_string(c.community_mentor) + ")";
        });

    m.def("_assign_mentors", &assign_columns, py::arg("programme"), py::arg("as_of"),
          py::arg("costs") = AssignmentCosts{}, py::arg("rules") = PhaseRules{},
          py::arg("new_mentor_capacity") = 25, py::arg("demand") = "next_step",
          R"(Columns of okoce.assign_mentors: pairs, unassigned, shortfall, caseloads, total_cost,
and the demand rule with its count.)");
    m.def(
        "assign_mentors_individual_optimum",
        [](const Programme& programme, Date as_of, const AssignmentCosts& costs,
           const PhaseRules& rules, const std::string& demand) {
            const AssignmentOptions options{costs, rules, parse_demand(demand)};
            py::gil_scoped_release release;
            return assign_mentors_individual_optimum(programme, as_of, options);
        },
        py::arg("programme"), py::arg("as_of"), py::arg("costs") = AssignmentCosts{},
        py::arg("rules") = PhaseRules{}, py::arg("demand") = "next_step",
        R"((number assigned, total cost) of the optimal assignment, solved over individual participants.

An independent formulation of okoce.assign_mentors (one node per participant, LEMON's network
simplex) for tests and benchmarks: its graph grows with participants x mentors per province.
``demand`` is the rule of okoce.assign_mentors.)");
}

} // namespace okoce::python
