// Business licences and statements a participant holds: IUMK (issued by the camat, ceased when
// risk-based OSS started on 2021-07-02), SKU (the lurah's business statement), NIB (13 digits,
// from OSS), P-IRT and halal certificates. Step P4 (Perizinan) counts a participant as licensed
// while a licence of a counting kind (by default IUMK, SKU or NIB) is in force.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/enum_table.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace okoce {

enum class LicenceKind : std::uint8_t { iumk, sku, nib, pirt, halal, other };

template <>
struct enum_traits<LicenceKind> : enum_info<"LicenceKind", "a licence kind"> {
    // The spelling of the data files, read ignoring case; "P-IRT" and "SPP-IRT" (the
    // certificate's full name) are also read as PIRT.
    static constexpr auto entries = enum_rows<LicenceKind>({{"iumk", "IUMK"},
                                                            {"sku", "SKU"},
                                                            {"nib", "NIB"},
                                                            {"pirt", "PIRT"},
                                                            {"halal", "HALAL"},
                                                            {"other", "OTHER"}});
    static constexpr bool ignore_case = true;
    static constexpr std::array<std::pair<std::string_view, LicenceKind>, 2> aliases{{
        {"P-IRT", LicenceKind::pirt},
        {"SPP-IRT", LicenceKind::pirt},
    }};
};

struct Licence {
    LicenceKind kind = LicenceKind::other;
    std::string number; // empty when not recorded
    Date issued_on;
    // Last day in force, inclusive. not_a_date_time means open-ended: IUMK has no published
    // validity period and NIB is valid while the business runs.
    Date valid_until;
    std::string issuer;
};

// A NIB is exactly 13 ASCII digits (PP 24/2018; PP 5/2021).
bool is_valid_nib(std::string_view number) noexcept;

// Risk-based OSS under PP 5/2021 started on this day; IUMK was no longer issued from then on.
inline const Date oss_risk_based_start{2021, 7, 2};

// Why a well-formed licence record is implausible, or an empty view when it is not: an IUMK
// issued on or after oss_risk_based_start, a NIB whose recorded number is not 13 digits, or a
// validity that ends before the issue date (such a licence is never in force).
std::string_view anomaly(const Licence& licence) noexcept;
inline bool is_anomalous(const Licence& licence) noexcept {
    return !anomaly(licence).empty();
}

// In force on `d`: issued on or before d and, when valid_until is set, d on or before it.
// False when issued_on or d is not a date.
bool in_force(const Licence& licence, Date d) noexcept;

// The kinds that count as "licensed" for step P4. OK OCE counted IUMK and SKU; NIB replaced both
// for low-risk micro firms, so the default counts all three. An empty set counts nothing.
using LicenceKinds = EnumSet<LicenceKind>;
inline constexpr LicenceKinds default_counting{LicenceKind::iumk, LicenceKind::sku,
                                               LicenceKind::nib};

// Licensed as of `d`: some licence of a counting kind is in force on d.
bool licensed_as_of(std::span<const Licence> licences, Date d,
                    LicenceKinds counting = default_counting) noexcept;
// "First licensed on", the one definition: the earliest issue date of a licence of a counting
// kind that is ever in force; no_date when there is none. With `from` (the registration date)
// set, a licence that expired before `from` does not count and the date is never before
// `from` (a licence held before joining counts from the day of joining); with `as_of` set, only
// licences issued on or before it count. The programme applies it with from = registration
// through first_licensed_on(programme, ...) in milestone.hpp, which every analysis uses.
Date first_licensed_on(std::span<const Licence> licences, LicenceKinds counting = default_counting,
                       Date from = no_date, Date as_of = no_date) noexcept;

// The same over the store's parallel columns (one participant's rows). Throws argument_error
// when the three spans differ in length.
bool licensed_as_of(std::span<const LicenceKind> kinds, std::span<const Date> issued_on,
                    std::span<const Date> valid_until, Date d,
                    LicenceKinds counting = default_counting);
Date first_licensed_on(std::span<const LicenceKind> kinds, std::span<const Date> issued_on,
                       std::span<const Date> valid_until, LicenceKinds counting = default_counting,
                       Date from = no_date, Date as_of = no_date);

} // namespace okoce
