#include "okoce/programme.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace okoce;
using boost::gregorian::date;
using okoce::test::person;

namespace {
const RegionCode tebet_timur = RegionCode::parse("31.74.01.1001");
const RegionCode tebet = RegionCode::parse("31.74.01");

Mentor office_mentor(std::string id) {
    Mentor m;
    m.id = std::move(id);
    m.kecamatan = tebet;
    m.capacity = 25;
    return m;
}

// Three participants; events are added out of order on purpose.
ProgrammeBuilder sample() {
    ProgrammeBuilder b;
    b.add(person("B", date(2018, 3, 1)));
    b.add(person("A", date(2018, 1, 15)).started(date(2015, 1, 1)));
    b.add(person("C", date(2019, 2, 1)));
    b.add(StepRecord{"A", Step::p2, date(2018, 2, 1)});
    b.add(StepRecord{"B", Step::p1, date(2018, 3, 1)});
    b.add(StepRecord{"A", Step::p1, date(2018, 1, 15)});
    b.add(StepRecord{"A", Step::p3, date(2018, 6, 1)});
    b.add(
        LicenceRecord{"A", {LicenceKind::sku, "", date(2018, 9, 1), no_date, "Lurah Tebet Timur"}});
    b.add(QuarterlyReport{"A", Quarter(2019, 1), Rupiah(900), {}, {}, no_date});
    b.add(QuarterlyReport{"A", Quarter(2018, 1), Rupiah(1000), Rupiah(5000), 2, no_date});
    b.add(office_mentor("M1"));
    b.add(AssignmentRecord{"A", "M1", date(2018, 2, 1), no_date});
    return b;
}
} // namespace

TEST_CASE("a built programme holds sorted columns and finds ids") {
    Programme p = sample().build();
    REQUIRE(p.participant_count() == 3);
    // Participants keep the order they were added in.
    CHECK(p.participants().id[0] == "B");
    const Index a = *p.find_participant("A");
    CHECK(a == 1);
    CHECK(p.find_participant("C") == Index{2});
    CHECK_FALSE(p.find_participant("Z"));
    CHECK(p.find_mentor("M1") == Index{0});

    // A's three steps come first in date order: P1, P2, P3.
    const auto& s = p.steps();
    CHECK(s.end(a) - s.begin(a) == 3);
    CHECK(s.step[s.begin(a)] == Step::p1);
    CHECK(s.step[s.begin(a) + 2] == Step::p3);
    CHECK(s.end(2) == s.begin(2)); // C has none
    // A's reports sorted by quarter; the missing capital is a sentinel.
    const auto& r = p.reports();
    CHECK(r.quarter[r.begin(a)] == Quarter(2018, 1));
    CHECK(r.capital[r.begin(a)] == 5000);
    CHECK(r.capital[r.begin(a) + 1] == no_amount);
    CHECK(r.known_on[r.begin(a) + 1] == date(2019, 3, 31));
}

TEST_CASE("point in time: steps and licences as of a date") {
    Programme p = sample().build();
    const Index a = *p.find_participant("A");
    CHECK(p.steps_done(a, date(2018, 5, 31)) == StepSet{Step::p1, Step::p2});
    CHECK(p.steps_done(a, date(2018, 6, 1)) == StepSet{Step::p1, Step::p2, Step::p3});
    const auto first = p.first_steps(a, date(2018, 12, 31));
    CHECK(first[1] == date(2018, 2, 1));
    CHECK(first[3].is_special());
    CHECK_FALSE(p.licensed_as_of(a, date(2018, 8, 31)));
    CHECK(p.licensed_as_of(a, date(2018, 9, 1)));
    CHECK(p.active_on(a, date(2018, 1, 15)));
    CHECK_FALSE(p.active_on(a, date(2018, 1, 14)));
}

TEST_CASE("record views rebuild the input") {
    Programme p = sample().build();
    const Participant a = p.participant(*p.find_participant("A"));
    CHECK(a.kelurahan == tebet_timur);
    CHECK(a.business_started_on == date(2015, 1, 1));
    CHECK(p.mentor(0).capacity == 25);
}

TEST_CASE("referential errors name table, record, column and value") {
    SUBCASE("step for an unknown participant") {
        auto b = sample();
        b.add(StepRecord{"Z", Step::p1, date(2018, 1, 1)});
        try {
            b.build();
            FAIL("expected an error");
        } catch (const reference_error& e) {
            CHECK(e.file() == "steps");
            CHECK(e.line() == 5); // fifth step record
            CHECK(e.column() == "participant");
            CHECK(e.value() == "Z");
        }
    }
    SUBCASE("duplicate participant id") {
        auto b = sample();
        b.add(person("A", date(2018, 1, 1)));
        CHECK_THROWS_WITH_AS(b.build(), doctest::Contains("participants:4, column id"),
                             validation_error);
    }
    SUBCASE("mentor in an unknown kecamatan") {
        auto b = sample();
        Mentor m = office_mentor("M2");
        m.kecamatan = RegionCode::parse("31.74.99");
        b.add(m);
        CHECK_THROWS_WITH_AS(b.build(), doctest::Contains("31.74.99"), reference_error);
    }
    SUBCASE("participant in a kecamatan instead of a kelurahan") {
        auto b = sample();
        Participant x = person("X", date(2018, 1, 1));
        x.kelurahan = tebet;
        b.add(x);
        CHECK_THROWS_WITH_AS(b.build(), doctest::Contains("column kelurahan"), validation_error);
    }
    SUBCASE("assignment to an unknown mentor") {
        auto b = sample();
        b.add(AssignmentRecord{"B", "M9", date(2018, 3, 1), no_date});
        CHECK_THROWS_AS(b.build(), reference_error);
    }
    SUBCASE("two reports for one quarter") {
        auto b = sample();
        b.add(QuarterlyReport{"A", Quarter(2018, 1), Rupiah(1), {}, {}, no_date});
        CHECK_THROWS_WITH_AS(b.build(), doctest::Contains("reports:3, column quarter"),
                             validation_error);
    }
    SUBCASE("negative revenue") {
        auto b = sample();
        b.add(QuarterlyReport{"A", Quarter(2018, 2), Rupiah(-1), {}, {}, no_date});
        CHECK_THROWS_WITH_AS(b.build(), doctest::Contains("'-1'"), validation_error);
    }
    SUBCASE("exit before registration") {
        auto b = sample();
        Participant x = person("X", date(2018, 1, 1));
        x.exited_on = date(2017, 12, 31);
        b.add(x);
        CHECK_THROWS_WITH_AS(b.build(), doctest::Contains("exited_on"), validation_error);
    }
    SUBCASE("a source maps records to file lines") {
        auto b = sample();
        b.add(StepRecord{"Z", Step::p1, date(2018, 1, 1)});
        b.set_source("steps", "data/steps.csv", {2, 3, 4, 5, 9});
        CHECK_THROWS_WITH_AS(b.build(), doctest::Contains("data/steps.csv:9, column participant"),
                             reference_error);
    }
}

TEST_CASE("collect mode gathers every error and builds nothing") {
    auto b = sample();
    b.collect_errors(10);
    b.add(StepRecord{"Y", Step::p1, date(2018, 1, 1)});
    b.add(StepRecord{"Z", Step::p1, date(2018, 1, 1)});
    b.add(QuarterlyReport{"A", Quarter(2018, 3), Rupiah(-5), {}, {}, no_date});
    try {
        b.build();
        FAIL("expected errors");
    } catch (const validation_errors& e) {
        REQUIRE(e.all().size() == 3);
        CHECK(e.all()[0].value() == "Y");
        CHECK(e.all()[1].value() == "Z");
        CHECK(e.all()[2].column() == "revenue");
        CHECK_FALSE(e.truncated());
    }
    // The limit is honoured.
    auto c = sample();
    c.collect_errors(1);
    c.add(StepRecord{"Y", Step::p1, date(2018, 1, 1)});
    c.add(StepRecord{"Z", Step::p1, date(2018, 1, 1)});
    try {
        c.build();
        FAIL("expected errors");
    } catch (const validation_errors& e) {
        CHECK(e.all().size() == 1);
        CHECK(e.truncated());
    }
}

TEST_CASE("consistency warnings are returned, not thrown") {
    auto b = sample();
    b.add(StepRecord{"B", Step::p4, date(2018, 4, 1)}); // P4 without a licence
    b.add(LicenceRecord{"C", {LicenceKind::iumk, "", date(2021, 8, 1), no_date, ""}}); // after OSS
    b.add(
        QuarterlyReport{"C", Quarter(2018, 4), Rupiah(1), {}, {}, no_date}); // before registration
    std::vector<ProgrammeBuilder::Warning> warnings;
    Programme p = b.build(warnings);
    CHECK(p.participant_count() == 3);
    REQUIRE(warnings.size() == 3);
    int p4 = 0, iumk = 0, early = 0;
    for (const auto& w : warnings) {
        p4 += w.message.find("P4 but no licence") != std::string::npos;
        iumk += w.message.find("IUMK") != std::string::npos;
        early += w.message.find("before registration") != std::string::npos;
    }
    CHECK(p4 == 1);
    CHECK(iumk == 1);
    CHECK(early == 1);
}
