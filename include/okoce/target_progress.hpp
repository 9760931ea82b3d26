// Progress against targets: how many participants in a target's region reached its metric in
// its period, against a straight-line schedule and a projection at the recent run rate; and
// the arithmetic of targets across the region tree - a parent's target split over its children
// so that the parts add up exactly, and actual counts rolled up from kelurahan to province.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/describe.hpp"
#include "okoce/licence.hpp"
#include "okoce/programme.hpp"
#include "okoce/region.hpp"
#include "okoce/step.hpp"
#include "okoce/table.hpp"
#include "okoce/target.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace okoce {

// Days of recent history the run rate looks at.
inline constexpr int run_rate_window_days = 90;

// Every target as of a date, one row per target in columns. "Seen" below means the period cut
// at as_of: [start, min(end, as_of)].
struct TargetProgress {
    // The target as defined (programme.targets()).
    std::vector<std::string> id;
    std::vector<TargetMetric> metric;
    std::vector<RegionCode> region;
    std::vector<Date> start, end;
    std::vector<std::int64_t> value;
    // Participants whose kelurahan is within `region` and who reached the metric on a day of
    // the seen period: registered - registered_on; P1..P7 - the day the step was first reached
    // under the step policy (milestone.hpp); licensed - the day first licensed (so a renewal
    // does not count again, and someone licensed before the period does not count).
    std::vector<std::int64_t> actual;
    // The straight-line schedule: value * elapsed / period days, where elapsed is the number
    // of days of the seen period (0 before start, the whole period once as_of >= end).
    std::vector<double> expected;
    // actual - expected rounded to the nearest whole number (halves up): negative when behind
    // the schedule, positive when ahead.
    std::vector<std::int64_t> gap;
    // Events per day over the last 90 days of the seen period (fewer when less of the period
    // has passed: the divisor is the days of the window, so a period ten days old is not
    // judged by 90). 0 before start.
    std::vector<double> run_rate_per_day;
    // actual + run_rate_per_day * days left after as_of to end (0 once as_of >= end).
    std::vector<double> projected;
    // Already reached (actual >= value): the day the value-th event happened (start for a
    // target of 0). Otherwise, while the period runs and the run rate is above 0: the first day
    // on which actual + rate * days since as_of reaches value - possibly after end, so compare
    // it with end to see whether the target will be met in time. Otherwise (or when that day
    // is more than a century away) no_date.
    std::vector<Date> projected_reach_on;

    std::size_t size() const noexcept { return id.size(); }
    // The row of the target with this id; throws argument_error when there is none.
    std::size_t row_of(std::string_view target_id) const;

    static constexpr auto fields() {
        using T = TargetProgress;
        return std::tuple{field("id", &T::id),
                          field("metric", &T::metric),
                          field("region", &T::region),
                          field("start", &T::start),
                          field("end", &T::end),
                          field("value", &T::value),
                          field("actual", &T::actual),
                          field("expected", &T::expected),
                          field("gap", &T::gap),
                          field("run_rate_per_day", &T::run_rate_per_day),
                          field("projected", &T::projected),
                          field("projected_reach_on", &T::projected_reach_on)};
    }
};

// Every target of the programme, in the order of programme.targets(). `policy` decides when a
// step metric is reached, `counting` which licences count for `licensed`. Throws
// argument_error when as_of is not a date.
TargetProgress target_progress(const Programme& programme, Date as_of,
                               StepPolicy policy = StepPolicy::a_la_carte,
                               LicenceKinds counting = default_counting);

// target_progress() of one part (partial.hpp): the part's targets with, per target, the events
// of its metric in its region on each day of the seen period. The day counts give actual, the
// run rate and the day the value-th event happened exactly. A merge matches targets by id (a
// target carried by both partials must have the same definition, or it throws) and keeps them in
// the order first met. A target is counted from the parts that carry it, so a part must carry
// every target whose region holds any of its participants: split() gives every part all the
// targets, and synth::indonesia gives each province the targets set inside it.
struct TargetProgressPartial {
    static constexpr std::string_view kind = "TargetProgressPartial";
    Date as_of;
    StepPolicy policy = StepPolicy::a_la_carte;
    LicenceKinds counting = default_counting;
    std::vector<std::string> id;
    std::vector<TargetMetric> metric;
    std::vector<RegionCode> region;
    std::vector<Date> start, end;
    std::vector<std::int64_t> value;
    // Per target: days with events, ascending, as offsets from its start, and the events.
    std::vector<std::vector<std::int32_t>> day;
    std::vector<std::vector<std::int64_t>> events;

    static constexpr auto fields() {
        using P = TargetProgressPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("policy", &P::policy),
                          as::option("licence counting", &P::counting),
                          as::id("id", &P::id),
                          as::same("metric", &P::metric),
                          as::same("region", &P::region),
                          as::same("start", &P::start),
                          as::same("end", &P::end),
                          as::same("value", &P::value),
                          as::series_key("day", &P::day),
                          as::series_sum("events", &P::events)};
    }
    void check() const; // start <= end, each day within the seen period
};
TargetProgressPartial target_progress_partial(const Programme& programme, Date as_of,
                                              StepPolicy policy = StepPolicy::a_la_carte,
                                              LicenceKinds counting = default_counting);
TargetProgress finish(const TargetProgressPartial& partial);

enum class CascadeWeights : std::uint8_t {
    equal,         // every child the same share
    population,    // the caller's population per child (only kota populations are published)
    registrations, // participants registered in each child on or before the as-of date
};

template <>
struct enum_traits<CascadeWeights> : enum_info<"CascadeWeights", "a weighting"> {
    static constexpr auto entries =
        enum_names<CascadeWeights>({"equal", "population", "registrations"});
};

// Splits `value` over the direct children of `parent` (province -> kota -> kecamatan ->
// kelurahan) in proportion to `child_weights` (in children() order) so that the parts add up
// to `value` exactly: the largest-remainder (Hamilton) method - every child gets the whole part
// of its quota, and the units left go one each to the largest remainders, equal remainders to
// the smaller code first. Integral weights are split in exact integer arithmetic, so equal
// remainders are really equal. Children in depth-first order. Throws reference_error for a
// parent not in the table, and argument_error for a negative value, a parent without
// children, a weight count other than the number of children, a negative or non-finite
// weight, or weights all zero when value > 0 (a value of 0 gives every child 0).
std::vector<std::pair<RegionCode, std::int64_t>> cascade(std::int64_t value, RegionCode parent,
                                                         const RegionTable& table,
                                                         std::span<const double> child_weights);

// A target's value split over the children of its region, weighted as asked. `population` maps
// each child's code to its weight (required for CascadeWeights::population; a child missing
// from it is an error); `as_of` dates the registrations counted.
std::vector<std::pair<RegionCode, std::int64_t>>
cascade(const Programme& programme, const Target& target, CascadeWeights weights, Date as_of,
        const std::map<RegionCode, double>* population = nullptr);

// Totals per region at every level, for every code of the table in depth-first order (zeros
// included): each count adds to its own code and every ancestor. Counts are normally per
// kelurahan; a count recorded at a higher level (known only to the kecamatan) adds from that
// level up. Throws argument_error for lengths that differ or a negative count (a suppressed
// cell, -1, must not be summed), and reference_error for a code not in the table.
std::vector<std::pair<RegionCode, std::int64_t>> roll_up(const RegionTable& table,
                                                         std::span<const RegionCode> kelurahan,
                                                         std::span<const std::int64_t> counts);

} // namespace okoce
