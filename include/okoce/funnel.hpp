// The seven-step funnel: how many participants reached P1, P2, ... P7 by a date, under a step
// policy, per group. Under the sequential policy (OK OCE) each stage is a subset of the one
// before; under a-la-carte (JakPreneur) a later step can outnumber an earlier one.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/describe.hpp"
#include "okoce/grouping.hpp"
#include "okoce/programme.hpp"
#include "okoce/step.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace okoce {

struct Funnel {
    std::vector<std::string> group;
    // reached[g][k]: participants of group g who reached step P(k+1); `suppressed` when small.
    std::vector<std::array<std::int64_t, step_count>> reached;

    std::size_t size() const noexcept { return group.size(); }
    // reached[g][s] / reached[g][s-1]: the share of the previous stage that got on to this one.
    // NaN for P1 (no stage before it), when the previous count is zero, or when either count
    // is suppressed.
    double conversion(std::size_t g, Step s) const noexcept;

    static constexpr auto fields() {
        return std::tuple{field("group", &Funnel::group), field("reached", &Funnel::reached)};
    }
};

// Participants registered on or before `as_of` (exited ones included: they did reach their
// steps) who reached each step by then, by step.hpp's reached() over first_completions()
// (registration is P1). Groups nobody registered by `as_of` falls in are left out, except "all".
// GroupBy::phase uses the default PhaseRules.
Funnel funnel(const Programme& programme, Date as_of, StepPolicy policy, GroupBy by = GroupBy::none,
              Suppression suppression = {});

// funnel() of one part (partial.hpp): per group, participants registered by as_of and those who
// reached each step.
struct FunnelPartial {
    static constexpr std::string_view kind = "FunnelPartial";
    Date as_of;
    StepPolicy policy = StepPolicy::a_la_carte;
    GroupBy by = GroupBy::none;
    std::vector<std::string> group;
    std::vector<std::int64_t> registered;
    std::vector<std::array<std::int64_t, step_count>> reached;

    static constexpr auto fields() {
        using P = FunnelPartial;
        return std::tuple{as::option("as_of", &P::as_of),        as::option("policy", &P::policy),
                          as::option("grouping", &P::by),        as::key("group", &P::group),
                          as::sum("registered", &P::registered), as::sum("reached", &P::reached)};
    }
};
FunnelPartial funnel_partial(const Programme& programme, Date as_of, StepPolicy policy,
                             GroupBy by = GroupBy::none);
Funnel finish(const FunnelPartial& partial, Suppression suppression = {});

} // namespace okoce
