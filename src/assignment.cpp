#include "okoce/assignment.hpp"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>

namespace okoce {

std::string_view describe(MentoringDemand d) noexcept {
    switch (d) {
    case MentoringDemand::next_step:
        return "participants whose next step is mentoring (P3)";
    case MentoringDemand::until_pathway_done:
        return "participants from mentoring (P3) next until their pathway is done";
    case MentoringDemand::all_active:
        return "all active participants";
    }
    return "unknown";
}

bool needs_mentor(MentoringDemand demand, Phase phase, StepSet done, bool licensed) noexcept {
    if (demand == MentoringDemand::all_active) return true;
    const auto next = next_step(phase, done, licensed);
    if (!next) return false;
    return demand == MentoringDemand::next_step ? *next == Step::p3 : *next >= Step::p3;
}

namespace {

using Graph = lemon::SmartDigraph;
using Amounts = Graph::ArcMap<std::int64_t>;

void check_inputs(Date as_of, const AssignmentOptions& options) {
    OKOCE_REQUIRE(!as_of.is_special(), "assign_mentors", "as_of", format_date(as_of), "a date");
    const AssignmentCosts& c = options.costs;
    const std::pair<const char*, std::int64_t> fields[] = {
        {"same_kecamatan", c.same_kecamatan}, {"same_kota", c.same_kota},
        {"same_province", c.same_province},   {"sector_mismatch", c.sector_mismatch},
        {"phase_mismatch", c.phase_mismatch}, {"community_mentor", c.community_mentor}};
    for (const auto& [name, value] : fields)
        OKOCE_REQUIRE(value >= 0 && value <= AssignmentCosts::max_cost, "AssignmentCosts", name,
                      std::to_string(value),
                      "a cost from 0 to " + std::to_string(AssignmentCosts::max_cost));
}

// Who needs a mentor and who has places, as of the date.
struct Situation {
    std::int64_t without_pair = 0; // active participants with no current pair
    std::vector<Index> needing;    // participants, in index order
    std::vector<Phase> phase;      // parallel to needing
    std::vector<std::int64_t> existing, spare;
    std::vector<bool> active_mentor;
    std::array<bool, 100> province_has_mentor{}; // by province number
};

Situation survey(const Programme& prog, Date d, const AssignmentOptions& options) {
    Situation s;
    const auto& a = prog.assignments();
    const auto& mc = prog.mentors();
    s.existing.assign(mc.size(), 0);
    s.spare.assign(mc.size(), 0);
    s.active_mentor.assign(mc.size(), false);
    const auto n = static_cast<Index>(prog.participant_count());
    for (Index i = 0; i < n; ++i) {
        if (!prog.active_on(i, d)) continue;
        bool has_mentor = false;
        for (std::size_t k = a.begin(i); k < a.end(i) && a.from[k] <= d; ++k) {
            if (!a.current_on(k, d)) continue;
            // Two overlapping rows for the same pair take one place, not two.
            bool counted = false;
            for (std::size_t j = a.begin(i); j < k && !counted; ++j)
                counted = a.current_on(j, d) && a.mentor[j] == a.mentor[k];
            if (!counted) ++s.existing[a.mentor[k]];
            has_mentor = true;
        }
        if (has_mentor) continue;
        ++s.without_pair;
        const Phase phase = classify_phase(prog.participants().business_started_on[i], d,
                                           prog.revenue_series(i), options.rules)
                                .phase;
        if (options.demand != MentoringDemand::all_active &&
            !needs_mentor(options.demand, phase, prog.steps_done(i, d),
                          prog.licensed_as_of(i, d, options.counting)))
            continue;
        s.needing.push_back(i);
        s.phase.push_back(phase);
    }
    for (Index m = 0; m < mc.size(); ++m) {
        if (!mc.active_on(m, d)) continue;
        s.active_mentor[m] = true;
        s.province_has_mentor[static_cast<std::size_t>(mc.kecamatan[m].province())] = true;
        s.spare[m] = std::max<std::int64_t>(0, mc.capacity[m] - s.existing[m]);
    }
    return s;
}

struct PairCost {
    std::int64_t cost = 0;
    MentorDistance distance = MentorDistance::same_province;
    bool sector_ok = true, phase_ok = true;
};

// Only the participant's kecamatan matters: a mentor's home is a kecamatan.
PairCost pair_cost(RegionCode kecamatan, Sector sector, Phase phase, const MentorColumns& mc,
                   Index m, const AssignmentCosts& c) {
    PairCost r;
    const RegionCode home = mc.kecamatan[m];
    if (home == kecamatan) {
        r.distance = MentorDistance::same_kecamatan;
        r.cost = c.same_kecamatan;
    } else if (home.kota() == kecamatan.kota()) { // callers pass the same province only
        r.distance = MentorDistance::same_kota;
        r.cost = c.same_kota;
    } else {
        r.cost = c.same_province;
    }
    r.sector_ok = mc.sectors[m].empty() || mc.sectors[m].contains(sector);
    r.phase_ok = mc.phases[m].serves(phase);
    if (!r.sector_ok) r.cost += c.sector_mismatch;
    if (!r.phase_ok) r.cost += c.phase_mismatch;
    if (mc.kind[m] == MentorKind::community) r.cost += c.community_mentor;
    return r;
}

RegionCode kecamatan_of(RegionCode kelurahan) {
    return kelurahan.ancestor(RegionLevel::kecamatan);
}

// Mentors with a free place, grouped by province and in id order within each, so that arcs
// (and with them the solver's choices among equal costs) come in a fixed order.
std::vector<std::vector<Index>> mentors_by_province(const Programme& prog, const Situation& s) {
    const auto& mc = prog.mentors();
    std::vector<Index> order;
    for (Index m = 0; m < mc.size(); ++m)
        if (s.active_mentor[m] && s.spare[m] > 0) order.push_back(m);
    std::sort(order.begin(), order.end(), [&](Index x, Index y) { return mc.id[x] < mc.id[y]; });
    std::vector<std::vector<Index>> by(100);
    for (Index m : order) by[static_cast<std::size_t>(mc.kecamatan[m].province())].push_back(m);
    return by;
}

} // namespace

AssignmentResult assign_mentors(const Programme& prog, Date as_of, const AssignmentOptions& options,
                                std::int64_t new_mentor_capacity) {
    check_inputs(as_of, options);
    OKOCE_REQUIRE(new_mentor_capacity >= 1, "assign_mentors", "new_mentor_capacity",
                  std::to_string(new_mentor_capacity), "a capacity of 1 or more");
    const auto& pc = prog.participants();
    const auto& mc = prog.mentors();
    const Situation s = survey(prog, as_of, options);

    // Classes: participants alike in kecamatan, sector and phase cost the same towards every
    // mentor. A hash map keeps the grouping linear; classes are then put in key order.
    const auto key_of = [&](std::size_t k) {
        const Index i = s.needing[k];
        return kecamatan_of(pc.kelurahan[i]).packed() * 32 +
               static_cast<std::uint64_t>(pc.sector[i]) * 4 +
               static_cast<std::uint64_t>(s.phase[k]);
    };
    std::vector<std::uint32_t> class_of(s.needing.size());
    std::vector<std::uint64_t> class_key;
    {
        std::unordered_map<std::uint64_t, std::uint32_t> ids;
        for (std::size_t k = 0; k < s.needing.size(); ++k) {
            auto [it, added] =
                ids.try_emplace(key_of(k), static_cast<std::uint32_t>(class_key.size()));
            if (added) class_key.push_back(it->first);
            class_of[k] = it->second;
        }
        std::vector<std::uint32_t> order(class_key.size()), rank(class_key.size());
        for (std::uint32_t c = 0; c < order.size(); ++c) order[c] = c;
        std::sort(order.begin(), order.end(),
                  [&](std::uint32_t x, std::uint32_t y) { return class_key[x] < class_key[y]; });
        for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
        for (auto& c : class_of) c = rank[c];
        std::sort(class_key.begin(), class_key.end());
    }
    const std::size_t classes = class_key.size();
    // Members of each class by counting sort, then in registration order, then id.
    std::vector<std::size_t> start(classes + 1, 0);
    for (auto c : class_of) ++start[c + 1];
    for (std::size_t c = 0; c < classes; ++c) start[c + 1] += start[c];
    std::vector<std::size_t> member(s.needing.size()); // positions in s.needing
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t k = 0; k < s.needing.size(); ++k) member[next[class_of[k]]++] = k;
    }
    for (std::size_t c = 0; c < classes; ++c) {
        const auto b = member.begin() + static_cast<std::ptrdiff_t>(start[c]);
        const auto e = member.begin() + static_cast<std::ptrdiff_t>(start[c + 1]);
        std::sort(b, e, [&](std::size_t x, std::size_t y) {
            const Index i = s.needing[x], j = s.needing[y];
            if (pc.registered_on[i] != pc.registered_on[j])
                return pc.registered_on[i] < pc.registered_on[j];
            return pc.id[i] < pc.id[j];
        });
    }
    const auto class_region = [&](std::size_t c) {
        return RegionCode::from_packed(class_key[c] / 32);
    };
    const auto class_sector = [&](std::size_t c) {
        return static_cast<Sector>(class_key[c] / 4 % 8);
    };
    const auto class_phase = [&](std::size_t c) { return static_cast<Phase>(class_key[c] % 4); };

    // The network.
    const auto by_province = mentors_by_province(prog, s);
    Graph g;
    const Graph::Node source = g.addNode(), sink = g.addNode();
    std::vector<Graph::Node> mentor_node(mc.size(), lemon::INVALID);
    Amounts upper(g), cost(g);
    for (const auto& list : by_province)
        for (Index m : list) {
            mentor_node[m] = g.addNode();
            const auto arc = g.addArc(mentor_node[m], sink);
            upper[arc] = s.spare[m];
            cost[arc] = 0;
        }
    // Each class's arcs towards mentors, in mentor id order.
    std::vector<std::vector<std::pair<Graph::Arc, Index>>> class_arcs(classes);
    for (std::size_t c = 0; c < classes; ++c) {
        const auto& reach = by_province[static_cast<std::size_t>(class_region(c).province())];
        if (reach.empty()) continue;
        const Graph::Node node = g.addNode();
        const auto in = g.addArc(source, node);
        upper[in] = static_cast<std::int64_t>(start[c + 1] - start[c]);
        cost[in] = 0;
        for (Index m : reach) {
            const auto arc = g.addArc(node, mentor_node[m]);
            upper[arc] = upper[in];
            cost[arc] =
                pair_cost(class_region(c), class_sector(c), class_phase(c), mc, m, options.costs)
                    .cost;
            class_arcs[c].emplace_back(arc, m);
        }
    }

    // Most assigned first, then the cheapest flow of exactly that value. Every class reaches
    // every mentor of its province through an arc as wide as the class, so a minimum cut
    // takes, per province, either all its classes or all its mentors: the maximum flow is the
    // sum over provinces of min(demand, spare places), with no max-flow run needed.
    std::int64_t assigned_count = 0;
    {
        std::array<std::int64_t, 100> demand{}, places{};
        for (std::size_t c = 0; c < classes; ++c)
            demand[static_cast<std::size_t>(class_region(c).province())] +=
                static_cast<std::int64_t>(start[c + 1] - start[c]);
        for (std::size_t v = 0; v < by_province.size(); ++v)
            for (Index m : by_province[v]) places[v] += s.spare[m];
        for (std::size_t v = 0; v < demand.size(); ++v)
            assigned_count += std::min(demand[v], places[v]);
    }
    lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> simplex(g);
    simplex.upperMap(upper).costMap(cost).stSupply(source, sink, assigned_count);
    if (simplex.run() != decltype(simplex)::OPTIMAL)
        throw error("assign_mentors: the min-cost flow found no optimum (a solver fault)");

    // Hand each class's places to its members in order; the rest stay unassigned. Results are
    // kept by position in s.needing, which is in participant order, so no sort is needed.
    AssignmentResult r;
    r.as_of = as_of;
    r.demand = options.demand;
    r.demand_count = static_cast<std::int64_t>(s.needing.size());
    r.active_without_pair = s.without_pair;
    std::vector<std::int64_t> assigned(mc.size(), 0);
    std::vector<Index> given(s.needing.size(), no_index);
    for (std::size_t c = 0; c < classes; ++c) {
        std::size_t k = start[c];
        for (const auto& [arc, m] : class_arcs[c])
            for (std::int64_t f = simplex.flow(arc); f > 0; --f, ++k) {
                given[member[k]] = m;
                ++assigned[m];
            }
    }

    // Kecamatan counts, one per class kecamatan or active mentor's home, in order of first
    // sight; the result's columns are written from them sorted by code at the end.
    struct KecamatanCounts {
        RegionCode kecamatan;
        std::int64_t demand = 0, spare = 0, local = 0, unassigned = 0;
    };
    std::vector<KecamatanCounts> kec;
    std::unordered_map<std::uint64_t, std::size_t> row_of;
    const auto row = [&](RegionCode code) {
        auto [it, added] = row_of.try_emplace(code.packed(), kec.size());
        if (added) kec.push_back({code});
        return it->second;
    };
    std::vector<std::size_t> class_row(classes);
    for (std::size_t c = 0; c < classes; ++c) {
        class_row[c] = row(class_region(c));
        kec[class_row[c]].demand += static_cast<std::int64_t>(start[c + 1] - start[c]);
    }
    for (Index m = 0; m < mc.size(); ++m)
        if (s.active_mentor[m]) kec[row(mc.kecamatan[m])].spare += s.spare[m];

    const auto n = static_cast<std::size_t>(assigned_count);
    for (auto* col : {&r.participant, &r.mentor}) col->reserve(n);
    for (auto* col : {&r.distance, &r.sector_match, &r.phase_match}) col->reserve(n);
    r.cost.reserve(n);
    r.phase.reserve(n);
    r.unassigned.reserve(s.needing.size() - n);
    r.reason.reserve(s.needing.size() - n);
    for (std::size_t k = 0; k < s.needing.size(); ++k) {
        const Index i = s.needing[k], m = given[k];
        const std::size_t c = class_of[k];
        KecamatanCounts& here = kec[class_row[c]];
        if (m == no_index) {
            r.unassigned.push_back(i);
            r.reason.push_back(
                s.province_has_mentor[static_cast<std::size_t>(class_region(c).province())]
                    ? UnassignedReason::no_capacity_within_reach
                    : UnassignedReason::no_mentor_in_province);
            ++here.unassigned;
            continue;
        }
        const PairCost pcost =
            pair_cost(class_region(c), class_sector(c), class_phase(c), mc, m, options.costs);
        r.participant.push_back(i);
        r.mentor.push_back(m);
        r.cost.push_back(pcost.cost);
        r.distance.push_back(static_cast<std::uint8_t>(pcost.distance));
        r.sector_match.push_back(pcost.sector_ok ? 1 : 0);
        r.phase_match.push_back(pcost.phase_ok ? 1 : 0);
        r.phase.push_back(s.phase[k]);
        r.total_cost += pcost.cost;
        if (pcost.distance == MentorDistance::same_kecamatan) ++here.local;
    }
    std::sort(kec.begin(), kec.end(),
              [](const auto& x, const auto& y) { return x.kecamatan < y.kecamatan; });
    auto& kt = r.kecamatans;
    for (const KecamatanCounts& k : kec) {
        const std::int64_t shortfall = std::max<std::int64_t>(0, k.demand - k.spare);
        kt.kecamatan.push_back(k.kecamatan);
        kt.demand.push_back(k.demand);
        kt.spare_capacity.push_back(k.spare);
        kt.assigned_locally.push_back(k.local);
        kt.unassigned.push_back(k.unassigned);
        kt.shortfall.push_back(shortfall);
        kt.additional_mentors.push_back((shortfall + new_mentor_capacity - 1) /
                                        new_mentor_capacity);
    }

    auto& mt = r.mentors;
    mt.mentor.resize(mc.size());
    std::iota(mt.mentor.begin(), mt.mentor.end(), Index{0});
    mt.capacity.assign(mc.capacity.begin(), mc.capacity.end());
    mt.existing = s.existing;
    mt.spare = s.spare;
    mt.assigned = std::move(assigned);
    mt.active.resize(mc.size());
    for (Index m = 0; m < mc.size(); ++m) mt.active[m] = mc.active_on(m, as_of) ? 1 : 0;
    return r;
}

std::pair<std::int64_t, std::int64_t>
assign_mentors_individual_optimum(const Programme& prog, Date as_of,
                                  const AssignmentOptions& options) {
    check_inputs(as_of, options);
    const auto& pc = prog.participants();
    const auto& mc = prog.mentors();
    const Situation s = survey(prog, as_of, options);
    const auto by_province = mentors_by_province(prog, s);
    const auto demand = static_cast<std::int64_t>(s.needing.size());

    Graph g;
    Graph::NodeMap<std::int64_t> supply(g);
    Amounts upper(g), cost(g);
    const Graph::Node sink = g.addNode();
    supply[sink] = -demand;
    std::vector<Graph::Node> mentor_node(mc.size(), lemon::INVALID);
    for (const auto& list : by_province)
        for (Index m : list) {
            mentor_node[m] = g.addNode();
            supply[mentor_node[m]] = 0;
            const auto arc = g.addArc(mentor_node[m], sink);
            upper[arc] = s.spare[m];
            cost[arc] = 0;
        }
    std::int64_t max_pair = 0;
    std::vector<Graph::Arc> bypass;
    bypass.reserve(s.needing.size());
    for (std::size_t k = 0; k < s.needing.size(); ++k) {
        const Index i = s.needing[k];
        const Graph::Node node = g.addNode();
        supply[node] = 1;
        const RegionCode kec = kecamatan_of(pc.kelurahan[i]);
        for (Index m : by_province[static_cast<std::size_t>(kec.province())]) {
            const auto arc = g.addArc(node, mentor_node[m]);
            upper[arc] = 1;
            cost[arc] = pair_cost(kec, pc.sector[i], s.phase[k], mc, m, options.costs).cost;
            max_pair = std::max(max_pair, cost[arc]);
        }
        bypass.push_back(g.addArc(node, sink));
        upper[bypass.back()] = 1;
    }
    // Leaving one more participant unassigned must cost more than any set of pairs could:
    // penalty > max_pair * demand. The objective reaches penalty * demand, which must fit.
    const std::int64_t limit = std::numeric_limits<std::int64_t>::max() / 4;
    if (demand > 0 && (max_pair >= limit / demand || (max_pair * demand + 1) > limit / demand))
        throw error("assign_mentors_individual_optimum: " + std::to_string(demand) +
                    " participants with pair costs up to " + std::to_string(max_pair) +
                    " overflow the unassigned penalty");
    const std::int64_t penalty = max_pair * demand + 1;
    for (const auto& arc : bypass) cost[arc] = penalty;

    lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> simplex(g);
    simplex.upperMap(upper).costMap(cost).supplyMap(supply);
    if (simplex.run() != decltype(simplex)::OPTIMAL)
        throw error("assign_mentors_individual_optimum: the min-cost flow found no optimum");
    std::int64_t unassigned = 0;
    for (const auto& arc : bypass) unassigned += simplex.flow(arc);
    const std::int64_t total = simplex.totalCost<std::int64_t>() - unassigned * penalty;
    return {demand - unassigned, total};
}

} // namespace okoce
