#include "okoce/licence.hpp"
#include "okoce/error.hpp"

namespace okoce {

namespace {

// The one rule both layouts share. A licence with no issue date was never in force; an unset
// valid_until is open-ended.
bool in_force(Date issued_on, Date valid_until, Date d) noexcept {
    if (issued_on.is_not_a_date() || d.is_not_a_date()) return false;
    if (d < issued_on) return false;
    return valid_until.is_not_a_date() || d <= valid_until;
}

bool ever_in_force(Date issued_on, Date valid_until) noexcept {
    return in_force(issued_on, valid_until, issued_on);
}

// "First licensed on", the one definition (see licence.hpp): licence k of n is read through
// the accessors, so the record and the column layouts share it.
template <class Kind, class Issued, class Until>
Date first_licensed(std::size_t n, Kind kind, Issued issued, Until until, LicenceKinds counting,
                    Date from, Date as_of) noexcept {
    Date first = no_date;
    for (std::size_t k = 0; k < n; ++k) {
        const Date on = issued(k), end = until(k);
        if (!counting.contains(kind(k)) || !ever_in_force(on, end)) continue;
        if (!as_of.is_not_a_date() && as_of < on) continue;
        if (!from.is_not_a_date() && !end.is_not_a_date() && end < from) continue;
        if (first.is_not_a_date() || on < first) first = on;
    }
    if (!first.is_not_a_date() && !from.is_not_a_date() && first < from) first = from;
    return first;
}

void check_columns(const char* function, std::size_t kinds, std::size_t issued, std::size_t valid) {
    OKOCE_REQUIRE(kinds == issued && kinds == valid, function, "issued_on, valid_until",
                  std::to_string(issued) + " and " + std::to_string(valid) + " values",
                  "one per kind (" + std::to_string(kinds) + ")");
}

} // namespace

bool is_valid_nib(std::string_view number) noexcept {
    if (number.size() != 13) return false;
    for (const char c : number)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string_view anomaly(const Licence& l) noexcept {
    if (l.kind == LicenceKind::iumk && !l.issued_on.is_not_a_date() &&
        l.issued_on >= oss_risk_based_start)
        return "IUMK issued on or after 2021-07-02, when risk-based OSS replaced it";
    if (l.kind == LicenceKind::nib && !l.number.empty() && !is_valid_nib(l.number))
        return "NIB number is not 13 digits";
    if (!l.issued_on.is_not_a_date() && !l.valid_until.is_not_a_date() &&
        l.valid_until < l.issued_on)
        return "valid_until is before issued_on, so the licence is never in force";
    return {};
}

bool in_force(const Licence& licence, Date d) noexcept {
    return in_force(licence.issued_on, licence.valid_until, d);
}

bool licensed_as_of(std::span<const Licence> licences, Date d, LicenceKinds counting) noexcept {
    for (const Licence& l : licences)
        if (counting.contains(l.kind) && in_force(l.issued_on, l.valid_until, d)) return true;
    return false;
}

Date first_licensed_on(std::span<const Licence> licences, LicenceKinds counting, Date from,
                       Date as_of) noexcept {
    return first_licensed(
        licences.size(), [&](std::size_t k) { return licences[k].kind; },
        [&](std::size_t k) { return licences[k].issued_on; },
        [&](std::size_t k) { return licences[k].valid_until; }, counting, from, as_of);
}

bool licensed_as_of(std::span<const LicenceKind> kinds, std::span<const Date> issued_on,
                    std::span<const Date> valid_until, Date d, LicenceKinds counting) {
    check_columns("licensed_as_of", kinds.size(), issued_on.size(), valid_until.size());
    for (std::size_t i = 0; i < kinds.size(); ++i)
        if (counting.contains(kinds[i]) && in_force(issued_on[i], valid_until[i], d)) return true;
    return false;
}

Date first_licensed_on(std::span<const LicenceKind> kinds, std::span<const Date> issued_on,
                       std::span<const Date> valid_until, LicenceKinds counting, Date from,
                       Date as_of) {
    check_columns("first_licensed_on", kinds.size(), issued_on.size(), valid_until.size());
    return first_licensed(
        kinds.size(), [&](std::size_t k) { return kinds[k]; },
        [&](std::size_t k) { return issued_on[k]; }, [&](std::size_t k) { return valid_until[k]; },
        counting, from, as_of);
}

} // namespace okoce
