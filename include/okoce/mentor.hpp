// Mentors (pendamping) and the communities that supply them. Each kecamatan office has four
// office mentors; the OK OCE movement's communities (PGO) add community mentors by sector,
// organisation or region. A mentor serves some sectors and phases up to a caseload limit.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/phase.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace okoce {

enum class MentorKind : std::uint8_t { office, community };

constexpr std::string_view to_string(MentorKind k) noexcept {
    return k == MentorKind::office ? "office" : "community";
}
constexpr std::optional<MentorKind> try_parse_mentor_kind(std::string_view s) noexcept {
    if (s == "office") return MentorKind::office;
    if (s == "community") return MentorKind::community;
    return std::nullopt;
}

enum class CommunityBasis : std::uint8_t { sector, organisation, region };

constexpr std::string_view to_string(CommunityBasis b) noexcept {
    return b == CommunityBasis::sector         ? "sector"
           : b == CommunityBasis::organisation ? "organisation"
                                               : "region";
}
constexpr std::optional<CommunityBasis> try_parse_community_basis(std::string_view s) noexcept {
    for (auto b : {CommunityBasis::sector, CommunityBasis::organisation, CommunityBasis::region})
        if (to_string(b) == s) return b;
    return std::nullopt;
}

struct Community {
    std::string id;
    std::string name;
    std::optional<CommunityBasis> basis;
    std::optional<Sector> sector; // for sector-based communities
    RegionCode region;            // for region-based communities; invalid when none
};

struct Mentor {
    std::string id;
    std::string name;
    MentorKind kind = MentorKind::office;
    RegionCode kecamatan;  // home kecamatan
    std::string community; // community id for community mentors; empty otherwise
    SectorSet sectors;     // empty: serves all sectors
    PhaseSet phases;       // empty: serves all phases
    std::int32_t capacity = 0;
    Date active_from; // not_a_date_time: since always
    Date active_to;   // not_a_date_time: still active; otherwise active through this day

    bool serves(Sector s) const noexcept { return sectors.empty() || sectors.contains(s); }
    bool active_on(Date d) const noexcept {
        return (active_from.is_special() || active_from <= d) &&
               (active_to.is_special() || d <= active_to);
    }
};

// A mentor assigned to a participant from a date, until `to` (inclusive) when it ended.
struct AssignmentRecord {
    std::string participant;
    std::string mentor;
    Date from;
    Date to; // not_a_date_time: ongoing
};

} // namespace okoce
