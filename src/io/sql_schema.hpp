// Internal: the SQLite declaration of the programme's tables, worked out from the schemas of
// programme.hpp (each column's kind, whether it is required, its enumeration's codes), so a new
// column or enumerator changes the DDL without an edit here.
#pragma once

#include "okoce/table.hpp"

#include <span>
#include <string>
#include <string_view>

namespace okoce::io::detail {

// The declaration of one column of table `t` after its name: type, NOT NULL for a required
// column, the primary key of an id, the foreign key of a reference, and the CHECKs its kind
// implies. A name the table's schema does not hold is plain TEXT.
std::string column_sql(Table t, std::string_view column);

// An SQL identifier: the name in double quotes, inner quotes doubled.
std::string sql_name(std::string_view name);

// CREATE TABLE for table `t` with `columns` in that order.
std::string create_table_sql(Table t, std::span<const std::string_view> columns);

} // namespace okoce::io::detail
