#include "okoce/cohort.hpp"

#include "partial_codec.hpp"

#include <algorithm>
#include <limits>

namespace okoce {

void CohortsPartial::check() const {
    if (max_quarters < 0 || max_quarters > max_max_quarters)
        detail::bad_partial(kind, "max_quarters",
                            std::to_string(max_quarters) + " is not from 0 to " +
                                std::to_string(max_max_quarters));
    for (const auto& row : reached_in)
        if (row.size() != static_cast<std::size_t>(max_quarters) + 1)
            detail::bad_partial(kind, "reached_in", "a row not max_quarters + 1 wide");
}

CohortsPartial cohorts_partial(const Programme& programme, Date as_of, const Milestone& milestone,
                               int max_quarters) {
    OKOCE_REQUIRE(!as_of.is_special(), "cohorts", "as_of", format_date(as_of), "a date");
    OKOCE_REQUIRE(max_quarters >= 0 && max_quarters <= CohortsPartial::max_max_quarters, "cohorts",
                  "max_quarters", std::to_string(max_quarters),
                  "from 0 to " + std::to_string(CohortsPartial::max_max_quarters) + " quarters");
    const auto& pc = programme.participants();
    const Quarter last = Quarter::of(as_of);
    CohortsPartial p;
    p.as_of = as_of;
    p.milestone = milestone;
    p.max_quarters = max_quarters;
    const auto cols = static_cast<std::size_t>(max_quarters) + 1;

    // First pass: the earliest registration, so the table can be laid out flat (comparing
    // dates; the quarter of the earliest is the earliest quarter).
    Date earliest = as_of;
    bool any = false;
    for (Index i = 0; i < pc.size(); ++i) {
        const Date d = pc.registered_on[i];
        if (d > as_of) continue;
        any = true;
        if (d < earliest) earliest = d;
    }
    if (!any) return p;
    const Quarter first = Quarter::of(earliest);
    const auto span = static_cast<std::size_t>(last - first) + 1;
    std::vector<std::int64_t> size(span, 0);
    // reached_in[r * (cols + 1) + k]: members who first reached the milestone in quarter
    // cohort + k (k == cols collects later ones, which no column needs).
    std::vector<std::int64_t> reached_in(span * (cols + 1), 0);
    const std::vector<Date> reached_by = reached_dates(programme, milestone, as_of);
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const Quarter q = Quarter::of(pc.registered_on[i]);
        const auto r = static_cast<std::size_t>(q - first);
        ++size[r];
        const Date when = reached_by[i];
        if (when.is_special()) continue;
        // A step recorded before registration (the builder warns but keeps it) is counted
        // as reached in the registration quarter, not before the cohort began.
        const auto k = static_cast<std::size_t>(std::max(0, Quarter::of(when) - q));
        ++reached_in[r * (cols + 1) + (k < cols ? k : cols)];
    }
    for (std::size_t r = 0; r < span; ++r) {
        if (size[r] == 0) continue;
        p.cohort.push_back(first + static_cast<int>(r));
        p.size.push_back(size[r]);
        const auto row = reached_in.begin() + static_cast<std::ptrdiff_t>(r * (cols + 1));
        p.reached_in.emplace_back(row, row + static_cast<std::ptrdiff_t>(cols));
    }
    return p;
}

CohortTable finish(const CohortsPartial& partial, Suppression suppression) {
    check_partial(partial);
    CohortTable t;
    t.milestone = partial.milestone;
    t.max_quarters = partial.max_quarters;
    const std::size_t cols = t.columns();
    const Date as_of = partial.as_of;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t r = 0; r < partial.cohort.size(); ++r) {
        const Quarter q = partial.cohort[r];
        const std::int64_t size = partial.size[r];
        const bool small = suppress(size, suppression) == suppressed;
        t.cohort.push_back(q);
        t.size.push_back(small ? suppressed : size);
        std::int64_t so_far = 0;
        for (std::size_t k = 0; k < cols; ++k) {
            so_far += partial.reached_in[r][k];
            const bool observed = (q + static_cast<int>(k)).last_day() <= as_of;
            std::int64_t shown = not_observed;
            if (observed) shown = small ? suppressed : suppress(so_far, suppression);
            t.reached.push_back(shown);
            t.share.push_back(shown >= 0 ? static_cast<double>(shown) / static_cast<double>(size)
                                         : nan);
        }
    }
    return t;
}

CohortTable cohorts(const Programme& programme, Date as_of, const Milestone& milestone,
                    int max_quarters, Suppression suppression) {
    return finish(cohorts_partial(programme, as_of, milestone, max_quarters), suppression);
}

} // namespace okoce

OKOCE_PARTIAL(okoce::CohortsPartial);
