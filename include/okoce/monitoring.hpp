// Monitoring compliance: every participant owes a quarterly report (revenue, capital,
// employees) for each full quarter in the programme. This counts the reports expected and
// received as of a date, lists the missing quarters, and lists who is overdue per mentor or
// per kecamatan so that follow-up can be sent to the right desk.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/grouping.hpp"
#include "okoce/programme.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace okoce {

// The quarters a participant owes a report for as of a date: each full quarter after the
// registration quarter, q = Quarter::of(registered_on) + 1, + 2, ..., while q.last_day() <=
// as_of and, when the participant exited, q.last_day() < exited_on (the quarter ended while
// they were still in). The registration quarter is not owed (it was only partly in the
// programme), nor the quarter under way on as_of. `count` is 0 when nothing is owed.
struct ExpectedQuarters {
    Quarter first;
    Quarter last; // meaningful only when count > 0
    std::int32_t count = 0;
};
ExpectedQuarters expected_quarters(const Programme& programme, Index participant, Date as_of);

// One row per participant registered on or before the date. A report counts as received when
// it is for an owed quarter and known on or before the date (known_on: reported_on, or the
// quarter's last day when that was not recorded); reports for other quarters do not count.
struct Compliance {
    std::vector<Index> participant;
    std::vector<std::int32_t> expected;
    std::vector<std::int32_t> received;
    // The latest quarter of any report known by the date (owed or not); nullopt when none.
    std::vector<std::optional<Quarter>> last_report;
    // Owed quarters without a report, oldest first: row r's are
    // missing[missing_offsets[r] .. missing_offsets[r+1]).
    std::vector<std::size_t> missing_offsets{0};
    std::vector<Quarter> missing;

    std::size_t size() const noexcept { return participant.size(); }
    std::span<const Quarter> missing_of(std::size_t r) const noexcept {
        return std::span(missing).subspan(missing_offsets[r],
                                          missing_offsets[r + 1] - missing_offsets[r]);
    }
};

Compliance compliance(const Programme& programme, Date as_of);

// Per group: participants registered by the date, reports owed and received, and
// rate = received / expected (NaN when nothing is owed). When a group has fewer participants
// than `suppression.below`, its participants, expected and received are `suppressed` and its
// rate NaN: report counts would reveal the size of the group.
struct ComplianceSummary {
    std::vector<std::string> group;
    std::vector<std::int64_t> participants;
    std::vector<std::int64_t> expected;
    std::vector<std::int64_t> received;
    std::vector<double> rate;

    std::size_t size() const noexcept { return group.size(); }
};

ComplianceSummary compliance_summary(const Programme& programme, Date as_of,
                                     GroupBy by = GroupBy::none, Suppression suppression = {});

enum class OverdueBy : std::uint8_t {
    mentor,    // the participant's mentor as of the date (current_mentor), "(none)" without one
    kecamatan, // the kecamatan of the participant's kelurahan
};

// Participants whose latest owed quarter has no report known by the date, sorted by group,
// then participant id. quarters_missing counts all owed quarters without a report. Groups are
// held once each (a list of a quarter million rows names a few hundred groups), rows point
// into them.
struct OverdueList {
    // The groups with someone overdue, sorted: mentor ids (and "(none)"), or dotted kecamatan
    // codes.
    std::vector<std::string> groups;
    std::vector<std::uint32_t> group; // per row, an index into groups
    std::vector<Index> participant;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report; // as in Compliance

    std::size_t size() const noexcept { return participant.size(); }
    const std::string& group_of(std::size_t r) const noexcept { return groups[group[r]]; }
};

OverdueList overdue(const Programme& programme, Date as_of, OverdueBy by);

} // namespace okoce
