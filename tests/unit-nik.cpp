#include "okoce/error.hpp"
#include "okoce/nik.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <unordered_set>

using okoce::Date;
using okoce::Nik;
using okoce::Sex;

namespace {

const Date ref2020{2020, 1, 1};

// Parses text that must fail; returns the error so its parts can be checked, and checks that
// neither the whole number nor its DDMMYY birth-date digits leak into the message.
okoce::validation_error rejected(const std::string& text, Date reference = ref2020) {
    CHECK_FALSE(Nik::try_parse(text, reference).has_value());
    try {
        (void)Nik::parse(text, reference);
    } catch (const okoce::validation_error& e) {
        const std::string what = e.what();
        if (text.size() >= 16) CHECK(what.find(text.substr(0, 16)) == std::string::npos);
        if (text.size() >= 12) CHECK(what.find(text.substr(6, 6)) == std::string::npos);
        return e;
    }
    FAIL("accepted a bad NIK");
    return okoce::validation_error({}, "", "");
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("a man's NIK: region, birth date, serial") {
    // 31 DKI Jakarta, 74 Jakarta Selatan, 01 Tebet; born 15-07-85; serial 0001.
    const Nik n = Nik::parse("3174011507850001", ref2020);
    CHECK(n.province_code() == 31);
    CHECK(n.kota_code() == 74);
    CHECK(n.kecamatan_code() == 1);
    CHECK(n.sex() == Sex::male);
    // 2085-07-15 is after 2020-01-01, so the century is the 1900s.
    CHECK(n.birth_date() == Date(1985, 7, 15));
    CHECK(n.serial() == 1);
    CHECK(n.digits() == "3174011507850001");
    CHECK(n.masked() == "3174**********01");
}

TEST_CASE("a woman's NIK: 40 added to the day") {
    // Day 55 = 15 + 40: a woman born 15-12-1992, serial 0123, kota 71 kecamatan 06.
    const Nik n = Nik::parse("3171065512920123", ref2020);
    CHECK(n.sex() == Sex::female);
    CHECK(n.birth_date() == Date(1992, 12, 15));
    CHECK(n.kota_code() == 71);
    CHECK(n.kecamatan_code() == 6);
    CHECK(n.serial() == 123);
    CHECK(n.masked() == "3171**********23");

    // The ends of the women's range: 41 is the 1st, 71 the 31st.
    const Nik first = Nik::parse("3172024101990007", ref2020);
    CHECK(first.sex() == Sex::female);
    CHECK(first.birth_date() == Date(1999, 1, 1));
    const Nik last = Nik::parse("3175037101030042", ref2020);
    CHECK(last.sex() == Sex::female);
    CHECK(last.birth_date() == Date(2003, 1, 31)); // 2003 is before 2020: the 2000s

    // The ends of the men's range: 01 and 31.
    CHECK(Nik::parse("3173010101800002", ref2020).sex() == Sex::male);
    const Nik m31 = Nik::parse("3173013112000002", ref2020);
    CHECK(m31.sex() == Sex::male);
    CHECK(m31.birth_date() == Date(2000, 12, 31));
}

TEST_CASE("the birth century is the latest one not after the reference date") {
    const std::string text = "3174011507850001"; // born 15-07-?85
    CHECK(Nik::parse(text, Date(2100, 1, 1)).birth_date() == Date(2085, 7, 15));
    CHECK(Nik::parse(text, Date(2085, 7, 15)).birth_date() == Date(2085, 7, 15)); // same day
    CHECK(Nik::parse(text, Date(2085, 7, 14)).birth_date() == Date(1985, 7, 15));
    // A baby registered the day it was born, against a centenarian born the day after.
    CHECK(Nik::parse("3174011507200001", Date(2020, 7, 15)).birth_date() == Date(2020, 7, 15));
    CHECK(Nik::parse("3174011507200001", Date(2020, 7, 14)).birth_date() == Date(1920, 7, 15));
    // Without a reference, today decides: a 1985 birth stays in the 1900s until 2085.
    CHECK(Nik::parse(text).birth_date() == Date(1985, 7, 15));

    // Born after the reference date in both centuries: 1985 and 2085 are after 1985-07-14.
    const auto e = rejected(text, Date(1985, 7, 14));
    CHECK(e.value() == "3174**********01");
    CHECK(contains(e.expected(), "1985-07-14"));

    // A reference that is not a date is the caller's mistake, not bad data.
    CHECK_THROWS_AS((void)Nik::parse(text, Date()), okoce::argument_error);
    CHECK_FALSE(Nik::try_parse(text, Date()).has_value());
}

TEST_CASE("29 February and other dates that do not exist") {
    CHECK(Nik::parse("3174012902960001", ref2020).birth_date() == Date(1996, 2, 29));
    CHECK(Nik::parse("3174016902960001", ref2020).birth_date() == Date(1996, 2, 29)); // woman
    // 1997 and 2097 are not leap years.
    auto e = rejected("3174012902970001");
    CHECK(e.value() == "day 29 month 02");
    CHECK(contains(e.expected(), "exists"));
    // 2000 is a leap year (divisible by 400), 1900 is not (by 100 but not 400).
    CHECK(Nik::parse("3174012902000001", ref2020).birth_date() == Date(2000, 2, 29));
    e = rejected("3174012902000001", Date(1999, 12, 31)); // only 1900-02-29 is early enough
    CHECK(e.value() == "3174**********01");

    e = rejected("3174013002960001"); // 30 February
    CHECK(e.value() == "day 30 month 02");
    rejected("3174017002960001"); // a woman's 30 February: 70 - 40
    rejected("3174013104900001"); // 31 April
    CHECK(Nik::parse("3174013103900001", ref2020).birth_date() == Date(1990, 3, 31));
}

TEST_CASE("each part of a bad NIK is named, without the whole number") {
    auto e = rejected("0074011507850001");
    CHECK(e.value() == "00");
    CHECK(contains(e.expected(), "province"));
    e = rejected("3100011507850001");
    CHECK(e.value() == "00");
    CHECK(contains(e.expected(), "kota"));
    e = rejected("3174001507850001");
    CHECK(e.value() == "00");
    CHECK(contains(e.expected(), "kecamatan"));

    // Days: 00, 32..40 and 72 or more are neither a man's nor a woman's day.
    for (const std::string day : {"00", "32", "40", "72", "99"}) {
        CAPTURE(day);
        e = rejected(std::string("317401") + day + "07850001");
        CHECK(e.value() == std::string("day ") + day);
        CHECK(contains(e.expected(), "41-71"));
    }
    for (const std::string month : {"00", "13"}) {
        CAPTURE(month);
        e = rejected(std::string("31740115") + month + "850001");
        CHECK(e.value() == std::string("month ") + month);
    }
    e = rejected("3174011507850000");
    CHECK(e.value() == "0000");
    CHECK(contains(e.expected(), "serial"));
    CHECK(Nik::parse("3174011507859999", ref2020).serial() == 9999);

    e = rejected("317401150785000"); // 15 digits
    CHECK(e.value() == "15 characters");
    e = rejected("31740115078500011"); // 17 digits
    CHECK(e.value() == "17 characters");
    e = rejected("");
    CHECK(e.value() == "0 characters");
    e = rejected(" 3174011507850001"); // no trimming
    CHECK(e.value() == "17 characters");

    e = rejected("31740115078500A1");
    CHECK(e.value() == "A at position 15");
    e = rejected("+174011507850001");
    CHECK(e.value() == "+ at position 1");
    e = rejected("3174 11507850001");
    CHECK(e.value() == "? at position 5"); // a space is shown as ?
    e = rejected("317401150785000\xC2");   // a stray byte of UTF-8
    CHECK(e.value() == "? at position 16");

    // The first problem from the left is the one reported.
    e = rejected("0000000000000000");
    CHECK(contains(e.expected(), "province"));
}

TEST_CASE("province codes 01-10 belong to no province and are refused at parse time") {
    // The lowest Indonesian province code is 11 (Aceh); 01-10 used to parse, and then the
    // region of the NIK did not exist.
    for (const std::string province : {"01", "05", "09", "10"}) {
        CAPTURE(province);
        const auto e = rejected(province + "74011507850001");
        CHECK(e.value() == province);
        CHECK(contains(e.expected(), "11"));
        CHECK_FALSE(Nik::try_parse(province + "74011507850001", ref2020).has_value());
    }
    CHECK(Nik::parse("1101011507850001", ref2020).province_code() == 11); // Aceh
}

TEST_CASE("packed storage") {
    const Nik man = Nik::parse("3174011507850001", ref2020);
    // 3174011507850001 * 2 + 0 (born in the 1900s)
    CHECK(man.packed() == 6348023015700002ULL);
    const Nik woman = Nik::parse("3175037101030042", ref2020);
    // 3175037101030042 * 2 + 1 (born in the 2000s)
    CHECK(woman.packed() == 6350074202060085ULL);

    CHECK(Nik::from_packed(6348023015700002ULL) == man);
    CHECK(Nik::from_packed(6348023015700002ULL).birth_date() == Date(1985, 7, 15));
    CHECK(Nik::from_packed(6348023015700003ULL).birth_date() == Date(2085, 7, 15));
    CHECK(Nik::from_packed(6350074202060085ULL).digits() == "3175037101030042");

    // 3174012902000001 * 2 = 6348025804000002: 29 February 1900 did not exist, 2000 did.
    CHECK_THROWS_AS((void)Nik::from_packed(6348025804000002ULL), okoce::validation_error);
    CHECK(Nik::from_packed(6348025804000003ULL).birth_date() == Date(2000, 2, 29));
    CHECK_THROWS_AS((void)Nik::from_packed(0), okoce::validation_error); // "no NIK"
    CHECK_THROWS_AS((void)Nik::from_packed(20'000'000'000'000'000ULL), okoce::validation_error);
    CHECK_THROWS_AS((void)Nik::from_packed(~0ULL), okoce::validation_error);
    try {
        (void)Nik::from_packed(6348025804000002ULL);
    } catch (const okoce::validation_error& e) {
        CHECK_FALSE(contains(e.what(), "6348025804000002"));
        CHECK_FALSE(contains(e.what(), "3174012902000001"));
    }
}

TEST_CASE("ordering and hashing") {
    const Nik a = Nik::parse("3174011507850001", ref2020);
    const Nik b = Nik::parse("3174011507850002", ref2020);
    const Nik a2085 = Nik::parse("3174011507850001", Date(2100, 1, 1));
    CHECK(a < b);
    CHECK(a != a2085); // same digits, read in another century
    CHECK(a < a2085);
    CHECK(b > a2085); // digits first
    const std::unordered_set<Nik> set{a, b, a2085, Nik::parse("3174011507850001", ref2020)};
    CHECK(set.size() == 3);
}

TEST_CASE("every DKI Jakarta kecamatan code makes a NIK prefix") {
    // code,name,level,parent,population (tests/data/README.md)
    const auto rows = okoce::test::fixture_rows("regions_dki_oracle.csv");
    int kecamatan = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const std::string& code = rows[r][0];
        if (rows[r][2] != "kecamatan") continue;
        REQUIRE(code.size() == 8); // 31.74.01
        ++kecamatan;
        CAPTURE(code);
        const Nik n = Nik::parse(
            code.substr(0, 2) + code.substr(3, 2) + code.substr(6, 2) + "1507850001", ref2020);
        CHECK(n.province_code() == std::stoi(code.substr(0, 2)));
        CHECK(n.kota_code() == std::stoi(code.substr(3, 2)));
        CHECK(n.kecamatan_code() == std::stoi(code.substr(6, 2)));
    }
    CHECK(kecamatan == 44); // DESIGN.md: DKI has 44 kecamatan
}
