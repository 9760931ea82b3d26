// Partial results with an exact merge, for a programme held in parts (partition.hpp) on one
// machine or many. For each analysis X that sums over participants, declared beside X in its own
// header: x_partial(part, options) counts one part, merge(a, b) adds two partials (associative
// and commutative), and finish(p, presentation options) gives the result; finish of the merge
// over the parts is exactly X of the whole, element for element, because X itself is
// x_partial + finish. A partial holds counts (per group label, per cohort, per day), never
// participants' records, so it is small and travels as bytes (to_bytes / from_bytes) between
// processes.
//
// Each partial describes its fields once (describe.hpp); its codec, merge and checks are made
// from that list. Options a partial was made with (as_of, grouping, policy, milestone, grace
// period, quarters, phase rules) are fields too, so partials made with different options refuse
// to merge, naming the option. Options that only shape the finished result (suppression, alpha,
// horizons) are given to finish(). Group labels are the text of group_participants()
// (grouping.hpp); a partial lists only the labels some participant of its part falls in,
// sorted, and merge() takes their union.
//
// The partials: FunnelPartial (funnel.hpp), CohortsPartial (cohort.hpp),
// ComplianceSummaryPartial, OverduePartial and ExitedWithMissingPartial (monitoring.hpp),
// TargetProgressPartial (target_progress.hpp), PhaseMixPartial and PhaseHistoryPartial
// (phase_analysis.hpp), TimeToPartial (survival.hpp), and the outcome measures' NaikKelasPartial,
// JobsPartial, SalesGrowthPartial, BusinessStartsPartial and NewEntrepreneursPartial
// (outcomes.hpp).
#pragma once

#include "okoce/cohort.hpp"
#include "okoce/describe.hpp"
#include "okoce/funnel.hpp"
#include "okoce/monitoring.hpp"
#include "okoce/outcomes.hpp"
#include "okoce/phase_analysis.hpp"
#include "okoce/survival.hpp"
#include "okoce/target_progress.hpp"
