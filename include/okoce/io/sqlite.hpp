// A programme as one SQLite file with the same tables and columns as the CSV folder, plus what a
// database adds: primary and foreign keys, CHECK constraints on codes, dates and money, and
// indexes on (participant, date) for per-participant reads. The schema is versioned through
// PRAGMA user_version.
#pragma once

#include "okoce/io/options.hpp"
#include "okoce/programme.hpp"

#include <filesystem>

namespace okoce::io {

// Written as PRAGMA user_version; a file with a newer version is refused, not misread.
inline constexpr int sqlite_schema_version = 1;

// How long a load or a save waits for a lock another program holds on the file (an editor's
// open transaction, say) before it fails with io_error "database is locked". okoce's own saves
// never lock a file that is being read: they replace it (see save_sqlite).
inline constexpr int sqlite_busy_timeout_ms = 10'000;

// Opens the file read-only, in one read transaction, so it reads one save's programme whole. A
// file saved by okoce is in rollback-journal mode and loads from a folder the reader cannot
// write to, creating no -wal or -shm file (files saved in WAL mode by okoce before 0.2 need
// one save to convert). Every table but participants may be absent; an empty regions table
// means the embedded DKI Jakarta table. Bad rows raise validation_error naming "file:table" as
// the file, the rowid as the line, the column and the value. Throws io_error when the file
// cannot be opened, is not a database, or has a newer schema version.
LoadResult load_sqlite(const std::filesystem::path& file, const LoadOptions& options = {});

// Replaces the programme's tables in the file (creating it if needed); other tables in an
// existing file stay. The new file is written whole under a hidden temporary name beside it,
// ".<name>.okoce-tmp-<random>", and renamed over it in one step, so a failure or a kill -9 at
// any instant leaves the file as it was or as saved, never half written, and a concurrent load
// reads the old programme or the new one. The file keeps its permission bits but becomes a new
// file: writes another program makes to the old file during the save are lost, and hard links
// to it keep the old contents. Temporaries of killed saves are removed by the next save.
void save_sqlite(const Programme& programme, const std::filesystem::path& file);

} // namespace okoce::io
