// Grouping participants for tables: by region (province down to kelurahan), sector, phase,
// registration quarter, community or the kind of mentor they have, each as of a date. A grouping
// gives every participant a dense key so an analysis can count into a flat array in one pass.
// The analyses' small-count rule, Suppression, lives with the other privacy rules (privacy.hpp).
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/phase.hpp"
#include "okoce/privacy.hpp"
#include "okoce/programme.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace okoce {

enum class GroupBy : std::uint8_t {
    none,
    province,
    kota,
    kecamatan,
    kelurahan,
    sector,
    phase,
    registration_quarter,
    community,
    mentor_kind,
};

template <>
struct enum_traits<GroupBy> : enum_info<"GroupBy", "a grouping"> {
    static constexpr auto entries =
        enum_names<GroupBy>({"none", "province", "kota", "kecamatan", "kelurahan", "sector",
                             "phase", "registration_quarter", "community", "mentor_kind"});
};

// One key per participant, dense in 0..label.size()-1, labels sorted by their text (byte
// order): for regions and quarters that is also their natural order; sectors and phases come
// alphabetically (craft < food_beverage, mid_stage < stalled < starting); "(none)" first.
struct Groups {
    std::vector<std::uint32_t> key; // per participant
    // Per group: the dotted region code; the sector code; the phase code; the quarter
    // ("2019Q3"); the community id or "(none)"; "office", "community" or "(none)"; "all" for
    // GroupBy::none.
    std::vector<std::string> label;

    std::size_t size() const noexcept { return label.size(); }
};

// Every participant gets a key, including those registered after `as_of` (analyses skip them):
// a grouping is a property of the participant, the analysis decides who is counted.
// mentor_kind: the kind of the participant's mentor as of the date (the latest assignment with
// from <= as_of and (to empty or to >= as_of)), "(none)" without one. phase: the phase verdict
// as of the date. Region groupings use the participant's kelurahan cut to the level. Only the
// groups some participant falls in are listed.
Groups group_participants(const Programme& programme, GroupBy by, Date as_of,
                          const PhaseRules& rules = {});

// The participant's mentor as of the date: of the current pairs (AssignmentColumns::current_on:
// from <= as_of and, when set, as_of <= to), the one with the latest `from` (on a tie, the one
// stored last); no_index when none.
Index current_mentor(const Programme& programme, Index participant, Date as_of) noexcept;

} // namespace okoce
