// The programme store: every table of the data contract held as columns (structure of arrays).
// Per-participant event tables are sorted by participant, then date, and indexed by offsets,
// so an analysis is one pass over contiguous memory. A Programme is immutable once a
// ProgrammeBuilder (or a loader) has made it, so concurrent readers need no locks.
#pragma once

#include "okoce/calendar.hpp"
#include "okoce/error.hpp"
#include "okoce/licence.hpp"
#include "okoce/mentor.hpp"
#include "okoce/participant.hpp"
#include "okoce/quarterly_report.hpp"
#include "okoce/region.hpp"
#include "okoce/sector.hpp"
#include "okoce/step.hpp"
#include "okoce/string_column.hpp"
#include "okoce/table.hpp"
#include "okoce/target.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace okoce {

namespace detail {
struct ProgrammeAccess; // partition.cpp: builds sub-programmes column by column
} // namespace detail

// Position of a row in its table.
using Index = std::uint32_t;
inline constexpr Index no_index = std::numeric_limits<Index>::max();
// Column sentinels for optional numbers.
inline constexpr std::int64_t no_amount = std::numeric_limits<std::int64_t>::min();
// The most a quarterly report's revenue or capital may be: Rp 1,000 billion (10^12). Indonesia's
// medium enterprise ends at Rp 50 billion of revenue a year (PP 7/2021, article 35), so a
// participant's quarter above 80 times that cannot be right; and 2.2 million reports (Jakarta)
// at the bound still sum, and grow, within 64 bits, where INT64_MAX overflowed the growth.
inline constexpr std::int64_t max_report_amount = 1'000'000'000'000;
inline constexpr std::int32_t no_count = -1;
inline constexpr std::uint8_t no_sex = 255;

// Offsets of each participant's rows in an event table: participant i owns rows
// [offsets[i], offsets[i+1]). 32 bits, as Index: build() refuses an event table of 2^32 rows or
// more (a national programme is split into partitions long before).
struct Slices {
    std::vector<std::uint32_t> offsets;
    std::size_t begin(Index i) const noexcept { return offsets[i]; }
    std::size_t end(Index i) const noexcept { return offsets[i + 1]; }
};

// Text columns of the large tables are StringColumns (a string_view per row): a column the
// source did not have costs no bytes.
struct ParticipantColumns {
    StringColumn id;
    std::vector<std::uint64_t> nik; // Nik::packed(), 0 when absent; personal
    // The NIK's keyed pseudonym, read from an analyst export; empty when not held.
    StringColumn nik_pseudonym;
    StringColumn name;             // personal
    std::vector<std::uint8_t> sex; // Sex as integer, no_sex when unknown
    std::vector<Date> birth_date;  // personal
    std::vector<RegionCode> kelurahan;
    std::vector<Sector> sector;
    StringColumn kbli;
    std::vector<Index> community; // row in communities, no_index when none
    std::vector<Date> registered_on;
    std::vector<Date> business_started_on;
    std::vector<Date> exited_on;
    // The columns in the data contract's order; known to every layer through this list only.
    static constexpr auto schema() {
        using C = ParticipantColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::id, {.name = "id", .kind = K::id, .required = true}),
            column(&C::nik, {.name = "nik", .kind = K::nik, .personal = true}),
            column(&C::name, {.name = "name", .kind = K::text, .personal = true}),
            column(&C::sex, {.name = "sex", .kind = K::sex}),
            column(&C::birth_date, {.name = "birth_date", .kind = K::date, .personal = true}),
            column(&C::kelurahan, {.name = "kelurahan",
                                   .kind = K::region,
                                   .required = true,
                                   .level = RegionLevel::kelurahan}),
            column(&C::sector, {.name = "sector", .kind = K::code, .required = true}),
            column(&C::kbli, {.name = "kbli", .kind = K::text}),
            column(&C::community,
                   {.name = "community", .kind = K::reference, .refers_to = Table::communities}),
            column(&C::registered_on, {.name = "registered_on", .kind = K::date, .required = true}),
            column(&C::business_started_on, {.name = "business_started_on", .kind = K::date}),
            column(&C::exited_on, {.name = "exited_on", .kind = K::date}),
            column(&C::nik_pseudonym, {.name = "nik_pseudonym", .kind = K::pseudonym}),
        };
    }
    std::size_t size() const noexcept { return id.size(); }
};

struct StepColumns : Slices {
    std::vector<Index> participant;
    std::vector<Step> step;
    std::vector<Date> completed_on;
    static constexpr auto schema() {
        using C = StepColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::participant, participant_reference),
            column(&C::step, {.name = "step", .kind = K::code, .required = true, .ordered = true}),
            column(&C::completed_on, {.name = "completed_on", .kind = K::date, .required = true}),
        };
    }
    std::size_t size() const noexcept { return participant.size(); }
};

struct LicenceColumns : Slices {
    std::vector<Index> participant;
    std::vector<LicenceKind> kind;
    StringColumn number;
    std::vector<Date> issued_on;
    std::vector<Date> valid_until;
    StringColumn issuer;
    static constexpr auto schema() {
        using C = LicenceColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::participant, participant_reference),
            column(&C::kind, {.name = "kind", .kind = K::code, .required = true}),
            column(&C::number, {.name = "number", .kind = K::text}),
            column(&C::issued_on, {.name = "issued_on", .kind = K::date, .required = true}),
            column(&C::valid_until, {.name = "valid_until", .kind = K::date}),
            column(&C::issuer, {.name = "issuer", .kind = K::text}),
        };
    }
    std::size_t size() const noexcept { return participant.size(); }
};

struct ReportColumns : Slices {
    std::vector<Index> participant;
    std::vector<Quarter> quarter;
    std::vector<std::int64_t> revenue;   // rupiah
    std::vector<std::int64_t> capital;   // rupiah, no_amount when not reported
    std::vector<std::int32_t> employees; // no_count when not reported
    std::vector<Date> reported_on;       // not_a_date_time when not recorded
    std::vector<Date> known_on;          // reported_on, or the quarter's last day
    static constexpr auto schema() {
        using C = ReportColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::participant, participant_reference),
            column(&C::quarter, {.name = "quarter", .kind = K::quarter, .required = true}),
            column(&C::revenue, {.name = "revenue", .kind = K::whole, .required = true}),
            column(&C::capital, {.name = "capital", .kind = K::amount}),
            column(&C::employees, {.name = "employees", .kind = K::count}),
            column(&C::reported_on, {.name = "reported_on", .kind = K::date}),
            column(&C::known_on, {.name = "known_on", .kind = K::derived}),
        };
    }
    std::size_t size() const noexcept { return participant.size(); }
};

struct AssignmentColumns : Slices {
    std::vector<Index> participant;
    std::vector<Index> mentor;
    std::vector<Date> from;
    std::vector<Date> to;
    static constexpr auto schema() {
        using C = AssignmentColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::participant, participant_reference),
            column(&C::mentor, {.name = "mentor",
                                .kind = K::reference,
                                .required = true,
                                .refers_to = Table::mentors}),
            column(&C::from, {.name = "from", .kind = K::date, .required = true}),
            column(&C::to, {.name = "to", .kind = K::date}),
        };
    }
    std::size_t size() const noexcept { return participant.size(); }
    // "Current pair" on the date, the one definition: the row has started (from <= d) and has
    // not ended before it (no `to`, or d <= to: the last day is still mentored).
    bool current_on(std::size_t row, Date d) const noexcept {
        return from[row] <= d && (to[row].is_special() || d <= to[row]);
    }
};

struct MentorColumns {
    std::vector<std::string> id;
    std::vector<std::string> name;
    std::vector<MentorKind> kind;
    std::vector<RegionCode> kecamatan;
    std::vector<Index> community;
    std::vector<SectorSet> sectors;
    std::vector<PhaseSet> phases;
    std::vector<std::int32_t> capacity;
    std::vector<Date> active_from;
    std::vector<Date> active_to;
    static constexpr auto schema() {
        using C = MentorColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::id, {.name = "id", .kind = K::id, .required = true}),
            column(&C::name, {.name = "name", .kind = K::text}),
            column(&C::kind, {.name = "kind", .kind = K::code, .required = true}),
            column(&C::kecamatan, {.name = "kecamatan",
                                   .kind = K::region,
                                   .required = true,
                                   .level = RegionLevel::kecamatan}),
            column(&C::community,
                   {.name = "community", .kind = K::reference, .refers_to = Table::communities}),
            column(&C::sectors, {.name = "sectors", .kind = K::codes}),
            column(&C::phases, {.name = "phases", .kind = K::codes}),
            column(&C::capacity, {.name = "capacity", .kind = K::whole, .required = true}),
            column(&C::active_from, {.name = "active_from", .kind = K::date}),
            column(&C::active_to, {.name = "active_to", .kind = K::date}),
        };
    }
    std::size_t size() const noexcept { return id.size(); }
    bool active_on(Index m, Date d) const noexcept {
        return (active_from[m].is_special() || active_from[m] <= d) &&
               (active_to[m].is_special() || d <= active_to[m]);
    }
};

struct CommunityColumns {
    std::vector<std::string> id;
    std::vector<std::string> name;
    std::vector<std::optional<CommunityBasis>> basis;
    std::vector<std::optional<Sector>> sector;
    std::vector<RegionCode> region;
    static constexpr auto schema() {
        using C = CommunityColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::id, {.name = "id", .kind = K::id, .required = true}),
            column(&C::name, {.name = "name", .kind = K::text, .required = true}),
            column(&C::basis, {.name = "basis", .kind = K::code}),
            column(&C::sector, {.name = "sector", .kind = K::code}),
            column(&C::region, {.name = "region", .kind = K::region}),
        };
    }
    std::size_t size() const noexcept { return id.size(); }
};

struct TargetColumns {
    std::vector<std::string> id;
    std::vector<TargetMetric> metric;
    std::vector<RegionCode> region;
    std::vector<Date> start;
    std::vector<Date> end;
    std::vector<std::int64_t> value;
    static constexpr auto schema() {
        using C = TargetColumns;
        using K = ColumnKind;
        return std::tuple{
            column(&C::id, {.name = "id", .kind = K::id, .required = true}),
            column(&C::metric, {.name = "metric", .kind = K::code, .required = true}),
            column(&C::region, {.name = "region", .kind = K::region, .required = true}),
            column(&C::start, {.name = "start", .kind = K::date, .required = true}),
            column(&C::end, {.name = "end", .kind = K::date, .required = true}),
            column(&C::value, {.name = "value", .kind = K::whole, .required = true}),
        };
    }
    std::size_t size() const noexcept { return id.size(); }
};

class Programme {
public:
    Programme(); // empty, with the embedded DKI Jakarta region table

    const RegionTable& regions() const noexcept { return *regions_; }
    const ParticipantColumns& participants() const noexcept { return participants_; }
    const StepColumns& steps() const noexcept { return steps_; }
    const LicenceColumns& licences() const noexcept { return licences_; }
    const ReportColumns& reports() const noexcept { return reports_; }
    const AssignmentColumns& assignments() const noexcept { return assignments_; }
    const MentorColumns& mentors() const noexcept { return mentors_; }
    const CommunityColumns& communities() const noexcept { return communities_; }
    const TargetColumns& targets() const noexcept { return targets_; }

    std::size_t participant_count() const noexcept { return participants_.size(); }
    // The rows of a table (of the region table for Table::regions).
    std::size_t rows(Table table) const noexcept;

    // Participant rows in the order of their ids (byte order), for outputs listed by id.
    std::span<const Index> participants_by_id() const noexcept { return participant_order_; }

    std::optional<Index> find_participant(std::string_view id) const noexcept;
    std::optional<Index> find_mentor(std::string_view id) const noexcept;
    std::optional<Index> find_community(std::string_view id) const noexcept;

    // Row views for one participant, rebuilt from the columns (for code that wants records).
    Participant participant(Index i) const;
    std::optional<Nik> nik(Index i) const;
    Mentor mentor(Index m) const;

    // The date each step row was first completed on or before `as_of` (not_a_date_time if
    // not): the raw step rows, without registration standing for P1. Analyses use
    // first_completions() (milestone.hpp) or steps_done() instead.
    std::array<Date, step_count> first_steps(Index i, Date as_of) const noexcept;
    // The steps done by `as_of`: those with a date in first_completions() (milestone.hpp), so
    // registration counts as P1 and nothing is done before registration. phases(), the funnel
    // and the milestones all agree with it.
    StepSet steps_done(Index i, Date as_of) const noexcept;
    // Licensed (P4) as of the date: a licence of a counting kind in force on that day.
    bool licensed_as_of(Index i, Date as_of,
                        LicenceKinds counting = default_counting) const noexcept;
    // The participant's reports, for phase classification.
    RevenueSeries revenue_series(Index i) const noexcept;
    // Active on the date: okoce::active_on (participant.hpp), the one definition.
    bool active_on(Index i, Date d) const noexcept {
        return okoce::active_on(participants_.registered_on[i], participants_.exited_on[i], d);
    }

    // The heap bytes each column holds (capacity, not size; a StringColumn's text and offsets,
    // a std::string's own buffer when it is not stored inline), so that the cost per participant
    // and per report can be measured and kept down. Row indexes (offsets, id orders) are listed
    // under their table.
    struct ColumnBytes {
        std::string_view table, column;
        std::size_t bytes;
    };
    std::vector<ColumnBytes> memory_bytes() const;

private:
    friend class ProgrammeBuilder;
    friend struct detail::ProgrammeAccess;
    std::shared_ptr<const RegionTable> regions_;
    ParticipantColumns participants_;
    StepColumns steps_;
    LicenceColumns licences_;
    ReportColumns reports_;
    AssignmentColumns assignments_;
    MentorColumns mentors_;
    CommunityColumns communities_;
    TargetColumns targets_;
    // Row numbers sorted by id, for lookups without a hash map per table.
    std::vector<Index> participant_order_, mentor_order_, community_order_;
};

// Collects records, checks them against each other and makes an immutable Programme. Errors
// are validation_errors naming the table (or, via set_source, the file), the record number
// (or line), the column and the value; with collect mode on, build() gathers every error (up
// to a limit) and throws a validation_errors holding them all. Nothing is built on error.
class ProgrammeBuilder {
public:
    ProgrammeBuilder();
    ~ProgrammeBuilder();
    ProgrammeBuilder(ProgrammeBuilder&&) noexcept;
    ProgrammeBuilder& operator=(ProgrammeBuilder&&) noexcept;

    // Regions to validate codes against; the embedded DKI Jakarta table by default.
    ProgrammeBuilder& set_regions(RegionTable regions);

    // Room for `records` more rows of `table`, so that a loader or generator that knows its
    // row counts adds millions of rows without regrowing the columns (regions are accepted
    // and ignored: a RegionTable is made in one go). A hint only: adding more or fewer is fine.
    ProgrammeBuilder& reserve(Table table, std::size_t records);

    ProgrammeBuilder& add(Participant p);
    ProgrammeBuilder& add(StepRecord s);
    ProgrammeBuilder& add(LicenceRecord l);
    ProgrammeBuilder& add(QuarterlyReport r);
    ProgrammeBuilder& add(AssignmentRecord a);
    ProgrammeBuilder& add(Mentor m);
    ProgrammeBuilder& add(Community c);
    ProgrammeBuilder& add(Target t);

    // Where each table's records came from, so errors name the file and physical line:
    // `lines[k]` is the line of the k-th record added to `table` (participants, steps, ...).
    ProgrammeBuilder& set_source(std::string_view table, std::string file,
                                 std::vector<std::size_t> lines);

    // Collect up to `limit` errors instead of stopping at the first; build() then throws
    // validation_errors holding them all. 0 (the default) stops at the first.
    ProgrammeBuilder& collect_errors(std::size_t limit);

    // Consistency findings that are not errors (a P4 step with no licence, a report before
    // registration, an IUMK issued after OSS replaced it) are collected by build().
    struct Warning {
        SourceLocation where;
        std::string message;
    };

    // Validates and builds. Throws validation_error (reference_error for unknown ids) on the
    // first problem. The builder is left empty afterwards.
    Programme build();
    // As build(), also returning the consistency warnings.
    Programme build(std::vector<Warning>& warnings);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace okoce
