#include "okoce/monitoring.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {
using Qs = std::vector<Quarter>;
const Quarter q2019_1(2019, 1), q2019_2(2019, 2), q2019_3(2019, 3), q2019_4(2019, 4);
const MonitoringOptions no_grace{0};

QuarterlyReport report(std::string who, Quarter q, Date reported = no_date) {
    QuarterlyReport r;
    r.participant = std::move(who);
    r.quarter = q;
    r.revenue = Rupiah(1'000'000);
    r.reported_on = reported;
    return r;
}

Mentor mentor(std::string id) {
    Mentor m;
    m.id = std::move(id);
    m.kecamatan = RegionCode::parse("31.74.01");
    m.capacity = 10;
    return m;
}

// The cases below use no grace period (MonitoringOptions{0}: a report is due on its quarter's
// last day), so that quarter ends alone decide what is owed; the grace period has its own cases
// further down. As of 2019-12-31 (a quarter's last day):
//   A 31.74.01 joined 2019Q1: owes Q2 Q3 Q4. Reports Q1 (not owed), Q2, Q4 reported 2020-01-05
//     (not yet known). Received 1, missing Q3 Q4: overdue.
//   B 31.74.01 joined 2019-03-31 (still Q1): owes Q2 Q3 Q4, all reported (known at quarter end).
//   C 31.74.02 joined 2019Q2, exited 2019-10-15: owes Q3 only (Q4 ended after the exit). No
//     reports; exited, so not on the follow-up lists but counted beside them.
//   D 31.74.02 joined 2019Q2, exited 2019-09-30: Q3 ends on the exit day, so owes nothing.
//   E 31.71.01 joined 2019-11-01: owes from 2020Q1, nothing yet; its 2019Q4 report is extra.
//   F joins 2020-01-01: not in the tables.
Programme sample() {
    ProgrammeBuilder b;
    b.add(person("A", "31.74.01.1001", date(2019, 2, 10)));
    b.add(person("B", "31.74.01.1002", date(2019, 3, 31)));
    b.add(person("C", "31.74.02.1001", date(2019, 4, 1)).exited(date(2019, 10, 15)));
    b.add(person("D", "31.74.02.1001", date(2019, 6, 15)).exited(date(2019, 9, 30)));
    b.add(person("E", "31.71.01.1001", date(2019, 11, 1)));
    b.add(person("F", "31.71.01.1001", date(2020, 1, 1)));
    b.add(report("A", q2019_1));
    b.add(report("A", q2019_2, date(2019, 7, 10)));
    b.add(report("A", q2019_4, date(2020, 1, 5)));
    b.add(report("B", q2019_2));
    b.add(report("B", q2019_3));
    b.add(report("B", q2019_4));
    b.add(report("E", q2019_4));
    b.add(mentor("M1"));
    b.add(mentor("M2"));
    b.add(AssignmentRecord{"A", "M2", date(2019, 3, 1), no_date});
    b.add(AssignmentRecord{"C", "M1", date(2019, 4, 1), date(2019, 9, 30)});
    return b.build();
}

// Each row's group name and participant id, as a reader of the list would see them.
std::vector<std::string> groups_of(const OverdueList& l) {
    std::vector<std::string> out;
    for (std::size_t r = 0; r < l.size(); ++r) out.push_back(l.group_of(r));
    return out;
}
std::vector<std::string> ids_of(const Programme& p, const OverdueList& l) {
    std::vector<std::string> out;
    for (const Index i : l.participant) out.emplace_back(p.participants().id[i]);
    return out;
}
} // namespace

TEST_CASE("expected_quarters: full quarters after registration, before the date and exit") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);
    const auto a = expected_quarters(p, 0, as_of, no_grace);
    CHECK(a.count == 3);
    CHECK(a.first == q2019_2);
    CHECK(a.last == q2019_4);
    // One day earlier 2019Q4 has not ended: Q2 and Q3 only.
    CHECK(expected_quarters(p, 0, date(2019, 12, 30), no_grace).count == 2);
    CHECK(expected_quarters(p, 1, as_of, no_grace).count == 3); // registered on Q1's last day
    const auto c = expected_quarters(p, 2, as_of, no_grace);
    CHECK(c.count == 1);
    CHECK(c.last == q2019_3);
    CHECK(expected_quarters(p, 3, as_of, no_grace).count == 0);             // exit on Q3's last day
    CHECK(expected_quarters(p, 3, date(2019, 9, 29), no_grace).count == 0); // Q3 not yet ended
    CHECK(expected_quarters(p, 4, as_of, no_grace).count == 0);             // joined in Q4
    CHECK(expected_quarters(p, 4, date(2020, 3, 31), no_grace).count == 1); // 2020Q1
    CHECK(expected_quarters(p, 5, as_of, no_grace).count == 0);             // not yet registered
    // The exit is invisible before it happens: as of 2019-09-30 C owes Q3 either way.
    CHECK(expected_quarters(p, 2, date(2019, 9, 30), no_grace).count == 1);
    CHECK_THROWS_AS(expected_quarters(p, 0, no_date), argument_error);
}

TEST_CASE("compliance per participant") {
    const Programme p = sample();
    const Compliance c = compliance(p, date(2019, 12, 31), no_grace);
    REQUIRE(c.size() == 5); // F has not registered
    CHECK(c.participant == std::vector<Index>{0, 1, 2, 3, 4});
    CHECK(c.expected == std::vector<std::int32_t>{3, 3, 1, 0, 0});
    CHECK(c.received == std::vector<std::int32_t>{1, 3, 0, 0, 0});
    // Due on the quarter's last day: A's Q2 report (2019-07-10) is late, B's (known on each
    // quarter's last day) on time.
    CHECK(c.received_on_time == std::vector<std::int32_t>{0, 3, 0, 0, 0});
    CHECK(c.active == std::vector<std::uint8_t>{1, 1, 0, 0, 1}); // C and D have exited
    CHECK(c.grace_days == 0);
    CHECK(c.last_report == std::vector<std::optional<Quarter>>{q2019_2, q2019_4, std::nullopt,
                                                               std::nullopt, q2019_4});
    const auto missing_a = c.missing_of(0);
    CHECK(Qs(missing_a.begin(), missing_a.end()) == Qs{q2019_3, q2019_4});
    CHECK(c.missing_of(1).empty());
    const auto missing_c = c.missing_of(2);
    CHECK(Qs(missing_c.begin(), missing_c.end()) == Qs{q2019_3});
    CHECK(c.missing == Qs{q2019_3, q2019_4, q2019_3});

    // On 2020-01-05 A's 2019Q4 report becomes known: only Q3 is missing, and F (registered
    // 2020-01-01) joins the table owing nothing.
    const Compliance later = compliance(p, date(2020, 1, 5), no_grace);
    REQUIRE(later.size() == 6);
    CHECK(later.received[0] == 2);
    const auto m = later.missing_of(0);
    CHECK(Qs(m.begin(), m.end()) == Qs{q2019_3});
    CHECK(later.last_report[0] == q2019_4);
    CHECK(compliance(p, date(2020, 1, 4), no_grace).received[0] == 1);
}

TEST_CASE("compliance summary, grouped and suppressed") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);
    const auto all = compliance_summary(p, as_of, GroupBy::none, {}, no_grace);
    REQUIRE(all.size() == 1);
    // Expected 3+3+1 = 7, received 1+3 = 4.
    CHECK(all.participants[0] == 5);
    CHECK(all.expected[0] == 7);
    CHECK(all.received[0] == 4);
    CHECK(all.received_on_time[0] == 3); // B's three; A's one was late
    CHECK(all.missing[0] == 3);          // A's Q3 Q4, C's Q3
    CHECK(all.received_rate[0] == doctest::Approx(4.0 / 7.0));
    CHECK(all.on_time_rate[0] == doctest::Approx(3.0 / 7.0));
    CHECK(all.grace_days == 0);

    const auto kec = compliance_summary(p, as_of, GroupBy::kecamatan, {}, no_grace);
    CHECK(kec.group == std::vector<std::string>{"31.71.01", "31.74.01", "31.74.02"});
    CHECK(kec.participants == std::vector<std::int64_t>{1, 2, 2}); // E; A B; C D
    CHECK(kec.expected == std::vector<std::int64_t>{0, 6, 1});
    CHECK(kec.received == std::vector<std::int64_t>{0, 4, 0});
    CHECK(kec.received_on_time == std::vector<std::int64_t>{0, 3, 0});
    CHECK(kec.missing == std::vector<std::int64_t>{0, 2, 1});
    CHECK(std::isnan(kec.received_rate[0])); // nothing owed
    CHECK(std::isnan(kec.on_time_rate[0]));
    CHECK(kec.received_rate[1] == doctest::Approx(4.0 / 6.0));
    CHECK(kec.on_time_rate[1] == doctest::Approx(3.0 / 6.0));
    CHECK(kec.received_rate[2] == 0.0);

    // Below 2 participants: E's kecamatan is hidden whole.
    const auto hidden = compliance_summary(p, as_of, GroupBy::kecamatan, Suppression{2}, no_grace);
    CHECK(hidden.participants == std::vector<std::int64_t>{suppressed, 2, 2});
    CHECK(hidden.expected == std::vector<std::int64_t>{suppressed, 6, 1});
    CHECK(hidden.received == std::vector<std::int64_t>{suppressed, 4, 0});
    CHECK(hidden.received_on_time == std::vector<std::int64_t>{suppressed, 3, 0});
    CHECK(hidden.missing == std::vector<std::int64_t>{suppressed, 2, 1});
    CHECK(std::isnan(hidden.received_rate[0]));
    CHECK(std::isnan(hidden.on_time_rate[0]));
}

TEST_CASE("overdue lists per mentor and per kecamatan") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);
    // A (latest owed Q4 not known) is overdue. C (Q3 missing) exited on 2019-10-15, so C is
    // only counted beside the list; D exited owing nothing.
    const OverdueList m = overdue(p, as_of, OverdueBy::mentor, no_grace);
    CHECK(groups_of(m) == std::vector<std::string>{"M2"});
    CHECK(m.groups == std::vector<std::string>{"M2"}); // M1 has nobody overdue
    CHECK(ids_of(p, m) == std::vector<std::string>{"A"});
    CHECK(m.participant == std::vector<Index>{0});
    CHECK(m.quarters_missing == std::vector<std::int32_t>{2});
    CHECK(m.last_report == std::vector<std::optional<Quarter>>{q2019_2});
    CHECK(m.exited_with_missing == 1);
    CHECK(m.grace_days == 0);

    const OverdueList k = overdue(p, as_of, OverdueBy::kecamatan, no_grace);
    CHECK(groups_of(k) == std::vector<std::string>{"31.74.01"});
    CHECK(ids_of(p, k) == std::vector<std::string>{"A"});
    CHECK(k.exited_with_missing == 1);

    const ExitedMissing gone = exited_with_missing(p, as_of, no_grace);
    REQUIRE(gone.size() == 1);
    CHECK(p.participants().id[gone.participant[0]] == "C");
    CHECK(gone.exited_on[0] == date(2019, 10, 15));
    CHECK(gone.quarters_missing[0] == 1);
    CHECK(gone.last_report[0] == std::nullopt);

    // As of 2019-09-30 C was still with M1; A owed Q2 Q3, Q3 not reported: overdue too. B's Q3
    // is known on the quarter's last day, so B is not overdue.
    const OverdueList sep = overdue(p, date(2019, 9, 30), OverdueBy::mentor, no_grace);
    CHECK(groups_of(sep) == std::vector<std::string>{"M1", "M2"});
    CHECK(ids_of(p, sep) == std::vector<std::string>{"C", "A"});
    CHECK(sep.quarters_missing == std::vector<std::int32_t>{1, 1});
    CHECK(sep.exited_with_missing == 0); // D exited that day owing nothing

    // On 2020-01-05 A's Q4 arrives: only an earlier quarter is missing, so A is not overdue.
    const OverdueList jan = overdue(p, date(2020, 1, 5), OverdueBy::kecamatan, no_grace);
    CHECK(jan.size() == 0);
    CHECK(jan.exited_with_missing == 1); // C

    CHECK_THROWS_AS(overdue(p, as_of, static_cast<OverdueBy>(7)), argument_error);
    CHECK_THROWS_WITH_AS(overdue(p, no_date, OverdueBy::mentor),
                         doctest::Contains("overdue: argument as_of"), argument_error);
    CHECK_THROWS_WITH_AS(compliance(p, no_date, no_grace),
                         doctest::Contains("compliance: argument as_of"), argument_error);
}

TEST_CASE("overdue rows are sorted by group text, then by id in byte order, not input order") {
    // Added out of order; none has reported. As of 2019-12-31 all owe 2019Q3 and Q4.
    // Mentor ids sort as text: "M10" < "M9" < "m1"; "(none)" sorts before all of them ('(' is
    // 0x28, before digits and letters). Ids likewise: "P10" < "P2" < "p1".
    ProgrammeBuilder b;
    for (const char* id : {"P2", "p1", "P10", "P3"})
        b.add(person(id, "31.74.01.1001", date(2019, 5, 1)));
    for (const char* id : {"M9", "m1", "M10"}) b.add(mentor(id));
    b.add(AssignmentRecord{"P2", "M9", date(2019, 5, 1), no_date});
    b.add(AssignmentRecord{"p1", "M10", date(2019, 5, 1), no_date});
    b.add(AssignmentRecord{"P10", "M9", date(2019, 5, 1), no_date});
    const Programme p = b.build();
    const OverdueList m = overdue(p, date(2019, 12, 31), OverdueBy::mentor, no_grace);
    CHECK(m.groups == std::vector<std::string>{"(none)", "M10", "M9"});
    CHECK(groups_of(m) == std::vector<std::string>{"(none)", "M10", "M9", "M9"});
    CHECK(ids_of(p, m) == std::vector<std::string>{"P3", "p1", "P10", "P2"});
    CHECK(m.quarters_missing == std::vector<std::int32_t>{2, 2, 2, 2});
    const OverdueList k = overdue(p, date(2019, 12, 31), OverdueBy::kecamatan, no_grace);
    CHECK(k.groups == std::vector<std::string>{"31.74.01"});
    CHECK(ids_of(p, k) == std::vector<std::string>{"P10", "P2", "P3", "p1"});
}

namespace {
// The default grace period, 30 days. All joined 2019-02-10 (2019Q1) in kecamatan 31.74.01, so
// their first owed quarter is 2019Q2 (ends 2019-06-30, due 2019-07-30) and then 2019Q3 (ends
// 2019-09-30, due 2019-10-30).
//   G reports Q2 on 2019-07-30 (its due date: on time) and Q3 on 2019-10-31 (a day late).
//   H never reports.
//   K exits 2019-07-15, inside Q2's grace window, and never reports.
//   L exits 2019-07-15 too and reports Q2 on 2019-08-05 (late).
Programme graced() {
    ProgrammeBuilder b;
    const Date joined(2019, 2, 10), left(2019, 7, 15);
    b.add(person("G", "31.74.01.1001", joined));
    b.add(person("H", "31.74.01.1001", joined));
    b.add(person("K", "31.74.01.1002", joined).exited(left));
    b.add(person("L", "31.74.01.1002", joined).exited(left));
    b.add(report("G", q2019_2, date(2019, 7, 30)));
    b.add(report("G", q2019_3, date(2019, 10, 31)));
    b.add(report("L", q2019_2, date(2019, 8, 5)));
    return b.build();
}
} // namespace

TEST_CASE("a report is due grace_days after its quarter ends") {
    CHECK(MonitoringOptions{}.grace_days == 30);
    CHECK(report_due(q2019_2) == date(2019, 7, 30)); // 2019-06-30 + 30 days
    CHECK(report_due(q2019_4) == date(2020, 1, 30));
    CHECK(report_due(q2019_2, no_grace) == date(2019, 6, 30));
    CHECK(report_due(q2019_1, MonitoringOptions{365}) == date(2020, 3, 30)); // 2020 is a leap year
    CHECK_THROWS_AS(report_due(q2019_2, MonitoringOptions{-1}), argument_error);
    CHECK_THROWS_AS(report_due(q2019_2, MonitoringOptions{366}), argument_error);

    const Programme p = graced();
    CHECK_THROWS_AS(compliance(p, date(2019, 12, 31), MonitoringOptions{-1}), argument_error);
    CHECK_THROWS_AS(overdue(p, date(2019, 12, 31), OverdueBy::mentor, MonitoringOptions{400}),
                    argument_error);
}

TEST_CASE("grace period: one day before, at, and one day after the due date") {
    const Programme p = graced();
    // 2019-07-29, a day before Q2 is due: nothing is owed yet, though Q2 ended a month ago.
    const Compliance before = compliance(p, date(2019, 7, 29));
    CHECK(before.grace_days == 30);
    CHECK(before.expected == std::vector<std::int32_t>{0, 0, 0, 0});
    CHECK(before.received == std::vector<std::int32_t>{0, 0, 0, 0});
    CHECK(overdue(p, date(2019, 7, 29), OverdueBy::kecamatan).size() == 0);
    CHECK(expected_quarters(p, 0, date(2019, 7, 29)).count == 0);

    // 2019-07-30, the due date: Q2 is owed by all four. G's report arrived that day: on time.
    const Compliance at = compliance(p, date(2019, 7, 30));
    CHECK(at.expected == std::vector<std::int32_t>{1, 1, 1, 1});
    CHECK(at.received == std::vector<std::int32_t>{1, 0, 0, 0});
    CHECK(at.received_on_time == std::vector<std::int32_t>{1, 0, 0, 0});
    CHECK(at.active == std::vector<std::uint8_t>{1, 1, 0, 0});
    // H is overdue; K and L left on 2019-07-15, inside the grace window, and still owe Q2, so
    // they are counted as exited with a report missing, not listed for follow-up.
    const OverdueList due = overdue(p, date(2019, 7, 30), OverdueBy::kecamatan);
    CHECK(ids_of(p, due) == std::vector<std::string>{"H"});
    CHECK(due.quarters_missing == std::vector<std::int32_t>{1});
    CHECK(due.exited_with_missing == 2);
    CHECK(due.grace_days == 30);

    // 2019-07-31, a day after: the same, G still on time.
    const Compliance after = compliance(p, date(2019, 7, 31));
    CHECK(after.expected == std::vector<std::int32_t>{1, 1, 1, 1});
    CHECK(after.received_on_time == std::vector<std::int32_t>{1, 0, 0, 0});
    const auto missing_h = after.missing_of(1);
    CHECK(Qs(missing_h.begin(), missing_h.end()) == Qs{q2019_2});
}

TEST_CASE("grace period: late reports, and an exit inside the grace window") {
    const Programme p = graced();
    // Before Q2 is due K and L owe nothing: their exit does not make them owe it earlier, and
    // they are in no list.
    CHECK(expected_quarters(p, 2, date(2019, 7, 20)).count == 0);
    CHECK(exited_with_missing(p, date(2019, 7, 20)).size() == 0);

    // 2019-08-31: L's Q2 report (2019-08-05) is received but late; K's is still missing.
    const ExitedMissing gone = exited_with_missing(p, date(2019, 8, 31));
    CHECK(gone.grace_days == 30);
    REQUIRE(gone.size() == 1);
    CHECK(p.participants().id[gone.participant[0]] == "K");
    CHECK(gone.exited_on[0] == date(2019, 7, 15));
    CHECK(gone.quarters_missing[0] == 1);
    const Compliance aug = compliance(p, date(2019, 8, 31));
    CHECK(aug.received == std::vector<std::int32_t>{1, 0, 0, 1});
    CHECK(aug.received_on_time == std::vector<std::int32_t>{1, 0, 0, 0});

    // 2019-10-30, Q3's due date: G's Q3 report (2019-10-31) is not known yet, so G is overdue.
    // K and L owe only Q2: Q3 ended after they left.
    const Compliance oct30 = compliance(p, date(2019, 10, 30));
    CHECK(oct30.expected == std::vector<std::int32_t>{2, 2, 1, 1});
    CHECK(oct30.received == std::vector<std::int32_t>{1, 0, 0, 1});
    CHECK(ids_of(p, overdue(p, date(2019, 10, 30), OverdueBy::kecamatan)) ==
          std::vector<std::string>{"G", "H"});

    // 2019-10-31: G's Q3 arrives a day after its due date: received, late.
    const Compliance oct31 = compliance(p, date(2019, 10, 31));
    CHECK(oct31.received == std::vector<std::int32_t>{2, 0, 0, 1});
    CHECK(oct31.received_on_time == std::vector<std::int32_t>{1, 0, 0, 0});
    const OverdueList l = overdue(p, date(2019, 10, 31), OverdueBy::mentor);
    CHECK(groups_of(l) == std::vector<std::string>{"(none)"});
    CHECK(ids_of(p, l) == std::vector<std::string>{"H"});
    CHECK(l.quarters_missing == std::vector<std::int32_t>{2});
    CHECK(l.exited_with_missing == 1); // K; L's late report closed its gap

    // Summary: expected G 2 + H 2 + K 1 + L 1 = 6; received G 2 + L 1 = 3; on time G's Q2 = 1.
    const ComplianceSummary s = compliance_summary(p, date(2019, 10, 31));
    CHECK(s.grace_days == 30);
    CHECK(s.participants == std::vector<std::int64_t>{4});
    CHECK(s.expected == std::vector<std::int64_t>{6});
    CHECK(s.received == std::vector<std::int64_t>{3});
    CHECK(s.received_on_time == std::vector<std::int64_t>{1});
    CHECK(s.missing == std::vector<std::int64_t>{3});
    CHECK(s.received_rate[0] == doctest::Approx(0.5));
    CHECK(s.on_time_rate[0] == doctest::Approx(1.0 / 6.0));
    // With a 31-day grace period G's Q3 report is on time too.
    CHECK(compliance_summary(p, date(2019, 10, 31), GroupBy::none, {}, MonitoringOptions{31})
              .received_on_time == std::vector<std::int64_t>{2});
}
