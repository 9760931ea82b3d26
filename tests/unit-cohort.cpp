#include "okoce/cohort.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {

using okoce::test::licence;
// Cohort 2018Q3: J (licensed 2019-10-01, 5 quarters after joining).
// Cohort 2019Q1: A licensed 2019-02-01 (k=0), B 2019-04-01 (k=1), C never, D 2019-07-01 (k=2).
// Cohort 2019Q2: E licensed before joining (counts from 2019-04-01, k=0), F never (exited),
//                G licensed 2019-08-16 (k=1).
// Cohort 2019Q3: H never.  I registers 2019-08-16. Nobody registers in 2018Q4.
Programme sample() {
    ProgrammeBuilder b;
    b.add(person("J", date(2018, 9, 1)));
    b.add(person("A", date(2019, 1, 10)));
    b.add(person("B", date(2019, 2, 15)));
    b.add(person("C", date(2019, 3, 31)));
    b.add(person("D", date(2019, 3, 1)));
    b.add(person("E", date(2019, 4, 1)));
    b.add(person("F", date(2019, 6, 30)).exited(date(2019, 7, 15)));
    b.add(person("G", date(2019, 5, 5)));
    b.add(person("H", date(2019, 7, 1)));
    b.add(person("I", date(2019, 8, 16)));
    b.add(licence("J", LicenceKind::iumk, date(2019, 10, 1)));
    b.add(licence("A", LicenceKind::iumk, date(2019, 2, 1)));
    b.add(licence("B", LicenceKind::sku, date(2019, 4, 1)));
    b.add(licence("D", LicenceKind::nib, date(2019, 7, 1)));
    b.add(licence("E", LicenceKind::iumk, date(2019, 1, 1)));
    b.add(licence("G", LicenceKind::sku, date(2019, 8, 16)));
    return b.build();
}
} // namespace

TEST_CASE("cohorts: licensed share by quarters since registration") {
    const Programme p = sample();
    const CohortTable t = cohorts(p, date(2019, 8, 15), Milestone::licensed(), 3);
    REQUIRE(t.columns() == 4);
    // No 2018Q4 row (nobody joined then); no row for I (joins after the date).
    CHECK(t.cohort == std::vector<Quarter>{Quarter(2018, 3), Quarter(2019, 1), Quarter(2019, 2),
                                           Quarter(2019, 3)});
    CHECK(t.size == std::vector<std::int64_t>{1, 4, 3, 1});
    // 2018Q3: quarters ending 2018-09-30, 2018-12-31, 2019-03-31, 2019-06-30 are all past;
    // J is licensed later than that (and after the date): 0 throughout.
    for (std::size_t k = 0; k < 4; ++k) {
        CHECK(t.reached_at(0, k) == 0);
        CHECK(t.share_at(0, k) == 0.0);
    }
    // 2019Q1: end of Q1 A (1 of 4), end of Q2 A B (2 of 4); Q3 ends 2019-09-30 > the date.
    CHECK(t.reached_at(1, 0) == 1);
    CHECK(t.share_at(1, 0) == doctest::Approx(0.25));
    CHECK(t.reached_at(1, 1) == 2);
    CHECK(t.share_at(1, 1) == doctest::Approx(0.5));
    CHECK(t.reached_at(1, 2) == not_observed);
    CHECK(std::isnan(t.share_at(1, 2)));
    CHECK(std::isnan(t.share_at(1, 3)));
    // 2019Q2: E from its registration day (1 of 3); the next quarter has not ended.
    CHECK(t.reached_at(2, 0) == 1);
    CHECK(t.share_at(2, 0) == doctest::Approx(1.0 / 3.0));
    CHECK(t.reached_at(2, 1) == not_observed);
    // 2019Q3: nothing observed yet.
    CHECK(t.reached_at(3, 0) == not_observed);
    CHECK(std::isnan(t.share_at(3, 0)));
}

TEST_CASE("cohorts: a later date fills the next column and sees later licences") {
    const Programme p = sample();
    const CohortTable t = cohorts(p, date(2019, 9, 30), Milestone::licensed(), 3);
    // I has registered by now: 2019Q3 has H and I.
    CHECK(t.size == std::vector<std::int64_t>{1, 4, 3, 2});
    // 2019Q1 by 2019-09-30: A B D = 3 of 4.
    CHECK(t.reached_at(1, 2) == 3);
    CHECK(t.share_at(1, 2) == doctest::Approx(0.75));
    // 2019Q2 by 2019-09-30: E and G (G's SKU of 2019-08-16 is now visible) = 2 of 3.
    CHECK(t.reached_at(2, 1) == 2);
    CHECK(t.share_at(2, 1) == doctest::Approx(2.0 / 3.0));
    // 2019Q3 by its own end: nobody.
    CHECK(t.reached_at(3, 0) == 0);

    // J's licence (2019Q4, 5 quarters after 2018Q3) lies beyond the last column (3), so the
    // row stays at zero even once it is visible.
    const CohortTable later = cohorts(p, date(2019, 12, 31), Milestone::licensed(), 3);
    CHECK(later.reached_at(0, 3) == 0);
    const CohortTable wide = cohorts(p, date(2019, 12, 31), Milestone::licensed(), 5);
    CHECK(wide.reached_at(0, 4) == 0); // 2019Q3
    CHECK(wide.reached_at(0, 5) == 1); // 2019Q4
}

TEST_CASE("cohorts of a step milestone") {
    ProgrammeBuilder b;
    b.add(person("A", date(2019, 1, 10)));
    b.add(person("B", date(2019, 2, 10)));
    b.add(StepRecord{"A", Step::p3, date(2019, 2, 1)});
    b.add(StepRecord{"A", Step::p2, date(2019, 5, 1)});
    b.add(StepRecord{"B", Step::p3, date(2019, 3, 1)});
    const Programme p = b.build();
    // P3 a-la-carte: A in 2019Q1, B in 2019Q1 -> 2 of 2 at k=0.
    const auto alc =
        cohorts(p, date(2019, 12, 31), Milestone::reached(Step::p3, StepPolicy::a_la_carte), 1);
    CHECK(alc.reached == std::vector<std::int64_t>{2, 2});
    // Sequential: A only once P2 is done (2019-05-01, k=1); B never.
    const auto seq =
        cohorts(p, date(2019, 12, 31), Milestone::reached(Step::p3, StepPolicy::sequential), 1);
    CHECK(seq.reached == std::vector<std::int64_t>{0, 1});
    CHECK(seq.milestone == Milestone::reached(Step::p3, StepPolicy::sequential));
}

TEST_CASE("cohorts: a step recorded before registration counts in the first column") {
    ProgrammeBuilder b;
    b.add(person("A", date(2019, 4, 10)));
    // P1 and P2 recorded in 2019Q1, a quarter before A registered (2019Q2).
    b.add(StepRecord{"A", Step::p1, date(2019, 3, 1)});
    b.add(StepRecord{"A", Step::p2, date(2019, 3, 2)});
    const Programme p = b.build();
    const auto t =
        cohorts(p, date(2019, 12, 31), Milestone::reached(Step::p2, StepPolicy::a_la_carte), 2);
    CHECK(t.cohort == std::vector<Quarter>{Quarter(2019, 2)});
    CHECK(t.reached == std::vector<std::int64_t>{1, 1, 1});
}

TEST_CASE("cohorts: edge cases and bad input") {
    const Programme p = sample();
    const CohortTable one = cohorts(p, date(2019, 8, 15), Milestone::licensed(), 0);
    CHECK(one.columns() == 1);
    CHECK(one.reached == std::vector<std::int64_t>{0, 1, 1, not_observed});
    CHECK(cohorts(p, date(2018, 8, 31), Milestone::licensed()).rows() == 0);
    CHECK_THROWS_AS(cohorts(p, date(2019, 8, 15), Milestone::licensed(), -1), argument_error);
    CHECK_THROWS_AS(cohorts(p, no_date, Milestone::licensed()), argument_error);
}

TEST_CASE("cohorts: small counts and small cohorts are suppressed") {
    const Programme p = sample();
    const Date as_of = date(2019, 9, 30);
    // Sizes by 2019-09-30 (see the second test case): 2018Q3 J = 1, 2019Q1 A B C D = 4,
    // 2019Q2 E F G = 3, 2019Q3 H I = 2. Cumulative licensed by each quarter's end:
    //   2018Q3: 0 0 0 0 (J licensed in 2019Q4, after the date)
    //   2019Q1: A = 1 (end Q1), A B = 2 (end Q2), A B D = 3 (end Q3), Q4 not ended
    //   2019Q2: E = 1 (end Q2), E G = 2 (end Q3), Q4 and 2020Q1 not ended
    //   2019Q3: 0 (end Q3), later quarters not ended
    const std::int64_t S = suppressed, N = not_observed;

    SUBCASE("below 3: the cohorts of 1 and 2 are withheld whole, counts 1 and 2 elsewhere") {
        const CohortTable t = cohorts(p, as_of, Milestone::licensed(), 3, Suppression{3});
        CHECK(t.cohort == std::vector<Quarter>{Quarter(2018, 3), Quarter(2019, 1), Quarter(2019, 2),
                                               Quarter(2019, 3)});
        CHECK(t.size == std::vector<std::int64_t>{S, 4, 3, S});
        // 2018Q3's zeros are withheld too: with one member, 0 says J is not licensed.
        // 2019Q3's observed zero likewise; its unobserved cells stay not_observed.
        CHECK(t.reached == std::vector<std::int64_t>{S, S, S, S, //
                                                     S, S, 3, N, //
                                                     S, S, N, N, //
                                                     S, N, N, N});
        for (std::size_t k = 0; k < 4; ++k) CHECK(std::isnan(t.share_at(0, k)));
        CHECK(std::isnan(t.share_at(1, 0)));
        CHECK(std::isnan(t.share_at(1, 1)));
        CHECK(t.share_at(1, 2) == doctest::Approx(0.75)); // 3 of 4
        CHECK(std::isnan(t.share_at(1, 3)));
        CHECK(std::isnan(t.share_at(2, 1)));
        CHECK(std::isnan(t.share_at(3, 0)));
    }
    SUBCASE("below 2: only the cohort of 1 and the counts of 1; zeros in larger cohorts stay") {
        const CohortTable t = cohorts(p, as_of, Milestone::licensed(), 3, Suppression{2});
        CHECK(t.size == std::vector<std::int64_t>{S, 4, 3, 2});
        CHECK(t.reached == std::vector<std::int64_t>{S, S, S, S, //
                                                     S, 2, 3, N, //
                                                     S, 2, N, N, //
                                                     0, N, N, N});
        CHECK(t.share_at(1, 1) == doctest::Approx(0.5));       // 2 of 4
        CHECK(t.share_at(2, 1) == doctest::Approx(2.0 / 3.0)); // 2 of 3
        CHECK(t.share_at(3, 0) == 0.0);                        // 0 of 2
    }
    SUBCASE("off (0) and below 1 change nothing") {
        const std::vector<std::int64_t> plain{0, 0, 0, 0, 1, 2, 3, N, 1, 2, N, N, 0, N, N, N};
        CHECK(cohorts(p, as_of, Milestone::licensed(), 3).reached == plain);
        CHECK(cohorts(p, as_of, Milestone::licensed(), 3, Suppression{0}).reached == plain);
        const CohortTable one = cohorts(p, as_of, Milestone::licensed(), 3, Suppression{1});
        CHECK(one.reached == plain);
        CHECK(one.size == std::vector<std::int64_t>{1, 4, 3, 2});
    }
}
