// Business size (UMKM: usaha mikro, kecil, menengah), date-effective. UU 20/2008 classified by
// net assets excluding land and buildings or by annual turnover; PP 7/2021 replaced it from
// 2021-02-02 with business capital or annual turnover. Turnover decides for a running business,
// capital for one with no turnover yet. Naik kelas means moving up a class.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/enum_table.hpp"
#include "okoce/money.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace okoce {

enum class SizeClass : std::uint8_t { micro, small, medium, large };
enum class SizeRegime : std::uint8_t { uu_20_2008, pp_7_2021 };

template <>
struct enum_traits<SizeClass> : enum_info<"SizeClass", "a size class"> {
    static constexpr auto entries = enum_names<SizeClass>({"micro", "small", "medium", "large"});
};

template <>
struct enum_traits<SizeRegime> : enum_info<"SizeRegime", "a size regime"> {
    static constexpr auto entries =
        enum_rows<SizeRegime>({{"uu_20_2008", "UU 20/2008"}, {"pp_7_2021", "PP 7/2021"}});
};

// PP 7/2021 was promulgated, and took effect, on this day.
inline const Date pp_7_2021_start{2021, 2, 2};

// The regime in force on a day: UU 20/2008 before pp_7_2021_start, PP 7/2021 from it. Days
// before UU 20/2008 itself (2008-07-04) also get UU 20/2008; the programme began in 2017.
// A day that is not a date gets the regime in force now.
SizeRegime size_regime(Date on) noexcept;

// Inclusive upper limits of micro, small and medium for one regime and one basis (turnover, or
// assets/capital); anything above `medium` is large.
struct SizeLimits {
    Rupiah micro;
    Rupiah small;
    Rupiah medium;
};
SizeLimits size_limits(SizeRegime regime, bool by_turnover) noexcept;

struct SizeVerdict {
    SizeClass size = SizeClass::micro;
    SizeRegime regime = SizeRegime::pp_7_2021;
    bool by_turnover = false; // false: decided by assets (UU 20/2008) or capital (PP 7/2021)
    constexpr bool operator==(const SizeVerdict&) const noexcept = default;
};

// The class on day `on`. `capital` is net assets excluding land and buildings under
// UU 20/2008 and business capital under PP 7/2021; it decides only when there is no turnover.
// Throws argument_error when both amounts are absent, when one is negative or when `on` is not
// a date.
SizeVerdict size_class(Date on, std::optional<Rupiah> annual_turnover,
                       std::optional<Rupiah> capital);

// Moved up at least one class.
constexpr bool naik_kelas(SizeClass before, SizeClass after) noexcept {
    return after > before;
}

} // namespace okoce
