// Business sectors used by the programme to group participants and match mentors. Each has a
// stable code used in data files (`food_beverage`) and labels in Indonesian and English.
#pragma once

#include "okoce/enum_table.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace okoce {

enum class Sector : std::uint8_t {
    food_beverage,
    fashion,
    craft,
    retail,
    services,
    agriculture,
    digital,
    other,
};

template <>
struct enum_traits<Sector> : enum_info<"Sector", "a sector code"> {
    // Codes are exact and lower case: a label is for display, not for data.
    static constexpr auto entries = enum_rows<Sector>(
        {{"food_beverage", "food_beverage", "Kuliner (makanan dan minuman)", "Food and beverage"},
         {"fashion", "fashion", "Fesyen", "Fashion"},
         {"craft", "craft", "Kriya", "Craft"},
         {"retail", "retail", "Perdagangan eceran", "Retail"},
         {"services", "services", "Jasa", "Services"},
         {"agriculture", "agriculture", "Pertanian", "Agriculture"},
         {"digital", "digital", "Digital", "Digital"},
         {"other", "other", "Lainnya", "Other"}});
};

inline constexpr std::size_t sector_count = enum_count<Sector>;
inline constexpr const std::array<Sector, sector_count>& all_sectors = enum_values<Sector>;

// A set of sectors; empty means "all sectors" where the data contract says so (serves()).
using SectorSet = EnumSet<Sector>;

} // namespace okoce
