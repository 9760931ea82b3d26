#include "okoce/calendar.hpp"
#include "okoce/error.hpp"

#include <doctest/doctest.h>

#include <string>

using okoce::Date;
using okoce::Quarter;

TEST_CASE("ISO dates") {
    CHECK(okoce::parse_date("2019-07-01") == Date(2019, 7, 1));
    CHECK(okoce::parse_date("2020-02-29") == Date(2020, 2, 29)); // 2020 is a leap year
    CHECK(okoce::parse_date("2000-02-29") == Date(2000, 2, 29)); // divisible by 400
    CHECK(okoce::parse_date("2019-12-31") == Date(2019, 12, 31));
    for (const std::string bad :
         {"2019-02-29", "1900-02-29", "2019-04-31", "2019-13-01", "2019-00-10", "2019-01-00",
          "2019-01-32", "2019-4-01", "20190401", "2019/04/01", "2019-04-01T00:00", " 2019-04-01",
          "01-04-2019", "2019-O4-01", "1399-12-31", "", "+019-04-01",
          // Outside the supported range 1900-01-01..2200-12-31 (pandas ends in 2262).
          "1899-12-31", "2201-01-01", "2300-01-01", "9999-12-31"}) {
        CAPTURE(bad);
        CHECK_FALSE(okoce::try_parse_date(bad).has_value());
        CHECK_THROWS_AS((void)okoce::parse_date(bad), okoce::validation_error);
    }
    try {
        (void)okoce::parse_date("2019-02-29");
        FAIL("accepted 2019-02-29");
    } catch (const okoce::validation_error& e) {
        CHECK(e.value() == "2019-02-29");
    }
    CHECK(okoce::format_date(Date(2019, 7, 1)) == "2019-07-01");
    CHECK(okoce::format_date(Date()).empty());
}

TEST_CASE("the supported range's first and last days parse; the days beside them do not") {
    CHECK(okoce::parse_date("1900-01-01") == Date(1900, 1, 1));
    CHECK(okoce::parse_date("2200-12-31") == Date(2200, 12, 31));
    CHECK(Quarter::parse("1900Q1") == Quarter(1900, 1));
    CHECK(Quarter::parse("2200Q4") == Quarter(2200, 4));
    // The quarter after the last one still has days, so arithmetic at the edge cannot fail.
    CHECK(Quarter::parse("2200Q4").next().last_day() == Date(2201, 3, 31));
    try {
        (void)okoce::parse_date("2300-01-01");
        FAIL("accepted 2300-01-01");
    } catch (const okoce::validation_error& e) {
        CHECK(std::string(e.what()).find("2200-12-31") != std::string::npos);
    }
    for (const std::string bad : {"9999Q4", "1899Q4", "2201Q1"}) {
        CAPTURE(bad);
        CHECK_FALSE(Quarter::try_parse(bad).has_value());
        CHECK_THROWS_AS((void)Quarter::parse(bad), okoce::validation_error);
    }
}

TEST_CASE("whole months between two dates") {
    using okoce::whole_months_between;
    CHECK(whole_months_between(Date(2019, 5, 5), Date(2019, 5, 5)) == 0);
    CHECK(whole_months_between(Date(2020, 1, 15), Date(2020, 2, 14)) == 0);
    CHECK(whole_months_between(Date(2020, 1, 15), Date(2020, 2, 15)) == 1);
    // Exactly 12 and 36 months: the phase rules' thresholds.
    CHECK(whole_months_between(Date(2017, 3, 1), Date(2018, 3, 1)) == 12);
    CHECK(whole_months_between(Date(2017, 3, 1), Date(2018, 2, 28)) == 11);
    CHECK(whole_months_between(Date(2017, 3, 2), Date(2018, 3, 1)) == 11);
    CHECK(whole_months_between(Date(2017, 3, 1), Date(2020, 3, 1)) == 36);
    CHECK(whole_months_between(Date(2017, 3, 1), Date(2020, 2, 29)) == 35);
    // The day of month has to be reached: 31 January is never reached in February.
    CHECK(whole_months_between(Date(2020, 1, 31), Date(2020, 2, 29)) == 0);
    CHECK(whole_months_between(Date(2020, 1, 31), Date(2020, 3, 1)) == 1);
    CHECK(whole_months_between(Date(2020, 1, 31), Date(2020, 3, 31)) == 2);
    // 30 Nov -> 30 Jan is 2 months; 29 Feb has not reached the 30th.
    CHECK(whole_months_between(Date(2019, 11, 30), Date(2020, 2, 29)) == 2);
    // A leap-day start: 2021-02-28 has not reached the 29th.
    CHECK(whole_months_between(Date(2020, 2, 29), Date(2021, 2, 28)) == 11);
    CHECK(whole_months_between(Date(2020, 2, 29), Date(2021, 3, 1)) == 12);
    CHECK(whole_months_between(Date(2019, 12, 31), Date(2020, 1, 1)) == 0);
    // Backwards: the same count, negative.
    CHECK(whole_months_between(Date(2018, 3, 1), Date(2017, 3, 1)) == -12);
    CHECK(whole_months_between(Date(2020, 3, 15), Date(2020, 1, 20)) == -1);
    CHECK(whole_months_between(Date(2020, 2, 29), Date(2020, 1, 31)) == 0);
    CHECK(whole_months_between(Date(2020, 1, 10), Date(2020, 1, 20)) == 0);
}

TEST_CASE("quarters: parse, print, first and last day") {
    const Quarter q = Quarter::parse("2019Q3");
    CHECK(q.year() == 2019);
    CHECK(q.number() == 3);
    CHECK(q.to_string() == "2019Q3");
    CHECK(q.first_day() == Date(2019, 7, 1));
    CHECK(q.last_day() == Date(2019, 9, 30));
    CHECK(q == Quarter(2019, 3));
    CHECK(q.index() == 2019 * 4 + 2);

    CHECK(Quarter(2020, 1).first_day() == Date(2020, 1, 1));
    CHECK(Quarter(2020, 1).last_day() == Date(2020, 3, 31));
    CHECK(Quarter(2019, 2).last_day() == Date(2019, 6, 30));
    CHECK(Quarter(2019, 4).first_day() == Date(2019, 10, 1));
    CHECK(Quarter(2019, 4).last_day() == Date(2019, 12, 31));
    CHECK(Quarter(2020, 4).to_string() == "2020Q4");

    for (const std::string bad : {"2019Q0", "2019Q5", "19Q1", "2019-Q1", "2019Q", "Q12019",
                                  "2019Q1 ", "2019Q12", "", "201AQ1", "0000Q1", "0999Q4"}) {
        CAPTURE(bad);
        CHECK_FALSE(Quarter::try_parse(bad).has_value());
        CHECK_THROWS_AS((void)Quarter::parse(bad), okoce::validation_error);
    }
    CHECK_THROWS_AS((void)Quarter(2019, 0), okoce::argument_error);
    // A quarter number built in code is an argument (parsed text is data, above): the error
    // names the constructor and the argument refused.
    try {
        (void)Quarter(2019, 5);
        FAIL("Quarter(2019, 5) was accepted");
    } catch (const okoce::argument_error& e) {
        CHECK(e.function() == "Quarter");
        CHECK(e.argument() == "number");
        CHECK(e.value() == "5");
    }
}

TEST_CASE("quarters: arithmetic across year ends") {
    const Quarter q4{2019, 4};
    CHECK(q4.next() == Quarter(2020, 1));
    CHECK(Quarter(2020, 1).previous() == q4);
    CHECK(q4 + 1 == Quarter(2020, 1));
    CHECK(q4 + 4 == Quarter(2020, 4));
    CHECK(q4 + 5 == Quarter(2021, 1));
    CHECK(Quarter(2021, 1) - 5 == q4);
    CHECK(Quarter(2020, 1) - Quarter(2019, 3) == 2);
    CHECK(Quarter(2019, 3) - Quarter(2020, 1) == -2);
    CHECK(Quarter(2022, 2) - Quarter(2017, 1) == 21); // 5 years and 1 quarter
    CHECK(q4 < Quarter(2020, 1));
    CHECK(Quarter(2020, 1) > Quarter(2019, 2));
    // The same quarter a year earlier: the year-on-year comparison of the phase rules.
    CHECK(Quarter(2020, 1) - 4 == Quarter(2019, 1));
}

TEST_CASE("the quarter a day falls in") {
    CHECK(Quarter::of(Date(2019, 1, 1)) == Quarter(2019, 1));
    CHECK(Quarter::of(Date(2019, 3, 31)) == Quarter(2019, 1));
    CHECK(Quarter::of(Date(2019, 4, 1)) == Quarter(2019, 2));
    CHECK(Quarter::of(Date(2019, 9, 30)) == Quarter(2019, 3));
    CHECK(Quarter::of(Date(2019, 10, 1)) == Quarter(2019, 4));
    CHECK(Quarter::of(Date(2019, 12, 31)) == Quarter(2019, 4));
    CHECK(Quarter::of(Date(2020, 2, 29)) == Quarter(2020, 1));
    // Century rules: 1900 and 2100 have no 29 February, 2000 has.
    CHECK(Quarter::of(Date(1900, 3, 1)) == Quarter(1900, 1));
    CHECK(Quarter::of(Date(2000, 2, 29)) == Quarter(2000, 1));
    CHECK(Quarter::of(Date(2100, 3, 1)) == Quarter(2100, 1));
    CHECK(Quarter::of(Date(1400, 1, 1)) == Quarter(1400, 1));   // boost's first year
    CHECK(Quarter::of(Date(9999, 12, 31)) == Quarter(9999, 4)); // and last day
}

TEST_CASE("the quarter of every day from 1899 to 2101 agrees with boost's calendar") {
    // Quarter::of counts days itself; boost's year and month are an independent conversion.
    std::size_t wrong = 0;
    for (Date d(1899, 1, 1); d <= Date(2101, 12, 31); d += boost::gregorian::days(1)) {
        const int q = (static_cast<int>(d.month()) - 1) / 3 + 1;
        if (Quarter::of(d) != Quarter(static_cast<int>(d.year()), q)) ++wrong;
    }
    CHECK(wrong == 0);
}

TEST_CASE("a quarter takes two bytes and keeps its order and arithmetic") {
    CHECK(sizeof(Quarter) == 2);
    const Quarter q(2200, 4), first(1900, 1);
    CHECK(q.year() == 2200);
    CHECK(q.number() == 4);
    // (2200 - 1900) * 4 + 3 quarters apart.
    CHECK(q - first == 1203);
    CHECK(first - q == -1203);
    CHECK(first < q);
    CHECK(Quarter::from_index(q.index()) == q);
    CHECK(Quarter(9999, 4).year() == 9999); // the last year a boost date can have
    CHECK_THROWS_AS(Quarter(16384, 1), okoce::argument_error);
    CHECK_THROWS_AS(Quarter(-1, 1), okoce::argument_error);
}
