#include "okoce/phase.hpp"

#include <algorithm>
#include <string>

namespace okoce {

std::string describe(PhaseRule r, const PhaseRules& rules) {
    // Built with append rather than operator+ chains: GCC 12 reports a false -Wrestrict on
    // those in optimised builds.
    std::string pct = std::to_string(rules.growth_threshold_bp / 100);
    if (const int frac = rules.growth_threshold_bp % 100) {
        pct += '.';
        pct += static_cast<char>('0' + frac / 10);
        if (frac % 10) pct += static_cast<char>('0' + frac % 10);
    }
    pct += '%';
    std::string out;
    const auto old = [&] {
        out.append("business at least ").append(std::to_string(rules.stalled_from_months));
        out.append(" months old");
    };
    switch (r) {
    case PhaseRule::no_business_start:
        out = "no business start date";
        break;
    case PhaseRule::young_business:
        out.append("business younger than ")
            .append(std::to_string(rules.starting_below_months))
            .append(" months");
        break;
    case PhaseRule::established:
        out.append("business between ")
            .append(std::to_string(rules.starting_below_months))
            .append(" and ")
            .append(std::to_string(rules.stalled_from_months))
            .append(" months old");
        break;
    case PhaseRule::growing:
        old();
        out.append(", year-on-year growth at least ").append(pct);
        break;
    case PhaseRule::insufficient_monitoring_data:
        old();
        out.append("; insufficient monitoring data to show growth");
        break;
    case PhaseRule::no_growth:
        old();
        out.append(", year-on-year growth below ").append(pct);
        break;
    case PhaseRule::zero_revenue:
        old();
        out.append(", zero revenue a year apart");
        break;
    }
    return out;
}

PhaseVerdict classify_phase(Date started, Date as_of, RevenueSeries reports,
                            const PhaseRules& rules) {
    PhaseVerdict v;
    // A business that starts after the as-of date did not exist then: seeing it would let the
    // verdict see the future (a calon wirausaha who starts one later is still starting).
    if (started.is_special() || started > as_of) {
        v.phase = Phase::starting;
        v.rule = PhaseRule::no_business_start;
        return v;
    }
    const int age = whole_months_between(started, as_of);
    v.age_months = age;
    if (age < rules.starting_below_months) {
        v.phase = Phase::starting;
        v.rule = PhaseRule::young_business;
        return v;
    }
    v.phase = Phase::mid_stage;
    if (age < rules.stalled_from_months) {
        v.rule = PhaseRule::established;
        return v;
    }
    // The latest quarter known by as_of, and the one `lag` quarters before it, also known.
    const auto n = reports.quarter.size();
    std::size_t latest = n;
    for (std::size_t i = n; i-- > 0;)
        if (reports.known_on[i] <= as_of) {
            latest = i;
            break;
        }
    v.rule = PhaseRule::insufficient_monitoring_data;
    if (latest == n) return v;
    const Quarter q = reports.quarter[latest];
    const Quarter base_q = q - rules.comparison_lag_quarters;
    const auto begin = reports.quarter.begin();
    const auto it = std::lower_bound(begin, begin + static_cast<std::ptrdiff_t>(latest), base_q);
    const auto base = static_cast<std::size_t>(it - begin);
    if (base == latest || reports.quarter[base] != base_q || reports.known_on[base] > as_of)
        return v;
    v.latest = q;
    const std::int64_t now = reports.revenue[latest], then = reports.revenue[base];
    if (then == 0 && now == 0) {
        v.phase = Phase::stalled;
        v.rule = PhaseRule::zero_revenue;
        v.growth = 0.0;
        return v;
    }
    if (then > 0) v.growth = static_cast<double>(now - then) / static_cast<double>(then);
    // Stalled when now < then * (1 + threshold); in 128-bit integers so that exactly 10% is
    // decided exactly and large revenues cannot overflow.
    __extension__ using wide = __int128;
    const wide lhs = static_cast<wide>(now) * 10000;
    const wide rhs = static_cast<wide>(then) * (10000 + rules.growth_threshold_bp);
    if (lhs < rhs) {
        v.phase = Phase::stalled;
        v.rule = PhaseRule::no_growth;
    } else {
        v.rule = PhaseRule::growing;
    }
    return v;
}

StepSet pathway(Phase phase, bool licensed) noexcept {
    switch (phase) {
    case Phase::starting:
        return {Step::p1, Step::p2, Step::p3, Step::p4, Step::p5, Step::p6, Step::p7};
    case Phase::mid_stage:
        return {Step::p3, Step::p4, Step::p5, Step::p6, Step::p7};
    case Phase::stalled: {
        StepSet s{Step::p3, Step::p5, Step::p6, Step::p7};
        if (!licensed) s.insert(Step::p4);
        return s;
    }
    }
    return {};
}

std::optional<Step> next_step(Phase phase, StepSet done, bool licensed) noexcept {
    const StepSet path = pathway(phase, licensed);
    for (Step s : all_steps)
        if (path.contains(s) && !done.contains(s) && !(s == Step::p4 && licensed)) return s;
    return std::nullopt;
}

} // namespace okoce
