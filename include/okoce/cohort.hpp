// Registration cohorts: participants who registered in the same quarter, followed quarter by
// quarter to see what share of them reached a milestone (licensed, or a step) by the end of
// each quarter since registration. Only quarters that have ended by the date are filled in.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/milestone.hpp"
#include "okoce/programme.hpp"

#include <cstdint>
#include <vector>

namespace okoce {

struct CohortTable {
    Milestone milestone;
    int max_quarters = 12; // columns are quarters since registration 0..max_quarters
    // One row per registration quarter with at least one participant registered on or before
    // the date, oldest first.
    std::vector<Quarter> cohort;
    std::vector<std::int64_t> size; // participants in the cohort (exits stay in: a cohort is
                                    // everyone who joined, whatever happened to them later)
    // Row-major, cohort.size() x columns(): cell (r, k) is about the end of quarter cohort[r]+k.
    // reached: cohort members who had reached the milestone by that quarter's last day, -1 when
    // that day is after the date; share: reached / size, NaN when not yet observed.
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

// Throws validation_error when max_quarters is negative or as_of is not a date.
CohortTable cohorts(const Programme& programme, Date as_of, const Milestone& milestone,
                    int max_quarters = 12);

} // namespace okoce
