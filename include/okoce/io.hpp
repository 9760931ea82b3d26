// Programme data in and out: a folder of CSV files or one SQLite file, chosen by the path, so
// that callers (and the nightly job) need not care which of the two a data owner keeps.
#pragma once

#include "okoce/io/columns.hpp"
#include "okoce/io/csv.hpp"
#include "okoce/io/options.hpp"
#include "okoce/io/partitioned.hpp"
#include "okoce/io/sqlite.hpp"

#include <filesystem>

namespace okoce::io {

// A directory is read as a CSV folder, a regular file as SQLite. Throws io_error when the path
// does not exist.
LoadResult load(const std::filesystem::path& path, const LoadOptions& options = {});

// True when `path` ends in .sqlite, .sqlite3 or .db (any case): the SQLite format.
bool is_sqlite_path(const std::filesystem::path& path);

// SQLite for a path that is_sqlite_path accepts, otherwise a CSV folder.
void save(const Programme& programme, const std::filesystem::path& path);

} // namespace okoce::io
