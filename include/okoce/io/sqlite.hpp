// A programme as one SQLite file with the same tables and columns as the CSV folder, plus what a
// database adds: primary and foreign keys, CHECK constraints on codes, dates and money, and
// indexes on (participant, date) for per-participant reads. The schema is versioned through
// PRAGMA user_version.
#pragma once

#include "okoce/io/csv.hpp" // LoadOptions, LoadResult

#include <filesystem>

namespace okoce::io {

// Written as PRAGMA user_version; a file with a newer version is refused, not misread.
inline constexpr int sqlite_schema_version = 1;

// Opens the file read-only. Every table but participants may be absent; an empty regions table
// means the embedded DKI Jakarta table. Bad rows raise validation_error naming "file:table" as
// the file, the rowid as the line, the column and the value. Throws io_error when the file
// cannot be opened, is not a database, or has a newer schema version.
LoadResult load_sqlite(const std::filesystem::path& file, const LoadOptions& options = {});

// Replaces the programme's tables in the file (creating it if needed) in one transaction; on
// any failure the file is left as it was (a file that did not exist is removed again).
void save_sqlite(const Programme& programme, const std::filesystem::path& file);

} // namespace okoce::io
