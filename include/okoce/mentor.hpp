// Mentors (pendamping) and the communities that supply them. Each kecamatan office has four
// office mentors; the OK OCE movement's communities (PGO) add community mentors by sector,
// organisation or region. A mentor serves some sectors and phases up to a caseload limit.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/phase.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"
#include "okoce/table.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace okoce {

enum class MentorKind : std::uint8_t { office, community };

template <>
struct enum_traits<MentorKind> : enum_info<"MentorKind", "a mentor kind"> {
    static constexpr auto entries = enum_names<MentorKind>({"office", "community"});
};

enum class CommunityBasis : std::uint8_t { sector, organisation, region };

template <>
struct enum_traits<CommunityBasis> : enum_info<"CommunityBasis", "a basis"> {
    static constexpr auto entries =
        enum_names<CommunityBasis>({"sector", "organisation", "region"});
};

struct Community {
    std::string id;
    std::string name;
    std::optional<CommunityBasis> basis;
    std::optional<Sector> sector; // for sector-based communities
    RegionCode region;            // for region-based communities; invalid when none

    static constexpr auto fields() {
        using R = Community;
        return std::tuple{field("id", &R::id), field("name", &R::name), field("basis", &R::basis),
                          field("sector", &R::sector), field("region", &R::region)};
    }
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

    // The members a mentors row is read into (table.hpp).
    static constexpr auto fields() {
        using R = Mentor;
        return std::tuple{field("id", &R::id),
                          field("name", &R::name),
                          field("kind", &R::kind),
                          field("kecamatan", &R::kecamatan),
                          field("community", &R::community),
                          field("sectors", &R::sectors, "sector codes"),
                          field("phases", &R::phases, "phases"),
                          field("capacity", &R::capacity, "participants"),
                          field("active_from", &R::active_from),
                          field("active_to", &R::active_to)};
    }

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

    static constexpr auto fields() {
        using R = AssignmentRecord;
        return std::tuple{field("participant", &R::participant), field("mentor", &R::mentor),
                          field("from", &R::from), field("to", &R::to)};
    }
};

} // namespace okoce
