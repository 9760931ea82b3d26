// A programme cut into parts by region, in memory, so that each part can be analysed (or saved)
// on its own and the partial results merged (partial.hpp). What goes where is chosen so that
// every summing analysis of the parts merges to exactly the analysis of the whole.
#pragma once

#include "okoce/programme.hpp"
#include "okoce/region.hpp"

#include <span>
#include <vector>

namespace okoce {

// A sub-programme: the participants listed (rows of `programme`, any order, repeats ignored)
// kept in their original relative order, each with all of their own event rows (steps,
// licences, reports, assignments); the mentors listed, plus every mentor one of the kept
// assignments names, so that each pair still resolves (the current mentor, a group by
// mentor_kind and the follow-up list by mentor are the same in the part as in the whole); all
// communities and all targets, which are small reference tables that a participant's
// community and a target's region refer to. The region table is shared, not copied. Throws
// okoce::error for an index out of range.
Programme select(const Programme& programme, std::span<const Index> participants,
                 std::span<const Index> mentors);

// One part per region at `level` (province, kota or kecamatan) where a participant lives or a
// mentor is based, ascending by code: the participants whose kelurahan lies in the region,
// and the mentors whose home kecamatan does (plus, as in select(), any mentor a participant of
// the part is paired with across the boundary, who then appears in more than one part).
// Every participant is in exactly one part, so the funnel, cohorts, monitoring, target
// actuals, phase mix and history and Kaplan-Meier merge exactly over the parts (partial.hpp).
// Mentor assignment is not exact across parts below the province (it may pair across kota and
// kecamatan): run it per province. Throws argument_error for the kelurahan level, whose
// parts could not hold the mentors (a mentor is based in a kecamatan).
struct ProgrammePart {
    RegionCode region;
    Programme programme;
};
std::vector<ProgrammePart> split(const Programme& programme, RegionLevel level);

} // namespace okoce
