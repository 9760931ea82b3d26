// Time to a milestone as a survival curve: the Kaplan-Meier estimate of the share of
// participants who have not yet reached it (by default, licensed) t days after registration,
// with those still waiting at the as-of date, or gone from the programme, counted as censored.
// Estimates, standard errors and the median follow statsmodels' SurvfuncRight exactly.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/grouping.hpp"
#include "okoce/milestone.hpp"
#include "okoce/programme.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace okoce {

// One group's curve as parallel columns, one row per distinct observed time (event or
// censoring), ascending. The rows with events > 0 are exactly statsmodels' `surv_times`; rows
// with only censorings carry the estimate of the row before (S is 1 before the first event).
struct SurvivalCurve {
    std::string group;
    std::vector<double> time;
    std::vector<std::int64_t> at_risk;  // observations with time >= this time
    std::vector<std::int64_t> events;   // events at this time
    std::vector<std::int64_t> censored; // censorings at this time (still at risk at it)
    // S(t) = prod over event times u <= t of (1 - d/n).
    std::vector<double> survival;
    // Greenwood: S(t) * sqrt(sum over u <= t of d / (n (n - d))). NaN from the time everyone
    // left at risk has the event (n == d; S is 0 there), as in statsmodels. 0 while S is 1.
    std::vector<double> std_err;
    // Pointwise interval on the log(-log S) scale (Kalbfleisch-Prentice), the transform of
    // statsmodels' quantile_ci(method="cloglog"): S^exp(+-z * se / (S |log S|)) with
    // z = Phi^-1(1 - alpha/2). [1, 1] while S is 1; NaN where S is 0 or se is NaN.
    std::vector<double> ci_lower, ci_upper;
    // statsmodels quantile(0.5): the first event time with S < 0.5 (strictly); NaN if none.
    double median = 0;
    // statsmodels quantile_ci(0.5, alpha, "cloglog"): inverts the z-test of S(t) = 0.5 over
    // the event times. Lower is the first event time whose test does not reject; upper the
    // event time after the last one that does not reject, +infinity when that is the last
    // event time. Both NaN when no event time qualifies.
    double median_lower = 0, median_upper = 0;
    std::int64_t n = 0;        // observations
    std::int64_t n_events = 0; // of which events
};

struct SurvivalOptions {
    double alpha = 0.05; // intervals have nominal coverage 1 - alpha; must be in (0, 1)
    // Small counts (grouping.hpp's Suppression): 0 = off; must not be negative. A curve with
    // fewer observations than this is withheld: it keeps its group label, n and n_events are
    // `suppressed`, its columns are empty and the median and its interval NaN. In a curve that
    // is shown, each at_risk, events and censored count, and n_events, is suppressed() on its
    // own; survival, std_err and the intervals are estimates and stay, and the median is taken
    // before suppression, so it is the same as without it.
    std::int64_t suppress_below = 0;
};

// The raw estimator. `time` >= 0 and finite, `event` 1 for an event and 0 for a censoring.
// `group` (optional) gives each observation a key below labels.size(); without it there is
// one group, labelled labels[0] or "all". One curve per group that has an observation, in key
// order. Throws validation_error naming the argument, the 1-based position and the value for
// mismatched lengths, a negative, NaN or infinite time, an event other than 0 or 1, a key
// without a label, alpha outside (0, 1) or a negative suppress_below. Honours
// options.suppress_below like time_to: the caller who asks for it wants it for every curve,
// whichever function made it, and a curve can single out a person whatever its source.
std::vector<SurvivalCurve> kaplan_meier(std::span<const double> time,
                                        std::span<const std::uint8_t> event,
                                        std::span<const std::uint32_t> group = {},
                                        std::span<const std::string> labels = {},
                                        const SurvivalOptions& options = {});

// Days from registration to the milestone (milestone.hpp's reached_on), for participants
// registered on or before `as_of`. A participant who has not reached it is censored at
// `as_of`, or at exited_on when they left before `as_of` and before reaching it (reaching it
// on the day they leave counts). Reaching it on the registration day is an event at time 0;
// so is a step recorded before registration (the programme counts from joining). Groups as
// group_participants(programme, by, as_of); groups with nobody registered by `as_of` are left
// out (groups with too few are withheld, see SurvivalOptions::suppress_below).
std::vector<SurvivalCurve> time_to(const Programme& programme, Date as_of,
                                   const Milestone& milestone = Milestone::licensed(),
                                   GroupBy by = GroupBy::none, const SurvivalOptions& options = {});

} // namespace okoce
