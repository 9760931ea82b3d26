// The national synthetic programme: one partition per province, sized by population, the same
// files for a seed whatever the number of threads. The population figures below were copied by
// hand from ../shared/data/penduduk_kabkota.csv (column `total`), so the test checks the
// generator against the source without reading that folder at test time.
#include "okoce/io.hpp"
#include "okoce/programme.hpp"
#include "okoce/synth.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace okoce;

namespace {

// Province code -> population (penduduk_kabkota.csv, rows without a dot).
const std::map<std::string, std::int64_t> province_population{
    {"11", 5623479},  {"12", 15640905}, {"13", 5820359},  {"14", 7099297}, {"15", 3834439},
    {"16", 9064690},  {"17", 2127957},  {"18", 9144263},  {"19", 1549562}, {"21", 2271890},
    {"31", 11038216}, {"32", 51316378}, {"33", 38430645}, {"34", 3743365}, {"35", 41919906},
    {"36", 12881374}, {"51", 4375263},  {"52", 5751295},  {"53", 5700772}, {"61", 5646268},
    {"62", 2825290},  {"63", 4305281},  {"64", 4123303},  {"65", 770627},  {"71", 2645291},
    {"72", 3219494},  {"73", 9528276},  {"74", 2824589},  {"75", 1250960}, {"76", 1466741},
    {"81", 1935586},  {"82", 1394231},  {"91", 1102360},  {"92", 576255},  {"93", 562220},
    {"94", 1369112},  {"95", 1470518},  {"96", 623186},
};
// The CSV's INDONESIA row (code 0).
constexpr std::int64_t indonesia_population = 284'973'643;

constexpr double tiny = 0.0002; // 13,000 participants

std::map<std::string, std::string> checksums(const io::Dataset& d) {
    std::map<std::string, std::string> out;
    for (const auto& p : d.partitions()) out[p.key] = p.sha256;
    return out;
}

} // namespace

TEST_CASE("the national programme: provinces sized by population, the same files for any "
          "number of threads") {
    test::TempDir dir("synth-indonesia");
    const io::Dataset one = synth::indonesia(5, tiny, dir.path / "one", 1);
    const io::Dataset two = synth::indonesia(5, tiny, dir.path / "two", 2);
    const io::Dataset other = synth::indonesia(6, tiny, dir.path / "other", 2);

    REQUIRE(one.size() == 38);
    std::int64_t sum_of_populations = 0;
    for (const auto& [code, people] : province_population) sum_of_populations += people;
    CHECK(sum_of_populations == indonesia_population);

    // round(65,000,000 * 0.0002 * population / 284,973,643): 13,000 * share. Jawa Barat
    // 13,000 * 51,316,378 / 284,973,643 = 2,340.95 -> 2,341; Kalimantan Utara 770,627 -> 35.15
    // -> 35. The sum of the rounded counts is 13,000 give or take the rounding (at most 19).
    std::uint64_t total = 0;
    for (const auto& p : one.partitions()) {
        REQUIRE(province_population.count(p.key) == 1);
        const double expected = 13'000.0 * static_cast<double>(province_population.at(p.key)) /
                                static_cast<double>(indonesia_population);
        CHECK_MESSAGE(static_cast<double>(p.rows[Table::participants]) == std::round(expected),
                      p.key);
        total += p.rows[Table::participants];
    }
    CHECK(one.partitions()[one.find("32").value()].rows[Table::participants] == 2'341);
    CHECK(one.partitions()[one.find("65").value()].rows[Table::participants] == 35);
    CHECK(total >= 13'000 - 19);
    CHECK(total <= 13'000 + 19);

    // Reports: a report for each full quarter after the registration quarter, through
    // 2026-10-31, 15% missed and those dated after 2026-10-31 (the 92% dated ones of 2026 Q3
    // reported after it: 14 of the 41 days 5..45 after 30 September) not in yet. Registration
    // evenly over the 8 quarters of 2023-2024 gives 14 - 3.5 = 10.5 quarters on average, less
    // 0.92 * 14/41 = 0.31 for 2026 Q3: 10.19 * 0.85 = 8.66, less the exits (1% a quarter,
    // about 0.85 * 0.01 * 10.5 * 11.5 / 2 = 0.51 report): about 8.15 a participant.
    const auto rows = one.total_rows();
    const double per_participant =
        static_cast<double>(rows[Table::reports]) / static_cast<double>(rows[Table::participants]);
    CHECK(per_participant > 7.9);
    CHECK(per_participant < 8.4);

    // Deterministic for a seed whatever the threads; another seed, other files.
    CHECK(checksums(one) == checksums(two));
    CHECK(one.total_rows() == two.total_rows());
    const auto a = checksums(one), c = checksums(other);
    for (const auto& [key, sum] : a) CHECK_MESSAGE(c.at(key) != sum, key);

    // Every partition loads with its province's regions, and its participants live there.
    for (std::size_t i = 0; i < one.size(); ++i) {
        const Programme p = one.load(i).programme;
        const RegionCode province = RegionCode::parse(one.partitions()[i].key);
        CHECK(p.regions().contains(province));
        CHECK_FALSE(p.regions().contains(RegionCode::parse(i == 0 ? "12" : "11")));
        for (RegionCode k : p.participants().kelurahan) REQUIRE(k.is_within(province));
        // Ids carry the province, so they are unique across partitions.
        if (p.participant_count() > 0)
            CHECK(p.participants().id.front() ==
                  "P" + one.partitions()[i].key + "-" +
                      std::string(p.participant_count() < 1'000'000 ? "000001" : "000000001"));
    }
}

TEST_CASE("a province spreads its participants over its kab/kota by population") {
    // Jawa Barat at scale 0.002: round(130,000 * 51,316,378 / 284,973,643) = round(23,409.6)
    // = 23,410.
    const Programme p = synth::indonesia_province(3, 0.002, RegionCode::parse("32"));
    REQUIRE(p.participant_count() == 23'410);
    std::map<RegionCode, std::size_t> by_kota;
    for (RegionCode k : p.participants().kelurahan) ++by_kota[k.ancestor(RegionLevel::kota)];
    // Kabupaten Bogor 5,809,790 and Kota Bandung 2,591,763 of Jawa Barat's 51,316,378:
    // 11.32% -> 2,650.5 and 5.05% -> 1,182.3 expected; binomial sd about 48 and 33, so +-4 sd.
    CHECK(by_kota[RegionCode::parse("32.01")] > 2'650 - 195);
    CHECK(by_kota[RegionCode::parse("32.01")] < 2'650 + 195);
    CHECK(by_kota[RegionCode::parse("32.73")] > 1'182 - 135);
    CHECK(by_kota[RegionCode::parse("32.73")] < 1'182 + 135);
    // Only a-la-carte steps (the window is long after 2019) and mentors in every kecamatan.
    CHECK(
        p.mentors().size() >=
        4 * RegionTable::indonesia().within(RegionCode::parse("32")).count(RegionLevel::kecamatan));

    // The same province alone or in another run is the same programme.
    const Programme again = synth::indonesia_province(3, 0.002, RegionCode::parse("32"));
    CHECK(again.participants().nik == p.participants().nik);
    CHECK(again.reports().revenue == p.reports().revenue);
}

TEST_CASE("bad national options are rejected") {
    CHECK_THROWS_AS(synth::indonesia_province(1, 0.001, RegionCode::parse("32.01")),
                    argument_error);
    CHECK_THROWS_AS(synth::indonesia_province(1, 0.001, RegionCode::parse("99")), argument_error);
    CHECK_THROWS_AS(synth::indonesia_province(1, -1.0, RegionCode::parse("32")), argument_error);
    test::TempDir dir("synth-indonesia-bad");
    CHECK_THROWS_AS(synth::indonesia(1, 0.0, dir.path / "x", 1), argument_error);
    CHECK_THROWS_AS(synth::indonesia(1, 0.001, dir.path / "x", 0), argument_error);
    CHECK_FALSE(std::filesystem::exists(dir.path / "x"));
}
