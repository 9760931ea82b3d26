#include "okoce/sector.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace okoce;

TEST_CASE("sector codes round-trip and labels are distinct") {
    std::set<std::string> codes, ids, ens;
    for (Sector s : all_sectors) {
        CHECK(try_parse<Sector>(to_string(s)) == s);
        codes.insert(std::string(to_string(s)));
        ids.insert(std::string(label(s, Lang::id)));
        ens.insert(std::string(label(s, Lang::en)));
    }
    CHECK(codes.size() == 8);
    CHECK(ids.size() == 8);
    CHECK(ens.size() == 8);
    CHECK(label(Sector::food_beverage, Lang::en) == "Food and beverage");
    CHECK(label(Sector::craft, Lang::id) == "Kriya");
    CHECK_FALSE(try_parse<Sector>("Food"));
    CHECK_FALSE(try_parse<Sector>("FOOD_BEVERAGE"));
    CHECK_FALSE(try_parse<Sector>(""));
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
