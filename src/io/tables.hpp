// Internal: the programme's tables as the CSV folder and the SQLite file share them: their
// names, and the columns of each in the order they are written.
#pragma once

#include "okoce/programme.hpp"
#include "okoce/table.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace okoce::io::detail {

using okoce::Table;
using okoce::table_count;
// In dependency order: a table's references point only to tables before it.
inline constexpr std::array<Table, table_count> all_tables{
    Table::regions,  Table::communities, Table::mentors,     Table::participants, Table::steps,
    Table::licences, Table::reports,     Table::assignments, Table::targets};
constexpr std::string_view table_name(Table t) noexcept {
    return to_string(t);
}

// Calls f(columns) with the columns struct of table `t` of `p`; regions (a RegionTable, not a
// columns struct) are not visited.
template <class F>
void visit_columns(const Programme& p, Table t, F&& f) {
    switch (t) {
    case Table::participants:
        return f(p.participants());
    case Table::steps:
        return f(p.steps());
    case Table::licences:
        return f(p.licences());
    case Table::reports:
        return f(p.reports());
    case Table::assignments:
        return f(p.assignments());
    case Table::mentors:
        return f(p.mentors());
    case Table::communities:
        return f(p.communities());
    case Table::targets:
        return f(p.targets());
    case Table::regions:
        return;
    }
}

// ---------------------------------------------------------------------------------------------
// Columns of each table, in the order they are written: the data contract's columns of the
// table's schema (programme.hpp), less those the builder derives. The required ones are
// marked; a file may hold them in any order, with other columns beside them.

struct ColumnSpec {
    std::string_view name;
    bool required;
};

template <class Columns>
constexpr auto contract_columns() {
    constexpr auto infos = column_infos<Columns>();
    constexpr std::size_t n = [&] {
        std::size_t k = 0;
        for (const ColumnInfo& i : infos) k += i.kind != ColumnKind::derived;
        return k;
    }();
    std::array<ColumnSpec, n> out{};
    std::size_t k = 0;
    for (const ColumnInfo& i : infos)
        if (i.kind != ColumnKind::derived) out[k++] = {i.name, i.required};
    return out;
}

// Regions are a RegionTable, not a columns struct.
inline constexpr std::array<ColumnSpec, 2> region_columns{{{"code", true}, {"name", true}}};
enum RegionCol { rg_code, rg_name };

inline constexpr auto community_columns = contract_columns<CommunityColumns>();
enum CommunityCol { cm_id, cm_name, cm_basis, cm_sector, cm_region };

inline constexpr auto mentor_columns = contract_columns<MentorColumns>();
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

inline constexpr auto participant_columns = contract_columns<ParticipantColumns>();
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

inline constexpr auto step_columns = contract_columns<StepColumns>();
enum StepCol { st_participant, st_step, st_completed_on };

inline constexpr auto licence_columns = contract_columns<LicenceColumns>();
enum LicenceCol { lc_participant, lc_kind, lc_number, lc_issued_on, lc_valid_until, lc_issuer };

inline constexpr auto report_columns = contract_columns<ReportColumns>();
enum ReportCol { rp_participant, rp_quarter, rp_revenue, rp_capital, rp_employees, rp_reported_on };

inline constexpr auto assignment_columns = contract_columns<AssignmentColumns>();
enum AssignmentCol { as_participant, as_mentor, as_from, as_to };

inline constexpr auto target_columns = contract_columns<TargetColumns>();
enum TargetCol { tg_id, tg_metric, tg_region, tg_start, tg_end, tg_value };

// The positions above name the schema's columns; a column added to a schema must be added here
// at the same place, or this fails to compile.
template <auto& Spec>
constexpr bool names_at(std::initializer_list<std::pair<int, std::string_view>> at) {
    if (at.size() != Spec.size()) return false;
    for (const auto& [k, name] : at)
        if (Spec[static_cast<std::size_t>(k)].name != name) return false;
    return true;
}
static_assert(names_at<community_columns>({{cm_id, "id"},
                                           {cm_name, "name"},
                                           {cm_basis, "basis"},
                                           {cm_sector, "sector"},
                                           {cm_region, "region"}}));
static_assert(names_at<mentor_columns>({{mt_id, "id"},
                                        {mt_name, "name"},
                                        {mt_kind, "kind"},
                                        {mt_kecamatan, "kecamatan"},
                                        {mt_community, "community"},
                                        {mt_sectors, "sectors"},
                                        {mt_phases, "phases"},
                                        {mt_capacity, "capacity"},
                                        {mt_active_from, "active_from"},
                                        {mt_active_to, "active_to"}}));
static_assert(names_at<participant_columns>({{pt_id, "id"},
                                             {pt_nik, "nik"},
                                             {pt_name, "name"},
                                             {pt_sex, "sex"},
                                             {pt_birth_date, "birth_date"},
                                             {pt_kelurahan, "kelurahan"},
                                             {pt_sector, "sector"},
                                             {pt_kbli, "kbli"},
                                             {pt_community, "community"},
                                             {pt_registered_on, "registered_on"},
                                             {pt_business_started_on, "business_started_on"},
                                             {pt_exited_on, "exited_on"},
                                             {pt_nik_pseudonym, "nik_pseudonym"}}));
static_assert(names_at<step_columns>(
    {{st_participant, "participant"}, {st_step, "step"}, {st_completed_on, "completed_on"}}));
static_assert(names_at<licence_columns>({{lc_participant, "participant"},
                                         {lc_kind, "kind"},
                                         {lc_number, "number"},
                                         {lc_issued_on, "issued_on"},
                                         {lc_valid_until, "valid_until"},
                                         {lc_issuer, "issuer"}}));
static_assert(names_at<report_columns>({{rp_participant, "participant"},
                                        {rp_quarter, "quarter"},
                                        {rp_revenue, "revenue"},
                                        {rp_capital, "capital"},
                                        {rp_employees, "employees"},
                                        {rp_reported_on, "reported_on"}}));
static_assert(names_at<assignment_columns>(
    {{as_participant, "participant"}, {as_mentor, "mentor"}, {as_from, "from"}, {as_to, "to"}}));
static_assert(names_at<target_columns>({{tg_id, "id"},
                                        {tg_metric, "metric"},
                                        {tg_region, "region"},
                                        {tg_start, "start"},
                                        {tg_end, "end"},
                                        {tg_value, "value"}}));

} // namespace okoce::io::detail
