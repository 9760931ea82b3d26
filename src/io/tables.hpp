// Internal: the programme's tables as the CSV folder and the SQLite file share them: their
// names, and the columns of each in the order they are written.
#pragma once

#include "okoce/programme.hpp"
#include "okoce/table.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
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
// marked; a file may hold them in any order, with other columns beside them. Encode and decode
// look columns up by these descriptions and their names, never by a position of their own.

template <class Columns>
constexpr auto contract_infos() {
    constexpr auto infos = column_infos<Columns>();
    constexpr std::size_t n = [&] {
        std::size_t k = 0;
        for (const ColumnInfo& i : infos) k += i.kind != ColumnKind::derived;
        return k;
    }();
    std::array<ColumnInfo, n> out{};
    std::size_t k = 0;
    for (const ColumnInfo& i : infos)
        if (i.kind != ColumnKind::derived) out[k++] = i;
    return out;
}

// The contract columns of a columns struct, as a static array (spans of it stay valid).
template <class Columns>
inline constexpr auto contract_columns = contract_infos<Columns>();

// Regions are a RegionTable, not a columns struct; its two columns as a schema would say.
inline constexpr std::array<ColumnInfo, 2> region_infos{{
    {.name = "code", .kind = ColumnKind::id, .required = true},
    {.name = "name", .kind = ColumnKind::text, .required = true},
}};

} // namespace okoce::io::detail
