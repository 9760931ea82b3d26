#include "okoce/calendar.hpp"
#include "okoce/error.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

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
    // Boost's supported range is 1400..9999.
    if (yy < 1400 || mm < 1 || mm > 12 || dd < 1) return std::nullopt;
    if (dd > boost::gregorian::gregorian_calendar::end_of_month_day(
                 static_cast<unsigned short>(yy), static_cast<unsigned short>(mm)))
        return std::nullopt;
    return Date(static_cast<unsigned short>(yy), static_cast<unsigned short>(mm),
                static_cast<unsigned short>(dd));
}

Date parse_date(std::string_view text) {
    if (auto d = try_parse_date(text)) return *d;
    throw validation_error({}, std::string(text), "a date YYYY-MM-DD");
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
    return Quarter(d.year(), (d.month() - 1) / 3 + 1);
}

std::optional<Quarter> Quarter::try_parse(std::string_view t) noexcept {
    if (t.size() != 6 || (t[4] != 'Q' && t[4] != 'q')) return std::nullopt;
    if (!digits(t.substr(0, 4)) || t[5] < '1' || t[5] > '4') return std::nullopt;
    // The same year range as dates, so that first_day() and last_day() cannot fail later.
    const int year = to_int(t.substr(0, 4));
    if (year < 1400) return std::nullopt;
    return Quarter(year, t[5] - '0');
}

Quarter Quarter::parse(std::string_view text) {
    if (auto q = try_parse(text)) return *q;
    throw validation_error({}, std::string(text), "a quarter YYYYQn with n in 1..4");
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
