// Dates and quarters. Dates are boost::gregorian::date; a Quarter is a calendar quarter
// (2019Q3), the period of the programme's monitoring reports. Month arithmetic counts whole
// months, as business age is counted.
#pragma once

#include "okoce/error.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace okoce {

using Date = boost::gregorian::date;

// "No date": an optional date not given (still active, not licensed, unknown birth date).
// Spelled once so that code and tests need not repeat boost's not_a_date_time.
inline const Date no_date{boost::gregorian::not_a_date_time};

// The supported range of dates, for dates and quarters alike: 1900-01-01 to 2200-12-31. Every
// layer holds it: boost's calendar (1400..9999), the SQLite and CSV files, and pandas'
// datetime64[ns] (which ends in April 2262), so a typo such as 2300-01-01 is caught at parse
// time with its file, line and column, instead of making a whole DataFrame unreadable later.
// The quarter after 2200Q4 still has a first day, so quarter arithmetic at the edge is safe.
inline constexpr int first_supported_year = 1900;
inline constexpr int last_supported_year = 2200;
constexpr bool is_supported_year(int year) noexcept {
    return year >= first_supported_year && year <= last_supported_year;
}
// What an error says was expected of a date outside the range.
inline constexpr const char* supported_dates = "a date from 1900-01-01 to 2200-12-31";

// Parses a strict ISO date `YYYY-MM-DD` (exactly ten characters). Returns nullopt for anything
// else, including impossible dates such as 2019-02-30 and dates outside the supported range.
std::optional<Date> try_parse_date(std::string_view text) noexcept;
// As try_parse_date, but throws validation_error (with an empty location) on bad input.
Date parse_date(std::string_view text);
// `YYYY-MM-DD`; an empty string for not_a_date_time.
std::string format_date(Date d);

// Whole months from `from` to `to`: the number of month boundaries crossed, less one when the
// day of month of `to` has not yet reached that of `from` (2020-01-31 -> 2020-02-29 is 0
// months; 2020-01-15 -> 2020-02-15 is 1). Negative when `to` is before `from`.
int whole_months_between(Date from, Date to);

// A calendar quarter. Stored as a count of quarters since year 0, so comparison and
// difference are integer operations; in 2 bytes (years 0 to 16383, which holds every date
// boost can represent), as a programme holds one per quarterly report.
class Quarter {
public:
    static constexpr int max_year = 16383;
    constexpr Quarter() noexcept = default;
    constexpr Quarter(int year, int q) : index_(static_cast<std::uint16_t>(year * 4 + (q - 1))) {
        OKOCE_REQUIRE(q >= 1 && q <= 4, "Quarter", "number", std::to_string(q),
                      "a quarter number from 1 to 4");
        OKOCE_REQUIRE(year >= 0 && year <= max_year, "Quarter", "year", std::to_string(year),
                      "a year from 0 to 16383");
    }
    static Quarter of(Date d);
    // Parses `YYYYQn` (n in 1..4, the year in the supported range); nullopt otherwise.
    static std::optional<Quarter> try_parse(std::string_view text) noexcept;
    static Quarter parse(std::string_view text);
    // `index` from 0 to 65535 (year * 4 + quarter - 1), as index() gives it.
    static constexpr Quarter from_index(std::int32_t index) noexcept {
        Quarter q;
        q.index_ = static_cast<std::uint16_t>(index);
        return q;
    }

    constexpr int year() const noexcept { return floor_div(index_, 4); }
    constexpr int number() const noexcept { return index_ - floor_div(index_, 4) * 4 + 1; }
    constexpr std::int32_t index() const noexcept { return index_; }
    Date first_day() const;
    Date last_day() const;
    constexpr Quarter next() const noexcept { return from_index(index_ + 1); }
    constexpr Quarter previous() const noexcept { return from_index(index_ - 1); }
    constexpr Quarter operator+(int n) const noexcept { return from_index(index_ + n); }
    constexpr Quarter operator-(int n) const noexcept { return from_index(index_ - n); }
    // Number of quarters from `other` to this one (2020Q1 - 2019Q3 == 2).
    constexpr int operator-(Quarter other) const noexcept {
        return int{index_} - int{other.index_};
    }
    std::string to_string() const;

    constexpr auto operator<=>(const Quarter&) const noexcept = default;

private:
    static constexpr int floor_div(int a, int b) noexcept {
        return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
    }
    std::uint16_t index_ = 0;
};
static_assert(sizeof(Quarter) == 2);

} // namespace okoce
