#include "okoce/calendar.hpp"
#include "okoce/error.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <cstdint>

namespace okoce {

namespace {
bool digits(std::string_view s) noexcept {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}
int to_int(std::string_view s) noexcept {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}
} // namespace

std::optional<Date> try_parse_date(std::string_view t) noexcept {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    auto y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
    if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
    int yy = to_int(y), mm = to_int(m), dd = to_int(d);
    if (!is_supported_year(yy) || mm < 1 || mm > 12 || dd < 1) return std::nullopt;
    if (dd > boost::gregorian::gregorian_calendar::end_of_month_day(
                 static_cast<unsigned short>(yy), static_cast<unsigned short>(mm)))
        return std::nullopt;
    return Date(static_cast<unsigned short>(yy), static_cast<unsigned short>(mm),
                static_cast<unsigned short>(dd));
}

Date parse_date(std::string_view text) {
    if (auto d = try_parse_date(text)) return *d;
    throw validation_error({}, std::string(text),
                           "a date YYYY-MM-DD that exists, from 1900-01-01 to 2200-12-31");
}

std::string format_date(Date d) {
    if (d.is_special()) return {};
    return boost::gregorian::to_iso_extended_string(d);
}

int whole_months_between(Date from, Date to) {
    const int months = (to.year() - from.year()) * 12 + (to.month() - from.month());
    if (months > 0 && to.day() < from.day()) return months - 1;
    if (months < 0 && to.day() > from.day()) return months + 1;
    return months;
}

Quarter Quarter::of(Date d) {
    if (d.is_special()) return Quarter(d.year(), (d.month() - 1) / 3 + 1);
    // Analyses take the quarter of every participant's dates, so this avoids boost's general
    // conversion: the civil-from-days method of H. Hinnant, "chrono-Compatible Low-Level Date
    // Algorithms", counting from 0000-03-01 in 400-year eras so that February ends each year.
    constexpr std::int64_t jdn_of_0000_03_01 = 1721120; // Julian day number of that day
    const std::int64_t z = static_cast<std::int64_t>(d.day_number()) - jdn_of_0000_03_01;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;                                      // [0, 146096]
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
    const std::int64_t mp = (5 * doy + 2) / 153;                                    // 0 = March
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return Quarter(static_cast<int>(year), static_cast<int>((month - 1) / 3 + 1));
}

std::optional<Quarter> Quarter::try_parse(std::string_view t) noexcept {
    if (t.size() != 6 || (t[4] != 'Q' && t[4] != 'q')) return std::nullopt;
    if (!digits(t.substr(0, 4)) || t[5] < '1' || t[5] > '4') return std::nullopt;
    // The same year range as dates, so that first_day() and last_day() cannot fail later.
    const int year = to_int(t.substr(0, 4));
    if (!is_supported_year(year)) return std::nullopt;
    return Quarter(year, t[5] - '0');
}

Quarter Quarter::parse(std::string_view text) {
    if (auto q = try_parse(text)) return *q;
    throw validation_error({}, std::string(text),
                           "a quarter YYYYQn with n in 1..4, from 1900Q1 to 2200Q4");
}

Date Quarter::first_day() const {
    return Date(static_cast<unsigned short>(year()), static_cast<unsigned short>(number() * 3 - 2),
                1);
}

Date Quarter::last_day() const {
    return next().first_day() - boost::gregorian::days(1);
}

std::string Quarter::to_string() const {
    return std::to_string(year()) + "Q" + std::to_string(number());
}

} // namespace okoce
