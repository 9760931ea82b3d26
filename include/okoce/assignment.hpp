// Mentor assignment: as of a date, every participant who needs a mentor (a named demand rule, by
// default P3 mentoring next on the pathway) is paired with an active mentor who has a free place,
// so that as many as capacity allows are mentored and, among those pairings, the total cost
// (distance, sector and phase fit) is least.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/licence.hpp"
#include "okoce/phase.hpp"
#include "okoce/programme.hpp"
#include "okoce/region.hpp"
#include "okoce/step.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace okoce {

// The cost of pairing participant p with mentor m is the sum of
//   - a distance cost: same_kecamatan when m's home kecamatan is p's kecamatan, same_kota when
//     they share the kota, same_province otherwise (another province is never allowed);
//   - sector_mismatch when m does not serve p's sector (an empty sector list serves all);
//   - phase_mismatch when m does not serve p's phase as of the date (an empty list serves all);
//   - community_mentor when m is a community mentor, so office mentors are used first.
// A mentor has a home kecamatan only, never a kelurahan, so there is no "same kelurahan" level:
// every participant of a kecamatan is equally near to its mentors. Each field must lie in
// [0, max_cost] so that the total cost of a national run fits in 64 bits.
struct AssignmentCosts {
    static constexpr std::int64_t max_cost = 1'000'000'000;

    std::int64_t same_kecamatan = 0;
    std::int64_t same_kota = 10;
    std::int64_t same_province = 30;
    std::int64_t sector_mismatch = 20;
    std::int64_t phase_mismatch = 15;
    std::int64_t community_mentor = 1;

    bool operator==(const AssignmentCosts&) const noexcept = default;
};

// Who needs a mentor on the date (mentoring demand). Every rule starts from the participants
// active on the date (Programme::active_on) with no current pair (AssignmentColumns::
// current_on); the pathway and its next step are phases()'s: the phase by `rules`, the steps
// done by Programme::steps_done (registration is P1), licensed by Programme::licensed_as_of.
//   next_step:          ... whose next step is P3 Pendampingan (mentoring). The default, the
//                       office's own rule: mentoring comes after registration and training.
//   until_pathway_done: ... whose next step is P3 or a later one, i.e. every pathway step
//                       before P3 is done and the pathway is not finished. Every pathway holds
//                       P3, so this is "from the point P3 is next until the last step is done";
//                       it also keeps those who did P3 without a mentor on record.
//   all_active:         ... all of them (the rule before pathways were used; for comparison).
enum class MentoringDemand : std::uint8_t { next_step, until_pathway_done, all_active };

template <>
struct enum_traits<MentoringDemand> : enum_info<"MentoringDemand", "a demand rule"> {
    static constexpr auto entries =
        enum_names<MentoringDemand>({"next_step", "until_pathway_done", "all_active"});
};
// A sentence naming the rule for a figure a manager reads, e.g. "participants whose next step
// is mentoring (P3)".
std::string_view describe(MentoringDemand d) noexcept;

// Whether a participant with this phase, steps done and licence state needs a mentor under
// `demand` (given that they are active and have no current pair).
bool needs_mentor(MentoringDemand demand, Phase phase, StepSet done, bool licensed) noexcept;

struct AssignmentOptions {
    AssignmentCosts costs;
    PhaseRules rules;                                    // decides each participant's phase
    MentoringDemand demand = MentoringDemand::next_step; // who needs a mentor
    LicenceKinds counting = default_counting;            // licensed, for the pathway
};

// How far a mentor's home is from the participant's kelurahan, as the smallest region that
// holds both. The values grow with distance; 0 is left free for a kelurahan level.
enum class MentorDistance : std::uint8_t { same_kecamatan = 1, same_kota = 2, same_province = 3 };

template <>
struct enum_traits<MentorDistance> : enum_info<"MentorDistance", "a distance"> {
    static constexpr auto entries =
        enum_names<MentorDistance>({"same_kecamatan", "same_kota", "same_province"}, 1);
};

enum class UnassignedReason : std::uint8_t {
    // No mentor active on the date has the participant's province as home: only recruiting
    // there can help.
    no_mentor_in_province,
    // Mentors are active in the province, but they had no free place left for this
    // participant once as many as possible were assigned.
    no_capacity_within_reach,
};

template <>
struct enum_traits<UnassignedReason> : enum_info<"UnassignedReason", "a reason"> {
    static constexpr auto entries =
        enum_names<UnassignedReason>({"no_mentor_in_province", "no_capacity_within_reach"});
};

struct AssignmentResult {
    // New pairs, sorted by participant; parallel columns. The costs follow AssignmentCosts.
    std::vector<Index> participant, mentor;
    std::vector<std::int64_t> cost;
    std::vector<std::uint8_t> distance;     // a MentorDistance value
    std::vector<std::uint8_t> sector_match; // 1 when the mentor serves the participant's sector
    std::vector<std::uint8_t> phase_match;  // 1 when the mentor serves the participant's phase
    std::vector<Phase> phase;               // the participant's phase as of the date

    // Participants who needed a mentor and got none, sorted by participant; parallel columns.
    std::vector<Index> unassigned;
    std::vector<UnassignedReason> reason;

    // Local supply and demand per kecamatan, for every kecamatan with demand or with an active
    // mentor homed there, sorted by code; parallel columns.
    //   demand:             participants there (by kelurahan) who needed a mentor under
    //                       options.demand (see `demand` below for the rule);
    //   spare_capacity:     free places, before this run, of active mentors homed there
    //                       (capacity minus current caseload, never below zero);
    //   assigned_locally:   participants there given a mentor homed there;
    //   unassigned:         participants there left without a mentor;
    //   shortfall:          max(0, demand - spare_capacity): places the kecamatan lacks to
    //                       mentor all its own participants at home. It can be positive when
    //                       everyone was assigned (neighbours lent places), and it ignores
    //                       sector and phase fit;
    //   additional_mentors: ceil(shortfall / new_mentor_capacity), the new mentors of that
    //                       capacity who would close the shortfall.
    struct KecamatanTable {
        std::vector<RegionCode> kecamatan;
        std::vector<std::int64_t> demand, spare_capacity, assigned_locally, unassigned, shortfall,
            additional_mentors;

        std::size_t size() const noexcept { return kecamatan.size(); }
    };
    KecamatanTable kecamatans;

    // Every mentor, in mentor order; parallel columns. existing: current pairs as of the date;
    // spare: the free places this run could use (0 for a mentor not active on the date); assigned:
    // new pairs; active: MentorColumns::active_on(the date), the one definition the solver used.
    struct MentorTable {
        std::vector<Index> mentor;
        std::vector<std::int64_t> capacity, existing, spare, assigned;
        std::vector<std::uint8_t> active; // 1 when active on the date

        std::size_t size() const noexcept { return mentor.size(); }
    };
    MentorTable mentors;

    std::int64_t total_cost = 0; // sum of `cost`
    Date as_of;
    // The demand rule used, how many needed a mentor under it (pairs + unassigned), and how
    // many active participants had no current pair at all (the all_active demand), so a
    // figure can say both what it counts and out of what.
    MentoringDemand demand = MentoringDemand::next_step;
    std::int64_t demand_count = 0;
    std::int64_t active_without_pair = 0;

    std::size_t size() const noexcept { return participant.size(); }
};

// Assigns mentors as of `as_of`.
//
// Who needs a mentor: options.demand (MentoringDemand above; by default active, no current
// pair, and P3 mentoring is the next step on the pathway). Current pairs are kept as they are,
// whatever the mentor's state.
// Who can take one: a mentor active on the date, with spare = capacity minus caseload, where
// the caseload counts current pairs of participants active on the date (a participant who
// exited frees the place even if the pair was never closed); a mentor over capacity has 0.
//
// The optimum: first the largest number assigned, then the least total cost among those.
// Participants that cost the same towards every mentor (same kecamatan, sector and phase; the
// kelurahan changes no cost, as mentors are homed in kecamatans) form one class, and the solver is
// a min-cost flow over classes (LEMON's NetworkSimplex): source -> class (class size), class ->
// mentor in the same province (the pair cost), mentor -> sink (spare places). Any mentor of a
// province can take any of its participants, so the largest number assigned is the sum over
// provinces of min(demand, spare places); the solver asks for the cheapest flow of exactly that
// value, so no large penalty constant can overflow (the independent individual formulation below
// uses one instead). A class's places go to its participants sorted by registration date, then id
// (the earliest registrants first), mentors taken in id order, so the same input always gives the
// same pairs.
//
// Throws argument_error for a cost outside [0, AssignmentCosts::max_cost], an `as_of` that is
// not a date, or a new_mentor_capacity below 1.
AssignmentResult assign_mentors(const Programme& programme, Date as_of,
                                const AssignmentOptions& options = {},
                                std::int64_t new_mentor_capacity = 25);

// The same optimum over individual participants (one node each, with a penalty arc per
// participant for staying unassigned): an independent formulation for tests and benchmarks.
// Returns (number assigned, total cost). Its graph has one arc per participant and mentor in
// the same province, so it is for small and medium programmes; throws okoce::error when the
// penalty would overflow 64 bits.
std::pair<std::int64_t, std::int64_t>
assign_mentors_individual_optimum(const Programme& programme, Date as_of,
                                  const AssignmentOptions& options = {});

} // namespace okoce
