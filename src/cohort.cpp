#include "okoce/cohort.hpp"

#include <algorithm>
#include <limits>

namespace okoce {

CohortTable cohorts(const Programme& programme, Date as_of, const Milestone& milestone,
                    int max_quarters, Suppression suppression) {
    require_date(as_of, "cohorts");
    if (max_quarters < 0)
        throw validation_error({"", 0, "max_quarters"}, std::to_string(max_quarters),
                               "zero or more quarters");
    const auto& pc = programme.participants();
    const Quarter last = Quarter::of(as_of);

    CohortTable t;
    t.milestone = milestone;
    t.max_quarters = max_quarters;
    const std::size_t cols = t.columns();

    // First pass: the span of registration quarters, so the table can be laid out flat.
    bool any = false;
    Quarter first = last;
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const Quarter q = Quarter::of(pc.registered_on[i]);
        if (!any || q < first) first = q;
        any = true;
    }
    if (!any) return t;
    const auto span = static_cast<std::size_t>(last - first) + 1;
    std::vector<std::int64_t> size(span, 0);
    // reached_in[r * (cols + 1) + k]: members who first reached the milestone in quarter
    // cohort + k (k == cols collects later ones, which no column needs); cumulated below.
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

    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t r = 0; r < span; ++r) {
        if (size[r] == 0) continue;
        const Quarter q = first + static_cast<int>(r);
        const bool small = suppress(size[r], suppression) == suppressed;
        t.cohort.push_back(q);
        t.size.push_back(small ? suppressed : size[r]);
        std::int64_t so_far = 0;
        for (std::size_t k = 0; k < cols; ++k) {
            so_far += reached_in[r * (cols + 1) + k];
            const bool observed = (q + static_cast<int>(k)).last_day() <= as_of;
            std::int64_t shown = not_observed;
            if (observed) shown = small ? suppressed : suppress(so_far, suppression);
            t.reached.push_back(shown);
            t.share.push_back(shown >= 0 ? static_cast<double>(shown) / static_cast<double>(size[r])
                                         : nan);
        }
    }
    return t;
}

} // namespace okoce
