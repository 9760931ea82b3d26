// Business sectors used by the programme to group participants and match mentors. Each has a
// stable code used in data files (`food_beverage`) and labels in Indonesian and English.
#pragma once

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

inline constexpr std::size_t sector_count = 8;

inline constexpr std::array<Sector, sector_count> all_sectors{
    Sector::food_beverage, Sector::fashion,     Sector::craft,   Sector::retail,
    Sector::services,      Sector::agriculture, Sector::digital, Sector::other};

// The code written in data files.
constexpr std::string_view to_string(Sector s) noexcept {
    constexpr std::array<std::string_view, sector_count> codes{
        "food_beverage", "fashion",     "craft",   "retail",
        "services",      "agriculture", "digital", "other"};
    return codes[static_cast<std::size_t>(s)];
}

constexpr std::string_view label_id(Sector s) noexcept {
    constexpr std::array<std::string_view, sector_count> labels{"Kuliner (makanan dan minuman)",
                                                                "Fesyen",
                                                                "Kriya",
                                                                "Perdagangan eceran",
                                                                "Jasa",
                                                                "Pertanian",
                                                                "Digital",
                                                                "Lainnya"};
    return labels[static_cast<std::size_t>(s)];
}

constexpr std::string_view label_en(Sector s) noexcept {
    constexpr std::array<std::string_view, sector_count> labels{
        "Food and beverage", "Fashion",     "Craft",   "Retail",
        "Services",          "Agriculture", "Digital", "Other"};
    return labels[static_cast<std::size_t>(s)];
}

// Accepts the data-file code only (exact, lower case): a label is for display, not for data.
constexpr std::optional<Sector> try_parse_sector(std::string_view code) noexcept {
    for (Sector s : all_sectors)
        if (to_string(s) == code) return s;
    return std::nullopt;
}

// A set of sectors as a bit mask; empty means "all sectors" where the data contract says so.
class SectorSet {
public:
    constexpr SectorSet() noexcept = default;
    static constexpr SectorSet all() noexcept { return SectorSet((1u << sector_count) - 1); }
    constexpr SectorSet& insert(Sector s) noexcept {
        bits_ = static_cast<std::uint8_t>(bits_ | (1u << static_cast<unsigned>(s)));
        return *this;
    }
    constexpr bool contains(Sector s) const noexcept {
        return (bits_ >> static_cast<unsigned>(s)) & 1u;
    }
    constexpr bool empty() const noexcept { return bits_ == 0; }
    constexpr std::uint8_t bits() const noexcept { return bits_; }
    static constexpr SectorSet from_bits(std::uint8_t b) noexcept { return SectorSet(b); }
    constexpr bool operator==(const SectorSet&) const noexcept = default;

private:
    constexpr explicit SectorSet(unsigned b) noexcept : bits_(static_cast<std::uint8_t>(b)) {}
    std::uint8_t bits_ = 0;
};

} // namespace okoce
