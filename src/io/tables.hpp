// Internal: the programme's tables as the CSV folder and the SQLite file share them: their
// names, and the columns of each in the order they are written.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace okoce::io::detail {

enum class Table : std::uint8_t {
    regions,
    communities,
    mentors,
    participants,
    steps,
    licences,
    reports,
    assignments,
    targets,
};
inline constexpr std::size_t table_count = 9;
// In dependency order: a table's references point only to tables before it.
inline constexpr std::array<Table, table_count> all_tables{
    Table::regions,  Table::communities, Table::mentors,     Table::participants, Table::steps,
    Table::licences, Table::reports,     Table::assignments, Table::targets};
std::string_view table_name(Table t) noexcept;

// ---------------------------------------------------------------------------------------------
// Columns of each table, in the order they are written. The data contract's required columns
// are marked; a file may hold them in any order, with other columns beside them.

struct ColumnSpec {
    std::string_view name;
    bool required;
};

inline constexpr ColumnSpec region_columns[] = {{"code", true}, {"name", true}};
enum RegionCol { rg_code, rg_name };

inline constexpr ColumnSpec community_columns[] = {
    {"id", true}, {"name", true}, {"basis", false}, {"sector", false}, {"region", false}};
enum CommunityCol { cm_id, cm_name, cm_basis, cm_sector, cm_region };

inline constexpr ColumnSpec mentor_columns[] = {
    {"id", true},           {"name", false},     {"kind", true},    {"kecamatan", true},
    {"community", false},   {"sectors", false},  {"phases", false}, {"capacity", true},
    {"active_from", false}, {"active_to", false}};
enum MentorCol {
    mt_id,
    mt_name,
    mt_kind,
    mt_kecamatan,
    mt_community,
    mt_sectors,
    mt_phases,
    mt_capacity,
    mt_active_from,
    mt_active_to
};

inline constexpr ColumnSpec participant_columns[] = {{"id", true},
                                                     {"nik", false},
                                                     {"name", false},
                                                     {"sex", false},
                                                     {"birth_date", false},
                                                     {"kelurahan", true},
                                                     {"sector", true},
                                                     {"kbli", false},
                                                     {"community", false},
                                                     {"registered_on", true},
                                                     {"business_started_on", false},
                                                     {"exited_on", false},
                                                     {"nik_pseudonym", false}};
enum ParticipantCol {
    pt_id,
    pt_nik,
    pt_name,
    pt_sex,
    pt_birth_date,
    pt_kelurahan,
    pt_sector,
    pt_kbli,
    pt_community,
    pt_registered_on,
    pt_business_started_on,
    pt_exited_on,
    pt_nik_pseudonym
};

inline constexpr ColumnSpec step_columns[] = {
    {"participant", true}, {"step", true}, {"completed_on", true}};
enum StepCol { st_participant, st_step, st_completed_on };

inline constexpr ColumnSpec licence_columns[] = {{"participant", true},  {"kind", true},
                                                 {"number", false},      {"issued_on", true},
                                                 {"valid_until", false}, {"issuer", false}};
enum LicenceCol { lc_participant, lc_kind, lc_number, lc_issued_on, lc_valid_until, lc_issuer };

inline constexpr ColumnSpec report_columns[] = {{"participant", true}, {"quarter", true},
                                                {"revenue", true},     {"capital", false},
                                                {"employees", false},  {"reported_on", false}};
enum ReportCol { rp_participant, rp_quarter, rp_revenue, rp_capital, rp_employees, rp_reported_on };

inline constexpr ColumnSpec assignment_columns[] = {
    {"participant", true}, {"mentor", true}, {"from", true}, {"to", false}};
enum AssignmentCol { as_participant, as_mentor, as_from, as_to };

inline constexpr ColumnSpec target_columns[] = {{"id", true},    {"metric", true}, {"region", true},
                                                {"start", true}, {"end", true},    {"value", true}};
enum TargetCol { tg_id, tg_metric, tg_region, tg_start, tg_end, tg_value };
} // namespace okoce::io::detail
