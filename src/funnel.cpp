#include "okoce/funnel.hpp"

#include "okoce/milestone.hpp"

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

Funnel funnel(const Programme& programme, Date as_of, StepPolicy policy, GroupBy by,
              Suppression suppression) {
    require_date(as_of, "funnel");
    const auto& pc = programme.participants();
    const Groups groups = group_participants(programme, by, as_of);
    std::vector<std::array<std::int64_t, step_count>> count(groups.size());
    std::vector<std::int64_t> registered(groups.size(), 0);
    for (Index i = 0; i < pc.size(); ++i) {
        if (pc.registered_on[i] > as_of) continue;
        const auto g = groups.key[i];
        ++registered[g];
        const StepSet done = programme.steps_done(i, as_of);
        for (Step s : all_steps)
            if (reached(done, s, policy)) ++count[g][static_cast<std::size_t>(s)];
    }
    Funnel f;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (registered[g] == 0 && by != GroupBy::none) continue;
        f.group.push_back(groups.label[g]);
        std::array<std::int64_t, step_count> shown{};
        for (std::size_t k = 0; k < step_count; ++k) shown[k] = suppress(count[g][k], suppression);
        f.reached.push_back(shown);
    }
    return f;
}

} // namespace okoce
