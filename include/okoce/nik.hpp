// The NIK (Nomor Induk Kependudukan), Indonesia's 16-digit personal identity number: the region
// of first registration (province, kab/kota, kecamatan), the birth date DDMMYY with 40 added to
// the day for women, and a serial from 0001. It has no check digit. A NIK is personal data: it
// is printed whole only when asked for by name (digits()), and never in an error message.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/enum_table.hpp"

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace okoce {

enum class Sex : std::uint8_t { male, female };

template <>
struct enum_traits<Sex> : enum_info<"Sex", "a sex"> {
    static constexpr auto entries = enum_rows<Sex>({{"male", "M"}, {"female", "F"}});
};

class Nik {
public:
    // Parses exactly 16 ASCII digits. The two-digit birth year is read as 19YY or 20YY, the
    // later of the two whose birth date is on or before `reference` (pass the registration or
    // as-of date: without it, today is used, which makes the result depend on when it runs).
    // Throws validation_error naming the part that is wrong; the error shows that part or a
    // masked form, never the whole number. Throws argument_error if `reference` is not a date.
    static Nik parse(std::string_view digits,
                     Date reference = boost::gregorian::day_clock::local_day());
    // As parse, but nullopt on any bad input (or a reference that is not a date).
    static std::optional<Nik>
    try_parse(std::string_view digits,
              Date reference = boost::gregorian::day_clock::local_day()) noexcept;

    // The numeric parts: 3174011507850001 has province 31, kota 74, kecamatan 1.
    int province_code() const noexcept { return part(0, 2); }
    int kota_code() const noexcept { return part(2, 2); }
    int kecamatan_code() const noexcept { return part(4, 2); }
    Sex sex() const noexcept { return part(6, 2) > 40 ? Sex::female : Sex::male; }
    Date birth_date() const;
    int serial() const noexcept { return part(12, 4); }

    // The full 16 digits. Personal data: callers ask for it by name.
    std::string digits() const;
    // Province and kab/kota, then stars, then the last two digits of the serial:
    // "3174**********01". Enough to tell records apart by eye, not to identify a person.
    std::string masked() const;

    // One integer for column storage: the 16-digit number times two, plus one when the birth
    // year is in the 2000s (the century that parse chose). Never 0, so a column can use 0 for
    // "no NIK". Ordering of packed values is the ordering of Niks.
    constexpr std::uint64_t packed() const noexcept { return packed_; }
    // Inverse of packed(); throws validation_error for a value packed() cannot produce.
    static Nik from_packed(std::uint64_t packed);

    // By the 16 digits, then by birth century.
    constexpr auto operator<=>(const Nik&) const noexcept = default;

private:
    constexpr explicit Nik(std::uint64_t packed) noexcept : packed_(packed) {}
    // `count` decimal digits starting at digit `first` (0-based, from the left).
    int part(int first, int count) const noexcept;

    std::uint64_t packed_;
};

} // namespace okoce

template <>
struct std::hash<okoce::Nik> {
    std::size_t operator()(const okoce::Nik& n) const noexcept {
        return std::hash<std::uint64_t>{}(n.packed());
    }
};
