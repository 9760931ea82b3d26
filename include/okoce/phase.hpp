// Asymmetric phases: JakPreneur does not treat every participant as a beginner. A business is
// starting, mid-stage or stalled; the phase decides the recommended pathway through the seven
// steps. The rules are the library's own (no regulation defines them), every threshold is a
// field of PhaseRules, and every verdict names the rule that decided it.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/step.hpp"
#include "okoce/table.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace okoce {

enum class Phase : std::uint8_t {
    starting,  // baru mulai: no business yet, or a young one
    mid_stage, // sudah menengah: running and growing
    stalled,   // lama tapi skala belum berkembang: long-running, not growing
};

template <>
struct enum_traits<Phase> : enum_info<"Phase", "a phase"> {
    // The Indonesian labels are the programme's wording (DESIGN.md section 1).
    static constexpr auto entries =
        enum_rows<Phase>({{"starting", "starting", "baru mulai", "starting"},
                          {"mid_stage", "mid_stage", "sudah menengah", "mid-stage"},
                          {"stalled", "stalled", "lama tapi skala belum berkembang", "stalled"}});
};

inline constexpr std::size_t phase_count = enum_count<Phase>;

// A set of phases (a mentor's competence); empty means all phases, as in the data contract
// (serves()).
using PhaseSet = EnumSet<Phase>;

// The rule that decided a verdict.
enum class PhaseRule : std::uint8_t {
    no_business_start,            // starting: no business start date on or before as_of
    young_business,               // starting: age below PhaseRules::starting_below_months
    established,                  // mid-stage: old enough to be past starting, too young to stall
    growing,                      // mid-stage: old, and year-on-year growth at or above threshold
    insufficient_monitoring_data, // mid-stage: old, but the reports cannot show growth either way
    no_growth,                    // stalled: old, and year-on-year growth below threshold
    zero_revenue,                 // stalled: old, and zero revenue in both compared quarters
};

template <>
struct enum_traits<PhaseRule> : enum_info<"PhaseRule", "a phase rule"> {
    static constexpr auto entries =
        enum_names<PhaseRule>({"no_business_start", "young_business", "established", "growing",
                               "insufficient_monitoring_data", "no_growth", "zero_revenue"});
};

// A sentence for people: "business older than 36 months with year-on-year growth below 10%".
std::string describe(PhaseRule r, const struct PhaseRules& rules);

struct PhaseRules {
    // Age in whole months below which a business is starting.
    int starting_below_months = 12;
    // Age in whole months from which a business may be stalled.
    int stalled_from_months = 36;
    // Year-on-year revenue growth, in basis points, below which an old business is stalled.
    // 1000 = 10%. Integer so that "exactly 10%" is decided exactly.
    int growth_threshold_bp = 1000;
    // Quarters between the compared reports: 4 compares a quarter with the same quarter a
    // year earlier, which Ramadan and year-end seasons make necessary.
    int comparison_lag_quarters = 4;

    bool operator==(const PhaseRules&) const noexcept = default;

    static constexpr auto fields() {
        using R = PhaseRules;
        return std::tuple{field("starting_below_months", &R::starting_below_months),
                          field("stalled_from_months", &R::stalled_from_months),
                          field("growth_threshold_bp", &R::growth_threshold_bp),
                          field("comparison_lag_quarters", &R::comparison_lag_quarters)};
    }
};

struct PhaseVerdict {
    Phase phase = Phase::starting;
    PhaseRule rule = PhaseRule::no_business_start;
    std::optional<int> age_months; // business age as of the date, when a start date is known
    std::optional<double> growth;  // year-on-year growth (0.1 = 10%), when it could be computed
    std::optional<Quarter> latest; // the latest reported quarter that was compared

    bool operator==(const PhaseVerdict&) const noexcept = default;
};

// One participant's quarterly revenue, sorted by quarter, with the date each report became
// known (reports known after `as_of` are ignored).
struct RevenueSeries {
    std::span<const Quarter> quarter;
    std::span<const std::int64_t> revenue;
    std::span<const Date> known_on;
};

// The verdict as of `as_of`. `business_started_on` may be not_a_date_time (no business yet).
PhaseVerdict classify_phase(Date business_started_on, Date as_of, RevenueSeries reports,
                            const PhaseRules& rules = {});

// The recommended steps for a phase: starting P1..P7; mid-stage skips basic training (P3..P7);
// stalled goes to mentoring, marketing, financial reporting and capital (P3, P5, P6, P7), plus
// P4 when not yet licensed.
StepSet pathway(Phase phase, bool licensed) noexcept;

// The first recommended step (in step order) not yet done; nullopt when the pathway is done.
std::optional<Step> next_step(Phase phase, StepSet done, bool licensed) noexcept;

} // namespace okoce
