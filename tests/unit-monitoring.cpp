#include "okoce/monitoring.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace okoce;
using boost::gregorian::date;

namespace {
const Date nad(boost::gregorian::not_a_date_time);
using Qs = std::vector<Quarter>;
const Quarter q2019_1(2019, 1), q2019_2(2019, 2), q2019_3(2019, 3), q2019_4(2019, 4);

Participant person(std::string id, const char* kelurahan, Date registered, Date exited = nad) {
    Participant p;
    p.id = std::move(id);
    p.kelurahan = RegionCode::parse(kelurahan);
    p.registered_on = registered;
    p.exited_on = exited;
    return p;
}

QuarterlyReport report(std::string who, Quarter q, Date reported = nad) {
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

// As of 2019-12-31 (a quarter's last day):
//   A 31.74.01 joined 2019Q1: owes Q2 Q3 Q4. Reports Q1 (not owed), Q2, Q4 reported 2020-01-05
//     (not yet known). Received 1, missing Q3 Q4: overdue.
//   B 31.74.01 joined 2019-03-31 (still Q1): owes Q2 Q3 Q4, all reported (known at quarter end).
//   C 31.74.02 joined 2019Q2, exited 2019-10-15: owes Q3 only (Q4 ended after the exit). No
//     reports: overdue.
//   D 31.74.02 joined 2019Q2, exited 2019-09-30: Q3 ends on the exit day, so owes nothing.
//   E 31.71.01 joined 2019-11-01: owes from 2020Q1, nothing yet; its 2019Q4 report is extra.
//   F joins 2020-01-01: not in the tables.
Programme sample() {
    ProgrammeBuilder b;
    b.add(person("A", "31.74.01.1001", date(2019, 2, 10)));
    b.add(person("B", "31.74.01.1002", date(2019, 3, 31)));
    b.add(person("C", "31.74.02.1001", date(2019, 4, 1), date(2019, 10, 15)));
    b.add(person("D", "31.74.02.1001", date(2019, 6, 15), date(2019, 9, 30)));
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
    b.add(AssignmentRecord{"A", "M2", date(2019, 3, 1), nad});
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
    for (const Index i : l.participant) out.push_back(p.participants().id[i]);
    return out;
}
} // namespace

TEST_CASE("expected_quarters: full quarters after registration, before the date and exit") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);
    const auto a = expected_quarters(p, 0, as_of);
    CHECK(a.count == 3);
    CHECK(a.first == q2019_2);
    CHECK(a.last == q2019_4);
    // One day earlier 2019Q4 has not ended: Q2 and Q3 only.
    CHECK(expected_quarters(p, 0, date(2019, 12, 30)).count == 2);
    CHECK(expected_quarters(p, 1, as_of).count == 3); // registered on Q1's last day
    const auto c = expected_quarters(p, 2, as_of);
    CHECK(c.count == 1);
    CHECK(c.last == q2019_3);
    CHECK(expected_quarters(p, 3, as_of).count == 0);             // exit on Q3's last day
    CHECK(expected_quarters(p, 3, date(2019, 9, 29)).count == 0); // Q3 not yet ended
    CHECK(expected_quarters(p, 4, as_of).count == 0);             // joined in Q4
    CHECK(expected_quarters(p, 4, date(2020, 3, 31)).count == 1); // 2020Q1
    CHECK(expected_quarters(p, 5, as_of).count == 0);             // not yet registered
    // The exit is invisible before it happens: as of 2019-09-30 C owes Q3 either way.
    CHECK(expected_quarters(p, 2, date(2019, 9, 30)).count == 1);
    CHECK_THROWS_AS(expected_quarters(p, 0, nad), validation_error);
}

TEST_CASE("compliance per participant") {
    const Programme p = sample();
    const Compliance c = compliance(p, date(2019, 12, 31));
    REQUIRE(c.size() == 5); // F has not registered
    CHECK(c.participant == std::vector<Index>{0, 1, 2, 3, 4});
    CHECK(c.expected == std::vector<std::int32_t>{3, 3, 1, 0, 0});
    CHECK(c.received == std::vector<std::int32_t>{1, 3, 0, 0, 0});
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
    const Compliance later = compliance(p, date(2020, 1, 5));
    REQUIRE(later.size() == 6);
    CHECK(later.received[0] == 2);
    const auto m = later.missing_of(0);
    CHECK(Qs(m.begin(), m.end()) == Qs{q2019_3});
    CHECK(later.last_report[0] == q2019_4);
    CHECK(compliance(p, date(2020, 1, 4)).received[0] == 1);
}

TEST_CASE("compliance summary, grouped and suppressed") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);
    const auto all = compliance_summary(p, as_of);
    REQUIRE(all.size() == 1);
    // Expected 3+3+1 = 7, received 1+3 = 4.
    CHECK(all.participants[0] == 5);
    CHECK(all.expected[0] == 7);
    CHECK(all.received[0] == 4);
    CHECK(all.rate[0] == doctest::Approx(4.0 / 7.0));

    const auto kec = compliance_summary(p, as_of, GroupBy::kecamatan);
    CHECK(kec.group == std::vector<std::string>{"31.71.01", "31.74.01", "31.74.02"});
    CHECK(kec.participants == std::vector<std::int64_t>{1, 2, 2}); // E; A B; C D
    CHECK(kec.expected == std::vector<std::int64_t>{0, 6, 1});
    CHECK(kec.received == std::vector<std::int64_t>{0, 4, 0});
    CHECK(std::isnan(kec.rate[0])); // nothing owed
    CHECK(kec.rate[1] == doctest::Approx(4.0 / 6.0));
    CHECK(kec.rate[2] == 0.0);

    // Below 2 participants: E's kecamatan is hidden whole.
    const auto hidden = compliance_summary(p, as_of, GroupBy::kecamatan, Suppression{2});
    CHECK(hidden.participants == std::vector<std::int64_t>{suppressed, 2, 2});
    CHECK(hidden.expected == std::vector<std::int64_t>{suppressed, 6, 1});
    CHECK(hidden.received == std::vector<std::int64_t>{suppressed, 4, 0});
    CHECK(std::isnan(hidden.rate[0]));
}

TEST_CASE("overdue lists per mentor and per kecamatan") {
    const Programme p = sample();
    const Date as_of(2019, 12, 31);
    // A (latest owed Q4 not known) and C (Q3 missing). C's assignment to M1 ended 2019-09-30.
    const OverdueList m = overdue(p, as_of, OverdueBy::mentor);
    CHECK(groups_of(m) == std::vector<std::string>{"(none)", "M2"});
    CHECK(m.groups == std::vector<std::string>{"(none)", "M2"}); // M1 has nobody overdue
    CHECK(ids_of(p, m) == std::vector<std::string>{"C", "A"});
    CHECK(m.participant == std::vector<Index>{2, 0});
    CHECK(m.quarters_missing == std::vector<std::int32_t>{1, 2});
    CHECK(m.last_report == std::vector<std::optional<Quarter>>{std::nullopt, q2019_2});

    const OverdueList k = overdue(p, as_of, OverdueBy::kecamatan);
    CHECK(groups_of(k) == std::vector<std::string>{"31.74.01", "31.74.02"});
    CHECK(ids_of(p, k) == std::vector<std::string>{"A", "C"});

    // As of 2019-09-30 C was still with M1; A owed Q2 Q3, Q3 not reported: overdue too. B's Q3
    // is known on the quarter's last day, so B is not overdue.
    const OverdueList sep = overdue(p, date(2019, 9, 30), OverdueBy::mentor);
    CHECK(groups_of(sep) == std::vector<std::string>{"M1", "M2"});
    CHECK(ids_of(p, sep) == std::vector<std::string>{"C", "A"});
    CHECK(sep.quarters_missing == std::vector<std::int32_t>{1, 1});

    // On 2020-01-05 A's Q4 arrives: only an earlier quarter is missing, so A is not overdue.
    const OverdueList jan = overdue(p, date(2020, 1, 5), OverdueBy::kecamatan);
    CHECK(ids_of(p, jan) == std::vector<std::string>{"C"});

    CHECK_THROWS_AS(overdue(p, as_of, static_cast<OverdueBy>(7)), validation_error);
    CHECK_THROWS_AS(overdue(p, nad, OverdueBy::mentor), validation_error);
    CHECK_THROWS_AS(compliance(p, nad), validation_error);
}

TEST_CASE("overdue rows are sorted by group text, then by id in byte order, not input order") {
    // Added out of order; none has reported. As of 2019-12-31 all owe 2019Q3 and Q4.
    // Mentor ids sort as text: "M10" < "M9" < "m1"; "(none)" sorts before all of them ('(' is
    // 0x28, before digits and letters). Ids likewise: "P10" < "P2" < "p1".
    ProgrammeBuilder b;
    for (const char* id : {"P2", "p1", "P10", "P3"})
        b.add(person(id, "31.74.01.1001", date(2019, 5, 1)));
    for (const char* id : {"M9", "m1", "M10"}) b.add(mentor(id));
    b.add(AssignmentRecord{"P2", "M9", date(2019, 5, 1), nad});
    b.add(AssignmentRecord{"p1", "M10", date(2019, 5, 1), nad});
    b.add(AssignmentRecord{"P10", "M9", date(2019, 5, 1), nad});
    const Programme p = b.build();
    const OverdueList m = overdue(p, date(2019, 12, 31), OverdueBy::mentor);
    CHECK(m.groups == std::vector<std::string>{"(none)", "M10", "M9"});
    CHECK(groups_of(m) == std::vector<std::string>{"(none)", "M10", "M9", "M9"});
    CHECK(ids_of(p, m) == std::vector<std::string>{"P3", "p1", "P10", "P2"});
    CHECK(m.quarters_missing == std::vector<std::int32_t>{2, 2, 2, 2});
    const OverdueList k = overdue(p, date(2019, 12, 31), OverdueBy::kecamatan);
    CHECK(k.groups == std::vector<std::string>{"31.74.01"});
    CHECK(ids_of(p, k) == std::vector<std::string>{"P10", "P2", "P3", "p1"});
}
