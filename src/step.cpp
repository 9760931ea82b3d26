#include "okoce/step.hpp"

namespace okoce {

Date reached_on(const std::array<Date, step_count>& first_done, Step target,
                StepPolicy policy) noexcept {
    const auto t = static_cast<std::size_t>(target);
    Date latest = first_done[0];
    if (latest.is_special()) return no_date;
    if (policy == StepPolicy::a_la_carte) {
        if (first_done[t].is_special()) return no_date;
        return first_done[t] > latest ? first_done[t] : latest;
    }
    for (std::size_t s = 1; s <= t; ++s) {
        if (first_done[s].is_special()) return no_date;
        if (first_done[s] > latest) latest = first_done[s];
    }
    return latest;
}

} // namespace okoce
