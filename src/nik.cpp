#include "okoce/nik.hpp"
#include "okoce/error.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <array>
#include <string>
#include <utility>

namespace okoce {

namespace {

constexpr std::size_t nik_length = 16;
constexpr std::uint64_t nik_limit = 10'000'000'000'000'000ULL; // 10^16

constexpr std::array<std::uint64_t, 17> powers_of_ten = [] {
    std::array<std::uint64_t, 17> p{};
    p[0] = 1;
    for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
}();

enum class Problem : std::uint8_t {
    none,
    length,
    non_digit,
    province,
    kota,
    kecamatan,
    day,
    month,
    no_such_date,
    serial,
    after_reference,
    bad_reference,
};

struct Checked {
    Problem problem = Problem::none;
    std::size_t position = 0; // of the first non-digit
    std::uint64_t number = 0;
    bool twenty_first_century = false;
};

int two_digits(std::string_view s, std::size_t at) noexcept {
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

bool date_exists(int year, int month, int day) noexcept {
    return day <= boost::gregorian::gregorian_calendar::end_of_month_day(
                      static_cast<unsigned short>(year), static_cast<unsigned short>(month));
}

Date make_date(int year, int month, int day) {
    return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                static_cast<unsigned short>(day));
}

// Checks the text part by part, in the order a reader would, so the first problem reported is
// the leftmost one. `century` is 1900 or 2000 to force one (from_packed), or 0 to choose the
// later century whose date is not after `reference`.
Checked check(std::string_view t, Date reference, int century) noexcept {
    Checked c;
    if (t.size() != nik_length) return c.problem = Problem::length, c;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] < '0' || t[i] > '9') {
            c.position = i;
            return c.problem = Problem::non_digit, c;
        }
        c.number = c.number * 10 + static_cast<std::uint64_t>(t[i] - '0');
    }
    // No Indonesian province has a code below 11 (Aceh); 00-10 is a typo or not a NIK.
    if (two_digits(t, 0) < 11) return c.problem = Problem::province, c;
    if (two_digits(t, 2) == 0) return c.problem = Problem::kota, c;
    if (two_digits(t, 4) == 0) return c.problem = Problem::kecamatan, c;
    int day = two_digits(t, 6);
    if (day > 40) day -= 40;
    if (day < 1 || day > 31) return c.problem = Problem::day, c;
    const int month = two_digits(t, 8);
    if (month < 1 || month > 12) return c.problem = Problem::month, c;
    const int yy = two_digits(t, 10);
    if (century != 0) {
        if (!date_exists(century + yy, month, day)) return c.problem = Problem::no_such_date, c;
        c.twenty_first_century = century == 2000;
    } else {
        if (reference.is_not_a_date()) return c.problem = Problem::bad_reference, c;
        bool exists = false, found = false;
        for (const int candidate : {2000, 1900}) {
            if (!date_exists(candidate + yy, month, day)) continue;
            exists = true;
            if (make_date(candidate + yy, month, day) <= reference) {
                found = true;
                c.twenty_first_century = candidate == 2000;
                break;
            }
        }
        if (!exists) return c.problem = Problem::no_such_date, c;
        if (!found) return c.problem = Problem::after_reference, c;
    }
    if (t.substr(12, 4) == "0000") return c.problem = Problem::serial, c;
    return c;
}

[[noreturn]] void fail(std::string value, const std::string& expected) {
    throw validation_error({}, std::move(value), "a NIK " + expected);
}

// What the error may show of the input: the wrong part alone, or the masked form.
[[noreturn]] void throw_problem(const Checked& c, std::string_view t, Date reference) {
    switch (c.problem) {
    case Problem::length:
        fail(std::to_string(t.size()) + " characters", "of exactly 16 digits");
    case Problem::non_digit: {
        const char ch = t[c.position];
        std::string shown = ch >= 0x21 && ch <= 0x7e ? std::string(1, ch) : std::string("?");
        fail(shown + " at position " + std::to_string(c.position + 1), "of digits 0-9 only");
    }
    case Problem::province:
        fail(std::string(t.substr(0, 2)),
             "province code (digits 1-2) of 11 or more (no province has 00-10; Aceh is 11)");
    case Problem::kota:
        fail(std::string(t.substr(2, 2)), "kabupaten/kota code (digits 3-4) other than 00");
    case Problem::kecamatan:
        fail(std::string(t.substr(4, 2)), "kecamatan code (digits 5-6) other than 00");
    case Problem::day:
        fail("day " + std::string(t.substr(6, 2)),
             "birth day (digits 7-8) of 01-31, or 41-71 for women (day plus 40)");
    case Problem::month:
        fail("month " + std::string(t.substr(8, 2)), "birth month (digits 9-10) of 01-12");
    case Problem::no_such_date:
        // Day and month only: with the year this would be the whole birth date.
        fail("day " + std::string(t.substr(6, 2)) + " month " + std::string(t.substr(8, 2)),
             "birth date (digits 7-12, DDMMYY) that exists in the calendar (29 February only "
             "in leap years)");
    case Problem::serial:
        fail(std::string(t.substr(12, 4)), "serial (digits 13-16) from 0001");
    case Problem::after_reference:
        fail(std::string(t.substr(0, 4)) + "**********" + std::string(t.substr(14, 2)),
             "birth date (DDMMYY) in 1900-2099 on or before the reference date " +
                 format_date(reference));
    case Problem::bad_reference:
        throw argument_error("Nik::parse", "reference", "not-a-date",
                             "a date (the reference for the birth century)");
    case Problem::none:
        break;
    }
    throw error("Nik::parse: internal error");
}

} // namespace

Nik Nik::parse(std::string_view digits, Date reference) {
    const Checked c = check(digits, reference, 0);
    if (c.problem != Problem::none) throw_problem(c, digits, reference);
    return Nik(c.number * 2 + (c.twenty_first_century ? 1 : 0));
}

std::optional<Nik> Nik::try_parse(std::string_view digits, Date reference) noexcept {
    const Checked c = check(digits, reference, 0);
    if (c.problem != Problem::none) return std::nullopt;
    return Nik(c.number * 2 + (c.twenty_first_century ? 1 : 0));
}

Nik Nik::from_packed(std::uint64_t packed) {
    const std::uint64_t number = packed / 2;
    if (number < nik_limit) {
        const Nik candidate(packed);
        const std::string text = candidate.digits();
        const Checked c = check(text, Date(), (packed & 1) != 0 ? 2000 : 1900);
        if (c.problem == Problem::none) return candidate;
    }
    // The packed value is the NIK in another form, so it is not shown either.
    throw validation_error({}, "(packed NIK)", "a value made by Nik::packed()");
}

int Nik::part(int first, int count) const noexcept {
    const std::uint64_t number = packed_ / 2;
    const auto shifted = number / powers_of_ten[static_cast<std::size_t>(16 - first - count)];
    return static_cast<int>(shifted % powers_of_ten[static_cast<std::size_t>(count)]);
}

Date Nik::birth_date() const {
    const int century = (packed_ & 1) != 0 ? 2000 : 1900;
    const int day = part(6, 2);
    return make_date(century + part(10, 2), part(8, 2), day > 40 ? day - 40 : day);
}

std::string Nik::digits() const {
    std::string s(nik_length, '0');
    std::uint64_t n = packed_ / 2;
    for (std::size_t i = nik_length; i-- > 0; n /= 10) s[i] = static_cast<char>('0' + n % 10);
    return s;
}

std::string Nik::masked() const {
    std::string s = digits();
    for (std::size_t i = 4; i < 14; ++i) s[i] = '*';
    return s;
}

} // namespace okoce
