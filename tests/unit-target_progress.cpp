#include "okoce/target_progress.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {

RegionCode rc(const char* s) {
    return RegionCode::parse(s);
}
const RegionCode tebet = rc("31.74.01"), tebet_timur = rc("31.74.01.1001"),
                 tebet_barat = rc("31.74.01.1002"), setiabudi = rc("31.74.02"),
                 setia_budi = rc("31.74.02.1001");

void people(ProgrammeBuilder& b, const std::string& prefix, int count, RegionCode kelurahan,
            Date registered) {
    for (int k = 1; k <= count; ++k)
        b.add(person(prefix + std::to_string(k), kelurahan, registered));
}
using okoce::test::licence;
Target target(std::string id, TargetMetric metric, RegionCode region, Date start, Date end,
              std::int64_t value) {
    return {std::move(id), metric, region, start, end, value};
}

// Registrations (kelurahan, day, how many):
//   r1..r18 Tebet Timur 2018-01-15     b1, b2 Tebet Barat 2018-04-01   b3 Tebet Barat 2018-04-02
//   j1..j24 Tebet Timur 2018-06-01     k1..k5 Tebet Timur 2018-06-25
//   early Tebet Timur 2017-12-31       late Tebet Timur 2018-07-01     sb Setia Budi 2018-03-01
// Licences: r1 SKU 2018-08-15 then IUMK 2018-10-01 (a renewal); r2 IUMK 2018-09-10;
//   r3 SKU 2018-11-20; r4 PIRT 2018-10-01 (does not count); b1 IUMK 2018-10-05 (Tebet Barat).
// Steps: r5 P3 2018-03-01 (no P2); r6 P2 2018-02-01, P3 2018-05-01; r7 P3 2018-02-01,
//   P2 2018-04-01; j1 P3 2018-07-15.
Programme sample() {
    ProgrammeBuilder b;
    people(b, "r", 18, tebet_timur, date(2018, 1, 15));
    people(b, "b", 2, tebet_barat, date(2018, 4, 1));
    b.add(person("b3", tebet_barat, date(2018, 4, 2)));
    people(b, "j", 24, tebet_timur, date(2018, 6, 1));
    people(b, "k", 5, tebet_timur, date(2018, 6, 25));
    b.add(person("early", tebet_timur, date(2017, 12, 31)));
    b.add(person("late", tebet_timur, date(2018, 7, 1)));
    b.add(person("sb", setia_budi, date(2018, 3, 1)));
    b.add(licence("r1", LicenceKind::sku, date(2018, 8, 15)));
    b.add(licence("r1", LicenceKind::iumk, date(2018, 10, 1)));
    b.add(licence("r2", LicenceKind::iumk, date(2018, 9, 10)));
    b.add(licence("r3", LicenceKind::sku, date(2018, 11, 20)));
    b.add(licence("r4", LicenceKind::pirt, date(2018, 10, 1)));
    b.add(licence("b1", LicenceKind::iumk, date(2018, 10, 5)));
    b.add(StepRecord{"r5", Step::p3, date(2018, 3, 1)});
    b.add(StepRecord{"r6", Step::p2, date(2018, 2, 1)});
    b.add(StepRecord{"r6", Step::p3, date(2018, 5, 1)});
    b.add(StepRecord{"r7", Step::p3, date(2018, 2, 1)});
    b.add(StepRecord{"r7", Step::p2, date(2018, 4, 1)});
    b.add(StepRecord{"j1", Step::p3, date(2018, 7, 15)});
    const Date y0(2018, 1, 1), y1(2018, 12, 31);
    b.add(target("T1", TargetMetric::registered, tebet, y0, y1, 120));
    b.add(target("T2", TargetMetric::licensed, tebet_timur, date(2018, 9, 1), y1, 2));
    b.add(target("T3", TargetMetric::p3, tebet, y0, y1, 3));
    b.add(target("T4", TargetMetric::registered, tebet, date(2019, 1, 1), date(2019, 12, 31), 100));
    b.add(target("T5", TargetMetric::registered, setiabudi, y0, date(2018, 3, 31), 5));
    b.add(target("T6", TargetMetric::registered, tebet_timur, y0, y1, 0));
    b.add(target("T7", TargetMetric::registered, tebet, date(2018, 6, 21), y1, 40));
    b.add(
        target("T8", TargetMetric::registered, setiabudi, date(2018, 6, 30), date(2018, 7, 1), 1));
    b.add(target("T9", TargetMetric::registered, rc("31"), y0, y1, 1000));
    return b.build();
}

// One target's row of a result, by value (callers pass the temporary result).
struct Row {
    std::string id;
    TargetMetric metric;
    RegionCode region;
    std::int64_t value, actual, gap;
    double expected, run_rate_per_day, projected;
    Date projected_reach_on;
};

Row find(const TargetProgress& all, const std::string& id) {
    const std::size_t r = all.row_of(id);
    return {all.id[r],        all.metric[r],
            all.region[r],    all.value[r],
            all.actual[r],    all.gap[r],
            all.expected[r],  all.run_rate_per_day[r],
            all.projected[r], all.projected_reach_on[r]};
}

} // namespace

TEST_CASE("target progress at mid-year, worked by hand") {
    const Programme p = sample();
    const Date as_of(2018, 6, 30);
    const auto all = target_progress(p, as_of);
    REQUIRE(all.size() == 9);
    CHECK(all.id[0] == "T1"); // the order of programme.targets()

    SUBCASE("T1: 120 registrations in Tebet over 2018") {
        // Seen: 2018-01-01..06-30 = 31+28+31+30+31+30 = 181 of 365 days.
        // actual: r 18 + b 3 + j 24 + k 5 = 50 (early is 2017, late after as_of).
        // expected = 120 * 181 / 365 = 59.5068...; gap = 50 - 60 = -10.
        // Window: the 90 days 2018-04-02..06-30 (Apr 29 + May 31 + Jun 30): b3, j 24, k 5 = 30
        //   (b1, b2 on 04-01 fall just outside); rate = 30 / 90 = 1/3 a day.
        // Days left: 07-01..12-31 = 31+31+30+31+30+31 = 184; projected = 50 + 184/3 = 111.33.
        // Reach: 70 short at 1/3 a day = 210 days after 06-30: +184 is 12-31, +26 is
        //   2019-01-26, after the end.
        const Row t = find(all, "T1");
        CHECK(t.metric == TargetMetric::registered);
        CHECK(t.region == tebet);
        CHECK(t.value == 120);
        CHECK(t.actual == 50);
        CHECK(t.expected == doctest::Approx(120.0 * 181 / 365));
        CHECK(t.gap == -10);
        CHECK(t.run_rate_per_day == doctest::Approx(1.0 / 3));
        CHECK(t.projected == doctest::Approx(50 + 184.0 / 3));
        CHECK(t.projected_reach_on == date(2019, 1, 26));
    }
    SUBCASE("T3: P3 in Tebet, a-la-carte") {
        // a-la-carte dates (registration is P1): r7 02-01, r5 03-01, r6 05-01; j1 is after
        // as_of. actual 3 = value: reached on the third, 2018-05-01.
        // expected = 3 * 181 / 365 = 1.4877 -> 1; gap = 2. Window 04-02..06-30 holds r6 only:
        // rate 1/90; projected = 3 + 184/90.
        const Row t = find(all, "T3");
        CHECK(t.actual == 3);
        CHECK(t.gap == 2);
        CHECK(t.run_rate_per_day == doctest::Approx(1.0 / 90));
        CHECK(t.projected == doctest::Approx(3 + 184.0 / 90));
        CHECK(t.projected_reach_on == date(2018, 5, 1));
    }
    SUBCASE("T4: a period not yet started") {
        // Nothing seen; all 365 days of 2019 are left, at a rate of 0.
        const Row t = find(all, "T4");
        CHECK(t.actual == 0);
        CHECK(t.expected == 0);
        CHECK(t.gap == 0);
        CHECK(t.run_rate_per_day == 0);
        CHECK(t.projected == 0);
        CHECK(t.projected_reach_on.is_not_a_date());
    }
    SUBCASE("T5: a period over and missed") {
        // 2018-01-01..03-31 is 31+28+31 = 90 days, all seen: expected 5. Setiabudi has sb only
        // (03-01): actual 1, gap -4. The window is the whole period: rate 1/90. No days
        // left: projected 1, and the target can no longer be reached.
        const Row t = find(all, "T5");
        CHECK(t.actual == 1);
        CHECK(t.expected == doctest::Approx(5.0));
        CHECK(t.gap == -4);
        CHECK(t.run_rate_per_day == doctest::Approx(1.0 / 90));
        CHECK(t.projected == doctest::Approx(1.0));
        CHECK(t.projected_reach_on.is_not_a_date());
    }
    SUBCASE("T6: a target of zero is reached on its first day") {
        // Tebet Timur registrations seen: r 18 + j 24 + k 5 = 47.
        const Row t = find(all, "T6");
        CHECK(t.actual == 47);
        CHECK(t.gap == 47);
        CHECK(t.projected_reach_on == date(2018, 1, 1));
    }
    SUBCASE("T7: a period ten days old is judged by ten days") {
        // 06-21..06-30 = 10 days seen of 10 + 184 = 194; k1..k5 on 06-25: actual 5.
        // expected = 40 * 10 / 194 = 2.06 -> 2, gap 3. rate = 5 / 10 = 0.5 (not 5 / 90).
        // projected = 5 + 0.5 * 184 = 97. 35 short at 0.5 a day = 70 days after 06-30:
        // +31 is 07-31, +62 is 08-31, +70 is 2018-09-08.
        const Row t = find(all, "T7");
        CHECK(t.actual == 5);
        CHECK(t.expected == doctest::Approx(400.0 / 194));
        CHECK(t.gap == 3);
        CHECK(t.run_rate_per_day == doctest::Approx(0.5));
        CHECK(t.projected == doctest::Approx(97.0));
        CHECK(t.projected_reach_on == date(2018, 9, 8));
    }
    SUBCASE("T8: an expected half rounds up") {
        // One of two days seen: expected 0.5 -> 1; actual 0; gap -1.
        const Row t = find(all, "T8");
        CHECK(t.expected == doctest::Approx(0.5));
        CHECK(t.gap == -1);
        CHECK(t.projected == 0);
    }
    SUBCASE("T9: a province target counts every kelurahan in it") {
        // Tebet's 50 and Setia Budi's 1.
        CHECK(find(all, "T9").actual == 51);
    }
}

TEST_CASE("target progress: policies, licence counting and the year end") {
    const Programme p = sample();
    SUBCASE("sequential P3 needs P2 first") {
        // As of 2018-06-30: r5 has no P2 (not reached); r6 reached on 05-01; r7 on 04-01 (P2).
        // actual 2, gap 2 - 1 = 1. Window from 04-02: r6 only, rate 1/90. One short: 90 days
        // after 06-30 is 2018-09-28 (+31 07-31, +62 08-31, +90 09-28).
        const Row t = find(target_progress(p, date(2018, 6, 30), StepPolicy::sequential), "T3");
        CHECK(t.actual == 2);
        CHECK(t.gap == 1);
        CHECK(t.run_rate_per_day == doctest::Approx(1.0 / 90));
        CHECK(t.projected_reach_on == date(2018, 9, 28));
    }
    SUBCASE("licensed: first licence in the period, in the region") {
        // As of 2018-12-31, Tebet Timur, 09-01..12-31 (122 days, all seen): r1 was first
        // licensed 08-15 (before; its IUMK renewal does not count again), r2 09-10, r3 11-20;
        // r4's PIRT does not count, b1 is in Tebet Barat. actual 2 = value, reached 11-20.
        // expected 2, gap 0. Window 10-03..12-31: r3 only, rate 1/90; no days left.
        const Row t = find(target_progress(p, date(2018, 12, 31)), "T2");
        CHECK(t.actual == 2);
        CHECK(t.expected == doctest::Approx(2.0));
        CHECK(t.gap == 0);
        CHECK(t.run_rate_per_day == doctest::Approx(1.0 / 90));
        CHECK(t.projected == doctest::Approx(2.0));
        CHECK(t.projected_reach_on == date(2018, 11, 20));
    }
    SUBCASE("licensed, counting IUMK only") {
        // r1 is first licensed (IUMK) on 10-01, r2 on 09-10, r3 never: actual 2, reached on
        // 10-01; the window 10-03..12-31 holds nothing.
        const auto all = target_progress(p, date(2018, 12, 31), StepPolicy::a_la_carte,
                                         LicenceKinds{LicenceKind::iumk});
        const Row t = find(all, "T2");
        CHECK(t.actual == 2);
        CHECK(t.projected_reach_on == date(2018, 10, 1));
        CHECK(t.run_rate_per_day == 0);
    }
    SUBCASE("at the year end") {
        // T1 as of 2018-12-31: late (07-01) adds one: 51 of 120, expected 120, gap -69; no
        // registrations in 10-03..12-31; the period is over, so no reach date.
        const Row t = find(target_progress(p, date(2018, 12, 31)), "T1");
        CHECK(t.actual == 51);
        CHECK(t.gap == -69);
        CHECK(t.run_rate_per_day == 0);
        CHECK(t.projected == doctest::Approx(51.0));
        CHECK(t.projected_reach_on.is_not_a_date());
    }
    CHECK_THROWS_AS(target_progress(p, no_date), argument_error);
}

namespace {
std::vector<std::int64_t> values(const std::vector<std::pair<RegionCode, std::int64_t>>& parts) {
    std::vector<std::int64_t> v;
    for (const auto& [code, n] : parts) v.push_back(n);
    return v;
}
std::int64_t sum(const std::vector<std::int64_t>& v) {
    std::int64_t s = 0;
    for (auto x : v) s += x;
    return s;
}
// A kecamatan with three kelurahan.
RegionTable small_table() {
    return RegionTable::from_rows({{rc("31"), "P"},
                                   {rc("31.74"), "K"},
                                   {rc("31.74.01"), "C"},
                                   {rc("31.74.01.1003"), "c3"},
                                   {rc("31.74.01.1001"), "c1"},
                                   {rc("31.74.01.1002"), "c2"}});
}
} // namespace

TEST_CASE("cascade splits exactly by largest remainders") {
    const RegionTable& dki = RegionTable::dki_jakarta();
    const RegionTable small = small_table();
    const std::vector<double> seven(7, 1.0), three(3, 1.0);

    // 200 over Tebet's 7 kelurahan: 200 = 7 * 28 + 4, every remainder 4/7, so the four
    // smallest codes (1001..1004) get 29 and the rest 28.
    const auto parts = cascade(200, tebet, dki, seven);
    REQUIRE(parts.size() == 7);
    CHECK(parts[0].first == tebet_timur);
    CHECK(parts[6].first == rc("31.74.01.1007"));
    CHECK(values(parts) == std::vector<std::int64_t>{29, 29, 29, 29, 28, 28, 28});
    // 1 over 3: the smallest code (rows were given out of order).
    const auto one = cascade(1, rc("31.74.01"), small, three);
    CHECK(one[0].first == rc("31.74.01.1001"));
    CHECK(values(one) == std::vector<std::int64_t>{1, 0, 0});
    // 0 gives 0 everywhere, even with all weights zero.
    CHECK(values(cascade(0, tebet, dki, std::vector<double>(7, 0.0))) ==
          std::vector<std::int64_t>(7, 0));
    // 40,000 a year over DKI's six kota equally: 6666 r 4 -> 31.01, 31.71, 31.72, 31.73 get
    // 6667.
    CHECK(values(cascade(40000, rc("31"), dki, std::vector<double>(6, 1.0))) ==
          std::vector<std::int64_t>{6667, 6667, 6667, 6667, 6666, 6666});

    SUBCASE("weights") {
        // 7 by {5, 3, 2}: quotas 3.5, 2.1, 1.4 -> 3 + 2 + 1 = 6; one left to .5 -> {4, 2, 1}.
        CHECK(values(cascade(7, rc("31.74.01"), small, std::vector<double>{5, 3, 2})) ==
              std::vector<std::int64_t>{4, 2, 1});
        // 4 by {3, 1, 4} (total 8): quotas 1.5, 0.5, 2 -> 1 + 0 + 2; the .5 remainders tie and
        // the smaller code wins even though its weight is the larger: {2, 0, 2}.
        CHECK(values(cascade(4, rc("31.74.01"), small, std::vector<double>{3, 1, 4})) ==
              std::vector<std::int64_t>{2, 0, 2});
        // 4 by {1, 3, 4}: quotas 0.5, 1.5, 2 -> again the first code: {1, 1, 2}.
        CHECK(values(cascade(4, rc("31.74.01"), small, std::vector<double>{1, 3, 4})) ==
              std::vector<std::int64_t>{1, 1, 2});
        // Fractional weights {0.25, 0.25, 0.5} for 3: quotas 0.75, 0.75, 1.5 -> 0, 0, 1; two
        // left to the .75s: {1, 1, 1}.
        CHECK(values(cascade(3, rc("31.74.01"), small, std::vector<double>{0.25, 0.25, 0.5})) ==
              std::vector<std::int64_t>{1, 1, 1});
        // A zero weight can still get nothing: 5 by {0, 1, 1} -> 2.5, 2.5 -> {0, 3, 2}.
        CHECK(values(cascade(5, rc("31.74.01"), small, std::vector<double>{0, 1, 1})) ==
              std::vector<std::int64_t>{0, 3, 2});
        // Awkward values always add up.
        for (std::int64_t v : {1, 2, 3, 199, 200, 201, 5000, 1000003})
            for (const auto& w :
                 {std::vector<double>{1, 1, 1}, std::vector<double>{1, 2, 4},
                  std::vector<double>{0.1, 0.7, 0.2}, std::vector<double>{1e-9, 3e9, 7}})
                CHECK(sum(values(cascade(v, rc("31.74.01"), small, w))) == v);
    }
    SUBCASE("bad input") {
        CHECK_THROWS_AS(cascade(-1, tebet, dki, seven), argument_error);
        CHECK_THROWS_AS(cascade(5, tebet_timur, dki, std::vector<double>{}),
                        argument_error); // a kelurahan has no children
        CHECK_THROWS_AS(cascade(5, tebet, dki, three), argument_error);
        CHECK_THROWS_AS(cascade(5, rc("31.74.01"), small, std::vector<double>{1, -1, 1}),
                        argument_error);
        CHECK_THROWS_AS(cascade(5, rc("31.74.01"), small, std::vector<double>{1, std::nan(""), 1}),
                        argument_error);
        CHECK_THROWS_AS(cascade(5, rc("31.74.01"), small,
                                std::vector<double>{1, std::numeric_limits<double>::infinity(), 1}),
                        argument_error);
        CHECK_THROWS_AS(cascade(5, rc("31.74.01"), small, std::vector<double>{0, 0, 0}),
                        argument_error);
        CHECK_THROWS_AS(cascade(5, rc("31.74.02"), small, three), reference_error);
    }
}

TEST_CASE("cascade of a programme's target") {
    const Programme p = sample();
    const Target t1 =
        target("T1", TargetMetric::registered, tebet, date(2018, 1, 1), date(2018, 12, 31), 120);
    // Equal: 120 = 7 * 17 + 1 -> Tebet Timur 18, the others 17.
    CHECK(values(cascade(p, t1, CascadeWeights::equal, date(2018, 6, 30))) ==
          std::vector<std::int64_t>{18, 17, 17, 17, 17, 17, 17});
    // Registrations on or before 2018-06-30: Tebet Timur r 18 + j 24 + k 5 + early = 48,
    // Tebet Barat 3, the rest 0 (total 51). 120*48 = 5760 = 51*112 + 48; 120*3 = 360 =
    // 51*7 + 3: 112 + 7 = 119, the one left to the larger remainder: {113, 7, 0, ...}.
    CHECK(values(cascade(p, t1, CascadeWeights::registrations, date(2018, 6, 30))) ==
          std::vector<std::int64_t>{113, 7, 0, 0, 0, 0, 0});
    // Population: needs a map holding every child.
    CHECK_THROWS_AS(cascade(p, t1, CascadeWeights::population, date(2018, 6, 30)), argument_error);
    std::map<RegionCode, double> partial{{tebet_timur, 10.0}};
    CHECK_THROWS_AS(cascade(p, t1, CascadeWeights::population, date(2018, 6, 30), &partial),
                    argument_error);
    // Nobody registered yet: no split by registrations.
    CHECK_THROWS_AS(cascade(p, t1, CascadeWeights::registrations, date(2017, 1, 1)),
                    argument_error);
}

TEST_CASE("cascade of 40,000 a year by kota population") {
    // code,name,level,parent,population (tests/data/README.md); keep the six kota of DKI.
    std::map<RegionCode, double> population;
    for (const auto& row : okoce::test::fixture_rows("regions_dki_oracle.csv"))
        if (row[2] == "kota") population[RegionCode::parse(row[0])] = std::stod(row[4]);
    REQUIRE(population.size() == 6);
    const Programme p;
    const Target t{"DKI-2018",       TargetMetric::licensed, rc("31"),
                   date(2018, 1, 1), date(2018, 12, 31),     40000};
    // Worked with exact fractions (total 11,038,216): quotas 40000 * pop / total =
    //   31.01 109.924  31.71 3831.308  31.72 6638.870  31.73 9265.091  31.74 8448.507
    //   31.75 11706.301; floors add to 39,997; the 3 left go to .924, .870, .507.
    CHECK(values(cascade(p, t, CascadeWeights::population, date(2018, 1, 1), &population)) ==
          std::vector<std::int64_t>{110, 3831, 6639, 9265, 8449, 11706});
}

TEST_CASE("roll-up from kelurahan to province") {
    const RegionTable& dki = RegionTable::dki_jakarta();
    SUBCASE("by hand") {
        const std::vector<RegionCode> codes{tebet_timur,         tebet_barat, setia_budi,
                                            rc("31.71.01.1001"), tebet_timur, rc("31.75.01")};
        const std::vector<std::int64_t> counts{5, 3, 7, 11, 2, 4};
        const auto all = roll_up(dki, codes, counts);
        REQUIRE(all.size() == 318); // 1 + 6 + 44 + 267
        std::map<std::string, std::int64_t> got;
        for (const auto& [code, n] : all) got[code.to_string()] = n;
        // 31: 5+3+7+11+2+4 = 32; Jakarta Selatan 5+3+7+2 = 17; Tebet 5+3+2 = 10; Tebet Timur
        // 5+2 = 7; Setiabudi 7; Jakarta Pusat 11; Jakarta Timur 4 (known only to the kecamatan
        // 31.75.01, so none of its kelurahan has it).
        CHECK(got["31"] == 32);
        CHECK(got["31.74"] == 17);
        CHECK(got["31.74.01"] == 10);
        CHECK(got["31.74.01.1001"] == 7);
        CHECK(got["31.74.01.1002"] == 3);
        CHECK(got["31.74.02"] == 7);
        CHECK(got["31.71"] == 11);
        CHECK(got["31.71.01"] == 11);
        CHECK(got["31.75"] == 4);
        CHECK(got["31.75.01"] == 4);
        CHECK(got["31.75.01.1001"] == 0);
        CHECK(got["31.72"] == 0);
        CHECK(got["31.01"] == 0);
        CHECK(all.front().first == rc("31")); // depth-first
    }
    SUBCASE("every kelurahan, against sums by code prefix") {
        const auto kel = dki.at_level(RegionLevel::kelurahan);
        REQUIRE(kel.size() == 267);
        std::vector<std::int64_t> counts;
        std::int64_t total = 0;
        std::map<std::string, std::int64_t> by_prefix; // "31.74", "31.74.01"
        for (std::size_t k = 0; k < kel.size(); ++k) {
            counts.push_back(static_cast<std::int64_t>(k % 5) + 1);
            total += counts.back();
            const std::string s = kel[k].to_string();
            by_prefix[s.substr(0, 5)] += counts.back();
            by_prefix[s.substr(0, 8)] += counts.back();
        }
        const auto all = roll_up(dki, kel, counts);
        std::int64_t kelurahan_rows = 0;
        for (const auto& [code, n] : all) {
            const std::string s = code.to_string();
            if (code.level() == RegionLevel::province)
                CHECK(n == total);
            else if (code.level() == RegionLevel::kelurahan)
                kelurahan_rows += n;
            else
                CHECK_MESSAGE(n == by_prefix[s], s);
        }
        CHECK(kelurahan_rows == total);
    }
    SUBCASE("bad input") {
        const std::vector<RegionCode> codes{tebet_timur, tebet_barat};
        CHECK_THROWS_AS(roll_up(dki, codes, std::vector<std::int64_t>{1}), argument_error);
        // -1 is the suppressed marker of grouping.hpp.
        CHECK_THROWS_AS(roll_up(dki, codes, std::vector<std::int64_t>{1, -1}), argument_error);
        CHECK_THROWS_AS(roll_up(dki, std::vector<RegionCode>{rc("31.74.01.1099")},
                                std::vector<std::int64_t>{1}),
                        reference_error);
    }
}

TEST_CASE("a projection more than a century away is not a date") {
    // One registration in the last 90 days and 39,999 to go: 39,999 * 90 days is about
    // 9,856 years, past Boost's year 9999, so the projection is "not in reach".
    ProgrammeBuilder b;
    Participant p;
    p.id = "only";
    p.kelurahan = RegionCode::parse("31.74.01.1001");
    p.registered_on = Date(2018, 10, 1);
    b.add(p);
    b.add(Target{"T", TargetMetric::registered, RegionCode::parse("31"), Date(2018, 1, 1),
                 Date(2018, 12, 31), 40'000});
    const Programme prog = b.build();
    const auto rows = target_progress(prog, Date(2018, 10, 31));
    REQUIRE(rows.size() == 1);
    CHECK(rows.actual[0] == 1);
    CHECK(rows.projected_reach_on[0].is_not_a_date());
}

TEST_CASE("a projection past 2200-12-31, the last supported day, is not a date") {
    // One registration in the last 90 days of 2190. 39 more to go need 39 * 90 = 3,510 days:
    // 2200-06-11 (Python: date(2190, 10, 31) + timedelta(3510)), inside the supported range.
    // 99 more need 8,910 days: 2215-03-25, within a century but past 2200-12-31, which a
    // DataFrame's datetime64[ns] is promised to hold (calendar.hpp), so "not in reach".
    ProgrammeBuilder b;
    Participant p;
    p.id = "only";
    p.kelurahan = RegionCode::parse("31.74.01.1001");
    p.registered_on = Date(2190, 10, 1);
    b.add(p);
    const auto dki = RegionCode::parse("31");
    b.add(Target{"near", TargetMetric::registered, dki, Date(2190, 1, 1), Date(2190, 12, 31), 40});
    b.add(Target{"far", TargetMetric::registered, dki, Date(2190, 1, 1), Date(2190, 12, 31), 100});
    const Programme prog = b.build();
    const auto rows = target_progress(prog, Date(2190, 10, 31));
    REQUIRE(rows.size() == 2);
    CHECK(rows.projected_reach_on[rows.row_of("near")] == Date(2200, 6, 11));
    CHECK(rows.projected_reach_on[rows.row_of("far")].is_not_a_date());
    CHECK_THROWS_AS(rows.row_of("nowhere"), argument_error);
}
