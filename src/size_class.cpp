#include "okoce/size_class.hpp"
#include "okoce/error.hpp"

namespace okoce {

using namespace okoce::literals;

SizeRegime size_regime(Date on) noexcept {
    if (on.is_not_a_date()) return SizeRegime::pp_7_2021;
    return on < pp_7_2021_start ? SizeRegime::uu_20_2008 : SizeRegime::pp_7_2021;
}

SizeLimits size_limits(SizeRegime regime, bool by_turnover) noexcept {
    if (regime == SizeRegime::uu_20_2008) {
        // UU 20/2008 art. 6: assets (1)-(3) a, turnover (1)-(3) b.
        if (by_turnover) return {300_juta, 2500_juta, 50_miliar};
        return {50_juta, 500_juta, 10_miliar};
    }
    // PP 7/2021 art. 35: capital (3), turnover (5).
    if (by_turnover) return {2_miliar, 15_miliar, 50_miliar};
    return {1_miliar, 5_miliar, 10_miliar};
}

SizeVerdict size_class(Date on, std::optional<Rupiah> annual_turnover,
                       std::optional<Rupiah> capital) {
    OKOCE_REQUIRE(!on.is_not_a_date(), "size_class", "on", "not-a-date", "a date");
    OKOCE_REQUIRE(!annual_turnover || *annual_turnover >= Rupiah(0), "size_class",
                  "annual_turnover", annual_turnover->to_string(),
                  "an annual turnover of Rp0 or more");
    OKOCE_REQUIRE(!capital || *capital >= Rupiah(0), "size_class", "capital", capital->to_string(),
                  "capital (or net assets) of Rp0 or more");
    OKOCE_REQUIRE(annual_turnover || capital, "size_class", "annual_turnover", "absent",
                  "an annual turnover or a capital (both are absent)");

    SizeVerdict v;
    v.regime = size_regime(on);
    v.by_turnover = annual_turnover.has_value();
    const Rupiah amount = v.by_turnover ? *annual_turnover : *capital;
    const SizeLimits limits = size_limits(v.regime, v.by_turnover);
    v.size = amount <= limits.micro    ? SizeClass::micro
             : amount <= limits.small  ? SizeClass::small
             : amount <= limits.medium ? SizeClass::medium
                                       : SizeClass::large;
    return v;
}

} // namespace okoce
