#include "okoce/phase_analysis.hpp"

#include "okoce/milestone.hpp"
#include "okoce/partial.hpp"

#include "huge_pages.hpp"
#include "parallel.hpp"
#include "partial_codec.hpp"

#include <cmath>
#include <limits>

namespace okoce {

namespace {

using detail::for_chunks;

} // namespace

PhaseTable phases(const Programme& programme, Date as_of, const PhaseRules& rules,
                  LicenceKinds counting) {
    OKOCE_REQUIRE(!as_of.is_special(), "phases", "as_of", format_date(as_of), "a date");
    const auto& pc = programme.participants();
    const auto n = static_cast<Index>(pc.size());
    std::size_t m = 0;
    for (Index i = 0; i < n; ++i) m += pc.registered_on[i] <= as_of ? 1u : 0u;

    PhaseTable t;
    detail::reserve_huge(t.participant, m);
    for (Index i = 0; i < n; ++i)
        if (pc.registered_on[i] <= as_of) t.participant.push_back(i);
    detail::resize_huge(t.phase, m);
    detail::resize_huge(t.rule, m);
    detail::resize_huge(t.age_months, m);
    detail::resize_huge(t.growth, m);
    detail::resize_huge(t.licensed, m);
    detail::resize_huge(t.next_step, m);
    detail::resize_huge(t.pathway, m);
    detail::resize_huge(t.active, m);

    for_chunks(m, [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            const Index i = t.participant[r];
            const PhaseVerdict v = classify_phase(pc.business_started_on[i], as_of,
                                                  programme.revenue_series(i), rules);
            const bool licensed = programme.licensed_as_of(i, as_of, counting);
            const auto next = next_step(v.phase, programme.steps_done(i, as_of), licensed);
            t.phase[r] = v.phase;
            t.rule[r] = v.rule;
            t.age_months[r] = v.age_months ? static_cast<std::int32_t>(*v.age_months) : -1;
            t.growth[r] = v.growth ? *v.growth : std::numeric_limits<double>::quiet_NaN();
            t.licensed[r] = licensed ? 1 : 0;
            t.next_step[r] = next ? static_cast<std::int8_t>(*next) : std::int8_t{-1};
            t.pathway[r] = pathway(v.phase, licensed).bits();
            t.active[r] = programme.active_on(i, as_of) ? 1 : 0;
        }
    });
    return t;
}

namespace {

// The per-participant matrix and the counts between consecutive quarters, unsuppressed.
PhaseHistory history_counts(const Programme& programme, Quarter from, Quarter to,
                            const PhaseRules& rules) {
    OKOCE_REQUIRE(from <= to, "phase_history", "to", to.to_string(),
                  "a quarter on or after from " + from.to_string());
    const auto& pc = programme.participants();
    const std::size_t n = pc.size();
    const auto quarters = static_cast<std::size_t>(to - from) + 1;

    PhaseHistory h;
    h.participants = n;
    h.quarter.reserve(quarters);
    for (Quarter q = from; q <= to; q = q.next()) h.quarter.push_back(q);
    h.phase.assign(quarters * n, absent_phase);

    for (std::size_t k = 0; k < quarters; ++k) {
        const Date end = h.quarter[k].last_day();
        std::uint8_t* row = h.phase.data() + k * n;
        for_chunks(n, [&](std::size_t begin, std::size_t stop) {
            for (auto i = static_cast<Index>(begin); i < stop; ++i) {
                if (!programme.active_on(i, end)) continue;
                row[i] =
                    static_cast<std::uint8_t>(classify_phase(pc.business_started_on[i], end,
                                                             programme.revenue_series(i), rules)
                                                  .phase);
            }
        });
    }

    const std::size_t pairs = quarters - 1;
    h.transitions.assign(pairs, {});
    h.entries.assign(pairs, {});
    h.exits.assign(pairs, {});
    for (std::size_t k = 0; k < pairs; ++k) {
        const std::uint8_t* a = h.phase.data() + k * n;
        const std::uint8_t* b = a + n;
        for (std::size_t i = 0; i < n; ++i) {
            if (a[i] != absent_phase && b[i] != absent_phase)
                ++h.transitions[k][std::size_t{a[i]} * phase_count + b[i]];
            else if (b[i] != absent_phase)
                ++h.entries[k][b[i]];
            else if (a[i] != absent_phase)
                ++h.exits[k][a[i]];
        }
    }
    return h;
}

} // namespace

PhaseHistoryPartial phase_history_partial(const Programme& programme, Quarter from, Quarter to,
                                          const PhaseRules& rules) {
    PhaseHistory h = history_counts(programme, from, to, rules);
    return PhaseHistoryPartial{
        from, to, rules, std::move(h.transitions), std::move(h.entries), std::move(h.exits)};
}

void PhaseHistoryPartial::check() const {
    if (to < from) detail::bad_partial(kind, "to", "a last quarter before the first");
    const auto pairs = static_cast<std::size_t>(to - from);
    if (transitions.size() != pairs)
        detail::bad_partial(kind, "transitions", "not one row per pair of quarters");
}

PhaseHistory finish(const PhaseHistoryPartial& partial, Suppression suppression) {
    check_partial(partial);
    PhaseHistory h;
    for (Quarter q = partial.from; q <= partial.to; q = q.next()) h.quarter.push_back(q);
    h.transitions = partial.transitions;
    h.entries = partial.entries;
    h.exits = partial.exits;
    // Only once all are counted: suppress() decides on the whole count.
    for (std::size_t k = 0; k < h.transitions.size(); ++k) {
        for (auto& c : h.transitions[k]) c = suppress(c, suppression);
        for (auto& c : h.entries[k]) c = suppress(c, suppression);
        for (auto& c : h.exits[k]) c = suppress(c, suppression);
    }
    return h;
}

PhaseHistory phase_history(const Programme& programme, Quarter from, Quarter to,
                           const PhaseRules& rules, Suppression suppression) {
    PhaseHistory counts = history_counts(programme, from, to, rules);
    PhaseHistory h = finish(PhaseHistoryPartial{from, to, rules, std::move(counts.transitions),
                                                std::move(counts.entries), std::move(counts.exits)},
                            suppression);
    h.participants = counts.participants;
    h.phase = std::move(counts.phase);
    return h;
}

PhaseMixPartial phase_mix_partial(const Programme& programme, Date as_of, GroupBy by,
                                  const PhaseRules& rules) {
    OKOCE_REQUIRE(!as_of.is_special(), "phase_mix", "as_of", format_date(as_of), "a date");
    const auto& pc = programme.participants();
    const Groups groups = group_participants(programme, by, as_of, rules);
    std::vector<std::array<std::int64_t, phase_count>> count(groups.size());
    std::vector<std::int64_t> insufficient(groups.size(), 0), people(groups.size(), 0);
    for (Index i = 0; i < pc.size(); ++i) {
        if (!programme.active_on(i, as_of)) continue;
        ++people[groups.key[i]];
        const PhaseVerdict v =
            classify_phase(pc.business_started_on[i], as_of, programme.revenue_series(i), rules);
        ++count[groups.key[i]][static_cast<std::size_t>(v.phase)];
        if (v.rule == PhaseRule::insufficient_monitoring_data) ++insufficient[groups.key[i]];
    }
    PhaseMixPartial p;
    p.as_of = as_of;
    p.by = by;
    p.rules = rules;
    p.count = std::move(count);
    p.insufficient_data = std::move(insufficient);
    detail::keep_groups(p, groups, people, by); // of those in the programme on the date
    return p;
}

PhaseMix finish(const PhaseMixPartial& partial, Suppression suppression) {
    check_partial(partial);
    PhaseMix mix;
    for (std::size_t g = 0; g < partial.group.size(); ++g) {
        std::int64_t total = 0;
        for (auto c : partial.count[g]) total += c;
        mix.group.push_back(partial.group[g]);
        std::array<std::int64_t, phase_count> shown{};
        for (std::size_t p = 0; p < phase_count; ++p)
            shown[p] = suppress(partial.count[g][p], suppression);
        mix.count.push_back(shown);
        mix.total.push_back(suppress(total, suppression));
        mix.insufficient_data.push_back(suppress(partial.insufficient_data[g], suppression));
    }
    return mix;
}

PhaseMix phase_mix(const Programme& programme, Date as_of, GroupBy by, const PhaseRules& rules,
                   Suppression suppression) {
    return finish(phase_mix_partial(programme, as_of, by, rules), suppression);
}

} // namespace okoce

OKOCE_PARTIAL(okoce::PhaseHistoryPartial);
OKOCE_PARTIAL(okoce::PhaseMixPartial);
