// The SQLite DDL from the schemas: one rule per column kind, so the declarations of every table
// follow from programme.hpp.
#include "io/sql_schema.hpp"

#include "io/tables.hpp"
#include "okoce/programme.hpp"

#include <optional>
#include <ranges>
#include <tuple>
#include <type_traits>

namespace okoce::io::detail {

std::string sql_name(std::string_view name) {
    std::string s = "\"";
    for (const char c : name) {
        if (c == '"') s += '"';
        s += c;
    }
    return s += '"';
}

namespace {

// The enumeration a `code` column holds: its element type, less std::optional.
template <class T>
struct code_type {
    using type = T;
};
template <class T>
struct code_type<std::optional<T>> {
    using type = T;
};

// One rule per kind. `codes` is the inside of an SQL IN list of the column's enumeration, for
// `code` and `sex` columns. Dates and whole numbers name the column quoted (from, to, end and
// start are SQL words); the other CHECKs spell it bare, as SQLite's error text then reads as the
// data contract does ("quarter GLOB ...").
std::string declare(const ColumnInfo& info, std::string_view codes) {
    const std::string c = sql_name(info.name);
    const std::string bare(info.name);
    const char* not_null = info.required ? " NOT NULL" : "";
    switch (info.kind) {
    case ColumnKind::id:
        return "TEXT PRIMARY KEY NOT NULL";
    case ColumnKind::date:
        return "TEXT CHECK (" + c + " IS NULL OR " + c +
               " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')" + not_null;
    case ColumnKind::whole:
    case ColumnKind::amount:
    case ColumnKind::count:
        return "INTEGER CHECK (" + c + " IS NULL OR (typeof(" + c + ") = 'integer' AND " + c +
               " >= 0))" + not_null;
    case ColumnKind::quarter:
        return std::string("TEXT") + not_null + " CHECK (" + bare +
               " GLOB '[0-9][0-9][0-9][0-9]Q[1-4]')";
    case ColumnKind::code:
    case ColumnKind::sex:
        return std::string("TEXT") + not_null + " CHECK (" + bare + " IN (" + std::string(codes) +
               "))";
    case ColumnKind::nik:
        return std::string("TEXT") + not_null + " CHECK (" + bare + " IS NULL OR length(" + bare +
               ") = 16)";
    case ColumnKind::reference:
        return std::string("TEXT") + not_null + " REFERENCES " +
               std::string(to_string(info.refers_to)) + "(id)";
    case ColumnKind::text:
    case ColumnKind::codes:
    case ColumnKind::region:
    case ColumnKind::pseudonym:
    case ColumnKind::derived:
        break;
    }
    return std::string("TEXT") + not_null;
}

template <class Columns>
std::string schema_column_sql(std::string_view column) {
    std::string out = "TEXT";
    std::apply(
        [&](const auto&... c) {
            const auto one = [&](const auto& col) {
                if (col.info.name != column || col.info.kind == ColumnKind::derived) return;
                using Member =
                    std::remove_cvref_t<decltype(std::declval<Columns&>().*(col.member))>;
                std::string codes;
                if (col.info.kind == ColumnKind::sex) codes = allowed_codes<Sex>("'", ", ");
                if constexpr (requires { typename Member::value_type; }) {
                    using E = typename code_type<typename Member::value_type>::type;
                    if constexpr (Enumerated<E>)
                        if (col.info.kind == ColumnKind::code) codes = allowed_codes<E>("'", ", ");
                }
                out = declare(col.info, codes);
            };
            (one(c), ...);
        },
        Columns::schema());
    return out;
}

} // namespace

std::string column_sql(Table t, std::string_view column) {
    switch (t) {
    case Table::participants:
        return schema_column_sql<ParticipantColumns>(column);
    case Table::steps:
        return schema_column_sql<StepColumns>(column);
    case Table::licences:
        return schema_column_sql<LicenceColumns>(column);
    case Table::reports:
        return schema_column_sql<ReportColumns>(column);
    case Table::assignments:
        return schema_column_sql<AssignmentColumns>(column);
    case Table::mentors:
        return schema_column_sql<MentorColumns>(column);
    case Table::communities:
        return schema_column_sql<CommunityColumns>(column);
    case Table::targets:
        return schema_column_sql<TargetColumns>(column);
    case Table::regions:
        for (const ColumnInfo& info : region_infos)
            if (info.name == column) return declare(info, {});
        break;
    }
    return "TEXT";
}

std::string create_table_sql(Table t, std::span<const std::string_view> columns) {
    std::string create = "CREATE TABLE " + sql_name(to_string(t)) + " (";
    for (std::size_t k = 0; k < columns.size(); ++k) {
        // append, not operator+ chains: GCC 12 -O2 reports a false -Wrestrict on those.
        create.append(k ? ", " : "").append(sql_name(columns[k])).append(" ");
        create.append(column_sql(t, columns[k]));
    }
    return create.append(")");
}

} // namespace okoce::io::detail
