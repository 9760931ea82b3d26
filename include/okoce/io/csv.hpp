// A programme as a folder of CSV files, one per table (participants.csv, steps.csv, ...), as
// the data contract describes: columns found by header name, RFC 4180 quoting, ISO dates,
// YYYYQn quarters, whole rupiah. Loading is all or nothing; saving replaces the folder's tables.
#pragma once

#include "okoce/io/options.hpp"
#include "okoce/programme.hpp"

#include <filesystem>

namespace okoce::io {

// Reads `<folder>/<table>.csv` for every table. The tables are opened together, relative to
// the folder opened once, so a load that overlaps a save reads the old programme or the new one,
// whole, never a mix (see save_csv). participants.csv is required; any other table
// may be absent, and an absent (or empty) regions.csv means the embedded DKI Jakarta table.
// Throws io_error when the folder or a file cannot be read (saying why: permission, a symlink
// loop, or a file that is not a regular file, such as a FIFO or a device, which is refused
// before anything is read), validation_error naming the file, physical line, column, value and
// what was expected for bad data: text that is not UTF-8, a date or quarter outside
// 1900..2200 (calendar.hpp), or a record longer than 1 MiB (CsvReader::max_record_bytes).
LoadResult load_csv(const std::filesystem::path& folder, const LoadOptions& options = {});

// The data owner's full copy, personal columns included. Writes every table (regions.csv only
// when the programme does not use the embedded DKI table) into a new hidden folder beside the
// target, ".<name>.okoce-tmp-<random>", and swaps it in with one atomic step: rename(2) for a
// new target, renameat2(RENAME_EXCHANGE) over an existing folder, whose old copy is then
// removed. So a failure or a kill -9 at any instant leaves the folder as it was or as saved,
// whole, and no load sees it missing or mixed. Files in the folder other than the tables are
// kept (hard-linked into the new folder); a subfolder is refused with io_error, as the folder is
// replaced whole. Where the filesystem lacks RENAME_EXCHANGE (NFS, some FUSE mounts), the old
// folder is renamed aside and the new one in: a kill between those two renames leaves the path
// missing and the old programme whole in the hidden folder, which the next save removes.
// Temporaries of killed saves are removed by the next save to the same target.
void save_csv(const Programme& programme, const std::filesystem::path& folder);

} // namespace okoce::io
