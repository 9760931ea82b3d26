#include "okoce/sector.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace okoce;

TEST_CASE("sector codes round-trip and labels are distinct") {
    std::set<std::string> codes, ids, ens;
    for (Sector s : all_sectors) {
        CHECK(try_parse_sector(to_string(s)) == s);
        codes.insert(std::string(to_string(s)));
        ids.insert(std::string(label_id(s)));
        ens.insert(std::string(label_en(s)));
    }
    CHECK(codes.size() == 8);
    CHECK(ids.size() == 8);
    CHECK(ens.size() == 8);
    CHECK(label_en(Sector::food_beverage) == "Food and beverage");
    CHECK(label_id(Sector::craft) == "Kriya");
    CHECK_FALSE(try_parse_sector("Food"));
    CHECK_FALSE(try_parse_sector("FOOD_BEVERAGE"));
    CHECK_FALSE(try_parse_sector(""));
}

TEST_CASE("sector sets") {
    SectorSet s;
    CHECK(s.empty());
    s.insert(Sector::retail).insert(Sector::digital);
    CHECK(s.contains(Sector::retail));
    CHECK_FALSE(s.contains(Sector::craft));
    CHECK(s.bits() == ((1 << 3) | (1 << 6)));
    CHECK(SectorSet::all().bits() == 0xFF);
}
