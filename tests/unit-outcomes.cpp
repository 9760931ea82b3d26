#include "okoce/outcomes.hpp"
#include "okoce/partial.hpp"
#include "okoce/partition.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace okoce;
using namespace okoce::literals;
using boost::gregorian::date;
using okoce::test::licence;
using okoce::test::person;

namespace {

QuarterlyReport report(std::string who, Quarter q, Rupiah revenue,
                       std::optional<std::int32_t> employees = std::nullopt,
                       Date reported = no_date) {
    QuarterlyReport r;
    r.participant = std::move(who);
    r.quarter = q;
    r.revenue = revenue;
    r.employees = employees;
    r.reported_on = reported;
    return r;
}

void each_quarter(ProgrammeBuilder& b, const std::string& who, Quarter from, Quarter to,
                  Rupiah revenue) {
    for (Quarter q = from; q <= to; q = q.next()) b.add(report(who, q, revenue));
}


// Naik kelas from 2020-12-31 (UU 20/2008 in force) to 2022-01-31 (PP 7/2021), classes by
// annual turnover at 2020Q4 and 2021Q4:
//   A 31.74: Rp100 juta a quarter throughout: Rp400 juta a year at both dates. UU 20/2008
//     small (above Rp300 juta), PP 7/2021 micro (up to Rp2 miliar).
//   B 31.74: Rp50 juta a quarter in 2020 (Rp200 juta: micro under both), Rp150 juta in 2021
//     (Rp600 juta: small under UU 20/2008, micro under PP 7/2021). Its 2021Q4 report arrives
//     2022-01-10, known by the end date.
//   C 31.71: only 2021Q3 and 2021Q4, Rp1 miliar each: no class at the start; at the end none
//     under four_quarters, Rp4 miliar annualised (PP 7/2021 small, UU 20/2008 medium).
//   D 31.71: registered 2021-06-01, after the start: not counted.
Programme naik_kelas_sample() {
    ProgrammeBuilder b;
    b.add(person("A", "31.74.01.1001", date(2019, 1, 15)));
    b.add(person("B", "31.74.01.1002", date(2019, 1, 15)));
    b.add(person("C", "31.71.01.1001", date(2019, 1, 15)));
    b.add(person("D", "31.71.01.1001", date(2021, 6, 1)));
    each_quarter(b, "A", Quarter(2019, 1), Quarter(2021, 4), 100_juta);
    each_quarter(b, "B", Quarter(2020, 1), Quarter(2020, 4), 50_juta);
    each_quarter(b, "B", Quarter(2021, 1), Quarter(2021, 3), 150_juta);
    b.add(report("B", Quarter(2021, 4), 150_juta, std::nullopt, date(2022, 1, 10)));
    b.add(report("C", Quarter(2021, 3), 1_miliar));
    b.add(report("C", Quarter(2021, 4), 1_miliar));
    each_quarter(b, "D", Quarter(2021, 3), Quarter(2021, 4), 10_juta);
    return b.build();
}

const Date nk_start = date(2020, 12, 31), nk_end = date(2022, 1, 31);
constexpr std::size_t cell(std::size_t from, std::size_t to) {
    return from * 5 + to;
}
constexpr std::size_t micro = 0, small = 1, medium = 2, unknown = 4;


} // namespace

TEST_CASE("annual turnover sums four quarters, or annualises fewer when asked") {
    const Programme p = naik_kelas_sample();
    const Index a = *p.find_participant("A"), b = *p.find_participant("B"),
                c = *p.find_participant("C");
    const AnnualTurnover ta = annual_turnover(p, a, Quarter(2020, 4), TurnoverRule::four_quarters);
    CHECK(ta.amount == 400_juta);
    CHECK(ta.quarters == 4);
    CHECK_FALSE(ta.annualised);
    // B's 2021Q4 report is not known on 2021-12-31: three quarters then.
    const AnnualTurnover tb =
        annual_turnover(p, b, Quarter(2021, 4), TurnoverRule::four_quarters, date(2021, 12, 31));
    CHECK_FALSE(tb.amount.has_value());
    CHECK(tb.quarters == 3);
    CHECK(annual_turnover(p, b, Quarter(2021, 4), TurnoverRule::four_quarters).amount == 600_juta);
    const AnnualTurnover tc = annual_turnover(p, c, Quarter(2021, 4), TurnoverRule::annualise);
    CHECK(tc.amount == 4_miliar); // (1 + 1) miliar x 4 / 2
    CHECK(tc.quarters == 2);
    CHECK(tc.annualised);
    CHECK_FALSE(annual_turnover(p, c, Quarter(2021, 4), TurnoverRule::four_quarters).amount);
    CHECK(annual_turnover(p, c, Quarter(2020, 4), TurnoverRule::annualise).quarters == 0);
    CHECK(last_full_quarter(date(2021, 12, 31)) == Quarter(2021, 4));
    CHECK(last_full_quarter(date(2022, 1, 31)) == Quarter(2021, 4));
    CHECK(last_full_quarter(date(2021, 12, 30)) == Quarter(2021, 3));
}

TEST_CASE("naik kelas across 2021-02-02 under each regime") {
    const Programme p = naik_kelas_sample();
    // participants in id order: A, B, C (D registered after the start).
    SUBCASE("uu20_2008: B moves up from micro to small, A stays small") {
        const NaikKelas n = naik_kelas(p, nk_start, nk_end, NaikKelasRegime::uu20_2008);
        CHECK(n.law_start == "UU 20/2008");
        CHECK(n.law_end == "UU 20/2008");
        CHECK(n.mixes_laws == 0);
        REQUIRE(n.group == std::vector<std::string>{"all"});
        CHECK(n.participants[0] == 3);
        CHECK(n.up[0] == 1);
        CHECK(n.down[0] == 0);
        CHECK(n.same[0] == 1);
        CHECK(n.unclassified[0] == 1);
        CHECK(n.matrix[0][cell(micro, small)] == 1);
        CHECK(n.matrix[0][cell(small, small)] == 1);
        CHECK(n.matrix[0][cell(unknown, unknown)] == 1);
        CHECK(n.id == std::vector<std::string>{"A", "B", "C"});
        CHECK(n.from == std::vector<std::int32_t>{1, 0, 4});
        CHECK(n.to == std::vector<std::int32_t>{1, 1, 4});
    }
    SUBCASE("pp7_2021 and later: nobody moves") {
        for (const auto regime : {NaikKelasRegime::pp7_2021, NaikKelasRegime::later}) {
            const NaikKelas n = naik_kelas(p, nk_start, nk_end, regime);
            CHECK(n.law_start == "PP 7/2021");
            CHECK(n.law_end == "PP 7/2021");
            CHECK(n.mixes_laws == 0);
            CHECK(n.up[0] == 0);
            CHECK(n.down[0] == 0);
            CHECK(n.same[0] == 2);
            CHECK(n.matrix[0][cell(micro, micro)] == 2);
        }
    }
    SUBCASE("each_date: A falls from small to micro by a change of law alone, flagged") {
        const NaikKelas n = naik_kelas(p, nk_start, nk_end, NaikKelasRegime::each_date);
        CHECK(n.law_start == "UU 20/2008");
        CHECK(n.law_end == "PP 7/2021");
        CHECK(n.mixes_laws == 1);
        CHECK(n.down[0] == 1);
        CHECK(n.up[0] == 0);
        CHECK(n.same[0] == 1); // B: micro (Rp200 juta, UU) to micro (Rp600 juta, PP)
        CHECK(n.matrix[0][cell(small, micro)] == 1);
    }
    SUBCASE("each_date within one law does not mix") {
        const NaikKelas n =
            naik_kelas(p, date(2021, 3, 31), nk_end, NaikKelasRegime::each_date);
        CHECK(n.mixes_laws == 0);
    }
    SUBCASE("annualise classifies C at the end; by kota") {
        const NaikKelas n = naik_kelas(p, nk_start, nk_end, NaikKelasRegime::uu20_2008,
                                       GroupBy::kota, TurnoverRule::annualise);
        CHECK(n.turnover == "annualise");
        REQUIRE(n.group == std::vector<std::string>{"31.71", "31.74"});
        CHECK(n.participants == std::vector<std::int64_t>{1, 2});
        CHECK(n.matrix[0][cell(unknown, medium)] == 1); // Rp4 miliar under UU 20/2008
        CHECK(n.unclassified == std::vector<std::int64_t>{1, 0});
        CHECK(n.up == std::vector<std::int64_t>{0, 1});
    }
    SUBCASE("bad dates") {
        CHECK_THROWS_AS(naik_kelas(p, nk_end, nk_start), argument_error);
        CHECK_THROWS_AS(naik_kelas(p, no_date, nk_end), argument_error);
    }
}

namespace {
// Jobs, as of 2021-12-31 (window 2021Q1..Q4):
//   A 31.74 joined 2019Q1: employees 2 (2019Q1), 3 (2019Q2), 5 (2021Q4): baseline 2, now 5.
//   B 31.74 joined 2019Q1: employees 4 (2019Q2), 1 (2021Q3), none in 2021Q4 (reported
//     2022-01-10, counted all the same): baseline 4, now 1 (the latest with employees): 3 lost.
//   C 31.71 joined 2019Q1: first report 2021Q3: no baseline.
//   D 31.71 joined 2021-06-01: 1 (2021Q2, a baseline), 1 (2021Q4): no change.
//   E 31.71 joined 2019Q1: 2 (2019Q1), last report 2020Q4: nothing in the window.
//   F joined 2022-01-05: not counted.
Programme jobs_sample() {
    ProgrammeBuilder b;
    b.add(person("A", "31.74.01.1001", date(2019, 1, 15)));
    b.add(person("B", "31.74.01.1002", date(2019, 1, 15)));
    b.add(person("C", "31.71.01.1001", date(2019, 1, 15)));
    b.add(person("D", "31.71.01.1001", date(2021, 6, 1)));
    b.add(person("E", "31.71.01.1001", date(2019, 1, 15)));
    b.add(person("F", "31.71.01.1001", date(2022, 1, 5)));
    b.add(report("A", Quarter(2019, 1), 1_juta, 2));
    b.add(report("A", Quarter(2019, 2), 1_juta, 3));
    b.add(report("A", Quarter(2021, 4), 1_juta, 5));
    b.add(report("B", Quarter(2019, 2), 1_juta, 4));
    b.add(report("B", Quarter(2021, 3), 1_juta, 1));
    b.add(report("B", Quarter(2021, 4), 1_juta, std::nullopt, date(2022, 1, 10)));
    b.add(report("B", Quarter(2022, 1), 1_juta, 9));
    b.add(report("C", Quarter(2021, 3), 1_juta, 7));
    b.add(report("D", Quarter(2021, 2), 1_juta, 1));
    b.add(report("D", Quarter(2021, 4), 1_juta, 1));
    b.add(report("E", Quarter(2019, 1), 1_juta, 2));
    b.add(report("E", Quarter(2020, 4), 1_juta, 6));
    b.add(report("F", Quarter(2022, 1), 1_juta, 3));
    return b.build();
}
} // namespace

TEST_CASE("jobs created, lost and net between baseline and now") {
    const Programme p = jobs_sample();
    const Jobs j = jobs(p, date(2021, 12, 31));
    REQUIRE(j.group == std::vector<std::string>{"all"});
    CHECK(j.participants[0] == 5);
    CHECK(j.with_data[0] == 3);               // A, B, D
    CHECK(j.baseline_employees[0] == 2 + 4 + 1);
    CHECK(j.employees_now[0] == 5 + 1 + 1);
    CHECK(j.jobs_created[0] == 3);
    CHECK(j.jobs_lost[0] == 3);
    CHECK(j.net[0] == 0);
    CHECK(j.exposure.empty());
    // B's 2022Q1 report counts once 2022Q1 has ended: 5 created by B instead of 3 lost.
    CHECK(jobs(p, date(2022, 3, 30)).jobs_lost[0] == 3);
    const Jobs later = jobs(p, date(2022, 3, 31));
    CHECK(later.jobs_created[0] == 3 + 5);
    CHECK(later.jobs_lost[0] == 0);
    CHECK(later.participants[0] == 6);
    const Jobs by = jobs(p, date(2021, 12, 31), GroupBy::kota);
    REQUIRE(by.group == std::vector<std::string>{"31.71", "31.74"});
    CHECK(by.with_data == std::vector<std::int64_t>{1, 2});
    CHECK(by.net == std::vector<std::int64_t>{0, 0});
    CHECK(by.jobs_lost == std::vector<std::int64_t>{0, 3});
    // Fewer than 3 participants in 31.74 (A, B): every count of the group is hidden.
    const Jobs hidden = finish(jobs_partial(p, date(2021, 12, 31), GroupBy::kota), Suppression{3});
    CHECK(hidden.participants == std::vector<std::int64_t>{3, suppressed});
    CHECK(hidden.jobs_lost == std::vector<std::int64_t>{0, suppressed});
    CHECK(hidden.net == std::vector<std::int64_t>{0, suppressed});
}

namespace {
// Sales growth as of 2022-01-31: 2021Q4 against 2020Q4.
//   A: 100 -> 100 juta, flat (0). B: 50 -> 150 juta, growing (+2.0). F: 80 -> 60 juta, falling
//   (-0.25). E: 0 -> 5 juta, from zero (no rate). C: 2021Q4 only, no data.
Programme growth_sample() {
    ProgrammeBuilder b;
    b.add(person("A", "31.74.01.1001", date(2019, 1, 15)));
    b.add(person("B", "31.74.01.1002", date(2019, 1, 15)));
    b.add(person("C", "31.71.01.1001", date(2019, 1, 15)));
    b.add(person("E", "31.71.01.1001", date(2019, 1, 15)));
    b.add(person("F", "31.71.01.1001", date(2019, 1, 15)));
    for (const auto& [who, before, now] :
         std::vector<std::tuple<std::string, Rupiah, Rupiah>>{{"A", 100_juta, 100_juta},
                                                              {"B", 50_juta, 150_juta},
                                                              {"E", 0_rp, 5_juta},
                                                              {"F", 80_juta, 60_juta}}) {
        b.add(report(who, Quarter(2020, 4), before));
        b.add(report(who, Quarter(2021, 2), 1_juta)); // not a quarter compared
        b.add(report(who, Quarter(2021, 4), now));
    }
    b.add(report("C", Quarter(2021, 4), 9_juta));
    return b.build();
}
} // namespace

TEST_CASE("sales growth of the same quarter a year before, with an exact median") {
    const Programme p = growth_sample();
    const SalesGrowth g = sales_growth(p, date(2022, 1, 31));
    REQUIRE(g.group.size() == 1);
    CHECK(g.quarter == "2021Q4");
    CHECK(g.participants[0] == 5);
    CHECK(g.with_data[0] == 3);
    CHECK(g.growing[0] == 1);
    CHECK(g.falling[0] == 1);
    CHECK(g.flat[0] == 1);
    CHECK(g.from_zero[0] == 1);
    CHECK(g.median_growth[0] == doctest::Approx(0.0));
    CHECK(g.share_growing[0] == doctest::Approx(1.0 / 3));
    const SalesGrowth by = sales_growth(p, date(2022, 1, 31), GroupBy::kota);
    REQUIRE(by.group == std::vector<std::string>{"31.71", "31.74"});
    CHECK(by.median_growth[0] == doctest::Approx(-0.25));
    CHECK(by.median_growth[1] == doctest::Approx(1.0)); // mean of 0 and 2
    // On 2021-12-30 the latest full quarter is 2021Q3: nobody reported it.
    const SalesGrowth early = sales_growth(p, date(2021, 12, 30));
    CHECK(early.with_data[0] == 0);
    CHECK(std::isnan(early.median_growth[0]));
    CHECK(std::isnan(early.share_growing[0]));
}

namespace {
// Business starts as of 2021-12-31, everyone registered 2020-03-01 in 31.74:
//   S1 started 2019-01-01 and S6 on the day of registration: had a business.
//   S2 started 2020-06-01: by date, 92 days. S3 no date, revenue 0 in 2020Q1, Rp5 juta in
//   2020Q3: by revenue from 2020-07-01, 122 days. S4: nothing. S5 starts 2022-02-01, after.
Programme starts_sample() {
    ProgrammeBuilder b;
    const Date reg = date(2020, 3, 1);
    b.add(person("S1", "31.74.01.1001", reg).started(date(2019, 1, 1)));
    b.add(person("S2", "31.74.01.1001", reg).started(date(2020, 6, 1)));
    b.add(person("S3", "31.74.01.1001", reg));
    b.add(person("S4", "31.74.01.1001", reg));
    b.add(person("S5", "31.74.01.1001", reg).started(date(2022, 2, 1)));
    b.add(person("S6", "31.74.01.1001", reg).started(reg));
    b.add(report("S3", Quarter(2020, 1), 0_rp));
    b.add(report("S3", Quarter(2020, 3), 5_juta));
    b.add(report("S4", Quarter(2020, 3), 0_rp));
    return b.build();
}
} // namespace

TEST_CASE("business starts by a start date or a first revenue") {
    const BusinessStarts s = business_starts(starts_sample(), date(2021, 12, 31));
    REQUIRE(s.group.size() == 1);
    CHECK(s.participants[0] == 6);
    CHECK(s.without_business[0] == 4);
    CHECK(s.started[0] == 2);
    CHECK(s.by_date[0] == 1);
    CHECK(s.by_revenue_only[0] == 1);
    CHECK(s.share_started[0] == doctest::Approx(0.5));
    CHECK(s.median_days_to_start[0] == doctest::Approx((92 + 122) / 2.0));
}

namespace {
// New entrepreneurs as of 2021-12-31:
//   N1 IUMK 2019-05-01 and P3: every licence rule, verified. N2 NIB 2021-08-01: licensed (not
//   OK OCE's rule), verified. N3 P7 on 2021-03-01, nothing else: capital only. N4 a report with
//   revenue 0 and 2 employees: verified only. N5 revenue 0, employees 0: nothing. N6 SKU issued
//   2022-01-05: nothing yet. N7 registered 2022-01-01: not counted.
Programme new_sample() {
    ProgrammeBuilder b;
    const Date reg = date(2019, 3, 1);
    for (const char* id : {"N1", "N2", "N3", "N4", "N5", "N6"})
        b.add(person(id, "31.74.01.1001", reg));
    b.add(person("N7", "31.74.01.1001", date(2022, 1, 1)));
    b.add(licence("N1", LicenceKind::iumk, date(2019, 5, 1)));
    b.add(licence("N2", LicenceKind::nib, date(2021, 8, 1)));
    b.add(licence("N6", LicenceKind::sku, date(2022, 1, 5)));
    b.add(StepRecord{"N1", Step::p3, date(2019, 4, 1)});
    b.add(StepRecord{"N3", Step::p7, date(2021, 3, 1)});
    b.add(report("N4", Quarter(2020, 1), 0_rp, 2));
    b.add(report("N5", Quarter(2020, 1), 0_rp, 0));
    return b.build();
}
} // namespace

TEST_CASE("new entrepreneurs under four rules side by side") {
    const Programme p = new_sample();
    const NewEntrepreneurs n = new_entrepreneurs(p, date(2021, 12, 31));
    REQUIRE(n.group.size() == 1);
    CHECK(n.participants[0] == 6);
    CHECK(n.licensed_okoce[0] == 1);
    CHECK(n.licensed[0] == 2);
    CHECK(n.capital[0] == 1);
    CHECK(n.verified_in_business[0] == 3);
    SUBCASE("split by exposure to mentoring, labelled descriptive") {
        const NewEntrepreneurs e = new_entrepreneurs(p, date(2021, 12, 31), GroupBy::none,
                                                     StepSet{Step::p3});
        CHECK(e.exposure == "P3");
        CHECK(e.comparison == descriptive_note);
        REQUIRE(e.group == std::vector<std::string>{"all\tnot P3", "all\treached P3"});
        CHECK(e.participants == std::vector<std::int64_t>{5, 1});
        CHECK(e.licensed_okoce == std::vector<std::int64_t>{0, 1});
        CHECK(e.verified_in_business == std::vector<std::int64_t>{2, 1});
    }
}

TEST_CASE("outcome partials merge exactly over kota parts and refuse other options") {
    const Programme p = naik_kelas_sample();
    const auto parts = split(p, RegionLevel::kota);
    REQUIRE(parts.size() == 2);
    SUBCASE("naik kelas") {
        NaikKelasPartial m = naik_kelas_partial(parts[0].programme, nk_start, nk_end,
                                                NaikKelasRegime::uu20_2008, GroupBy::kota);
        merge(m, naik_kelas_partial(parts[1].programme, nk_start, nk_end,
                                    NaikKelasRegime::uu20_2008, GroupBy::kota));
        const NaikKelas whole =
            naik_kelas(p, nk_start, nk_end, NaikKelasRegime::uu20_2008, GroupBy::kota);
        const NaikKelas merged = finish(m);
        CHECK(merged.group == whole.group);
        CHECK(merged.matrix == whole.matrix);
        CHECK(merged.id == whole.id);
        CHECK(merged.from == whole.from);
        CHECK(merged.to == whole.to);
        NaikKelasPartial other = naik_kelas_partial(parts[1].programme, nk_start, nk_end,
                                                    NaikKelasRegime::pp7_2021, GroupBy::kota);
        CHECK_THROWS_AS(merge(m, other), error);
        const NaikKelasPartial back = partial_from_bytes<NaikKelasPartial>(to_bytes(m));
        CHECK(finish(back).matrix == whole.matrix);
    }
    SUBCASE("sales growth median over parts") {
        const Programme g = growth_sample();
        const auto gp = split(g, RegionLevel::kota);
        SalesGrowthPartial m = sales_growth_partial(gp[0].programme, date(2022, 1, 31));
        merge(m, sales_growth_partial(gp[1].programme, date(2022, 1, 31)));
        const SalesGrowth merged = finish(m);
        CHECK(merged.median_growth[0] == doctest::Approx(0.0));
        CHECK(merged.with_data[0] == 3);
        CHECK_THROWS_AS(merge(m, sales_growth_partial(gp[1].programme, date(2022, 1, 30))),
                        error);
    }
}
