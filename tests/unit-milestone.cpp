#include "okoce/milestone.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {

using okoce::test::licence;
} // namespace

TEST_CASE("Milestone names itself") {
    CHECK(Milestone::licensed().to_string() == "licensed");
    CHECK(Milestone::reached(Step::p4, StepPolicy::sequential).to_string() == "P4 (sequential)");
    CHECK(Milestone::reached(Step::p2, StepPolicy::a_la_carte).to_string() == "P2 (a_la_carte)");
    // OK OCE's own counting: IUMK and SKU, in LicenceKind order.
    CHECK(Milestone::licensed(LicenceKinds{LicenceKind::sku, LicenceKind::iumk}).to_string() ==
          "licensed (IUMK+SKU)");
    CHECK(Milestone::licensed(LicenceKinds{}).to_string() == "licensed (no kind)");
    // The default milestone is the programme's success indicator.
    CHECK(Milestone{} == Milestone::licensed());
    CHECK(Milestone::reached(Step::p4, StepPolicy::sequential) !=
          Milestone::reached(Step::p4, StepPolicy::a_la_carte));
}

TEST_CASE("first_completions: registration stands for P1") {
    ProgrammeBuilder b;
    b.add(person("norecord", date(2018, 1, 15)));
    b.add(person("early", date(2018, 1, 15)));
    b.add(person("late", date(2018, 1, 15)));
    b.add(person("future", date(2018, 3, 1)));
    b.add(StepRecord{"early", Step::p1, date(2018, 1, 10)});
    b.add(StepRecord{"late", Step::p1, date(2018, 2, 1)});
    b.add(StepRecord{"late", Step::p2, date(2018, 2, 20)});
    b.add(StepRecord{"future", Step::p1, date(2018, 2, 1)});
    const Programme p = b.build();
    const Date as_of(2018, 2, 28);

    // No P1 row: the registration date.
    CHECK(first_completions(p, *p.find_participant("norecord"), as_of)[0] == date(2018, 1, 15));
    // A P1 row before registration is the earlier of the two.
    CHECK(first_completions(p, *p.find_participant("early"), as_of)[0] == date(2018, 1, 10));
    const auto late = first_completions(p, *p.find_participant("late"), as_of);
    CHECK(late[0] == date(2018, 1, 15));
    CHECK(late[1] == date(2018, 2, 20));
    CHECK(late[2].is_special());
    // P2 on 2018-02-20 is invisible one day before.
    CHECK(first_completions(p, *p.find_participant("late"), date(2018, 2, 19))[1].is_special());
    // Registered 2018-03-01, after as_of: nothing at all, not even its early P1 row.
    for (Date d : first_completions(p, *p.find_participant("future"), as_of)) CHECK(d.is_special());
}

TEST_CASE("reached_on a step differs between the policies") {
    ProgrammeBuilder b;
    b.add(person("A", date(2018, 1, 15)));
    b.add(StepRecord{"A", Step::p2, date(2018, 3, 1)});
    b.add(StepRecord{"A", Step::p4, date(2018, 2, 10)}); // before P3: skipped ahead
    b.add(StepRecord{"A", Step::p3, date(2018, 5, 1)});
    b.add(StepRecord{"A", Step::p4, date(2018, 4, 1)}); // a second P4 does not move the first
    const Programme p = b.build();
    const Index a = 0;
    const auto seq = Milestone::reached(Step::p4, StepPolicy::sequential);
    const auto alc = Milestone::reached(Step::p4, StepPolicy::a_la_carte);

    // Sequential: the latest of P1..P4 = max(01-15, 03-01, 05-01, 02-10) = 2018-05-01.
    CHECK(reached_on(p, a, seq, date(2019, 1, 1)) == date(2018, 5, 1));
    // A-la-carte: the later of P1 (01-15) and P4 (02-10).
    CHECK(reached_on(p, a, alc, date(2019, 1, 1)) == date(2018, 2, 10));
    // Before P3 is done, sequential has not reached P4 at all.
    CHECK(reached_on(p, a, seq, date(2018, 4, 30)).is_special());
    CHECK(reached_on(p, a, alc, date(2018, 4, 30)) == date(2018, 2, 10));
    // The cutoff: one day before P4 is invisible, the day itself is seen.
    CHECK(reached_on(p, a, alc, date(2018, 2, 9)).is_special());
    CHECK(reached_on(p, a, alc, date(2018, 2, 10)) == date(2018, 2, 10));
    // P1 is reached on registration even without a P1 row.
    CHECK(reached_on(p, a, Milestone::reached(Step::p1, StepPolicy::sequential),
                     date(2018, 1, 15)) == date(2018, 1, 15));
    CHECK(reached_on(p, a, Milestone::reached(Step::p1, StepPolicy::sequential), date(2018, 1, 14))
              .is_special());
}

TEST_CASE("reached_on licensed") {
    ProgrammeBuilder b;
    b.add(person("B", date(2018, 6, 1)));
    b.add(person("C", date(2018, 1, 1)));
    b.add(person("D", date(2018, 1, 1)));
    b.add(person("E", date(2019, 5, 1)));
    // B: an SKU that expired before joining, and an IUMK from before joining still in force.
    b.add(licence("B", LicenceKind::sku, date(2018, 3, 1), date(2018, 5, 31)));
    b.add(licence("B", LicenceKind::iumk, date(2018, 4, 1)));
    // C: a P-IRT (not a counting kind), then a NIB.
    b.add(licence("C", LicenceKind::pirt, date(2018, 2, 1)));
    b.add(licence("C", LicenceKind::nib, date(2019, 1, 10)));
    // D: an SKU that has since expired.
    b.add(licence("D", LicenceKind::sku, date(2018, 7, 1), date(2018, 8, 31)));
    // E: licensed before registering after the cutoff.
    b.add(licence("E", LicenceKind::iumk, date(2019, 1, 1)));
    const Programme p = b.build();
    const auto id = [&](const char* s) { return *p.find_participant(s); };
    const Date end2019(2019, 12, 31);
    const auto lic = Milestone::licensed();

    // B: the SKU never overlapped membership; the IUMK counts from registration (2018-06-01).
    CHECK(reached_on(p, id("B"), lic, end2019) == date(2018, 6, 1));
    CHECK(reached_on(p, id("B"), Milestone::licensed(LicenceKinds{LicenceKind::sku}), end2019)
              .is_special());
    // C: the NIB on 2019-01-10; P-IRT does not count by default but does when asked for.
    CHECK(reached_on(p, id("C"), lic, end2019) == date(2019, 1, 10));
    CHECK(reached_on(p, id("C"), lic, date(2019, 1, 9)).is_special());
    CHECK(reached_on(p, id("C"), Milestone::licensed(LicenceKinds{LicenceKind::pirt}), end2019) ==
          date(2018, 2, 1));
    // D: expired by the date, yet that is when D was first licensed.
    CHECK(reached_on(p, id("D"), lic, end2019) == date(2018, 7, 1));
    CHECK_FALSE(p.licensed_as_of(id("D"), end2019));
    // E: registered 2019-05-01, so nothing as of 2019-04-30, then the registration day.
    CHECK(reached_on(p, id("E"), lic, date(2019, 4, 30)).is_special());
    CHECK(reached_on(p, id("E"), lic, date(2019, 5, 1)) == date(2019, 5, 1));
    // A date that is not a date sees nothing.
    CHECK(reached_on(p, id("C"), lic, no_date).is_special());
}

TEST_CASE("reached_dates over a programme large enough to be split between threads") {
    // 60,000 participants (over the two-thread threshold), all registered 2020-01-01. Every
    // third holds a NIB issued (i % 100) days after joining; every seventh of the others an SKU
    // issued 30 days before joining (counts from the day of joining); the rest nothing. As of
    // 2020-03-01 (day 60: 31 days of January, 29 of February 2020), a NIB issued after day 60
    // is not yet seen.
    const Date joined(2020, 1, 1), as_of(2020, 3, 1);
    const std::size_t n = 60'000;
    ProgrammeBuilder b;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string id = "P" + std::to_string(i);
        b.add(person(id, joined));
        if (i % 3 == 0)
            b.add(licence(id, LicenceKind::nib,
                          joined + boost::gregorian::days(static_cast<long>(i % 100))));
        else if (i % 7 == 0)
            b.add(licence(id, LicenceKind::sku, joined - boost::gregorian::days(30)));
    }
    const Programme p = b.build();
    const std::vector<Date> got = reached_dates(p, Milestone::licensed(), as_of);
    REQUIRE(got.size() == n);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Index row = *p.find_participant("P" + std::to_string(i));
        Date expected = no_date;
        if (i % 3 == 0 && i % 100 <= 60)
            expected = joined + boost::gregorian::days(static_cast<long>(i % 100));
        else if (i % 3 != 0 && i % 7 == 0)
            expected = joined;
        if (got[row] != expected) ++wrong;
    }
    CHECK(wrong == 0);
}
