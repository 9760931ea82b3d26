#include "okoce/assignment.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {
const Date day(2020, 6, 30); // the as-of date of every hand-worked case
// The solver cases below are about costs and capacity, not about who needs a mentor, so they
// count every active participant without a pair (the people they build have no steps beyond
// registration, whose next step is P2). The demand rules have their own cases.
const AssignmentOptions every{{}, {}, MentoringDemand::all_active};

RegionCode rc(const char* s) {
    return RegionCode::parse(s);
}

// Two provinces: 31 with kota 31.71 (kecamatan A1 with two kelurahan, A2) and kota 31.72
// (kecamatan B1); 32 with one kecamatan C1.
const RegionCode a1 = rc("31.71.01"), a2 = rc("31.71.02"), b1 = rc("31.72.01"), c1 = rc("32.01.01");
const RegionCode a1x = rc("31.71.01.1001"), a1y = rc("31.71.01.1002"), a2x = rc("31.71.02.1001"),
                 b1x = rc("31.72.01.1001"), c1x = rc("32.01.01.1001");

RegionTable two_provinces() {
    return RegionTable::from_rows({{rc("31"), "Satu"},
                                   {rc("31.71"), "Kota A"},
                                   {a1, "Kecamatan A1"},
                                   {a1x, "Kelurahan A1x"},
                                   {a1y, "Kelurahan A1y"},
                                   {a2, "Kecamatan A2"},
                                   {a2x, "Kelurahan A2x"},
                                   {rc("31.72"), "Kota B"},
                                   {b1, "Kecamatan B1"},
                                   {b1x, "Kelurahan B1x"},
                                   {rc("32"), "Dua"},
                                   {rc("32.01"), "Kota C"},
                                   {c1, "Kecamatan C1"},
                                   {c1x, "Kelurahan C1x"}},
                                  "test regions");
}

Mentor mentor(std::string id, RegionCode kecamatan, std::int32_t capacity,
              MentorKind kind = MentorKind::office) {
    Mentor m;
    m.id = std::move(id);
    m.kecamatan = kecamatan;
    m.capacity = capacity;
    m.kind = kind;
    return m;
}

ProgrammeBuilder builder() {
    ProgrammeBuilder b;
    b.set_regions(two_provinces());
    return b;
}

// participant id -> mentor id of the new pairs.
std::map<std::string, std::string> pairs_of(const Programme& p, const AssignmentResult& r) {
    std::map<std::string, std::string> out;
    for (std::size_t k = 0; k < r.size(); ++k)
        out[std::string(p.participants().id[r.participant[k]])] = p.mentors().id[r.mentor[k]];
    return out;
}

std::map<std::string, UnassignedReason> left_of(const Programme& p, const AssignmentResult& r) {
    std::map<std::string, UnassignedReason> out;
    for (std::size_t k = 0; k < r.unassigned.size(); ++k)
        out[std::string(p.participants().id[r.unassigned[k]])] = r.reason[k];
    return out;
}

// One kecamatan's row of the result's columns; none when the kecamatan has no row.
struct KecamatanCounts {
    std::int64_t demand, spare_capacity, assigned_locally, unassigned, shortfall,
        additional_mentors;
};
std::optional<KecamatanCounts> row_for(const AssignmentResult& r, RegionCode kec) {
    const auto& t = r.kecamatans;
    for (std::size_t k = 0; k < t.size(); ++k)
        if (t.kecamatan[k] == kec)
            return KecamatanCounts{t.demand[k],     t.spare_capacity[k], t.assigned_locally[k],
                                   t.unassigned[k], t.shortfall[k],      t.additional_mentors[k]};
    return std::nullopt;
}
} // namespace

TEST_CASE("nearest first: one local place, the second participant goes across kota") {
    // M1 (A1, 1 place), M2 (B1, 5 places). P1 and P2 live in A1, same sector and phase.
    // Both can be assigned (6 places). Costs: to M1 same kecamatan 0, to M2 another kota of the
    // same province 30. Best: one each, total 0 + 30 = 30. P1 registered first, so P1 -> M1.
    auto b = builder();
    b.add(person("P2", a1y, date(2020, 2, 1)).sector(Sector::food_beverage));
    b.add(person("P1", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(mentor("M2", b1, 5));
    b.add(mentor("M1", a1, 1));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(pairs_of(p, r) == std::map<std::string, std::string>{{"P1", "M1"}, {"P2", "M2"}});
    CHECK(r.total_cost == 30);
    CHECK(r.unassigned.empty());
    CHECK(r.as_of == day);
    // Columns in participant order: P2 (row 0) then P1 (row 1).
    REQUIRE(r.size() == 2);
    CHECK(r.participant[0] == 0);
    CHECK(r.cost[0] == 30);
    CHECK(r.distance[0] == static_cast<std::uint8_t>(MentorDistance::same_province));
    CHECK(r.distance[1] == static_cast<std::uint8_t>(MentorDistance::same_kecamatan));
    CHECK(r.phase[1] == Phase::starting); // no business start date
    CHECK(to_string(MentorDistance::same_kota) == "same_kota");
    CHECK(assign_mentors_individual_optimum(p, day, every) ==
          std::pair<std::int64_t, std::int64_t>{2, 30});
}

TEST_CASE("sector fit against distance: the cheaper total wins, not the greedy choice") {
    // M1 in A1 serves all sectors (1 place); M2 in A2 (same kota) serves fashion only (1 place).
    // P (food, A1) and Q (fashion, A1):
    //   P->M1 (0) + Q->M2 (10)                  = 10
    //   Q->M1 (0) + P->M2 (10 + sector 20 = 30) = 30
    // Optimum 10. Serving the earlier registrant first with their cheapest mentor gives 30
    // when Q registered first; the solver must not depend on the order.
    for (bool q_first : {false, true}) {
        auto b = builder();
        b.add(person("P", a1x, date(2020, 2, 1)).sector(Sector::food_beverage));
        b.add(person("Q", a1y, q_first ? date(2020, 1, 1) : date(2020, 3, 1))
                  .sector(Sector::fashion));
        b.add(mentor("M1", a1, 1));
        Mentor m2 = mentor("M2", a2, 1);
        m2.sectors.insert(Sector::fashion);
        b.add(m2);
        const Programme p = b.build();
        const auto r = assign_mentors(p, day, every);
        CHECK(pairs_of(p, r) == std::map<std::string, std::string>{{"P", "M1"}, {"Q", "M2"}});
        CHECK(r.total_cost == 10);
        for (std::size_t k = 0; k < r.size(); ++k) CHECK(r.sector_match[k] == 1);
    }
}

TEST_CASE("phase and community costs; the result explains each pair") {
    // P runs a business since 2015-01-01: 66 months old on 2020-06-30 and no reports, so it is
    // mid-stage (insufficient monitoring data).
    //   M1 office in A1 serving starting only: 0 + phase 15      = 15
    //   M2 office in B1 serving all phases:    30                = 30
    //   M3 community in A1 serving all:        0 + community 1   = 1
    // Optimum: M3 at 1.
    auto b = builder();
    Participant x = person("P", a1x, date(2019, 1, 1)).sector(Sector::food_beverage);
    x.business_started_on = date(2015, 1, 1);
    b.add(x);
    Mentor m1 = mentor("M1", a1, 3);
    m1.phases.insert(Phase::starting);
    b.add(m1);
    b.add(mentor("M2", b1, 3));
    b.add(mentor("M3", a1, 3, MentorKind::community));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    REQUIRE(r.size() == 1);
    CHECK(p.mentors().id[r.mentor[0]] == "M3");
    CHECK(r.cost[0] == 1);
    CHECK(r.phase[0] == Phase::mid_stage);
    CHECK(r.phase_match[0] == 1);

    // Without M3, the phase mismatch (15) still beats the distance (30).
    AssignmentCosts costs;
    costs.community_mentor = 100; // M3 now costs 100: M1 at 15 is best
    const auto r2 = assign_mentors(p, day, {costs, {}, MentoringDemand::all_active});
    REQUIRE(r2.size() == 1);
    CHECK(p.mentors().id[r2.mentor[0]] == "M1");
    CHECK(r2.cost[0] == 15);
    CHECK(r2.phase_match[0] == 0);
    CHECK(r2.sector_match[0] == 1);

    // Phase rules are the caller's: with businesses starting below 120 months, the 66-month
    // business is starting, which M1 serves: cost 0.
    AssignmentOptions o{costs, {}, MentoringDemand::all_active};
    o.rules.starting_below_months = 120;
    const auto r3 = assign_mentors(p, day, o);
    REQUIRE(r3.size() == 1);
    CHECK(r3.phase[0] == Phase::starting);
    CHECK(r3.cost[0] == 0);
}

TEST_CASE("short capacity: the cheaper participant is served, the other is explained") {
    // One place (M in A1). P in A1 would cost 0, Q in B1 would cost 30. Assign 1 (the most
    // possible), at least cost: P. Q is left: mentors exist in its province, places do not.
    // R lives in province 32, where no mentor is homed. S (A1) is in P's class and just as
    // cheap, but registered a day later: the earlier registrant P gets the place.
    auto b = builder();
    b.add(person("P", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(person("Q", b1x, date(2019, 1, 1)).sector(Sector::food_beverage));
    b.add(person("R", c1x, date(2019, 1, 1)).sector(Sector::food_beverage));
    b.add(person("S", a1y, date(2020, 1, 2)).sector(Sector::food_beverage));
    b.add(mentor("M", a1, 1));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(pairs_of(p, r) == std::map<std::string, std::string>{{"P", "M"}});
    CHECK(r.total_cost == 0);
    const auto left = left_of(p, r);
    CHECK(left == std::map<std::string, UnassignedReason>{
                      {"Q", UnassignedReason::no_capacity_within_reach},
                      {"R", UnassignedReason::no_mentor_in_province},
                      {"S", UnassignedReason::no_capacity_within_reach}});
    CHECK(to_string(UnassignedReason::no_mentor_in_province) == "no_mentor_in_province");
    CHECK(assign_mentors_individual_optimum(p, day, every) ==
          std::pair<std::int64_t, std::int64_t>{1, 0});
}

TEST_CASE("a mentor in another province is never used, even when idle") {
    // P in province 31, M in province 32 with 10 places: P is left, M gets nobody.
    auto b = builder();
    b.add(person("P", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(mentor("M", c1, 10));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(r.size() == 0);
    CHECK(left_of(p, r) ==
          std::map<std::string, UnassignedReason>{{"P", UnassignedReason::no_mentor_in_province}});
    REQUIRE(r.mentors.size() == 1);
    CHECK(r.mentors.spare[0] == 10);
    CHECK(r.mentors.assigned[0] == 0);
}

TEST_CASE("existing pairs are kept and take places; ended and future pairs do not") {
    // M1 in A1, capacity 3. As of 2020-06-30:
    //   X -> M1 from 2019-01-01, open:          current, kept, takes a place
    //   V -> M1 from 2019-01-01 to 2020-06-30:  current (the end day is included)
    //   Y -> M1 to 2019-12-31:                  ended; Y needs a mentor
    //   Z -> M1 from 2020-07-01:                future; Z needs a mentor
    //   W -> M1 open, but W exited 2020-03-01:  W is out and frees the place
    // M1 caseload 2 (X, V), spare 3 - 2 = 1. M2 (B1) has 5 places.
    // Y (registered 2019-01-01) and Z (2019-06-01) are in one class: Y -> M1 (0),
    // Z -> M2 (30). Total 30.
    auto b = builder();
    for (const char* id : {"X", "V", "Y"})
        b.add(person(id, a1x, date(2019, 1, 1)).sector(Sector::food_beverage));
    b.add(person("Z", a1x, date(2019, 6, 1)).sector(Sector::food_beverage));
    Participant w = person("W", a1x, date(2019, 1, 1)).sector(Sector::food_beverage);
    w.exited_on = date(2020, 3, 1);
    b.add(w);
    b.add(mentor("M1", a1, 3));
    b.add(mentor("M2", b1, 5));
    b.add(AssignmentRecord{"X", "M1", date(2019, 1, 1), no_date});
    b.add(AssignmentRecord{"V", "M1", date(2019, 1, 1), date(2020, 6, 30)});
    b.add(AssignmentRecord{"Y", "M1", date(2019, 1, 1), date(2019, 12, 31)});
    b.add(AssignmentRecord{"Z", "M1", date(2020, 7, 1), no_date});
    b.add(AssignmentRecord{"W", "M1", date(2019, 1, 1), no_date});
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(pairs_of(p, r) == std::map<std::string, std::string>{{"Y", "M1"}, {"Z", "M2"}});
    CHECK(r.total_cost == 30);
    CHECK(r.unassigned.empty());
    const auto m1 = *p.find_mentor("M1");
    CHECK(r.mentors.existing[m1] == 2);
    CHECK(r.mentors.spare[m1] == 1);
    CHECK(r.mentors.assigned[m1] == 1);
    CHECK(r.mentors.capacity[m1] == 3);

    // Two overlapping rows for one pair take one place; a pair with a mentor whose period has
    // ended is still the participant's current pair and is kept. M1 capacity 2: X (two rows)
    // takes 1, so Y gets the other place; U keeps the gone mentor M0 and is not reassigned.
    auto b3 = builder();
    for (const char* id : {"X", "Y", "U"})
        b3.add(person(id, a1x, date(2019, 1, 1)).sector(Sector::food_beverage));
    b3.add(mentor("M1", a1, 2));
    Mentor gone = mentor("M0", a1, 5);
    gone.active_to = date(2020, 1, 1);
    b3.add(gone);
    b3.add(AssignmentRecord{"X", "M1", date(2019, 1, 1), no_date});
    b3.add(AssignmentRecord{"X", "M1", date(2019, 6, 1), date(2020, 12, 31)});
    b3.add(AssignmentRecord{"U", "M0", date(2019, 6, 1), no_date});
    const Programme p3 = b3.build();
    const auto r3 = assign_mentors(p3, day, every);
    CHECK(pairs_of(p3, r3) == std::map<std::string, std::string>{{"Y", "M1"}});
    CHECK(r3.unassigned.empty());
    CHECK(r3.mentors.existing[*p3.find_mentor("M1")] == 1);
    CHECK(r3.mentors.existing[*p3.find_mentor("M0")] == 1);
    CHECK(r3.mentors.spare[*p3.find_mentor("M0")] == 0);

    // A mentor already over capacity (2 current pairs, capacity 1) takes nobody new.
    auto b2 = builder();
    for (const char* id : {"X", "V", "Y"})
        b2.add(person(id, a1x, date(2019, 1, 1)).sector(Sector::food_beverage));
    b2.add(mentor("M1", a1, 1));
    b2.add(AssignmentRecord{"X", "M1", date(2019, 1, 1), no_date});
    b2.add(AssignmentRecord{"V", "M1", date(2019, 1, 1), no_date});
    const Programme p2 = b2.build();
    const auto r2 = assign_mentors(p2, day, every);
    CHECK(r2.size() == 0);
    CHECK(r2.mentors.existing[0] == 2);
    CHECK(r2.mentors.spare[0] == 0);
    CHECK(left_of(p2, r2) == std::map<std::string, UnassignedReason>{
                                 {"Y", UnassignedReason::no_capacity_within_reach}});
}

TEST_CASE("who needs a mentor: exits, late registrations, the as-of day itself") {
    // E exits on 2020-06-30 (the day itself: no longer active); F exited earlier; G registers
    // 2020-07-01 (after the date); H registers on the date (active). Only H is assigned.
    auto b = builder();
    Participant e = person("E", a1x, date(2019, 1, 1)).sector(Sector::food_beverage);
    e.exited_on = day;
    Participant f = person("F", a1x, date(2019, 1, 1)).sector(Sector::food_beverage);
    f.exited_on = date(2019, 5, 1);
    b.add(e).add(f);
    b.add(person("G", a1x, date(2020, 7, 1)).sector(Sector::food_beverage));
    b.add(person("H", a1x, day).sector(Sector::food_beverage));
    b.add(mentor("M", a1, 10));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(pairs_of(p, r) == std::map<std::string, std::string>{{"H", "M"}});
    CHECK(r.unassigned.empty());
}

TEST_CASE("mentors outside their active period and with zero capacity take nobody") {
    // M_old's period ended the day before; M_new starts the day after; M_zero has capacity 0.
    // All three sit in A1 where P lives. Only M_far (B1) can take P: cost 30.
    auto b = builder();
    b.add(person("P", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    Mentor old_one = mentor("M_old", a1, 5);
    old_one.active_from = date(2018, 1, 1);
    old_one.active_to = date(2020, 6, 29);
    Mentor new_one = mentor("M_new", a1, 5);
    new_one.active_from = date(2020, 7, 1);
    b.add(old_one).add(new_one);
    b.add(mentor("M_zero", a1, 0));
    b.add(mentor("M_far", b1, 1));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(pairs_of(p, r) == std::map<std::string, std::string>{{"P", "M_far"}});
    CHECK(r.total_cost == 30);
    // Inactive mentors have no spare places and add nothing to A1's capacity.
    // M_old ended the day before, M_new starts the day after: only those two are inactive
    // (M_zero is active with no places).
    for (std::size_t k = 0; k < r.mentors.size(); ++k) {
        const std::string& id = p.mentors().id[r.mentors.mentor[k]];
        CHECK(r.mentors.spare[k] == (id == "M_far" ? 1 : 0));
        CHECK(r.mentors.active[k] == (id != "M_old" && id != "M_new" ? 1 : 0));
    }
    const auto a1row = row_for(r, a1);
    REQUIRE(a1row);
    CHECK(a1row->spare_capacity == 0);
    CHECK(a1row->demand == 1);
    CHECK(a1row->shortfall == 1);

    // Inactive mentors alone do not count as mentors in the province.
    auto b2 = builder();
    b2.add(person("P", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    Mentor gone = mentor("M_old", a1, 5);
    gone.active_to = date(2020, 1, 1);
    b2.add(gone);
    const Programme p2 = b2.build();
    CHECK(left_of(p2, assign_mentors(p2, day, every)) ==
          std::map<std::string, UnassignedReason>{{"P", UnassignedReason::no_mentor_in_province}});
}

TEST_CASE("no mentor at all: everyone is left and the shortfall says how many to recruit") {
    // 3 participants in A1, 1 in B1, new mentors of 2 places: A1 needs ceil(3/2) = 2, B1
    // ceil(1/2) = 1.
    auto b = builder();
    b.add(person("P1", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(person("P2", a1y, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(person("P3", a1x, date(2020, 1, 1)).sector(Sector::craft));
    b.add(person("P4", b1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every, 2);
    CHECK(r.size() == 0);
    CHECK(r.total_cost == 0);
    CHECK(r.unassigned.size() == 4);
    for (auto why : r.reason) CHECK(why == UnassignedReason::no_mentor_in_province);
    REQUIRE(r.kecamatans.size() == 2);
    CHECK(r.kecamatans.kecamatan[0] == a1); // sorted by code
    CHECK(r.kecamatans.demand[0] == 3);
    CHECK(r.kecamatans.spare_capacity[0] == 0);
    CHECK(r.kecamatans.unassigned[0] == 3);
    CHECK(r.kecamatans.shortfall[0] == 3);
    CHECK(r.kecamatans.additional_mentors[0] == 2);
    CHECK(r.kecamatans.kecamatan[1] == b1);
    CHECK(r.kecamatans.additional_mentors[1] == 1);
    CHECK(r.mentors.size() == 0);
    CHECK(assign_mentors_individual_optimum(p, day, every) ==
          std::pair<std::int64_t, std::int64_t>{0, 0});
}

TEST_CASE("per-kecamatan rows: local shortfall even when neighbours absorb it") {
    // A1: 3 participants, M1 (1 place). A2: M2 (5 places), no participants. Everyone is
    // assigned (6 places): 1 locally at 0, 2 to A2 at 10 each; total 20.
    // A1: demand 3, spare 1, assigned locally 1, shortfall 3 - 1 = 2, mentors of 25: 1.
    // A2: demand 0, spare 5, shortfall 0, no new mentors.
    auto b = builder();
    for (const char* id : {"P1", "P2", "P3"})
        b.add(person(id, a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(mentor("M1", a1, 1));
    b.add(mentor("M2", a2, 5));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(r.size() == 3);
    CHECK(r.total_cost == 20);
    const auto ra1 = row_for(r, a1);
    const auto ra2 = row_for(r, a2);
    REQUIRE(ra1);
    REQUIRE(ra2);
    CHECK(ra1->demand == 3);
    CHECK(ra1->spare_capacity == 1);
    CHECK(ra1->assigned_locally == 1);
    CHECK(ra1->unassigned == 0);
    CHECK(ra1->shortfall == 2);
    CHECK(ra1->additional_mentors == 1);
    CHECK(ra2->demand == 0);
    CHECK(ra2->spare_capacity == 5);
    CHECK(ra2->shortfall == 0);
    CHECK(ra2->additional_mentors == 0);
    // Same-day registrants are handed out by id: P1 stays local.
    CHECK(pairs_of(p, r).at("P1") == "M1");
}

TEST_CASE("more capacity than demand leaves places free") {
    // 2 participants, 10 places in A1: both assigned at 0; 8 places stay free.
    auto b = builder();
    b.add(person("P1", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(person("P2", a2x, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(mentor("M", a1, 10));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(r.size() == 2);
    CHECK(r.total_cost == 10); // P2 lives in A2: same kota, 10
    CHECK(r.mentors.assigned[0] == 2);
    CHECK(r.mentors.spare[0] - r.mentors.assigned[0] == 8);
}

TEST_CASE("bad options are rejected with the field named") {
    auto b = builder();
    b.add(person("P", a1x, date(2020, 1, 1)).sector(Sector::food_beverage));
    const Programme p = b.build();
    CHECK_THROWS_WITH_AS(assign_mentors(p, day, every, 0), doctest::Contains("new_mentor_capacity"),
                         argument_error);
    CHECK_THROWS_AS(assign_mentors(p, no_date, every), argument_error);
    CHECK_THROWS_AS(assign_mentors_individual_optimum(p, no_date, every), argument_error);
    AssignmentCosts negative;
    negative.same_kota = -1;
    CHECK_THROWS_WITH_AS(assign_mentors(p, day, {negative, {}, MentoringDemand::all_active}),
                         doctest::Contains("same_kota"), argument_error);
    AssignmentCosts huge;
    huge.phase_mismatch = AssignmentCosts::max_cost + 1;
    CHECK_THROWS_WITH_AS(
        assign_mentors_individual_optimum(p, day, {huge, {}, MentoringDemand::all_active}),
        doctest::Contains("phase_mismatch"), argument_error);
    AssignmentCosts top;
    top.phase_mismatch = AssignmentCosts::max_cost; // the limit itself is allowed
    CHECK_NOTHROW(assign_mentors(p, day, {top, {}, MentoringDemand::all_active}));
}

TEST_CASE("who needs a mentor: each demand rule by hand, with its pairs") {
    // As of 2020-06-30, all in kelurahan A1x, same sector. Phase: no business start date is
    // starting (pathway P1..P7); a business started 2018-01-01 is 29 months old, mid-stage
    // (pathway P3..P7). Registration is P1.
    //   Q1 starting, P2 done                -> next P3
    //   Q2 starting, nothing after P1       -> next P2
    //   Q3 mid-stage, nothing done          -> next P3
    //   Q4 starting, P2 and P3 done         -> next P4
    //   Q5 mid-stage, P3..P7 done           -> pathway done
    //   Q9 starting, P3 done but not P2     -> next P2 (P2 comes first on the pathway)
    //   Q6 mid-stage, next P3, but paired with M2 since 2020-01-01: never needs one
    //   Q7 mid-stage, next P3, but exited on 2020-05-01: not active
    // So next_step = {Q1, Q3}; until_pathway_done = {Q1, Q3, Q4}; all_active = {Q1, Q2, Q3,
    // Q4, Q5, Q9}; six active participants have no pair under every rule.
    auto b = builder();
    const Date started(2018, 1, 1);
    auto add = [&](const char* id, Date registered, bool business) {
        Participant p = person(id, a1x, registered).sector(Sector::food_beverage);
        if (business) p.business_started_on = started;
        b.add(p);
    };
    add("Q1", date(2020, 1, 1), false);
    add("Q2", date(2020, 1, 2), false);
    add("Q3", date(2020, 1, 1), true);
    add("Q4", date(2019, 6, 1), false);
    add("Q5", date(2019, 1, 1), true);
    add("Q6", date(2019, 1, 1), true);
    add("Q9", date(2020, 1, 3), false);
    Participant gone = person("Q7", a1x, date(2019, 1, 1)).sector(Sector::food_beverage);
    gone.business_started_on = started;
    gone.exited_on = date(2020, 5, 1);
    b.add(gone);
    b.add(StepRecord{"Q1", Step::p2, date(2020, 2, 1)});
    b.add(StepRecord{"Q4", Step::p2, date(2019, 7, 1)});
    b.add(StepRecord{"Q4", Step::p3, date(2019, 9, 1)});
    for (Step s : {Step::p3, Step::p4, Step::p5, Step::p6, Step::p7})
        b.add(StepRecord{"Q5", s, date(2019, 6, 1)});
    b.add(StepRecord{"Q9", Step::p3, date(2020, 3, 1)});
    // M1 at home in A1 serves starting participants only, 2 places; M2 in B1 (another kota,
    // 30) serves everyone, 10 places, one taken by Q6.
    Mentor m1 = mentor("M1", a1, 2);
    m1.phases = PhaseSet{}.insert(Phase::starting);
    b.add(m1);
    b.add(mentor("M2", b1, 10));
    b.add(AssignmentRecord{"Q6", "M2", date(2020, 1, 1), no_date});
    const Programme p = b.build();

    const auto run = [&](MentoringDemand d) {
        AssignmentOptions o;
        o.demand = d;
        return assign_mentors(p, day, o);
    };
    using Pairs = std::map<std::string, std::string>;

    // next_step: Q1 (starting) and Q3 (mid-stage) both fit in M1's 2 places: 0 + 15 (M1 does
    // not serve mid-stage) = 15, cheaper than sending Q3 across kota (30).
    const auto next = run(MentoringDemand::next_step);
    CHECK(next.demand == MentoringDemand::next_step);
    CHECK(next.demand_count == 2);
    CHECK(next.active_without_pair == 6);
    CHECK(pairs_of(p, next) == Pairs{{"Q1", "M1"}, {"Q3", "M1"}});
    CHECK(next.total_cost == 15);
    CHECK(row_for(next, a1)->demand == 2);
    CHECK(row_for(next, a1)->shortfall == 0);
    // The default options are this rule.
    CHECK(pairs_of(p, assign_mentors(p, day)) == pairs_of(p, next));
    CHECK(assign_mentors_individual_optimum(p, day) ==
          std::pair<std::int64_t, std::int64_t>{2, 15});

    // until_pathway_done adds Q4 (next P4). Three for M1's two places: {Q1, Q4} at M1 and Q3
    // at M2 costs 0 + 0 + 30 = 30; {Q1, Q3} at M1 and Q4 at M2 would cost 0 + 15 + 30 = 45.
    const auto until = run(MentoringDemand::until_pathway_done);
    CHECK(until.demand_count == 3);
    CHECK(pairs_of(p, until) == Pairs{{"Q1", "M1"}, {"Q3", "M2"}, {"Q4", "M1"}});
    CHECK(until.total_cost == 30);
    CHECK(row_for(until, a1)->demand == 3);
    CHECK(row_for(until, a1)->shortfall == 1); // 3 needing, 2 places at home
    CHECK(row_for(until, a1)->additional_mentors == 1);
    CHECK(row_for(until, b1)->spare_capacity == 9);

    // all_active: six for 2 + 9 places, all assigned. Two starting ones at M1 (0), the other
    // four at M2 (30 each): 120. Among the starting class, the earliest registrants get the
    // nearer mentor: Q4 (2019-06-01) and Q1 (2020-01-01) before Q2 and Q9.
    const auto all = run(MentoringDemand::all_active);
    CHECK(all.demand_count == 6);
    CHECK(
        pairs_of(p, all) ==
        Pairs{{"Q1", "M1"}, {"Q2", "M2"}, {"Q3", "M2"}, {"Q4", "M1"}, {"Q5", "M2"}, {"Q9", "M2"}});
    CHECK(all.total_cost == 120);
    AssignmentOptions every_active;
    every_active.demand = MentoringDemand::all_active;
    CHECK(assign_mentors_individual_optimum(p, day, every_active) ==
          std::pair<std::int64_t, std::int64_t>{6, 120});

    // The rule is named for the figures that use it, and round-trips as text.
    CHECK(to_string(MentoringDemand::until_pathway_done) == "until_pathway_done");
    CHECK(try_parse<MentoringDemand>("all_active") == MentoringDemand::all_active);
    CHECK_FALSE(try_parse<MentoringDemand>("everyone").has_value());
    CHECK(describe(MentoringDemand::next_step) == "participants whose next step is mentoring (P3)");
}

// ---------------------------------------------------------------------------------------
// Random programmes: the class solver against the individual formulation and, for small
// ones, against enumeration of every possible assignment; invariants recomputed here from
// the definitions.

namespace {

struct Rng {
    std::mt19937_64 gen;
    std::uint64_t below(std::uint64_t n) { return gen() % n; } // same sequence everywhere
    bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
};

struct Records {
    std::vector<Participant> participants;
    std::vector<Mentor> mentors;
    std::vector<QuarterlyReport> reports;
    std::vector<AssignmentRecord> assignments;

    // The same records added forwards or backwards: row numbers differ, ids do not.
    Programme build(bool reversed) const {
        auto b = builder();
        const auto add_all = [&](const auto& rows) {
            if (reversed)
                for (auto it = rows.rbegin(); it != rows.rend(); ++it) b.add(*it);
            else
                for (const auto& x : rows) b.add(x);
        };
        add_all(participants), add_all(mentors), add_all(reports), add_all(assignments);
        return b.build();
    }
};

Records random_records(Rng& rng, std::size_t max_participants, std::size_t max_mentors) {
    Records out;
    const RegionCode kelurahan[] = {a1x, a1y, a2x, b1x, c1x};
    const RegionCode kecamatan[] = {a1, a2, b1, c1};
    const Sector sectors[] = {Sector::food_beverage, Sector::fashion, Sector::craft};
    const std::size_t np = rng.below(max_participants + 1);
    const std::size_t nm = rng.below(max_mentors + 1);
    std::vector<std::string> pid, mid;
    for (std::size_t i = 0; i < np; ++i) {
        // Ids not in registration order, to exercise the hand-out order.
        pid.push_back("P" + std::to_string(rng.below(1000)) + "_" + std::to_string(i));
        Participant p = person(pid.back(), kelurahan[rng.below(5)],
                               date(2019, 1, 1) + boost::gregorian::days(rng.below(600)))
                            .sector(sectors[rng.below(3)]);
        const auto start = rng.below(3);
        if (start == 1) p.business_started_on = date(2019, 9, 1);
        if (start == 2) p.business_started_on = date(2014, 1, 1);
        if (rng.chance(10)) p.exited_on = p.registered_on + boost::gregorian::days(rng.below(400));
        out.participants.push_back(p);
        if (start == 2 && rng.chance(70)) {
            // 2019Q1 and 2020Q1 (compared by default): stalled when growth < 10%.
            const std::int64_t base = 1000;
            const std::int64_t now = base + static_cast<std::int64_t>(rng.below(300)) - 100;
            out.reports.push_back(
                QuarterlyReport{pid.back(), Quarter(2019, 1), Rupiah(base), {}, {}, no_date});
            out.reports.push_back(
                QuarterlyReport{pid.back(), Quarter(2020, 1), Rupiah(now), {}, {}, no_date});
        }
    }
    for (std::size_t m = 0; m < nm; ++m) {
        mid.push_back("M" + std::to_string(rng.below(100)) + "_" + std::to_string(m));
        Mentor x =
            mentor(mid.back(), kecamatan[rng.below(4)], static_cast<std::int32_t>(rng.below(5)),
                   rng.chance(50) ? MentorKind::community : MentorKind::office);
        for (Sector s : sectors)
            if (rng.chance(30)) x.sectors.insert(s);
        for (Phase ph : {Phase::starting, Phase::mid_stage, Phase::stalled})
            if (rng.chance(30)) x.phases.insert(ph);
        const auto period = rng.below(10); // ended before, starting after, or active around
        if (period == 0) x.active_to = date(2020, 1, 31);
        if (period == 1) x.active_from = date(2020, 5, 1);
        out.mentors.push_back(x);
    }
    if (nm > 0)
        for (std::size_t i = 0; i < np; ++i)
            if (rng.chance(30)) {
                const Date from = date(2019, 1, 1) + boost::gregorian::days(rng.below(700));
                const Date to =
                    rng.chance(50) ? no_date : from + boost::gregorian::days(rng.below(300));
                out.assignments.push_back(AssignmentRecord{pid[i], mid[rng.below(nm)], from, to});
            }
    return out;
}

// The definitions, restated: who needs a mentor, each mentor's free places, each pair's cost.
struct Expected {
    std::set<Index> needing;
    std::vector<std::int64_t> free; // per mentor; 0 when not active
    std::vector<bool> active;
};

bool pair_current(const AssignmentColumns& a, std::size_t k, Date d) {
    return a.from[k] <= d && (a.to[k].is_special() || a.to[k] >= d);
}

Expected expected(const Programme& p, Date d) {
    Expected e;
    const auto& pc = p.participants();
    const auto& mc = p.mentors();
    const auto& a = p.assignments();
    std::vector<std::set<Index>> caseload(mc.size());
    for (Index i = 0; i < pc.size(); ++i) {
        const bool active =
            pc.registered_on[i] <= d && (pc.exited_on[i].is_special() || d < pc.exited_on[i]);
        if (!active) continue;
        bool has = false;
        for (std::size_t k = 0; k < a.size(); ++k)
            if (a.participant[k] == i && pair_current(a, k, d)) {
                has = true;
                caseload[a.mentor[k]].insert(i);
            }
        if (!has) e.needing.insert(i);
    }
    for (Index m = 0; m < mc.size(); ++m) {
        const bool on = (mc.active_from[m].is_special() || mc.active_from[m] <= d) &&
                        (mc.active_to[m].is_special() || d <= mc.active_to[m]);
        e.active.push_back(on);
        const std::int64_t room = mc.capacity[m] - static_cast<std::int64_t>(caseload[m].size());
        e.free.push_back(on && room > 0 ? room : 0);
    }
    return e;
}

Phase phase_of(const Programme& p, Index i, Date d) {
    return classify_phase(p.participants().business_started_on[i], d, p.revenue_series(i)).phase;
}

// -1 when not allowed (another province).
std::int64_t cost_of(const Programme& p, Index i, Index m, Date d, const AssignmentCosts& c) {
    const RegionCode kel = p.participants().kelurahan[i];
    const RegionCode home = p.mentors().kecamatan[m];
    if (kel.province() != home.province()) return -1;
    std::int64_t cost = kel.kota() != home.kota()             ? c.same_province
                        : kel.kecamatan() != home.kecamatan() ? c.same_kota
                                                              : c.same_kecamatan;
    const auto& served = p.mentors().sectors[m];
    if (!served.empty() && !served.contains(p.participants().sector[i])) cost += c.sector_mismatch;
    const auto phases = p.mentors().phases[m];
    if (!phases.empty() && !phases.contains(phase_of(p, i, d))) cost += c.phase_mismatch;
    if (p.mentors().kind[m] == MentorKind::community) cost += c.community_mentor;
    return cost;
}

// Every assignment of the needing participants, by enumeration: the best (count, -cost).
std::pair<std::int64_t, std::int64_t> brute_force(const Programme& p, Date d, const Expected& e,
                                                  const AssignmentCosts& c) {
    std::vector<Index> who(e.needing.begin(), e.needing.end());
    std::vector<std::int64_t> room = e.free;
    std::pair<std::int64_t, std::int64_t> best{0, 0};
    std::function<void(std::size_t, std::int64_t, std::int64_t)> go =
        [&](std::size_t k, std::int64_t count, std::int64_t cost) {
            if (k == who.size()) {
                if (count > best.first || (count == best.first && cost < best.second))
                    best = {count, cost};
                return;
            }
            go(k + 1, count, cost); // left unassigned
            for (Index m = 0; m < room.size(); ++m) {
                const std::int64_t pc = cost_of(p, who[k], m, d, c);
                if (room[m] == 0 || pc < 0) continue;
                --room[m];
                go(k + 1, count + 1, cost + pc);
                ++room[m];
            }
        };
    go(0, 0, 0);
    return best;
}

void check_invariants(const Programme& p, const AssignmentResult& r, const AssignmentCosts& c) {
    const Date d = r.as_of;
    const Expected e = expected(p, d);
    const auto& pc = p.participants();
    // Exactly the participants needing a mentor appear, each once, as a pair or as left.
    std::set<Index> seen;
    for (Index i : r.participant) CHECK(seen.insert(i).second);
    for (Index i : r.unassigned) CHECK(seen.insert(i).second);
    CHECK(seen == e.needing);
    CHECK(std::is_sorted(r.participant.begin(), r.participant.end()));
    // Free places never exceeded; only active mentors of the same province; costs as defined.
    std::vector<std::int64_t> used(p.mentors().size(), 0);
    std::int64_t total = 0;
    for (std::size_t k = 0; k < r.size(); ++k) {
        const Index i = r.participant[k], m = r.mentor[k];
        ++used[m];
        CHECK(e.active[m]);
        const std::int64_t expect = cost_of(p, i, m, d, c);
        CHECK(expect >= 0);
        CHECK(r.cost[k] == expect);
        total += expect;
    }
    CHECK(r.total_cost == total);
    for (Index m = 0; m < used.size(); ++m) {
        CHECK(used[m] <= e.free[m]);
        CHECK(r.mentors.assigned[m] == used[m]);
        CHECK(r.mentors.spare[m] == e.free[m]);
    }
    // A participant left over while someone of the same kecamatan, sector and phase, who
    // registered later (or the same day with a larger id), got a place would break the
    // hand-out rule.
    const auto same_class = [&](Index x, Index y) {
        return pc.kelurahan[x].ancestor(RegionLevel::kecamatan) ==
                   pc.kelurahan[y].ancestor(RegionLevel::kecamatan) &&
               pc.sector[x] == pc.sector[y] && phase_of(p, x, d) == phase_of(p, y, d);
    };
    for (Index u : r.unassigned)
        for (Index a : r.participant)
            if (same_class(u, a))
                CHECK(std::pair(pc.registered_on[a], pc.id[a]) <
                      std::pair(pc.registered_on[u], pc.id[u]));
    // Left over with a mentor of the province active: capacity, not absence.
    for (std::size_t k = 0; k < r.unassigned.size(); ++k) {
        bool any = false;
        for (Index m = 0; m < e.active.size(); ++m)
            any = any || (e.active[m] && p.mentors().kecamatan[m].province() ==
                                             pc.kelurahan[r.unassigned[k]].province());
        CHECK(r.reason[k] == (any ? UnassignedReason::no_capacity_within_reach
                                  : UnassignedReason::no_mentor_in_province));
    }
}

} // namespace

TEST_CASE("random programmes: class solver = individual formulation = enumeration") {
    Rng rng{std::mt19937_64(20240611)};
    AssignmentCosts odd; // other weights, so that ties and trade-offs differ
    odd.same_kecamatan = 2;
    odd.same_kota = 7;
    odd.same_province = 11;
    odd.sector_mismatch = 5;
    odd.phase_mismatch = 9;
    odd.community_mentor = 3;
    int enumerated = 0, with_left = 0;
    for (int run = 0; run < 200; ++run) {
        const bool tiny = run % 2 == 0;
        const Records records = tiny ? random_records(rng, 6, 3) : random_records(rng, 40, 8);
        const Programme p = records.build(false);
        const AssignmentCosts costs = run % 3 == 0 ? odd : AssignmentCosts{};
        const Date d = date(2020, 6, 30) - boost::gregorian::days(rng.below(200));
        CAPTURE(run);
        const auto r = assign_mentors(p, d, {costs, {}, MentoringDemand::all_active});
        check_invariants(p, r, costs);
        const auto individual =
            assign_mentors_individual_optimum(p, d, {costs, {}, MentoringDemand::all_active});
        CHECK(individual.first == static_cast<std::int64_t>(r.size()));
        CHECK(individual.second == r.total_cost);
        const Expected e = expected(p, d);
        if (tiny) {
            CHECK(brute_force(p, d, e, costs) == individual);
            ++enumerated;
        }
        if (!r.unassigned.empty()) ++with_left;
        // Determinism: a second run gives the same pairs.
        const auto again = assign_mentors(p, d, {costs, {}, MentoringDemand::all_active});
        CHECK(again.participant == r.participant);
        CHECK(again.mentor == r.mentor);
        CHECK(again.unassigned == r.unassigned);
        // The pairs depend on ids, dates and places, not on the order rows were loaded in.
        const Programme backwards = records.build(true);
        const auto flipped = assign_mentors(backwards, d, {costs, {}, MentoringDemand::all_active});
        CHECK(pairs_of(backwards, flipped) == pairs_of(p, r));
        CHECK(left_of(backwards, flipped) == left_of(p, r));
    }
    CHECK(enumerated == 100);
    // The generator must produce shortages often enough to test them.
    CHECK(with_left > 20);
}

TEST_CASE("national region table: a Jakarta mentor never serves Aceh") {
    // The 38 provinces, DKI and a chain into Aceh (tests/data/README.md).
    RegionTable table = RegionTable::from_csv(OKOCE_TEST_DIR "/data/regions_national_sample.csv");
    REQUIRE(table.contains(rc("11.01.01")));
    // The first kelurahan of the first kecamatan in Aceh, and Tebet Timur in Jakarta.
    const RegionCode aceh_kec = table.children(table.children(rc("11")).front()).front();
    const RegionCode aceh_kel = table.children(aceh_kec).front();
    ProgrammeBuilder b;
    b.set_regions(std::move(table));
    b.add(person("ACEH", aceh_kel, date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(person("JKT", rc("31.74.01.1001"), date(2020, 1, 1)).sector(Sector::food_beverage));
    b.add(mentor("M_JKT", rc("31.74.01"), 5));
    const Programme p = b.build();
    const auto r = assign_mentors(p, day, every);
    CHECK(pairs_of(p, r) == std::map<std::string, std::string>{{"JKT", "M_JKT"}});
    CHECK(left_of(p, r) == std::map<std::string, UnassignedReason>{
                               {"ACEH", UnassignedReason::no_mentor_in_province}});
}
