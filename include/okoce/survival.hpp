// Time to a milestone as a survival curve: the Kaplan-Meier estimate of the share of
// participants who have not yet reached it (by default, licensed) t days after registration,
// with those still waiting at the as-of date, or gone from the programme, counted as censored.
// Estimates, standard errors and the median follow statsmodels' SurvfuncRight exactly. Where
// fewer than half ever reach the milestone the median does not exist, so each curve also gives
// the share reached by fixed horizons and the restricted mean time up to one.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/describe.hpp"
#include "okoce/grouping.hpp"
#include "okoce/milestone.hpp"
#include "okoce/programme.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace okoce {

// Horizons are given in months and read on the curve's day scale at an average month,
// 365.25 / 12 = 30.4375 days: 6, 12 and 24 months are 182.625, 365.25 and 730.5 days. Calendar
// months would differ by registration date, and a curve has one time axis for everyone.
inline constexpr double days_per_month = 365.25 / 12;

// The share of a group that reached the milestone by a horizon: 1 - S(t) at t = months *
// days_per_month, S read as a step function (for whole-day times, events up to and including
// day floor(t) count). The interval is the curve's log(-log) interval of S turned around
// (1 - ci_upper .. 1 - ci_lower) and std_err is Greenwood's, the same as S's.
// Before the first event the share is 0 with interval [0, 0]. Once S is 0 the share is 1 and
// the SE and interval are NaN, as on the curve. NaN throughout when the horizon lies beyond the
// group's last observed time while S is still above 0: nobody was followed that long, so the
// curve says nothing there.
struct HorizonShare {
    double months = 0;
    double days = 0; // months * days_per_month
    double share = 0;
    double std_err = 0;
    double ci_lower = 0, ci_upper = 0;
};

// The restricted mean time to the milestone up to a horizon tau: the integral of S from 0 to
// tau, i.e. the mean number of days, out of the first tau, spent before reaching the milestone
// (tau for someone who never does). It exists when the median does not. Its standard error is
// the usual Kaplan-Meier one (Klein & Moeschberger, Survival Analysis, 2nd ed., section 4.5):
// sqrt(sum over event times t_i <= tau of A_i^2 d_i / (n_i (n_i - d_i))), A_i the area under S
// from t_i to tau; a time where everyone left at risk has the event adds 0 (A_i is 0 there).
// Both NaN when tau lies beyond the last observed time while S is above 0 (as HorizonShare).
struct RestrictedMean {
    double horizon_months = 0;
    double horizon_days = 0; // horizon_months * days_per_month
    double mean_days = 0;
    double std_err = 0; // days
};

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
    // One per SurvivalOptions::horizons_months, in that order.
    std::vector<HorizonShare> reached_by;
    RestrictedMean restricted_mean;
};

struct SurvivalOptions {
    double alpha = 0.05; // intervals have nominal coverage 1 - alpha; must be in (0, 1)
    // Small counts, passed as to the other analyses (privacy.hpp's Suppression): below = 0 is
    // off; must not be negative. A curve with
    // fewer observations than this is withheld: it keeps its group label, n and n_events are
    // `suppressed`, its columns are empty and the median and its interval NaN. In a curve that
    // is shown, each at_risk, events and censored count, and n_events, is suppressed() on its
    // own; survival, std_err and the intervals are estimates and stay, and the median is taken
    // before suppression, so it is the same as without it. The same holds for the shares
    // reached by the horizons and the restricted mean: NaN in a withheld curve (the horizons
    // are kept), estimates left as they are in a curve that is shown.
    Suppression suppression = {};
    // Horizons for the share reached (HorizonShare), in months after the start (registration
    // for time_to): finite and 0 or more, in any order, repeats allowed.
    std::vector<double> horizons_months{6, 12, 24};
    // The horizon of the restricted mean (RestrictedMean), in months: finite and above 0.
    double restricted_mean_months = 24;
};

// The raw estimator. `time` >= 0 and finite, `event` 1 for an event and 0 for a censoring.
// `group` (optional) gives each observation a key below labels.size(); without it there is
// one group, labelled labels[0] or "all". One curve per group that has an observation, in key
// order. Throws argument_error naming the argument, the 0-based position and the value for
// mismatched lengths, a negative, NaN or infinite time, an event other than 0 or 1, a key
// without a label, alpha outside (0, 1), a negative suppression, or a horizon that is
// negative, NaN or infinite (or 0 for the restricted mean). The horizons read `time` as days
// (days_per_month). Honours
// options.suppression like time_to: the caller who asks for it wants it for every curve,
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
// out (groups with too few are withheld, see SurvivalOptions::suppression). The median is
// NaN whenever fewer than half of a group reach the milestone within the time observed (for a
// licence, the usual case); the shares reached by the horizons and the restricted mean still
// exist then, and each curve carries them.
std::vector<SurvivalCurve> time_to(const Programme& programme, Date as_of,
                                   const Milestone& milestone = Milestone::licensed(),
                                   GroupBy by = GroupBy::none, const SurvivalOptions& options = {});

// time_to() of one part (partial.hpp): per group, each distinct day with the events and
// censorings on it. The number at risk on a day is everyone observed that long or longer, so it
// is the sum over parts too, and the merged curve, its interval, the median, the shares reached
// and the restricted mean are the whole programme's exactly.
struct TimeToPartial {
    static constexpr std::string_view kind = "TimeToPartial";
    // Days a participant can be observed: the supported range of dates.
    static constexpr double max_days = 110'000;
    Date as_of;
    Milestone milestone;
    GroupBy by = GroupBy::none;
    std::vector<std::string> group;
    // Per group, ascending distinct times (whole days), with events and censorings at each.
    std::vector<std::vector<double>> time;
    std::vector<std::vector<std::int64_t>> events, censored;

    static constexpr auto fields() {
        using P = TimeToPartial;
        return std::tuple{
            as::option("as_of", &P::as_of),          as::option("milestone", &P::milestone),
            as::option("grouping", &P::by),          as::key("group", &P::group),
            as::series_key("time", &P::time),        as::series_sum("events", &P::events),
            as::series_sum("censored", &P::censored)};
    }
    void check() const; // times whole days from 0 to max_days
};
TimeToPartial time_to_partial(const Programme& programme, Date as_of,
                              const Milestone& milestone = Milestone::licensed(),
                              GroupBy by = GroupBy::none);
std::vector<SurvivalCurve> finish(const TimeToPartial& partial,
                                  const SurvivalOptions& options = {});

} // namespace okoce
