// Phases across the programme: every participant's verdict as of a date (with the pathway and
// next step it implies), how the phase mix moves from quarter to quarter, and the mix per
// group. Results are plain columns, one entry per row, so they bind to numpy/pandas as they are.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/describe.hpp"
#include "okoce/grouping.hpp"
#include "okoce/licence.hpp"
#include "okoce/phase.hpp"
#include "okoce/programme.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace okoce {

// One row per participant registered on or before the date, in participant order. Exited
// participants are included (see `active`); analyses of the current caseload filter on it.
struct PhaseTable {
    std::vector<Index> participant;
    std::vector<Phase> phase;
    std::vector<PhaseRule> rule;
    std::vector<std::int32_t> age_months; // whole months; -1 without a business start date
    std::vector<double> growth;           // year-on-year, 0.1 = 10%; NaN when not computed
    std::vector<std::uint8_t> licensed;   // 1 when licensed (P4) on the date
    std::vector<std::int8_t> next_step;   // -1 when the pathway is done, else 0..6 (P1..P7)
    std::vector<std::uint8_t> pathway;    // StepSet bits of the recommended steps
    std::vector<std::uint8_t> active;     // 1 when not exited on the date

    std::size_t size() const noexcept { return participant.size(); }
};

// Steps done are first_completions() (registration is P1); licensed is
// Programme::licensed_as_of with `counting`. Large programmes are split over two threads.
PhaseTable phases(const Programme& programme, Date as_of, const PhaseRules& rules = {},
                  LicenceKinds counting = default_counting);

// Marks a participant who is not in the programme at a quarter's end.
inline constexpr std::uint8_t absent_phase = 255;

// Phase at the end of each quarter from `from` to `to`. A participant is present at a quarter's
// end when registered on or before its last day and not exited on or before it (exited_on after
// the last day); absent otherwise. The verdict uses as_of = the quarter's last day.
struct PhaseHistory {
    std::vector<Quarter> quarter;
    std::size_t participants = 0; // participant_count() of the programme
    // Quarter-major: phase[k * participants + i] is Phase as integer, or absent_phase.
    std::vector<std::uint8_t> phase;
    // For each consecutive pair (quarter[k], quarter[k+1]), k = 0..quarter.size()-2:
    // transitions[k][from * 3 + to] counts participants present at both ends, by phase;
    // entries[k][to] those absent at quarter[k] and present at quarter[k+1] (new or returned);
    // exits[k][from] those present at quarter[k] and absent at quarter[k+1].
    // Each of these counts is `suppressed` when below the suppression threshold (suppress());
    // `phase` is per participant, not a count, and is never suppressed.
    std::vector<std::array<std::int64_t, phase_count * phase_count>> transitions;
    std::vector<std::array<std::int64_t, phase_count>> entries;
    std::vector<std::array<std::int64_t, phase_count>> exits;

    std::uint8_t at(std::size_t k, Index i) const noexcept { return phase[k * participants + i]; }
    std::int64_t transition(std::size_t k, Phase from, Phase to) const noexcept {
        return transitions[k][static_cast<std::size_t>(from) * phase_count +
                              static_cast<std::size_t>(to)];
    }
};

// Throws argument_error when `to` is before `from`.
PhaseHistory phase_history(const Programme& programme, Quarter from, Quarter to,
                           const PhaseRules& rules = {}, Suppression suppression = {});

// phase_history() of one part (partial.hpp): the counts of transitions, entries and exits
// between consecutive quarters, one row per pair. The per-participant matrix
// (PhaseHistory::phase) is not a sum: a finished partial leaves it empty with participants = 0.
struct PhaseHistoryPartial {
    static constexpr std::string_view kind = "PhaseHistoryPartial";
    Quarter from, to;
    PhaseRules rules;
    std::vector<std::array<std::int64_t, phase_count * phase_count>> transitions;
    std::vector<std::array<std::int64_t, phase_count>> entries;
    std::vector<std::array<std::int64_t, phase_count>> exits;

    static constexpr auto fields() {
        using P = PhaseHistoryPartial;
        return std::tuple{as::option("from", &P::from),    as::option("to", &P::to),
                          as::option("rules", &P::rules),  as::sum("transitions", &P::transitions),
                          as::sum("entries", &P::entries), as::sum("exits", &P::exits)};
    }
    void check() const; // from <= to, one row per pair of quarters
};
PhaseHistoryPartial phase_history_partial(const Programme& programme, Quarter from, Quarter to,
                                          const PhaseRules& rules = {});
PhaseHistory finish(const PhaseHistoryPartial& partial, Suppression suppression = {});

// Per group, the participants in the programme on the date (registered on or before it and
// not exited on or before it) by phase. Groups nobody falls in are left out (except "all").
// Each count, and the total, is suppressed on its own when below `suppression.below`.
struct PhaseMix {
    std::vector<std::string> group;
    std::vector<std::array<std::int64_t, phase_count>> count; // by Phase as index
    std::vector<std::int64_t> total;
    // Of the mid-stage count, those whose verdict is PhaseRule::insufficient_monitoring_data:
    // old enough to be stalled, but the reports cannot show growth either way. Shown beside
    // mid-stage so that a manager does not read them as businesses known to be growing.
    std::vector<std::int64_t> insufficient_data;

    std::size_t size() const noexcept { return group.size(); }

    static constexpr auto fields() {
        return std::tuple{field("group", &PhaseMix::group), field("count", &PhaseMix::count),
                          field("total", &PhaseMix::total),
                          field("insufficient_data", &PhaseMix::insufficient_data)};
    }
};

PhaseMix phase_mix(const Programme& programme, Date as_of, GroupBy by = GroupBy::none,
                   const PhaseRules& rules = {}, Suppression suppression = {});

// phase_mix() of one part (partial.hpp): per group, the participants in the programme on as_of
// by phase, and the mid-stage ones resting on insufficient monitoring data.
struct PhaseMixPartial {
    static constexpr std::string_view kind = "PhaseMixPartial";
    Date as_of;
    GroupBy by = GroupBy::none;
    PhaseRules rules;
    std::vector<std::string> group;
    std::vector<std::array<std::int64_t, phase_count>> count;
    std::vector<std::int64_t> insufficient_data;

    static constexpr auto fields() {
        using P = PhaseMixPartial;
        return std::tuple{
            as::option("as_of", &P::as_of), as::option("grouping", &P::by),
            as::option("rules", &P::rules), as::key("group", &P::group),
            as::sum("count", &P::count),    as::sum("insufficient_data", &P::insufficient_data)};
    }
};
PhaseMixPartial phase_mix_partial(const Programme& programme, Date as_of,
                                  GroupBy by = GroupBy::none, const PhaseRules& rules = {});
PhaseMix finish(const PhaseMixPartial& partial, Suppression suppression = {});

} // namespace okoce
