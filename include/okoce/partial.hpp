// Partial results with an exact merge, for a programme held in parts (partition.hpp) on one
// machine or many. For each analysis X that sums over participants: x_partial(part, options)
// counts one part, merge(a, b) adds two partials (associative and commutative), and finish(p,
// presentation options) gives the result; finish of the merge over the parts is exactly X of
// the whole, element for element, because X itself is x_partial + finish. A partial holds
// counts (per group label, per cohort, per day), never participants' records, so it is small
// and travels as bytes (to_bytes / from_bytes) between processes.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/cohort.hpp"
#include "okoce/funnel.hpp"
#include "okoce/grouping.hpp"
#include "okoce/milestone.hpp"
#include "okoce/monitoring.hpp"
#include "okoce/phase_analysis.hpp"
#include "okoce/programme.hpp"
#include "okoce/survival.hpp"
#include "okoce/target_progress.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace okoce {

// Merging partials made with different options (another as_of, grouping, policy, milestone,
// grace period or quarters) would give a wrong figure silently, so merge() throws
// okoce::error naming the option that differs. Options that only shape the finished result
// (suppression, alpha, horizons) are given to finish(). Partials of one analysis made from
// different rules (PhaseRules) are not told apart: use the same rules for every part.
// Group labels are the text of group_participants() (grouping.hpp); a partial lists only the
// labels some participant of its part falls in, sorted, and merge() takes their union.

// funnel(): per group, participants registered by as_of and those who reached each step.
struct FunnelPartial {
    Date as_of;
    StepPolicy policy = StepPolicy::a_la_carte;
    GroupBy by = GroupBy::none;
    std::vector<std::string> group;
    std::vector<std::int64_t> registered;
    std::vector<std::array<std::int64_t, step_count>> reached;
};
FunnelPartial funnel_partial(const Programme& programme, Date as_of, StepPolicy policy,
                             GroupBy by = GroupBy::none);
void merge(FunnelPartial& into, const FunnelPartial& other);
Funnel finish(const FunnelPartial& partial, Suppression suppression = {});

// cohorts(): per registration quarter with someone in it, the cohort size and the members who
// first reached the milestone in each quarter since registration (not yet cumulated).
struct CohortPartial {
    Date as_of;
    Milestone milestone;
    int max_quarters = 12;
    std::vector<Quarter> cohort; // ascending
    std::vector<std::int64_t> size;
    // cohort.size() x (max_quarters + 1), row-major: first reached in quarter cohort + k.
    std::vector<std::int64_t> reached_in;
};
CohortPartial cohort_partial(const Programme& programme, Date as_of, const Milestone& milestone,
                             int max_quarters = 12);
void merge(CohortPartial& into, const CohortPartial& other);
CohortTable finish(const CohortPartial& partial, Suppression suppression = {});

// compliance_summary(): per group, participants registered by as_of and their reports owed,
// received and received on time.
struct ComplianceSummaryPartial {
    Date as_of;
    std::int32_t grace_days = 0;
    GroupBy by = GroupBy::none;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, expected, received, received_on_time;
};
ComplianceSummaryPartial compliance_summary_partial(const Programme& programme, Date as_of,
                                                    GroupBy by = GroupBy::none,
                                                    MonitoringOptions options = {});
void merge(ComplianceSummaryPartial& into, const ComplianceSummaryPartial& other);
ComplianceSummary finish(const ComplianceSummaryPartial& partial, Suppression suppression = {});

// overdue() and exited_with_missing(): the lists' rows with participants named by id (a row
// index means nothing outside its part); merge() concatenates, finish() sorts as the whole
// list is sorted (group, then id; id). Every participant is in one part, so the merged lists
// are the whole lists. The follow-up list by mentor names the mentor's id, which split()
// keeps in each part a paired participant is in.
struct OverduePartial {
    Date as_of;
    std::int32_t grace_days = 0;
    OverdueBy by = OverdueBy::kecamatan;
    std::vector<std::string> group; // per row: the mentor id, "(none)", or the dotted kecamatan
    std::vector<std::string> id;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report;
    std::int64_t exited_with_missing = 0;
};
OverduePartial overdue_partial(const Programme& programme, Date as_of, OverdueBy by,
                               MonitoringOptions options = {});
void merge(OverduePartial& into, const OverduePartial& other);
// The finished list: as OverdueList, with ids where OverdueList has row indexes.
struct OverdueIds {
    std::int32_t grace_days = 0;
    std::vector<std::string> groups;
    std::vector<std::uint32_t> group;
    std::vector<std::string> id;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report;
    std::int64_t exited_with_missing = 0;
    std::size_t size() const noexcept { return id.size(); }
};
OverdueIds finish(const OverduePartial& partial);

struct ExitedMissingPartial {
    Date as_of;
    std::int32_t grace_days = 0;
    std::vector<std::string> id;
    std::vector<Date> exited_on;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report;
};
ExitedMissingPartial exited_with_missing_partial(const Programme& programme, Date as_of,
                                                 MonitoringOptions options = {});
void merge(ExitedMissingPartial& into, const ExitedMissingPartial& other);
// Rows sorted by id (ExitedMissing with ids for row indexes; finish returns the partial's
// columns reordered).
ExitedMissingPartial finish(const ExitedMissingPartial& partial);

// target_progress(): the targets of the part with, per target, the events of its metric in its
// region on each day of the seen period. The day counts give actual, the run rate and the day
// the value-th event happened exactly. merge() matches targets by id (a target carried by both
// partials must have the same definition, or it throws) and keeps the targets in the order
// first met. A target is counted from the parts that carry it, so a part must carry every target
// whose region holds any of its participants: split() gives every part all the targets, and
// synth::indonesia gives each province the targets set inside it.
struct TargetPartial {
    Date as_of;
    StepPolicy policy = StepPolicy::a_la_carte;
    LicenceKinds counting = default_counting;
    std::vector<std::string> id;
    std::vector<TargetMetric> metric;
    std::vector<RegionCode> region;
    std::vector<Date> start, end;
    std::vector<std::int64_t> value;
    // Per target: days with events, ascending, as offsets from its start, and the events.
    std::vector<std::vector<std::int32_t>> day;
    std::vector<std::vector<std::int64_t>> events;
};
TargetPartial target_partial(const Programme& programme, Date as_of,
                             StepPolicy policy = StepPolicy::a_la_carte,
                             LicenceKinds counting = default_counting);
void merge(TargetPartial& into, const TargetPartial& other);
std::vector<TargetProgress> finish(const TargetPartial& partial);

// phase_mix(): per group, the participants in the programme on as_of by phase, and the
// mid-stage ones resting on insufficient monitoring data.
struct PhaseMixPartial {
    Date as_of;
    GroupBy by = GroupBy::none;
    std::vector<std::string> group;
    std::vector<std::array<std::int64_t, phase_count>> count;
    std::vector<std::int64_t> insufficient_data;
};
PhaseMixPartial phase_mix_partial(const Programme& programme, Date as_of,
                                  GroupBy by = GroupBy::none, const PhaseRules& rules = {});
void merge(PhaseMixPartial& into, const PhaseMixPartial& other);
PhaseMix finish(const PhaseMixPartial& partial, Suppression suppression = {});

// phase_history(): the counts of transitions, entries and exits between consecutive quarters.
// The per-participant matrix (PhaseHistory::phase) is not a sum: a finished partial leaves it
// empty with participants = 0; phase_history() of one programme attaches it.
struct PhaseHistoryPartial {
    Quarter from, to;
    std::vector<std::array<std::int64_t, phase_count * phase_count>> transitions;
    std::vector<std::array<std::int64_t, phase_count>> entries;
    std::vector<std::array<std::int64_t, phase_count>> exits;
};
PhaseHistoryPartial phase_history_partial(const Programme& programme, Quarter from, Quarter to,
                                          const PhaseRules& rules = {});
void merge(PhaseHistoryPartial& into, const PhaseHistoryPartial& other);
PhaseHistory finish(const PhaseHistoryPartial& partial, Suppression suppression = {});

// time_to() (Kaplan-Meier): per group, each distinct day with the events and censorings on it.
// The number at risk on a day is everyone observed that long or longer, so it is the sum over
// parts too, and the merged curve, its interval, the median, the shares reached and the
// restricted mean are the whole programme's exactly.
struct SurvivalPartial {
    Date as_of;
    Milestone milestone;
    GroupBy by = GroupBy::none;
    std::vector<std::string> group;
    // Per group, ascending distinct times (days), with events and censorings at each.
    std::vector<std::vector<double>> time;
    std::vector<std::vector<std::int64_t>> events, censored;
};
SurvivalPartial time_to_partial(const Programme& programme, Date as_of,
                                const Milestone& milestone = Milestone::licensed(),
                                GroupBy by = GroupBy::none);
void merge(SurvivalPartial& into, const SurvivalPartial& other);
std::vector<SurvivalCurve> finish(const SurvivalPartial& partial,
                                  const SurvivalOptions& options = {});

// Compact bytes for shipping a partial between processes (a Dask worker and its client, or a
// C++ program's own scheduler): a tag naming the kind and a format version, then the fields in
// little-endian binary. from_bytes throws okoce::error for bytes of another kind, another
// version, or cut short.
std::string to_bytes(const FunnelPartial& p);
std::string to_bytes(const CohortPartial& p);
std::string to_bytes(const ComplianceSummaryPartial& p);
std::string to_bytes(const OverduePartial& p);
std::string to_bytes(const ExitedMissingPartial& p);
std::string to_bytes(const TargetPartial& p);
std::string to_bytes(const PhaseMixPartial& p);
std::string to_bytes(const PhaseHistoryPartial& p);
std::string to_bytes(const SurvivalPartial& p);
void from_bytes(std::string_view bytes, FunnelPartial& p);
void from_bytes(std::string_view bytes, CohortPartial& p);
void from_bytes(std::string_view bytes, ComplianceSummaryPartial& p);
void from_bytes(std::string_view bytes, OverduePartial& p);
void from_bytes(std::string_view bytes, ExitedMissingPartial& p);
void from_bytes(std::string_view bytes, TargetPartial& p);
void from_bytes(std::string_view bytes, PhaseMixPartial& p);
void from_bytes(std::string_view bytes, PhaseHistoryPartial& p);
void from_bytes(std::string_view bytes, SurvivalPartial& p);

} // namespace okoce
