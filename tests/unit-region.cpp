#include "okoce/error.hpp"
#include "okoce/region.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include <sys/stat.h>

using okoce::RegionCode;
using okoce::RegionLevel;
using okoce::RegionTable;

namespace {

RegionCode rc(const char* text) {
    return RegionCode::parse(text);
}

std::vector<std::string> dotted(const std::vector<RegionCode>& codes) {
    std::vector<std::string> out;
    for (auto c : codes) out.push_back(c.valid() ? c.to_string() : "(empty)");
    return out;
}

// A file in the temp directory, removed when the test ends. Written in binary so that the test
// controls every byte (CRLF, BOM).
class TempFile {
public:
    explicit TempFile(const std::string& content) {
        static int counter = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 ("okoce-unit-region-" + std::to_string(std::random_device{}()) + "-" +
                  std::to_string(++counter) + ".csv"))
                    .string();
        std::ofstream out(path_, std::ios::binary);
        out << content;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

} // namespace

TEST_CASE("region levels have their Indonesian names") {
    CHECK(okoce::to_string(RegionLevel::province) == "province");
    CHECK(okoce::to_string(RegionLevel::kota) == "kota");
    CHECK(okoce::to_string(RegionLevel::kecamatan) == "kecamatan");
    CHECK(okoce::to_string(RegionLevel::kelurahan) == "kelurahan");
    CHECK(okoce::to_string(RegionLevel{0}) == "none");
    CHECK(okoce::try_parse<RegionLevel>("kecamatan") == RegionLevel::kecamatan);
    CHECK_FALSE(okoce::try_parse<RegionLevel>("Kecamatan").has_value());
    CHECK_FALSE(okoce::try_parse<RegionLevel>("desa").has_value());
}

TEST_CASE("RegionCode parses the four dotted forms") {
    const auto p = rc("31");
    CHECK(p.valid());
    CHECK(p.level() == RegionLevel::province);
    CHECK(p.province() == 31);
    CHECK(p.kota() == 0);
    CHECK(p.kecamatan() == 0);
    CHECK(p.kelurahan() == 0);

    const auto k = rc("31.74");
    CHECK(k.level() == RegionLevel::kota);
    CHECK(k.province() == 31);
    CHECK(k.kota() == 74);
    CHECK(k.kecamatan() == 0);

    const auto c = rc("31.74.01");
    CHECK(c.level() == RegionLevel::kecamatan);
    CHECK(c.kecamatan() == 1);
    CHECK(c.kelurahan() == 0);

    const auto l = rc("31.74.01.1001");
    CHECK(l.level() == RegionLevel::kelurahan);
    CHECK(l.province() == 31);
    CHECK(l.kota() == 74);
    CHECK(l.kecamatan() == 1);
    CHECK(l.kelurahan() == 1001);

    // Desa numbers run in the 2000s (Aceh Selatan, Bakongan: Keude Bakongan is 2001).
    CHECK(rc("11.01.01.2001").kelurahan() == 2001);
    // The extremes of each part.
    const auto top = rc("99.99.99.9999");
    CHECK(top.province() == 99);
    CHECK(top.kota() == 99);
    CHECK(top.kecamatan() == 99);
    CHECK(top.kelurahan() == 9999);
    CHECK(rc("11").province() == 11);
    CHECK(rc("31.74.01.0001").kelurahan() == 1);

    // Zero padding survives the round trip.
    CHECK(rc("31.01.02.1003").to_string() == "31.01.02.1003");
    CHECK(rc("31.01").to_string() == "31.01");
    CHECK(rc("31.74.01.0001").to_string() == "31.74.01.0001");
    CHECK(RegionCode{}.to_string().empty());

    std::ostringstream os;
    os << rc("31.74.01") << ' ' << RegionCode{};
    CHECK(os.str() == "31.74.01 (empty)");
}

TEST_CASE("RegionCode rejects malformed text") {
    const char* bad[] = {
        "",               // empty
        "3",              // one digit
        "031",            // three digits
        "00",             // province zero
        "10",             // below Aceh (11)
        "31.",            // trailing dot
        ".31",            // leading dot
        "31..74",         // empty segment
        "31.7",           // short kota
        "31.074",         // long kota
        "31.00",          // kota zero
        "31.74.1",        // short kecamatan
        "31.74.00",       // kecamatan zero
        "31.74.01.101",   // short kelurahan
        "31.74.01.10011", // long kelurahan
        "31.74.01.0000",  // kelurahan zero
        "31.74.01.1001.", // trailing dot after a full code
        "31.74.01.1001.1",
        "31.74.01.1001.1001", // five segments
        "3a",
        "31.7a",
        "31.74.O1", // letter O for zero
        " 31",
        "31 ",
        "31 .74",
        "31-74",
        "31,74",
        "31/74",
        "+31",
        "-31",
        "3174011001", // undotted form
        "٣١",         // Arabic-Indic digits
    };
    for (const char* text : bad) {
        CAPTURE(text);
        CHECK_FALSE(RegionCode::try_parse(text).has_value());
        CHECK_THROWS_AS(RegionCode::parse(text), okoce::validation_error);
    }
    // A NUL inside the view is not a terminator.
    CHECK_FALSE(RegionCode::try_parse(std::string_view("31\0", 3)).has_value());

    try {
        (void)RegionCode::parse("31.7x");
        FAIL("parse accepted 31.7x");
    } catch (const okoce::validation_error& e) {
        CHECK(e.value() == "31.7x");
        CHECK(e.expected() == "a Kemendagri region code like 31.74.01.1001");
    }
}

TEST_CASE("the empty RegionCode") {
    constexpr RegionCode none;
    static_assert(!none.valid());
    CHECK(static_cast<int>(none.level()) == 0);
    CHECK(none.packed() == 0);
    CHECK_FALSE(none.parent().has_value());
    CHECK_FALSE(none.is_within(none));
    CHECK_FALSE(none.is_within(rc("31")));
    CHECK_FALSE(rc("31").is_within(none));
    CHECK(none < rc("11"));
}

TEST_CASE("parent and ancestor walk up the hierarchy") {
    const auto l = rc("31.74.01.1001");
    REQUIRE(l.parent().has_value());
    CHECK(*l.parent() == rc("31.74.01"));
    CHECK(*l.parent()->parent() == rc("31.74"));
    CHECK(*l.parent()->parent()->parent() == rc("31"));
    CHECK_FALSE(rc("31").parent().has_value());
    // Kepulauan Seribu (a kabupaten, 31.01) is a child of the province like the kota.
    CHECK(*rc("31.01.02.1003").parent() == rc("31.01.02"));
    CHECK(*rc("31.01").parent() == rc("31"));

    CHECK(l.ancestor(RegionLevel::province) == rc("31"));
    CHECK(l.ancestor(RegionLevel::kota) == rc("31.74"));
    CHECK(l.ancestor(RegionLevel::kecamatan) == rc("31.74.01"));
    CHECK(l.ancestor(RegionLevel::kelurahan) == l);
    CHECK(rc("31.75").ancestor(RegionLevel::kota) == rc("31.75"));
    CHECK(rc("31.75.10").ancestor(RegionLevel::province) == rc("31"));

    CHECK_THROWS_AS((void)rc("31.74").ancestor(RegionLevel::kecamatan), okoce::argument_error);
    CHECK_THROWS_AS((void)rc("31").ancestor(RegionLevel::kota), okoce::argument_error);
    CHECK_THROWS_AS((void)rc("31.74.01").ancestor(RegionLevel::kelurahan), okoce::argument_error);
    CHECK_THROWS_AS((void)RegionCode{}.ancestor(RegionLevel::province), okoce::argument_error);
    CHECK_THROWS_AS((void)l.ancestor(RegionLevel{0}), okoce::argument_error);
    CHECK_THROWS_AS((void)l.ancestor(RegionLevel{5}), okoce::argument_error);
    try {
        (void)rc("31.74").ancestor(RegionLevel::kecamatan);
    } catch (const okoce::error& e) {
        CHECK(std::string(e.what()).find("31.74") != std::string::npos);
    }
}

TEST_CASE("is_within is true for the code itself and its descendants only") {
    const auto tebet_timur = rc("31.74.01.1001");
    CHECK(tebet_timur.is_within(tebet_timur));
    CHECK(tebet_timur.is_within(rc("31.74.01")));
    CHECK(tebet_timur.is_within(rc("31.74")));
    CHECK(tebet_timur.is_within(rc("31")));
    CHECK_FALSE(rc("31.74.01").is_within(tebet_timur)); // an ancestor is not within its child
    CHECK_FALSE(rc("31").is_within(rc("31.74")));
    CHECK_FALSE(tebet_timur.is_within(rc("31.74.01.1002"))); // sibling
    CHECK_FALSE(tebet_timur.is_within(rc("31.74.10")));      // 01 is not within 10
    CHECK_FALSE(rc("31.74.10.1001").is_within(rc("31.74.01")));
    CHECK_FALSE(tebet_timur.is_within(rc("31.75")));
    CHECK_FALSE(tebet_timur.is_within(rc("32")));
    CHECK_FALSE(rc("32.74").is_within(rc("31")));
    // The last code under a kota is within it; the next kota's first is not.
    CHECK(rc("31.74.99.9999").is_within(rc("31.74")));
    CHECK_FALSE(rc("31.75").is_within(rc("31.74")));
}

TEST_CASE("ordering is depth first") {
    // Written by hand in the order a tree listing shows them.
    const std::vector<std::string> expected = {
        "11",
        "31",
        "31.01",
        "31.01.01",
        "31.01.01.1001",
        "31.01.01.1002",
        "31.01.02",
        "31.71",
        "31.74",
        "31.74.01",
        "31.74.01.1001",
        "31.74.01.9999",
        "31.74.02",
        "31.74.10",
        "31.74.99.9999",
        "31.75",
        "32",
        "99.99.99.9999",
    };
    std::vector<RegionCode> codes;
    for (const auto& s : expected) codes.push_back(rc(s.c_str()));
    std::mt19937 rng(2025);
    std::shuffle(codes.begin(), codes.end(), rng);
    codes.push_back(RegionCode{});
    std::sort(codes.begin(), codes.end());
    CHECK(codes.front() == RegionCode{});
    codes.erase(codes.begin());
    CHECK(dotted(codes) == expected);

    CHECK(rc("31.74.01") < rc("31.74.01.1001"));
    CHECK(rc("31.74.01.1001") < rc("31.74.02"));
    CHECK(rc("31.74.01.9999") < rc("31.74.02"));
    CHECK(rc("31.74") == rc("31.74"));
    CHECK(rc("31.74") != rc("31.74.01"));
}

TEST_CASE("packed form is the undotted code padded to ten digits") {
    // 31*10^8 + 74*10^6 + 01*10^4 + 1001 = 3,174,011,001
    CHECK(rc("31.74.01.1001").packed() == 3174011001ULL);
    CHECK(rc("31.74.01").packed() == 3174010000ULL);
    CHECK(rc("31.74").packed() == 3174000000ULL);
    CHECK(rc("31").packed() == 3100000000ULL);
    CHECK(rc("31.01").packed() == 3101000000ULL);
    for (const char* s : {"31", "31.01", "31.74.01", "31.74.01.1001", "99.99.99.9999", "11"})
        CHECK(RegionCode::from_packed(rc(s).packed()) == rc(s));

    // Numbers no code packs to come back empty.
    CHECK_FALSE(RegionCode::from_packed(0).valid());
    CHECK_FALSE(RegionCode::from_packed(3100000001ULL).valid());  // kelurahan without kecamatan
    CHECK_FALSE(RegionCode::from_packed(3100010000ULL).valid());  // kecamatan without kota
    CHECK_FALSE(RegionCode::from_packed(1000000000ULL).valid());  // province 10
    CHECK_FALSE(RegionCode::from_packed(310000000ULL).valid());   // province 03
    CHECK_FALSE(RegionCode::from_packed(10000000000ULL).valid()); // eleven digits
    CHECK_FALSE(RegionCode::from_packed(~0ULL).valid());

    // Usable at compile time.
    constexpr auto tebet_timur = RegionCode::from_packed(3174011001ULL);
    static_assert(tebet_timur.kelurahan() == 1001);
    static_assert(tebet_timur.level() == RegionLevel::kelurahan);
    static_assert(tebet_timur.parent()->packed() == 3174010000ULL);
    static_assert(tebet_timur.is_within(RegionCode::from_packed(3100000000ULL)));
    static_assert(RegionCode::from_packed(3174010000ULL) < tebet_timur);
    static_assert(tebet_timur < RegionCode::from_packed(3174020000ULL));
}

TEST_CASE("from_parts builds codes and rejects bad parts") {
    CHECK(RegionCode::from_parts(31, 74, 1, 1001) == rc("31.74.01.1001"));
    CHECK(RegionCode::from_parts(31, 74, 1) == rc("31.74.01"));
    CHECK(RegionCode::from_parts(31, 1) == rc("31.01"));
    CHECK(RegionCode::from_parts(31) == rc("31"));
    CHECK(RegionCode::from_parts(11) == rc("11"));
    CHECK(RegionCode::from_parts(99, 99, 99, 9999) == rc("99.99.99.9999"));

    struct Bad {
        int p, k, c, l;
        const char* argument;
    };
    const Bad bad[] = {
        {0, 0, 0, 0, "province"},        {10, 0, 0, 0, "province"},
        {100, 0, 0, 0, "province"},      {-31, 0, 0, 0, "province"},
        {31, 100, 0, 0, "kota"},         {31, -1, 0, 0, "kota"},
        {31, 74, 100, 0, "kecamatan"},   {31, 74, -1, 0, "kecamatan"},
        {31, 74, 1, 10000, "kelurahan"}, {31, 74, 1, -1, "kelurahan"},
        {31, 0, 1, 0, "kecamatan"},      {31, 74, 0, 1001, "kelurahan"},
        {31, 0, 0, 1001, "kelurahan"},
    };
    for (const auto& b : bad) {
        CAPTURE(b.p);
        CAPTURE(b.k);
        CAPTURE(b.c);
        CAPTURE(b.l);
        try {
            (void)RegionCode::from_parts(b.p, b.k, b.c, b.l);
            FAIL("from_parts accepted bad parts");
        } catch (const okoce::argument_error& e) {
            CHECK(e.function() == "RegionCode::from_parts");
            CHECK(e.argument() == b.argument);
        }
    }
}

TEST_CASE("std::hash<RegionCode> separates the DKI codes") {
    const auto& dki = RegionTable::dki_jakarta();
    std::unordered_set<RegionCode> set(dki.codes().begin(), dki.codes().end());
    CHECK(set.size() == 318); // 1 + 6 + 44 + 267
    CHECK(set.count(rc("31.74.01.1001")) == 1);
    CHECK(set.count(rc("31.74.01.1008")) == 0);
    CHECK(std::hash<RegionCode>{}(rc("31.74")) == std::hash<RegionCode>{}(rc("31.74")));
    // Sibling kecamatan, whose packed numbers differ only above the low four digits, land in
    // different hashes.
    CHECK(std::hash<RegionCode>{}(rc("31.74.01")) != std::hash<RegionCode>{}(rc("31.74.02")));
}

TEST_CASE("the embedded DKI Jakarta table") {
    const auto& dki = RegionTable::dki_jakarta();
    // Kepmendagri 300.2.2-2138/2025: 1 province, 6 kota/kabupaten, 44 kecamatan, 267 kelurahan.
    CHECK(dki.size() == 318);
    CHECK(dki.count(RegionLevel::province) == 1);
    CHECK(dki.count(RegionLevel::kota) == 6);
    CHECK(dki.count(RegionLevel::kecamatan) == 44);
    CHECK(dki.count(RegionLevel::kelurahan) == 267);
    CHECK(dki.count(RegionLevel{0}) == 0);
    CHECK(dki.at_level(RegionLevel::kecamatan).size() == 44);
    CHECK(dki.at_level(RegionLevel::kelurahan).size() == 267);
    CHECK(&dki == &RegionTable::dki_jakarta()); // built once

    CHECK(dotted(dki.at_level(RegionLevel::kota)) ==
          std::vector<std::string>{"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"});
    CHECK(dki.name(rc("31")) == "Daerah Khusus Ibukota Jakarta");
    CHECK(dki.name(rc("31.01")) == "Kabupaten Administrasi Kepulauan Seribu");
    CHECK(dki.name(rc("31.71")) == "Kota Administrasi Jakarta Pusat"); // not BPS 3171
    CHECK(dki.name(rc("31.74")) == "Kota Administrasi Jakarta Selatan");
    CHECK(dki.name(rc("31.74.01")) == "Tebet");
    CHECK(dki.name(rc("31.74.01.1001")) == "Tebet Timur");
    CHECK(dki.name(rc("31.75.01.1001")) == "Pisangan Baru");
    CHECK(dki.name(rc("31.01.02.1003")) == "Pulau Pari");

    // Tebet has seven kelurahan (wilayah_dki.csv, lines 170-176).
    CHECK(dotted(dki.children(rc("31.74.01"))) ==
          std::vector<std::string>{"31.74.01.1001", "31.74.01.1002", "31.74.01.1003",
                                   "31.74.01.1004", "31.74.01.1005", "31.74.01.1006",
                                   "31.74.01.1007"});
    CHECK(dki.name(rc("31.74.01.1007")) == "Manggarai");
    // Jakarta Selatan has ten kecamatan, 31.74.01 Tebet to 31.74.10 Pesanggrahan.
    const auto selatan = dki.children(rc("31.74"));
    REQUIRE(selatan.size() == 10);
    CHECK(selatan.front() == rc("31.74.01"));
    CHECK(selatan.back() == rc("31.74.10"));
    CHECK(dki.name(selatan.back()) == "Pesanggrahan");
    // Kepulauan Seribu: two kecamatan.
    CHECK(dotted(dki.children(rc("31.01"))) == std::vector<std::string>{"31.01.01", "31.01.02"});
    CHECK(dki.children(rc("31")).size() == 6);
    CHECK(dotted(dki.children(RegionCode{})) == std::vector<std::string>{"31"});
    CHECK(dki.children(rc("31.74.01.1001")).empty());

    // Depth-first positions, counted from the CSV: 31, 31.01, 31.01.01, 31.01.01.1001 are the
    // first four rows; Tebet is on line 169, the 168th data row.
    CHECK(dki.index_of(rc("31")) == std::optional<std::size_t>(0));
    CHECK(dki.index_of(rc("31.01.01.1001")) == std::optional<std::size_t>(3));
    CHECK(dki.index_of(rc("31.74.01")) == std::optional<std::size_t>(167));
    CHECK(dki.name_at(167) == "Tebet");
    CHECK_FALSE(dki.index_of(rc("31.74.01.1008")).has_value());
    CHECK_FALSE(dki.index_of(RegionCode{}).has_value());
    CHECK(dki.contains(rc("31.75.10")));
    CHECK_FALSE(dki.contains(rc("31.76")));
    CHECK_FALSE(dki.contains(rc("32")));
    CHECK(std::is_sorted(dki.codes().begin(), dki.codes().end()));

    // Unknown codes: the error names the code.
    CHECK_THROWS_AS((void)dki.name(rc("31.74.01.1008")), okoce::reference_error);
    try {
        (void)dki.name(rc("31.74.01.1008"));
    } catch (const okoce::error& e) {
        CHECK(std::string(e.what()).find("31.74.01.1008") != std::string::npos);
    }
    CHECK_THROWS_AS((void)dki.children(rc("32.01")), okoce::error);
    CHECK_THROWS_AS((void)dki.name(RegionCode{}), okoce::error);
}

TEST_CASE("roll_up maps each code to its ancestor") {
    const auto& dki = RegionTable::dki_jakarta();
    const std::vector<RegionCode> in = {
        rc("31.74.01.1001"), rc("31.74.01.1007"), rc("31.75.01.1001"), rc("31.74"),
        RegionCode{},        rc("31.01.02.1003"), rc("31.74.01"),
    };
    CHECK(dotted(dki.roll_up(in, RegionLevel::kecamatan)) ==
          std::vector<std::string>{"31.74.01", "31.74.01", "31.75.01", "(empty)", "(empty)",
                                   "31.01.02", "31.74.01"});
    CHECK(
        dotted(dki.roll_up(in, RegionLevel::kota)) ==
        std::vector<std::string>{"31.74", "31.74", "31.75", "31.74", "(empty)", "31.01", "31.74"});
    CHECK(dotted(dki.roll_up(in, RegionLevel::province)) ==
          std::vector<std::string>{"31", "31", "31", "31", "(empty)", "31", "31"});
    CHECK(dki.roll_up({}, RegionLevel::kota).empty());

    // The third code is not in the table: the error says which position.
    const std::vector<RegionCode> unknown = {rc("31.74.01.1001"), rc("31.74.01.1001"),
                                             rc("31.74.01.1008")};
    try {
        (void)dki.roll_up(unknown, RegionLevel::kota);
        FAIL("roll_up accepted an unknown code");
    } catch (const okoce::reference_error& e) {
        CHECK(e.line() == 3);
        CHECK(e.value() == "31.74.01.1008");
    }
    CHECK_THROWS_AS((void)dki.roll_up(in, RegionLevel{0}), okoce::argument_error);
}

TEST_CASE("the embedded table matches the DKI oracle row by row") {
    // Read independently of RegionTable::from_csv. The level and parent of each row were
    // worked out by tools/gen_test_oracles.py from the code's text (tests/data/README.md).
    const auto rows = okoce::test::fixture_rows("regions_dki_oracle.csv");
    REQUIRE(rows.front() ==
            std::vector<std::string>{"code", "name", "level", "parent", "population"});
    const auto& dki = RegionTable::dki_jakarta();
    REQUIRE(rows.size() == 1 + 318);
    REQUIRE(dki.size() == rows.size() - 1);
    // The oracle is in code order, which is the table's depth-first order.
    for (std::size_t i = 0; i < dki.size(); ++i) {
        const auto& row = rows[i + 1];
        CAPTURE(i);
        const RegionCode code = dki.codes()[i];
        CHECK(code.to_string() == row[0]);
        CHECK(dki.name_at(i) == row[1]);
        CHECK(to_string(code.level()) == row[2]);
        CHECK((code.parent() ? code.parent()->to_string() : std::string()) == row[3]);
    }
}

TEST_CASE("from_rows sorts, validates and names the record") {
    auto t = RegionTable::from_rows({{rc("31.74.01"), "Tebet"},
                                     {rc("31"), "DKI Jakarta"},
                                     {rc("31.74.01.1002"), "Tebet Barat"},
                                     {rc("31.74"), "Jakarta Selatan"},
                                     {rc("31.74.01.1001"), "Tebet Timur"}},
                                    "test rows");
    CHECK(t.size() == 5);
    CHECK(t.source() == "test rows");
    CHECK(dotted({t.codes().begin(), t.codes().end()}) ==
          std::vector<std::string>{"31", "31.74", "31.74.01", "31.74.01.1001", "31.74.01.1002"});
    // Names follow their codes through the sort.
    CHECK(t.name_at(0) == "DKI Jakarta");
    CHECK(t.name_at(3) == "Tebet Timur");
    CHECK(t.name(rc("31.74.01.1002")) == "Tebet Barat");
    CHECK(t.count(RegionLevel::kelurahan) == 2);
    CHECK(t.count(RegionLevel::kota) == 1);

    // Several provinces at once; children of the empty code are the provinces.
    auto two = RegionTable::from_rows({{rc("32"), "Jawa Barat"}, {rc("31"), "DKI Jakarta"}});
    CHECK(dotted(two.children(RegionCode{})) == std::vector<std::string>{"31", "32"});
    CHECK(two.source() == "regions");
    CHECK(RegionTable::from_rows({}).size() == 0);

    SUBCASE("duplicate") {
        try {
            (void)RegionTable::from_rows(
                {{rc("31"), "A"}, {rc("31.74"), "B"}, {rc("31.74"), "C"}, {rc("31.74"), "D"}},
                "dup rows");
            FAIL("duplicate accepted");
        } catch (const okoce::validation_error& e) {
            CHECK(e.file() == "dup rows");
            CHECK(e.line() == 3); // the first repeat; record 2 is the original
            CHECK(e.column() == "code");
            CHECK(e.value() == "31.74");
            CHECK(e.expected().find("record 2") != std::string::npos);
        }
    }
    SUBCASE("orphan") {
        try {
            // 31.74.01 has no 31.74; the orphan at record 3 is reported before the duplicate
            // at record 4 even though it sorts after it.
            (void)RegionTable::from_rows(
                {{rc("31"), "A"}, {rc("31.71"), "B"}, {rc("31.74.01"), "C"}, {rc("31.71"), "D"}},
                "orphan rows");
            FAIL("orphan accepted");
        } catch (const okoce::validation_error& e) {
            CHECK(e.file() == "orphan rows");
            CHECK(e.line() == 3);
            CHECK(e.column() == "code");
            CHECK(e.value() == "31.74.01");
            CHECK(e.expected().find("31.74") != std::string::npos);
        }
    }
    SUBCASE("orphan kelurahan whose kota is present but kecamatan is not") {
        try {
            (void)RegionTable::from_rows(
                {{rc("31"), "A"}, {rc("31.74"), "B"}, {rc("31.74.01.1001"), "C"}});
            FAIL("orphan accepted");
        } catch (const okoce::validation_error& e) {
            CHECK(e.line() == 3);
            CHECK(e.value() == "31.74.01.1001");
        }
    }
    SUBCASE("a kecamatan whose kota is missing is caught even when a sibling kota is there") {
        // 31.75.01 sorts after 31.74 and 31.74.01; its parent 31.75 is absent.
        CHECK_THROWS_AS((void)RegionTable::from_rows({{rc("31"), "A"},
                                                      {rc("31.74"), "B"},
                                                      {rc("31.74.01"), "C"},
                                                      {rc("31.75.01"), "D"}}),
                        okoce::validation_error);
    }
    SUBCASE("empty code and empty name") {
        try {
            (void)RegionTable::from_rows({{rc("31"), "A"}, {RegionCode{}, "B"}});
            FAIL("empty code accepted");
        } catch (const okoce::validation_error& e) {
            CHECK(e.line() == 2);
            CHECK(e.column() == "code");
        }
        try {
            (void)RegionTable::from_rows({{rc("31"), ""}});
            FAIL("empty name accepted");
        } catch (const okoce::validation_error& e) {
            CHECK(e.line() == 1);
            CHECK(e.column() == "name");
        }
    }
}

TEST_CASE("from_csv reads RFC 4180 files") {
    // BOM, CRLF, columns in another order with an extra one, a quoted name holding a comma,
    // doubled quotes and a line break, and a blank line.
    TempFile f("\xEF\xBB\xBFname,level,code\r\n"
               "DKI Jakarta,1,31\r\n"
               "\"Jakarta Selatan, Kota\",2,31.74\r\n"
               "\r\n"
               "\"Tebet \"\"Raya\"\"\",3,31.74.01\r\n"
               "\"Tebet\nTimur\",4,\"31.74.01.1001\"\r\n"
               "Tebet Barat,4,31.74.01.1002"); // no final line break
    const auto t = RegionTable::from_csv(f.path());
    CHECK(t.size() == 5);
    CHECK(t.source() == f.path());
    CHECK(t.name(rc("31")) == "DKI Jakarta");
    CHECK(t.name(rc("31.74")) == "Jakarta Selatan, Kota");
    CHECK(t.name(rc("31.74.01")) == "Tebet \"Raya\"");
    CHECK(t.name(rc("31.74.01.1001")) == "Tebet\nTimur");
    CHECK(t.name(rc("31.74.01.1002")) == "Tebet Barat");

    // Rows out of order are sorted.
    TempFile g("code,name\n31.74,Selatan\n31,DKI\n");
    const auto u = RegionTable::from_csv(g.path());
    CHECK(u.codes()[0] == rc("31"));
    CHECK(u.name_at(1) == "Selatan");
}

namespace {
okoce::validation_error csv_error(const std::string& content) {
    TempFile f(content);
    try {
        (void)RegionTable::from_csv(f.path());
    } catch (const okoce::validation_error& e) {
        CHECK(e.file() == f.path());
        return e;
    }
    FAIL("from_csv accepted bad input");
    return okoce::validation_error({}, "", "");
}
} // namespace

TEST_CASE("from_csv names the line, column and value of bad input") {
    SUBCASE("missing code column") {
        const auto e = csv_error("kode,name\n31,DKI\n");
        CHECK(e.line() == 1);
        CHECK(e.column() == "code");
        CHECK(e.value() == "kode,name");
    }
    SUBCASE("missing name column") {
        const auto e = csv_error("code,nama\n31,DKI\n");
        CHECK(e.line() == 1);
        CHECK(e.column() == "name");
    }
    SUBCASE("a column named twice") {
        const auto e = csv_error("code,name,code\n31,DKI,31\n");
        CHECK(e.line() == 1);
        CHECK(e.column() == "code");
    }
    SUBCASE("empty file") {
        const auto e = csv_error("");
        CHECK(e.line() == 1);
    }
    SUBCASE("bad code, counting physical lines") {
        // Records: header (line 1), 31 (line 2), a name over lines 3-4, then 31.7x on line 5.
        const auto e = csv_error("code,name\n31,DKI\n31.74,\"Jakarta\nSelatan\"\n31.7x,Bad\n");
        CHECK(e.line() == 5);
        CHECK(e.column() == "code");
        CHECK(e.value() == "31.7x");
    }
    SUBCASE("bad code with spaces") {
        const auto e = csv_error("code,name\r\n31 ,DKI\r\n");
        CHECK(e.line() == 2);
        CHECK(e.value() == "31 ");
    }
    SUBCASE("duplicate") {
        const auto e = csv_error("code,name\n31,DKI\n31.74,Selatan\n31.71,Pusat\n31.74,Again\n");
        CHECK(e.line() == 5);
        CHECK(e.column() == "code");
        CHECK(e.value() == "31.74");
        CHECK(e.expected().find("line 3") != std::string::npos);
    }
    SUBCASE("orphan") {
        const auto e = csv_error("code,name\n31,DKI\n31.74,Selatan\n31.74.01.1001,Tebet Timur\n");
        CHECK(e.line() == 4);
        CHECK(e.column() == "code");
        CHECK(e.value() == "31.74.01.1001");
        CHECK(e.expected().find("31.74.01") != std::string::npos);
    }
    SUBCASE("empty name") {
        const auto e = csv_error("code,name\n31,\n");
        CHECK(e.line() == 2);
        CHECK(e.column() == "name");
    }
    SUBCASE("too few fields") {
        const auto e = csv_error("code,name\n31,DKI\n31.74\n");
        CHECK(e.line() == 3);
    }
    SUBCASE("too many fields") {
        const auto e = csv_error("code,name\n31,DKI,extra\n");
        CHECK(e.line() == 2);
    }
    SUBCASE("unterminated quote") {
        const auto e = csv_error("code,name\n31,DKI\n31.74,\"Selatan\n31.75,Timur\n");
        CHECK(e.line() == 3);
    }
    SUBCASE("text after a closing quote") {
        const auto e = csv_error("code,name\n31,\"DKI\" Jakarta\n");
        CHECK(e.line() == 2);
    }
    SUBCASE("missing file") {
        CHECK_THROWS_AS((void)RegionTable::from_csv("/nonexistent/okoce/regions.csv"),
                        okoce::io_error);
    }
}

TEST_CASE("from_csv follows the programme tables' reader (line endings, quotes, file kinds)") {
    SUBCASE("a lone CR ends a line, as LF and CRLF do") {
        // Lines by hand: 1 header, 2 "31", 3 "31.74", 4 (blank, CR only), 5 "31.7x". Before
        // the shared reader, a lone CR was kept inside the field and the file was one line.
        TempFile ok("code,name\r31,DKI\r\n31.74,Selatan\n\r31.74.01,Tebet\r");
        const auto t = RegionTable::from_csv(ok.path());
        CHECK(t.size() == 3);
        CHECK(t.name(rc("31")) == "DKI");
        CHECK(t.name(rc("31.74.01")) == "Tebet");
        const auto e = csv_error("code,name\r31,DKI\r31.74,Selatan\r\r31.7x,Bad\r");
        CHECK(e.line() == 5);
        CHECK(e.column() == "code");
        CHECK(e.value() == "31.7x");
    }
    SUBCASE("a lone CR inside quotes stays in the name and counts as a line") {
        TempFile f("code,name\n31,\"DKI\rJakarta\"\n31.7x,Bad\n");
        try {
            (void)RegionTable::from_csv(f.path());
            FAIL("bad code accepted");
        } catch (const okoce::validation_error& e) {
            CHECK(e.line() == 4); // header 1, the quoted name on lines 2-3, the bad code on 4
        }
        TempFile g("code,name\n31,\"DKI\rJakarta\"\n");
        CHECK(RegionTable::from_csv(g.path()).name(rc("31")) == "DKI\rJakarta");
    }
    SUBCASE("a quote inside an unquoted field is refused") {
        const auto e = csv_error("code,name\n31,DK\"I\n");
        CHECK(e.line() == 2);
    }
    SUBCASE("a std::filesystem::path is taken as is") {
        TempFile f("code,name\n31,DKI\n");
        const std::filesystem::path p = f.path();
        CHECK(RegionTable::from_csv(p).name(rc("31")) == "DKI");
    }
    SUBCASE("a FIFO is refused without blocking, and so is a folder") {
        const auto fifo = std::filesystem::temp_directory_path() /
                          ("okoce-unit-region-fifo-" + std::to_string(std::random_device{}()));
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        CHECK_THROWS_AS((void)RegionTable::from_csv(fifo), okoce::io_error);
        std::filesystem::remove(fifo);
        CHECK_THROWS_AS((void)RegionTable::from_csv(std::filesystem::temp_directory_path()),
                        okoce::io_error);
    }
}

TEST_CASE("from_csv loads the national sample") {
    // The 38 provinces, all of DKI and the chains to four desa (tests/data/README.md).
    const auto all = RegionTable::from_csv(OKOCE_TEST_DIR "/data/regions_national_sample.csv");
    // DKI: 1 + 6 + 44 + 267; the other 37 provinces; the four chains below them, of three
    // regions each (kab/kota, kecamatan, desa), the Aceh one ending in 11.01.01.2001.
    CHECK(all.size() == 318 + 37 + 4 * 3);
    CHECK(all.count(RegionLevel::province) == 38);
    CHECK(all.count(RegionLevel::kota) == 6 + 4);
    CHECK(all.count(RegionLevel::kecamatan) == 44 + 4);
    CHECK(all.count(RegionLevel::kelurahan) == 267 + 4);
    CHECK(all.name(rc("11")) == "Aceh");
    CHECK(all.name(rc("11.01.01.2001")) == "Keude Bakongan");
    // Quoted in the file because of its commas.
    CHECK(all.name(rc("12.07.28.1007")) == "Lubuk Pakam I,II");
    CHECK(all.name(rc("14.02.09.2010")) == "Lambang Sari I, II, III");
    // UTF-8 passes through untouched (a right single quotation mark, U+2019).
    CHECK(all.name(rc("53.07.01.2021")) == "Regapu\xE2\x80\x99u");

    // DKI within the national table agrees with the embedded table.
    const auto& dki = RegionTable::dki_jakarta();
    std::size_t under_31 = 0;
    for (auto c : all.codes())
        if (c.is_within(rc("31"))) ++under_31;
    CHECK(under_31 == 318);
    for (std::size_t i = 0; i < dki.size(); ++i) {
        CAPTURE(dki.codes()[i]);
        CHECK(all.name(dki.codes()[i]) == dki.name_at(i));
    }
    // Rolling every desa/kelurahan up to its province puts 267 in DKI.
    const auto kel = all.at_level(RegionLevel::kelurahan);
    const auto prov = all.roll_up(kel, RegionLevel::province);
    CHECK(std::count(prov.begin(), prov.end(), rc("31")) == 267);
}
