#include "okoce/grouping.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {

Mentor mentor(std::string id, MentorKind kind, std::string community = {}) {
    Mentor m;
    m.id = std::move(id);
    m.kind = kind;
    m.kecamatan = RegionCode::parse("31.74.01");
    m.community = std::move(community);
    m.capacity = 10;
    return m;
}

QuarterlyReport report(std::string who, const char* quarter, std::int64_t revenue) {
    QuarterlyReport r;
    r.participant = std::move(who);
    r.quarter = Quarter::parse(quarter);
    r.revenue = Rupiah(revenue);
    return r;
}

// Six participants in two kota (31.71 Jakarta Pusat, 31.74 Jakarta Selatan), added in this
// order so their indices are P01=0 ... P06=5.
Programme sample() {
    ProgrammeBuilder b;
    b.add(Community{"C1", "Komunitas Kuliner", CommunityBasis::sector, Sector::food_beverage, {}});
    b.add(Community{"C2", "Komunitas Ibu", CommunityBasis::organisation, std::nullopt, {}});
    b.add(person("P01", "31.74.01.1001", date(2019, 8, 1))
              .sector(Sector::food_beverage)
              .community("C2"));
    b.add(person("P02", "31.74.01.1002", date(2019, 9, 30)).sector(Sector::retail));
    b.add(person("P03", "31.74.02.1001", date(2019, 10, 1))
              .sector(Sector::food_beverage)
              .community("C1"));
    b.add(person("P04", "31.71.01.1001", date(2018, 1, 5))
              .sector(Sector::craft)
              .started(date(2010, 1, 1)));
    b.add(person("P05", "31.71.01.1001", date(2020, 2, 29)).sector(Sector::food_beverage));
    b.add(person("P06", "31.74.01.1001", date(2019, 7, 1))
              .sector(Sector::services)
              .started(date(2015, 1, 1)));
    b.add(mentor("M1", MentorKind::office));
    b.add(mentor("M2", MentorKind::community, "C1"));
    b.add(AssignmentRecord{"P01", "M1", date(2019, 8, 1), date(2019, 12, 31)});
    b.add(AssignmentRecord{"P01", "M2", date(2020, 1, 1), no_date});
    b.add(AssignmentRecord{"P03", "M2", date(2019, 10, 1), date(2020, 3, 31)});
    // Two open assignments at once: the later one is the current one.
    b.add(AssignmentRecord{"P06", "M2", date(2019, 9, 1), no_date});
    b.add(AssignmentRecord{"P06", "M1", date(2019, 7, 1), no_date});
    // P06: 2019Q3 revenue 105 against 100 a year before: 5% growth, below 10%.
    b.add(report("P06", "2018Q3", 100));
    b.add(report("P06", "2019Q3", 105));
    return b.build();
}

std::vector<std::string> labels_of(const Groups& g, const std::vector<std::uint32_t>& keys) {
    std::vector<std::string> out;
    for (auto k : keys) out.push_back(g.label.at(k));
    return out;
}
using S = std::vector<std::string>;
} // namespace

TEST_CASE("GroupBy names round-trip") {
    for (auto g : {GroupBy::none, GroupBy::province, GroupBy::kota, GroupBy::kecamatan,
                   GroupBy::kelurahan, GroupBy::sector, GroupBy::phase,
                   GroupBy::registration_quarter, GroupBy::community, GroupBy::mentor_kind})
        CHECK(try_parse<GroupBy>(to_string(g)) == g);
    CHECK(to_string(GroupBy::registration_quarter) == "registration_quarter");
    CHECK(try_parse<GroupBy>("kota") == GroupBy::kota);
    CHECK_FALSE(try_parse<GroupBy>("Kota"));
    CHECK_FALSE(try_parse<GroupBy>("city"));
    CHECK_FALSE(try_parse<GroupBy>(""));
}

TEST_CASE("group_participants by region") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);

    const Groups none = group_participants(p, GroupBy::none, as_of);
    CHECK(none.label == S{"all"});
    CHECK(none.key == std::vector<std::uint32_t>(6, 0));

    CHECK(group_participants(p, GroupBy::province, as_of).label == S{"31"});

    // P04, P05 in 31.71; the rest in 31.74.
    const Groups kota = group_participants(p, GroupBy::kota, as_of);
    CHECK(kota.label == S{"31.71", "31.74"});
    CHECK(kota.key == std::vector<std::uint32_t>{1, 1, 1, 0, 0, 1});

    const Groups kec = group_participants(p, GroupBy::kecamatan, as_of);
    CHECK(kec.label == S{"31.71.01", "31.74.01", "31.74.02"});
    CHECK(kec.key == std::vector<std::uint32_t>{1, 1, 2, 0, 0, 1});

    const Groups kel = group_participants(p, GroupBy::kelurahan, as_of);
    CHECK(kel.label == S{"31.71.01.1001", "31.74.01.1001", "31.74.01.1002", "31.74.02.1001"});
    CHECK(kel.key == std::vector<std::uint32_t>{1, 2, 3, 0, 0, 1});
}

TEST_CASE("group_participants with hundreds of groups, in reverse and interleaved order") {
    // Every kelurahan of the embedded table, visited last to first and each twice, far apart:
    // more groups than a small lookup table holds, and no help from runs of equal codes. The
    // labels must come out in text order and each participant must point at its own.
    const std::vector<RegionCode> kelurahan =
        RegionTable::dki_jakarta().at_level(RegionLevel::kelurahan);
    REQUIRE(kelurahan.size() == 267); // Kepmendagri 300.2.2-2138/2025
    ProgrammeBuilder b;
    std::size_t n = 0;
    for (int round = 0; round < 2; ++round)
        for (auto it = kelurahan.rbegin(); it != kelurahan.rend(); ++it)
            b.add(person("P" + std::to_string(n++), it->to_string().c_str(), date(2019, 1, 1))
                      .sector(Sector::food_beverage));
    const Programme p = b.build();
    const Groups kel = group_participants(p, GroupBy::kelurahan, date(2019, 12, 31));
    REQUIRE(kel.size() == 267);
    for (std::size_t g = 1; g < kel.size(); ++g) CHECK(kel.label[g - 1] < kel.label[g]);
    for (Index i = 0; i < p.participant_count(); ++i)
        CHECK(kel.label[kel.key[i]] == p.participants().kelurahan[i].to_string());
}

TEST_CASE("group_participants by sector, quarter and community") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);

    // Sorted by code text: craft < food_beverage < retail < services.
    const Groups sector = group_participants(p, GroupBy::sector, as_of);
    CHECK(sector.label == S{"craft", "food_beverage", "retail", "services"});
    CHECK(sector.key == std::vector<std::uint32_t>{1, 2, 1, 0, 1, 3});

    // P04 2018-01-05 -> 2018Q1; P06 07-01, P01 08-01, P02 09-30 -> 2019Q3; P03 10-01 -> 2019Q4;
    // P05 2020-02-29 -> 2020Q1 (registered after as_of, still keyed).
    const Groups rq = group_participants(p, GroupBy::registration_quarter, as_of);
    CHECK(rq.label == S{"2018Q1", "2019Q3", "2019Q4", "2020Q1"});
    CHECK(labels_of(rq, rq.key) == S{"2019Q3", "2019Q3", "2019Q4", "2018Q1", "2020Q1", "2019Q3"});

    // '(' sorts before letters, so "(none)" comes first.
    const Groups com = group_participants(p, GroupBy::community, as_of);
    CHECK(com.label == S{"(none)", "C1", "C2"});
    CHECK(com.key == std::vector<std::uint32_t>{2, 0, 1, 0, 0, 0});
}

TEST_CASE("group_participants by mentor kind follows the assignments as of the date") {
    const Programme p = sample();
    const auto m1 = *p.find_mentor("M1"), m2 = *p.find_mentor("M2");

    // 2019-12-31: P01 still with M1 (`to` is inclusive), P03 with M2, P06 with M2 (the later
    // of two open assignments); the others have no mentor.
    CHECK(current_mentor(p, 0, date(2019, 12, 31)) == m1);
    CHECK(current_mentor(p, 2, date(2019, 12, 31)) == m2);
    CHECK(current_mentor(p, 5, date(2019, 12, 31)) == m2);
    CHECK(current_mentor(p, 5, date(2019, 8, 31)) == m1); // before M2 started
    CHECK(current_mentor(p, 1, date(2019, 12, 31)) == no_index);
    const Groups dec = group_participants(p, GroupBy::mentor_kind, date(2019, 12, 31));
    CHECK(dec.label == S{"(none)", "community", "office"});
    CHECK(labels_of(dec, dec.key) ==
          S{"office", "(none)", "community", "(none)", "(none)", "community"});

    // 2020-01-01: P01 moved to M2. 2020-04-01: P03's assignment ended on 2020-03-31.
    const Groups jan = group_participants(p, GroupBy::mentor_kind, date(2020, 1, 1));
    CHECK(jan.label == S{"(none)", "community"});
    CHECK(labels_of(jan, jan.key) ==
          S{"community", "(none)", "community", "(none)", "(none)", "community"});
    const Groups apr = group_participants(p, GroupBy::mentor_kind, date(2020, 4, 1));
    CHECK(labels_of(apr, apr.key) ==
          S{"community", "(none)", "(none)", "(none)", "(none)", "community"});
    // Before P01's assignment began, no mentor: the day before 2019-08-01.
    CHECK(current_mentor(p, 0, date(2019, 7, 31)) == no_index);
}

TEST_CASE("group_participants by phase as of the date") {
    const Programme p = sample();
    // As of 2019-12-31: P04 started 2010 with no reports -> mid_stage (insufficient data);
    // P06 started 2015 (59 months), 2019Q3 vs 2018Q3 is +5% -> stalled; the others have no
    // business start -> starting. Labels in text order: mid_stage < stalled < starting.
    const Groups g = group_participants(p, GroupBy::phase, date(2019, 12, 31));
    CHECK(g.label == S{"mid_stage", "stalled", "starting"});
    CHECK(labels_of(g, g.key) ==
          S{"starting", "starting", "starting", "mid_stage", "starting", "stalled"});
    // As of 2019-09-29 the 2019Q3 report (known at quarter end) is not yet seen: P06 has only
    // 2018Q3, nothing to compare, so mid_stage.
    const Groups before = group_participants(p, GroupBy::phase, date(2019, 9, 29));
    CHECK(before.label == S{"mid_stage", "starting"});
    CHECK(before.label[before.key[5]] == "mid_stage");
    // A looser threshold (5% = 500 bp) makes P06's +5% growing: mid_stage.
    PhaseRules loose;
    loose.growth_threshold_bp = 500;
    const Groups l = group_participants(p, GroupBy::phase, date(2019, 12, 31), loose);
    CHECK(l.label[l.key[5]] == "mid_stage");
}

TEST_CASE("group_participants rejects bad input") {
    const Programme p = sample();
    CHECK_THROWS_AS(group_participants(p, GroupBy::kota, no_date), argument_error);
    CHECK_THROWS_AS(group_participants(p, static_cast<GroupBy>(42), date(2019, 1, 1)),
                    argument_error);
    // An empty programme has no groups, except "all".
    const Programme empty;
    CHECK(group_participants(empty, GroupBy::kota, date(2019, 1, 1)).label.empty());
    CHECK(group_participants(empty, GroupBy::none, date(2019, 1, 1)).label == S{"all"});
}

TEST_CASE("suppress small counts") {
    const Suppression below3{3};
    CHECK(suppress(0, below3) == 0); // an empty cell singles out nobody
    CHECK(suppress(1, below3) == suppressed);
    CHECK(suppress(2, below3) == suppressed);
    CHECK(suppress(3, below3) == 3);
    CHECK(suppress(1, Suppression{}) == 1); // off by default
    CHECK(suppressed == -1);
}
