#include "okoce/funnel.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <string>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {
using Row = std::array<std::int64_t, step_count>;

// Registration is P1 for everyone (no P1 rows are recorded). As of 2019-12-31:
//   A (31.74) P2 P3 P4      sequential P1-P4        a-la-carte P1 P2 P3 P4
//   B (31.74) P2 P4         sequential P1-P2        a-la-carte P1 P2 P4
//   C (31.74) P4 P5         sequential P1           a-la-carte P1 P4 P5
//   D (31.71) P2, P3 on 2020-01-01 (invisible)      both P1 P2
//   E (31.71) registered 2020-01-01: not counted
//   F (31.71) P2, exited 2019-09-01: still counted  both P1 P2
Programme sample() {
    ProgrammeBuilder b;
    b.add(person("A", "31.74.01.1001", date(2019, 1, 10)));
    b.add(person("B", "31.74.01.1002", date(2019, 2, 10)));
    b.add(person("C", "31.74.02.1001", date(2019, 4, 10)));
    b.add(person("D", "31.71.01.1001", date(2019, 5, 10)));
    b.add(person("E", "31.71.01.1001", date(2020, 1, 1)));
    b.add(person("F", "31.71.01.1001", date(2019, 3, 1)).exited(date(2019, 9, 1)));
    b.add(StepRecord{"A", Step::p2, date(2019, 2, 1)});
    b.add(StepRecord{"A", Step::p3, date(2019, 3, 1)});
    b.add(StepRecord{"A", Step::p4, date(2019, 4, 1)});
    b.add(StepRecord{"B", Step::p2, date(2019, 3, 1)});
    b.add(StepRecord{"B", Step::p4, date(2019, 6, 1)});
    b.add(StepRecord{"C", Step::p4, date(2019, 5, 1)});
    b.add(StepRecord{"C", Step::p5, date(2019, 7, 1)});
    b.add(StepRecord{"D", Step::p2, date(2019, 6, 1)});
    b.add(StepRecord{"D", Step::p3, date(2020, 1, 1)});
    b.add(StepRecord{"E", Step::p2, date(2020, 1, 2)});
    b.add(StepRecord{"F", Step::p2, date(2019, 5, 1)});
    return b.build();
}
} // namespace

TEST_CASE("funnel: the two step policies count differently") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);

    const Funnel seq = funnel(p, as_of, StepPolicy::sequential);
    REQUIRE(seq.size() == 1);
    CHECK(seq.group[0] == "all");
    // P1 A B C D F = 5; P2 A B D F = 4; P3 A; P4 A.
    CHECK(seq.reached[0] == Row{5, 4, 1, 1, 0, 0, 0});

    const Funnel alc = funnel(p, as_of, StepPolicy::a_la_carte);
    // P1 5; P2 A B D F = 4; P3 A = 1; P4 A B C = 3; P5 C = 1.
    CHECK(alc.reached[0] == Row{5, 4, 1, 3, 1, 0, 0});

    // Conversions: P2/P1 = 4/5; P3/P2 = 1/4; P4/P3 under a-la-carte = 3/1 (more, not less).
    CHECK(std::isnan(seq.conversion(0, Step::p1)));
    CHECK(seq.conversion(0, Step::p2) == doctest::Approx(0.8));
    CHECK(seq.conversion(0, Step::p3) == doctest::Approx(0.25));
    CHECK(alc.conversion(0, Step::p4) == doctest::Approx(3.0));
    CHECK(seq.conversion(0, Step::p5) == doctest::Approx(0.0)); // 0 of 1
    CHECK(std::isnan(seq.conversion(0, Step::p6)));             // 0 of 0
}

TEST_CASE("funnel: the as_of cutoff") {
    const Programme p = sample();
    // One day later E registers (P1 6) and D's P3 becomes visible: sequential P3 = A, D.
    const Funnel seq = funnel(p, date(2020, 1, 1), StepPolicy::sequential);
    CHECK(seq.reached[0] == Row{6, 4, 2, 1, 0, 0, 0});
    // E's P2 is on 2020-01-02, so still not counted on 2020-01-01.
    CHECK(funnel(p, date(2020, 1, 2), StepPolicy::sequential).reached[0] ==
          Row{6, 5, 2, 1, 0, 0, 0});
    // Before anyone registered the single row is all zeros.
    const Funnel early = funnel(p, date(2018, 12, 31), StepPolicy::sequential);
    REQUIRE(early.size() == 1);
    CHECK(early.reached[0] == Row{0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("funnel grouped by kota and by registration quarter") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);
    const Funnel f = funnel(p, as_of, StepPolicy::sequential, GroupBy::kota);
    REQUIRE(f.size() == 2);
    CHECK(f.group[0] == "31.71");
    CHECK(f.reached[0] == Row{2, 2, 0, 0, 0, 0, 0}); // D, F (E not yet registered)
    CHECK(f.group[1] == "31.74");
    CHECK(f.reached[1] == Row{3, 2, 1, 1, 0, 0, 0}); // A B C; P2 A B; P3 and P4 A

    // 2019Q1: A (01-10), B (02-10), F (03-01); 2019Q2: C (04-10), D (05-10). E's 2020Q1 has
    // nobody registered by the date, so it is left out.
    const Funnel q = funnel(p, as_of, StepPolicy::a_la_carte, GroupBy::registration_quarter);
    REQUIRE(q.size() == 2);
    CHECK(q.group[0] == "2019Q1");
    CHECK(q.reached[0] == Row{3, 3, 1, 2, 0, 0, 0}); // P2 A B F; P3 A; P4 A B
    CHECK(q.group[1] == "2019Q2");
    CHECK(q.reached[1] == Row{2, 1, 0, 1, 1, 0, 0}); // P2 D; P4 C; P5 C
}

TEST_CASE("funnel suppression") {
    const Programme p = sample();
    const Funnel f =
        funnel(p, date(2019, 12, 31), StepPolicy::a_la_carte, GroupBy::kota, Suppression{2});
    // 31.71 (D, F): 2 2 0 ...: nothing below 2 except zeros, which stay.
    CHECK(f.reached[0] == Row{2, 2, 0, 0, 0, 0, 0});
    // 31.74 (A, B, C): P1 3, P2 2, P3 1 -> suppressed, P4 3, P5 1 -> suppressed.
    CHECK(f.reached[1] == Row{3, 2, suppressed, 3, suppressed, 0, 0});
    // A conversion touching a suppressed cell is not computed.
    CHECK(std::isnan(f.conversion(1, Step::p3)));
    CHECK(std::isnan(f.conversion(1, Step::p4)));
    CHECK(f.conversion(1, Step::p2) == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("funnel rejects a date that is not a date") {
    const Programme p = sample();
    CHECK_THROWS_WITH_AS(funnel(p, no_date, StepPolicy::sequential),
                         "funnel: argument as_of: bad value ''; expected a date", argument_error);
}
