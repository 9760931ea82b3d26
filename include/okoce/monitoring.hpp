// Monitoring compliance: every participant owes a quarterly report for each full quarter in the
// programme, due a grace period after the quarter ends. This counts reports owed, received and on
// time as of a date, and lists who is overdue per mentor or kecamatan for follow-up.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/describe.hpp"
#include "okoce/grouping.hpp"
#include "okoce/programme.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace okoce {

// A quarter's report is due grace_days after the quarter's last day: reports arrive 5 to 45
// days after a quarter ends, so owing it from its last day would show almost everyone as
// overdue. Every result below carries the grace period it was computed with, so that a figure
// never travels without it.
struct MonitoringOptions {
    static constexpr std::int32_t max_grace_days = 365;
    std::int32_t grace_days = 30; // 0..max_grace_days; other values are an argument_error
};

// The day a quarter's report is due: its last day + grace_days. On time means known by then.
Date report_due(Quarter q, MonitoringOptions options = {});

// The quarters a participant owes a report for as of a date: each full quarter after the
// registration quarter, q = Quarter::of(registered_on) + 1, + 2, ..., whose report is due by
// then (report_due(q) <= as_of) and, when the participant exited, that ended while they were
// still in (q.last_day() < exited_on). The registration quarter is not owed (it was only partly
// in the programme), nor the quarter under way on as_of, nor one still inside its grace period.
// Someone who exits inside a quarter's grace period still owes that quarter once it is due;
// they are then no longer active, so they leave the follow-up lists and are counted as exited
// (exited_with_missing below). `count` is 0 when nothing is owed.
struct ExpectedQuarters {
    Quarter first;
    Quarter last; // meaningful only when count > 0
    std::int32_t count = 0;
};
ExpectedQuarters expected_quarters(const Programme& programme, Index participant, Date as_of,
                                   MonitoringOptions options = {});

// One row per participant registered on or before the date. A report counts as received when
// it is for an owed quarter and known on or before the date (known_on: reported_on, or the
// quarter's last day when that was not recorded); reports for other quarters do not count. A
// received report is on time when known by its due date (report_due), late when known after.
struct Compliance {
    std::int32_t grace_days = 0;
    std::vector<Index> participant;
    std::vector<std::int32_t> expected;
    std::vector<std::int32_t> received;
    std::vector<std::int32_t> received_on_time; // <= received; the rest arrived late
    // Programme::active_on(as_of): 0 for those who exited on or before the date.
    std::vector<std::uint8_t> active;
    // The latest quarter of any report known by the date (owed or not); nullopt when none.
    std::vector<std::optional<Quarter>> last_report;
    // Owed quarters without a report, oldest first: row r's are
    // missing[missing_offsets[r] .. missing_offsets[r+1]); expected - received of them.
    std::vector<std::size_t> missing_offsets{0};
    std::vector<Quarter> missing;

    std::size_t size() const noexcept { return participant.size(); }
    std::span<const Quarter> missing_of(std::size_t r) const noexcept {
        return std::span(missing).subspan(missing_offsets[r],
                                          missing_offsets[r + 1] - missing_offsets[r]);
    }
};

Compliance compliance(const Programme& programme, Date as_of, MonitoringOptions options = {});

// Per group: participants registered by the date; reports owed (expected), received (by the
// date, on time or late), received_on_time (by their due date) and missing (expected -
// received); received_rate = received / expected and on_time_rate = received_on_time /
// expected, both NaN when nothing is owed. Exited participants count for the quarters they
// owe, like everyone else. When a group has fewer participants than `suppression.below`, its
// counts are `suppressed` and its rates NaN: report counts would reveal the size of the group.
struct ComplianceSummary {
    std::int32_t grace_days = 0;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants;
    std::vector<std::int64_t> expected;
    std::vector<std::int64_t> received;
    std::vector<std::int64_t> received_on_time;
    std::vector<std::int64_t> missing;
    std::vector<double> received_rate;
    std::vector<double> on_time_rate;

    std::size_t size() const noexcept { return group.size(); }

    static constexpr auto fields() {
        using C = ComplianceSummary;
        return std::tuple{field("grace_days", &C::grace_days),
                          field("group", &C::group),
                          field("participants", &C::participants),
                          field("expected", &C::expected),
                          field("received", &C::received),
                          field("received_on_time", &C::received_on_time),
                          field("missing", &C::missing),
                          field("received_rate", &C::received_rate),
                          field("on_time_rate", &C::on_time_rate)};
    }
};

ComplianceSummary compliance_summary(const Programme& programme, Date as_of,
                                     GroupBy by = GroupBy::none, Suppression suppression = {},
                                     MonitoringOptions options = {});

// compliance_summary() of one part (partial.hpp): per group, participants registered by as_of
// and their reports owed, received and received on time.
struct ComplianceSummaryPartial {
    static constexpr std::string_view kind = "ComplianceSummaryPartial";
    Date as_of;
    std::int32_t grace_days = 0;
    GroupBy by = GroupBy::none;
    std::vector<std::string> group;
    std::vector<std::int64_t> participants, expected, received, received_on_time;

    static constexpr auto fields() {
        using P = ComplianceSummaryPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("grace_days", &P::grace_days),
                          as::option("grouping", &P::by),
                          as::key("group", &P::group),
                          as::sum("participants", &P::participants),
                          as::sum("expected", &P::expected),
                          as::sum("received", &P::received),
                          as::sum("received_on_time", &P::received_on_time)};
    }
    void check() const; // grace_days in range
};
ComplianceSummaryPartial compliance_summary_partial(const Programme& programme, Date as_of,
                                                    GroupBy by = GroupBy::none,
                                                    MonitoringOptions options = {});
ComplianceSummary finish(const ComplianceSummaryPartial& partial, Suppression suppression = {});

enum class OverdueBy : std::uint8_t {
    mentor,    // the participant's mentor as of the date (current_mentor), "(none)" without one
    kecamatan, // the kecamatan of the participant's kelurahan
};

template <>
struct enum_traits<OverdueBy> : enum_info<"OverdueBy", "a grouping of the overdue list"> {
    static constexpr auto entries = enum_names<OverdueBy>({"mentor", "kecamatan"});
};

// The follow-up list: participants active on the date (Programme::active_on) whose latest owed
// quarter has no report known by the date, sorted by group, then participant id.
// quarters_missing counts all their owed quarters without a report. Someone who has left
// cannot be chased through a mentor or a kecamatan desk, so the list holds only active
// participants; those who exited with owed quarters missing are counted in
// exited_with_missing and listed by exited_with_missing(), never mixed in. Groups are held
// once each (a list of a quarter million rows names a few hundred groups), rows point into
// them.
struct OverdueList {
    std::int32_t grace_days = 0;
    // The groups with someone overdue, sorted: mentor ids (and "(none)"), or dotted kecamatan
    // codes.
    std::vector<std::string> groups;
    std::vector<std::uint32_t> group; // per row, an index into groups
    std::vector<Index> participant;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report; // as in Compliance
    // Participants left out because they had exited by the date with any owed quarter missing:
    // the size of exited_with_missing(programme, as_of, options).
    std::int64_t exited_with_missing = 0;

    std::size_t size() const noexcept { return participant.size(); }
    const std::string& group_of(std::size_t r) const noexcept { return groups[group[r]]; }
};

OverdueList overdue(const Programme& programme, Date as_of, OverdueBy by,
                    MonitoringOptions options = {});

// overdue() of one part (partial.hpp): the list's rows with participants named by id (a row
// index means nothing outside its part); a merge concatenates, finish() sorts as the whole list
// is sorted. Every participant is in one part, so the merged list is the whole list. The list by
// mentor names the mentor's id, which split() keeps in each part a paired participant is in.
struct OverduePartial {
    static constexpr std::string_view kind = "OverduePartial";
    Date as_of;
    std::int32_t grace_days = 0;
    OverdueBy by = OverdueBy::kecamatan;
    std::vector<std::string> group; // per row: the mentor id, "(none)", or the dotted kecamatan
    std::vector<std::string> id;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report;
    std::int64_t exited_with_missing = 0;

    static constexpr auto fields() {
        using P = OverduePartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("grace_days", &P::grace_days),
                          as::option("grouping", &P::by),
                          as::rows("group", &P::group),
                          as::rows("id", &P::id),
                          as::rows("quarters_missing", &P::quarters_missing),
                          as::rows("last_report", &P::last_report),
                          as::total("exited_with_missing", &P::exited_with_missing)};
    }
    void check() const; // grace_days in range
};
OverduePartial overdue_partial(const Programme& programme, Date as_of, OverdueBy by,
                               MonitoringOptions options = {});
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

// Participants registered by the date who had exited by it (not Programme::active_on) with at
// least one owed quarter still missing, sorted by id: their monitoring record stays incomplete
// and no desk will chase it, which the office still wants to know about.
struct ExitedMissing {
    std::int32_t grace_days = 0;
    std::vector<Index> participant;
    std::vector<Date> exited_on;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report; // as in Compliance

    std::size_t size() const noexcept { return participant.size(); }
};

ExitedMissing exited_with_missing(const Programme& programme, Date as_of,
                                  MonitoringOptions options = {});

// exited_with_missing() of one part (partial.hpp), participants named by id; finish() sorts the
// rows by id as the whole list is sorted.
struct ExitedWithMissingPartial {
    static constexpr std::string_view kind = "ExitedWithMissingPartial";
    Date as_of;
    std::int32_t grace_days = 0;
    std::vector<std::string> id;
    std::vector<Date> exited_on;
    std::vector<std::int32_t> quarters_missing;
    std::vector<std::optional<Quarter>> last_report;

    static constexpr auto fields() {
        using P = ExitedWithMissingPartial;
        return std::tuple{as::option("as_of", &P::as_of),
                          as::option("grace_days", &P::grace_days),
                          as::rows("id", &P::id),
                          as::rows("exited_on", &P::exited_on),
                          as::rows("quarters_missing", &P::quarters_missing),
                          as::rows("last_report", &P::last_report)};
    }
    void check() const; // grace_days in range
};
ExitedWithMissingPartial exited_with_missing_partial(const Programme& programme, Date as_of,
                                                     MonitoringOptions options = {});
ExitedWithMissingPartial finish(const ExitedWithMissingPartial& partial);

} // namespace okoce
