#include "okoce/funnel.hpp"

#include "okoce/milestone.hpp"
#include "okoce/partial.hpp"

#include "partial_codec.hpp"

#include <limits>

namespace okoce {

double Funnel::conversion(std::size_t g, Step s) const noexcept {
    const auto k = static_cast<std::size_t>(s);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (k == 0) return nan;
    const std::int64_t before = reached[g][k - 1], now = reached[g][k];
    if (before <= 0 || now < 0) return nan;
    return static_cast<double>(now) / static_cast<double>(before);
}

FunnelPartial funnel_partial(const Programme& programme, Date as_of, StepPolicy policy,
                             GroupBy by) {
    OKOCE_REQUIRE(!as_of.is_special(), "funnel", "as_of", format_date(as_of), "a date");
    const auto& pc = programme.participants();
    const Groups groups = group_participants(programme, by, as_of);
    // The steps a set of done steps counts as reached under the policy, for each of the 128
    // sets: the loop over participants then adds one precomputed row.
    constexpr std::size_t sets = std::size_t{1} << step_count;
    std::array<std::array<std::int64_t, step_count>, sets> reached_by{};
    for (std::size_t bits = 0; bits < sets; ++bits)
        for (Step s : all_steps)
            reached_by[bits][static_cast<std::size_t>(s)] =
                reached(StepSet::from_bits(static_cast<StepSet::Bits>(bits)), s, policy) ? 1 : 0;
    std::vector<std::array<std::int64_t, step_count>> count(groups.size());
    std::vector<std::int64_t> registered(groups.size(), 0);
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const auto g = groups.key[i];
        ++registered[g];
        const auto& add = reached_by[programme.steps_done(i, as_of).bits()];
        for (std::size_t k = 0; k < step_count; ++k) count[g][k] += add[k];
    }
    FunnelPartial p;
    p.as_of = as_of;
    p.policy = policy;
    p.by = by;
    p.registered = std::move(registered);
    p.reached = std::move(count);
    detail::keep_groups(p, groups, p.registered, by); // of those registered by as_of
    return p;
}

Funnel finish(const FunnelPartial& partial, Suppression suppression) {
    check_partial(partial);
    Funnel f;
    f.group = partial.group;
    f.reached.reserve(partial.reached.size());
    for (const auto& row : partial.reached) {
        std::array<std::int64_t, step_count> shown{};
        for (std::size_t k = 0; k < step_count; ++k) shown[k] = suppress(row[k], suppression);
        f.reached.push_back(shown);
    }
    return f;
}

Funnel funnel(const Programme& programme, Date as_of, StepPolicy policy, GroupBy by,
              Suppression suppression) {
    return finish(funnel_partial(programme, as_of, policy, by), suppression);
}

} // namespace okoce

OKOCE_PARTIAL(okoce::FunnelPartial);
