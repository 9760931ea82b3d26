// The tables of the data contract, and the schema each table's columns struct declares once.
// A columns struct lists its columns in `schema()`: contract name, member, whether required, and
// kind. Everything that must touch every column (reserve, reorder, length checks, the codec, the
// SQLite DDL, the Python export) walks that list, so a new column is declared in one place.
#pragma once

#include "okoce/enum_table.hpp"
#include "okoce/region.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace okoce {

// The tables of the data contract (DESIGN.md section 3).
enum class Table : std::uint8_t {
    participants,
    steps,
    licences,
    reports,
    assignments,
    mentors,
    communities,
    targets,
    regions
};
inline constexpr std::size_t table_count = 9;

// Each table with its name in files, folders and SQLite; the one place the names are spelled.
// to_string(Table) and try_parse<Table> (exact names) are the generic ones of enum_table.hpp.
template <>
struct enum_traits<Table> : enum_info<"Table", "a table"> {
    static constexpr std::string_view unknown = "unknown";
    static constexpr std::array<EnumEntry<Table>, table_count> entries{{
        {Table::participants, "participants", "participants"},
        {Table::steps, "steps", "steps"},
        {Table::licences, "licences", "licences"},
        {Table::reports, "reports", "reports"},
        {Table::assignments, "assignments", "assignments"},
        {Table::mentors, "mentors", "mentors"},
        {Table::communities, "communities", "communities"},
        {Table::targets, "targets", "targets"},
        {Table::regions, "regions", "regions"},
    }};
};
static_assert(enum_count<Table> == table_count);

// What a column holds, which decides how each layer reads, writes, declares and exports it.
enum class ColumnKind : std::uint8_t {
    id,      // the row's own id: non-empty text, unique in its table
    text,    // free text, empty when not recorded
    date,    // a Date, not_a_date_time when not recorded
    quarter, // a Quarter (YYYYQn)
    code,    // an enumeration written as its code (Sector, Step, ...); std::optional when optional
    codes,   // a set of codes written as a ';' list
    region,  // a RegionCode, at `level` when set
    reference, // a row of `refers_to` (no_index for none), written as that row's id
    whole,     // a whole number >= 0
    amount,    // rupiah >= 0, no_amount when not reported
    count,     // a count >= 0, no_count when not reported
    nik,       // Nik::packed(), 0 when absent; written as the 16 digits
    sex,       // Sex as an integer, no_sex when unknown; written M or F
    pseudonym, // a NIK's keyed pseudonym: 64 lower-case hex digits, empty when not held
    derived,   // worked out by the builder from other columns; not in the data contract
};

// What every layer needs to know of a column apart from its C++ member.
struct ColumnInfo {
    std::string_view name; // the data contract's column name
    ColumnKind kind;
    bool required = false; // a file must hold the column, and each row a value
    bool personal = false; // personal data: exported only when asked for by name
    Table refers_to{};     // the table a `reference` column points into
    RegionLevel level{};   // a `region` column's level; 0 (no level) accepts any
    bool ordered = false;  // a `code` column whose codes have an order (steps)
};

// The first column of every event table: the participant the row belongs to.
inline constexpr ColumnInfo participant_reference{.name = "participant",
                                                  .kind = ColumnKind::reference,
                                                  .required = true,
                                                  .refers_to = Table::participants};

// One column of the columns struct `Columns`: its description and the member holding it. The
// member's type is whatever the struct stores (a std::vector, a compact string column, ...);
// generic code only asks it for size(), reserve() and element access.
template <class Columns, class Member>
struct Column {
    ColumnInfo info;
    Member Columns::*member;
};

template <class Columns, class Member>
constexpr Column<Columns, Member> column(Member Columns::*member, ColumnInfo info) noexcept {
    return {info, member};
}

// Calls f(info, column) for every column of `columns` in the schema's order (the order the
// codec writes them). `columns` may be const.
template <class Columns, class F>
void for_each_column(Columns& columns, F&& f) {
    using Plain = std::remove_const_t<Columns>;
    std::apply([&](const auto&... c) { (f(c.info, columns.*(c.member)), ...); }, Plain::schema());
}

// The schema's column descriptions alone, for code that works on names (headers, DDL).
template <class Columns>
constexpr auto column_infos() {
    return std::apply(
        [](const auto&... c) { return std::array<ColumnInfo, sizeof...(c)>{c.info...}; },
        Columns::schema());
}

// One member of a record type (Participant, Mentor, ...) that a table row is read into: the
// contract name of its column (as in the table's schema), the member (a member pointer, or a
// function returning a reference to it), and what a number counts or a list holds, for error
// messages ("rupiah", "sector codes"). A record lists them in `fields()`, in the order a row is
// read; the reader checks at compile time that they name the table's contract columns, each once.
template <class Get>
struct Field {
    std::string_view name;
    Get get;
    std::string_view unit = {};
};

template <class Get>
constexpr Field<Get> field(std::string_view name, Get get, std::string_view unit = {}) noexcept {
    return {name, get, unit};
}

// Calls f(name, member, unit) for every field of `record`, in the order of Record::fields().
template <class Record, class F>
void for_each_field(Record& record, F&& f) {
    std::apply([&](const auto&... x) { (f(x.name, std::invoke(x.get, record), x.unit), ...); },
               Record::fields());
}

// Room for `n` more rows in a column; a column type other than std::vector gives its own
// overload, found by argument-dependent lookup.
template <class T, class A>
void reserve_more(std::vector<T, A>& column, std::size_t n) {
    column.reserve(column.size() + n);
}

// Reorders a column: new row k = old row perm[k]. Another column type gives its own overload.
template <class T, class A>
void permute_column(std::vector<T, A>& column, const std::vector<std::size_t>& perm) {
    std::vector<T, A> out;
    out.reserve(column.size());
    for (std::size_t k : perm) out.push_back(std::move(column[k]));
    column = std::move(out);
}

// Room for `n` more rows in every column of a table.
template <class Columns>
void reserve_rows(Columns& columns, std::size_t n) {
    for_each_column(columns, [n](const ColumnInfo&, auto& c) { reserve_more(c, n); });
}

// Reorders every column of a table alike, so that no column can be forgotten.
template <class Columns>
void permute_rows(Columns& columns, const std::vector<std::size_t>& perm) {
    for_each_column(columns, [&](const ColumnInfo&, auto& c) { permute_column(c, perm); });
}

// The name of the first column whose length differs from `rows`, or empty when all agree: a
// record type whose `add` forgets a column is caught at build() instead of misaligning rows.
template <class Columns>
std::string_view first_ragged_column(const Columns& columns, std::size_t rows) {
    std::string_view bad;
    for_each_column(columns, [&](const ColumnInfo& info, const auto& c) {
        if (bad.empty() && c.size() != rows) bad = info.name;
    });
    return bad;
}

} // namespace okoce
