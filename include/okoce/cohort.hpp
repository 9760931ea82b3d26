// Registration cohorts: participants who registered in the same quarter, followed quarter by
// quarter to see what share of them reached a milestone (licensed, or a step) by the end of
// each quarter since registration. Only quarters that have ended by the date are filled in;
// small cohorts and counts can be suppressed so that a shared table cannot single out a person.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/describe.hpp"
#include "okoce/grouping.hpp"
#include "okoce/milestone.hpp"
#include "okoce/programme.hpp"

#include <cstdint>
#include <vector>

namespace okoce {

// A cell about a quarter that has not ended by the date. Distinct from `suppressed` (-1), so a
// reader can tell "not yet known" from "withheld".
inline constexpr std::int64_t not_observed = -2;

struct CohortTable {
    Milestone milestone;
    int max_quarters = 12; // columns are quarters since registration 0..max_quarters
    // One row per registration quarter with at least one participant registered on or before
    // the date, oldest first.
    std::vector<Quarter> cohort;
    // Participants in the cohort (exits stay in: a cohort is everyone who joined, whatever
    // happened to them later); `suppressed` when below the suppression threshold.
    std::vector<std::int64_t> size;
    // Row-major, cohort.size() x columns(): cell (r, k) is about the end of quarter cohort[r]+k.
    // reached: cohort members who had reached the milestone by that quarter's last day,
    // `not_observed` when that day is after the date, `suppressed` when withheld (see cohorts);
    // share: reached / size, NaN when not observed or suppressed.
    std::vector<std::int64_t> reached;
    std::vector<double> share;

    std::size_t columns() const noexcept { return static_cast<std::size_t>(max_quarters) + 1; }
    std::size_t rows() const noexcept { return cohort.size(); }
    std::int64_t reached_at(std::size_t r, std::size_t k) const noexcept {
        return reached[r * columns() + k];
    }
    double share_at(std::size_t r, std::size_t k) const noexcept {
        return share[r * columns() + k];
    }
};

// With suppression on, a cohort smaller than `suppression.below` shows its size and every
// observed cell (zeros included: "none of these three" singles them out as much as "two of
// them") as `suppressed`; in larger cohorts each observed count is suppressed on its own when
// below the threshold (suppress()). Cells not yet observed stay `not_observed` either way.
// Throws argument_error when max_quarters is negative or as_of is not a date.
CohortTable cohorts(const Programme& programme, Date as_of, const Milestone& milestone,
                    int max_quarters = 12, Suppression suppression = {});

// cohorts() of one part (partial.hpp): per registration quarter with someone in it, the cohort
// size and the members who first reached the milestone in each quarter since registration
// (reached_in[r][k]: in quarter cohort[r] + k, not yet cumulated).
struct CohortsPartial {
    static constexpr std::string_view kind = "CohortsPartial";
    // Quarters since registration a table can follow: the whole supported range of dates.
    static constexpr int max_max_quarters = 4 * (last_supported_year - first_supported_year + 1);
    Date as_of;
    Milestone milestone;
    std::int32_t max_quarters = 12;
    std::vector<Quarter> cohort; // ascending
    std::vector<std::int64_t> size;
    std::vector<std::vector<std::int64_t>> reached_in; // max_quarters + 1 per cohort

    static constexpr auto fields() {
        using P = CohortsPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("milestone", &P::milestone),
                          as::option("max_quarters", &P::max_quarters),
                          as::key("cohort", &P::cohort),
                          as::sum("size", &P::size),
                          as::sum("reached_in", &P::reached_in)};
    }
    void check() const; // max_quarters in range, each row max_quarters + 1 wide
};
CohortsPartial cohorts_partial(const Programme& programme, Date as_of, const Milestone& milestone,
                               int max_quarters = 12);
CohortTable finish(const CohortsPartial& partial, Suppression suppression = {});

} // namespace okoce
