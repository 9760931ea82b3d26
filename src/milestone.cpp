#include "okoce/milestone.hpp"

#include "parallel.hpp"

namespace okoce {

Milestone Milestone::licensed(LicenceKinds counting) {
    Milestone m;
    m.kind = Kind::licensed;
    m.counting = counting;
    return m;
}

Milestone Milestone::reached(Step step, StepPolicy policy) {
    Milestone m;
    m.kind = Kind::step;
    m.step = step;
    m.policy = policy;
    return m;
}

std::string Milestone::to_string() const {
    if (kind == Kind::step)
        return std::string(okoce::to_string(step)) + " (" + std::string(okoce::to_string(policy)) +
               ")";
    if (counting == default_counting) return "licensed";
    const std::string kinds = join_codes(counting, "+");
    return "licensed (" + (kinds.empty() ? std::string("no kind") : kinds) + ")";
}

std::array<Date, step_count> first_completions(const Programme& programme, Index participant,
                                               Date as_of) noexcept {
    const Date registered = programme.participants().registered_on[participant];
    if (registered.is_special() || registered > as_of) {
        std::array<Date, step_count> none;
        none.fill(no_date);
        return none;
    }
    auto first = programme.first_steps(participant, as_of);
    if (first[0].is_special() || registered < first[0]) first[0] = registered;
    return first;
}

Date reached_on(const Programme& programme, Index participant, const Milestone& milestone,
                Date as_of) {
    const Date registered = programme.participants().registered_on[participant];
    if (registered.is_special() || as_of.is_special() || registered > as_of) return no_date;
    if (milestone.kind == Milestone::Kind::step)
        return okoce::reached_on(first_completions(programme, participant, as_of), milestone.step,
                                 milestone.policy);
    return first_licensed_on(programme, participant, as_of, milestone.counting);
}

Date first_licensed_on(const Programme& programme, Index participant, Date as_of,
                       LicenceKinds counting) {
    const Date registered = programme.participants().registered_on[participant];
    if (registered.is_special() || as_of.is_special() || registered > as_of) return no_date;
    const auto& lc = programme.licences();
    const auto b = lc.begin(participant), n = lc.end(participant) - b;
    if (n == 0) return no_date; // most participants hold no licence: skip the general rule
    return okoce::first_licensed_on(
        std::span(lc.kind).subspan(b, n), std::span(lc.issued_on).subspan(b, n),
        std::span(lc.valid_until).subspan(b, n), counting, registered, as_of);
}

std::vector<Date> reached_dates(const Programme& programme, const Milestone& milestone,
                                Date as_of) {
    std::vector<Date> out(programme.participant_count(), no_date);
    detail::for_chunks(out.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            out[i] = reached_on(programme, static_cast<Index>(i), milestone, as_of);
    });
    return out;
}

} // namespace okoce
