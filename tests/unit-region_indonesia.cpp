// The embedded all-Indonesia region table and population table. Every expected value below was
// read by hand from ../shared/data (wilayah_indonesia.csv, penduduk_kabkota.csv and its
// README), so these tests check the generator and the decoder against the source without
// reading that folder at test time.
#include "okoce/error.hpp"
#include "okoce/population.hpp"
#include "okoce/region.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using okoce::Population;
using okoce::PopulationTable;
using okoce::RegionCode;
using okoce::RegionLevel;
using okoce::RegionTable;

namespace {
RegionCode rc(const char* text) {
    return RegionCode::parse(text);
}
} // namespace

TEST_CASE("the Indonesia table has the regulation's count at each level") {
    const RegionTable& t = RegionTable::indonesia();
    // ../shared/data/README.md: 38 provinces, 514 kab/kota, 7,285 kecamatan, 83,762
    // desa/kelurahan; 91,599 rows in all.
    CHECK(t.count(RegionLevel::province) == 38);
    CHECK(t.count(RegionLevel::kota) == 514);
    CHECK(t.count(RegionLevel::kecamatan) == 7285);
    CHECK(t.count(RegionLevel::kelurahan) == 83762);
    CHECK(t.size() == 91599);
    CHECK(t.source() == "Kepmendagri 300.2.2-2138/2025 (Indonesia)");
    // Built once: the same object every time.
    CHECK(&RegionTable::indonesia() == &t);
    CHECK(&RegionTable::indonesia() != &RegionTable::dki_jakarta());
}

TEST_CASE("the Indonesia table's hierarchy is consistent") {
    const RegionTable& t = RegionTable::indonesia();
    // Depth-first and every parent present (from_rows checks this; the test does not trust it).
    for (std::size_t i = 1; i < t.size(); ++i) REQUIRE(t.codes()[i - 1] < t.codes()[i]);
    for (RegionCode c : t.codes())
        if (auto p = c.parent()) REQUIRE(t.contains(*p));
    // Children of every province and kab/kota add up to the next level's count.
    std::size_t kota = 0, kecamatan = 0;
    for (RegionCode p : t.children({})) kota += t.children(p).size();
    for (RegionCode k : t.at_level(RegionLevel::kota)) kecamatan += t.children(k).size();
    CHECK(kota == 514);
    CHECK(kecamatan == 7285);
    // The 38 provinces in order, as the source lists them (11 Aceh ... 96 Papua Barat Daya).
    const std::vector<int> provinces = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33,
                                        34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72,
                                        73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96};
    std::vector<int> got;
    for (RegionCode p : t.children({})) got.push_back(p.province());
    CHECK(got == provinces);
    // Hand counts from the CSV: Jawa Timur has 38 kab/kota, Jakarta Selatan 10 kecamatan, and
    // Jawa Barat 6,611 rows beneath the province (6,612 with it).
    CHECK(t.children(rc("35")).size() == 38);
    CHECK(t.children(rc("31.74")).size() == 10);
    CHECK(t.within(rc("32")).size() == 6612);
}

TEST_CASE("hand-picked codes and names match the source CSV") {
    const RegionTable& t = RegionTable::indonesia();
    struct Row {
        const char* code;
        const char* name;
    };
    // Copied from ../shared/data/wilayah_indonesia.csv: the first rows, a desa whose number
    // jumps (2015 after 2004), names starting with digits, a name with a typographic
    // apostrophe, desa adat numbered 3xxx, and the very last row.
    const Row rows[] = {
        {"11", "Aceh"},
        {"11.01", "Kabupaten Aceh Selatan"},
        {"11.01.01", "Bakongan"},
        {"11.01.01.2001", "Keude Bakongan"},
        {"11.01.01.2015", "Darul Ikhsan"},
        {"13.05.04", "2 x 11 Anam Lingkuang"},
        {"74.01.01.1001", "19 Nopember"},
        {"53.07.01.2021", "Regapu\u2019u"},
        {"91.03.01.3007", "Desa Adat Yoboi"},
        {"31", "Daerah Khusus Ibukota Jakarta"},
        {"31.74.01.1001", "Tebet Timur"},
        {"36.03.01", "Balaraja"},
        {"51.71.01.1001", "Serangan"},
        {"64.72", "Kota Samarinda"},
        {"96", "Papua Barat Daya"},
        {"96.71", "Kota Sorong"},
        {"96.71.10.1004", "Tanjung Kasuari"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.code);
        CHECK(t.name(rc(r.code)) == r.name);
    }
    CHECK(t.codes().back() == rc("96.71.10.1004"));
    // 11.01.01.2005..2014 are absent in the source (2004 is followed by 2015).
    CHECK_FALSE(t.contains(rc("11.01.01.2005")));
    CHECK_FALSE(t.contains(rc("20")));
}

TEST_CASE("DKI Jakarta within the Indonesia table equals the embedded DKI table") {
    const RegionTable dki = RegionTable::indonesia().within(rc("31"));
    const RegionTable& embedded = RegionTable::dki_jakarta();
    REQUIRE(dki.size() == embedded.size());
    for (std::size_t i = 0; i < dki.size(); ++i) {
        REQUIRE(dki.codes()[i] == embedded.codes()[i]);
        REQUIRE(dki.name_at(i) == embedded.name_at(i));
    }
    CHECK(dki.source() == "Kepmendagri 300.2.2-2138/2025 (Indonesia), within 31");
}

TEST_CASE("within keeps the ancestors and only the subtree") {
    const RegionTable part = RegionTable::indonesia().within(rc("31.74.01"));
    // Tebet: the province, the kota, the kecamatan and its 7 kelurahan (31.74.01.1001..1007).
    CHECK(part.count(RegionLevel::province) == 1);
    CHECK(part.count(RegionLevel::kota) == 1);
    CHECK(part.count(RegionLevel::kecamatan) == 1);
    CHECK(part.count(RegionLevel::kelurahan) == 7);
    CHECK(part.name(rc("31.74")) == "Kota Administrasi Jakarta Selatan");
    CHECK(part.name(rc("31.74.01.1007")) == RegionTable::dki_jakarta().name(rc("31.74.01.1007")));
    CHECK_FALSE(part.contains(rc("31.74.02")));
    // A kelurahan's part is itself and its three ancestors.
    CHECK(RegionTable::indonesia().within(rc("96.71.10.1004")).size() == 4);
    CHECK_THROWS_AS((void)RegionTable::indonesia().within(rc("31.74.99")), okoce::reference_error);
}

TEST_CASE("the Indonesia population table") {
    const PopulationTable& p = PopulationTable::indonesia();
    CHECK(&PopulationTable::indonesia() == &p);
    // One row per province and kab/kota: 38 + 514.
    CHECK(p.size() == 552);
    // ../shared/data/penduduk_kabkota.csv, row 0 (INDONESIA): 143,863,392 male, 141,110,251
    // female, 284,973,643 in all.
    CHECK(p.total() == Population{143863392, 141110251});
    CHECK(p.total().total() == 284973643);
    std::int64_t provinces = 0;
    for (RegionCode c : p.codes())
        if (c.level() == RegionLevel::province) provinces += p.at(c).total();
    CHECK(provinces == 284973643);
    // Rows copied from the CSV.
    CHECK(p.at(rc("11")) == Population{2815060, 2808419});
    CHECK(p.at(rc("11.01")) == Population{120041, 119588});
    CHECK(p.at(rc("31")) == Population{5537335, 5500881});
    CHECK(p.at(rc("31.74")).total() == 2331411);
    CHECK(p.at(rc("35")).total() == 41919906);
    CHECK(p.at(rc("96")).total() == 623186);
    CHECK(p.at(rc("96.71")) == Population{150236, 135792});
    // Each province is the sum of its kab/kota, and every code is a region of the table.
    const RegionTable& t = RegionTable::indonesia();
    for (RegionCode prov : t.at_level(RegionLevel::province)) {
        std::int64_t sum = 0;
        for (RegionCode k : t.children(prov)) sum += p.at(k).total();
        CAPTURE(prov);
        CHECK(sum == p.at(prov).total());
    }
    for (RegionCode c : p.codes()) CHECK(t.contains(c));
    CHECK_FALSE(p.contains(rc("31.74.01")));
    CHECK_THROWS_AS((void)p.at(rc("31.74.01")), okoce::reference_error);
}

TEST_CASE("PopulationTable::from_rows checks its rows and totals the top level once") {
    using Rows = std::vector<std::pair<RegionCode, Population>>;
    // A province with two kota, listed out of order: the total counts the province only.
    const auto t = PopulationTable::from_rows(
        Rows{{rc("31.74"), {10, 20}}, {rc("31"), {15, 25}}, {rc("31.71"), {5, 5}}}, "mine");
    CHECK(t.size() == 3);
    CHECK(t.codes()[0] == rc("31"));
    CHECK(t.total() == Population{15, 25});
    // Two kota without their province: each counts.
    CHECK(
        PopulationTable::from_rows(Rows{{rc("31.74"), {10, 20}}, {rc("32.01"), {1, 2}}}).total() ==
        Population{11, 22});
    try {
        (void)PopulationTable::from_rows(
            Rows{{rc("31.74"), {1, 1}}, {rc("31.71"), {1, 1}}, {rc("31.74"), {2, 2}}}, "mine");
        FAIL("expected a duplicate-code error");
    } catch (const okoce::validation_error& e) {
        CHECK(e.file() == "mine");
        CHECK(e.line() == 3);
        CHECK(e.column() == "code");
        CHECK(e.value() == "31.74");
        CHECK(e.expected().find("record 1") != std::string::npos);
    }
    try {
        (void)PopulationTable::from_rows(Rows{{rc("31.74"), {1, -4}}}, "mine");
        FAIL("expected a negative-count error");
    } catch (const okoce::validation_error& e) {
        CHECK(e.column() == "female");
        CHECK(e.value() == "-4");
    }
    CHECK_THROWS_AS((void)PopulationTable::from_rows(Rows{{RegionCode{}, {1, 1}}}),
                    okoce::validation_error);
}
