// Internal: the programme's tables as rows of text, the shape shared by the CSV folder and the
// SQLite file. A CSV tokenizer that works in place over a file held in memory, the decoder that
// turns text rows of any source into a Programme (one set of parsing and error rules for both
// formats), and the encoder that turns a Programme back into cells for a writer.
#pragma once

#include "okoce/error.hpp"
#include "okoce/io/csv.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace okoce {
struct ExportOptions;
class Programme;
} // namespace okoce

namespace okoce::io::detail {

// RFC 4180 records read from a file in chunks: a quoted field's doubled quotes are collapsed in
// place in the chunk, so every field is a view into it and nothing is copied. Only a chunk (and
// the record in progress) is held, so a table of millions of rows reads through one small,
// warm buffer instead of a copy of the whole file. A UTF-8 BOM is skipped; LF, CRLF and a lone
// CR end a line; blank lines are skipped; newlines inside quotes are kept and counted, so line
// numbers are physical lines.
class CsvReader {
public:
    // Opens `path` (throws io_error naming it when it cannot) and reads its first chunk. The
    // chunk size is a parameter so that tests can put chunk ends everywhere; records longer
    // than a chunk are read whole all the same.
    explicit CsvReader(const std::string& path, std::size_t chunk = std::size_t{1} << 20);
    // Reads from `fd`, which it owns from then on (closes it, also when this throws after
    // the buffer is made); `source` names the file in errors.
    CsvReader(int fd, std::string source, std::size_t chunk = std::size_t{1} << 20);

    // The longest record read: a file with no line break (or a quote never closed) would
    // otherwise grow the buffer without bound. Longer records are a validation_error.
    static constexpr std::size_t max_record_bytes = std::size_t{1} << 20;
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;
    ~CsvReader();

    // Reads the next record; false at the end. The previous record's fields are invalid after
    // it. Throws validation_error (naming the source and line) for an unterminated quote, a
    // quote inside an unquoted field, or text after a closing quote; io_error for a read error.
    bool next();
    std::span<const std::string_view> fields() const noexcept { return fields_; }
    // Physical line on which the current record starts, and on which its field k starts.
    std::size_t line() const noexcept { return record_line_; }
    std::size_t field_line(std::size_t k) const noexcept { return field_lines_[k]; }
    // About how many lines the file holds: counted when it fits in the first chunk, otherwise
    // estimated from the first chunk's lines and the file's size (a little over, on purpose).
    std::size_t size_hint() const noexcept { return size_hint_; }

private:
    // Keeps the bytes from record_ on, reads more, and moves end_ to just after the last line
    // break read (or to the end of the file). False when the file has nothing more.
    bool refill();
    // Throws validation_error when the record in progress is longer than max_record_bytes.
    void check_record_length() const;

    std::string source_;
    int fd_ = -1;
    std::unique_ptr<char[]> buffer_;
    std::size_t capacity_;
    // buffer_ <= record_ <= p_ <= end_ <= filled_: end_ is just after a line break or at the
    // end of the file, so an unquoted record never runs past it; a quoted field with line
    // breaks may, and then refill() brings in the rest.
    char* record_;
    char* p_;
    char* end_;
    char* filled_;
    char* quoted_start_ = nullptr; // the quoted field being read, kept across a refill
    char* quoted_out_ = nullptr;
    bool eof_ = false;
    std::size_t line_ = 1;
    std::size_t record_line_ = 1;
    std::size_t size_hint_ = 0;
    std::vector<std::string_view> fields_;
    std::vector<std::size_t> field_lines_;
};

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

// One table as text rows, from a CSV file or an SQLite table.
class TextRows {
public:
    virtual ~TextRows() = default;
    // Where errors point: the CSV path, or "path:table" for SQLite.
    virtual const std::string& source() const noexcept = 0;
    // Column names in the order the fields come in; the line the header is on (CSV) or 0.
    virtual const std::vector<std::string>& columns() const noexcept = 0;
    virtual std::size_t header_line() const noexcept = 0;
    // The next row, false at the end. `line` is the physical line (CSV) or the rowid (SQLite).
    virtual bool next(std::span<const std::string_view>& fields, std::size_t& line) = 0;
    // The line on which field k of the current row starts (differs from `line` only when a
    // quoted field before it spans lines).
    virtual std::size_t field_line(std::size_t k) const noexcept = 0;
    // About how many rows the table holds, so that the decoder can reserve room for them; 0
    // when unknown. Only a hint: more or fewer rows may come.
    virtual std::size_t size_hint() const noexcept { return 0; }
};

// Opens `path` (relative to `dir_fd`, or AT_FDCWD) for reading and returns the descriptor, or
// -1 when nothing is there (ENOENT: an absent table). Anything else is an io_error saying what
// happened: EACCES, ELOOP, or a file that is not a regular file (a FIFO would block the load, a
// device such as /dev/zero would never end). `shown` names the file in errors.
int open_regular_file(int dir_fd, const char* path, const std::string& shown);

// Opens a table; nullptr when it is absent (an empty table).
using TableOpener = std::function<std::unique_ptr<TextRows>(Table)>;

// Decodes every table, checks them with ProgrammeBuilder and builds. All or nothing.
LoadResult decode(const TableOpener& open, const LoadOptions& options);

// A value to write: missing, text, or a whole number.
struct Cell {
    enum class Kind : std::uint8_t { null, text, integer };
    Kind kind = Kind::null;
    std::string_view text;
    std::int64_t integer = 0;
};

// Receives a programme table by table, in dependency order, every table (possibly empty).
class TableSink {
public:
    virtual ~TableSink() = default;
    virtual void begin(Table t, std::span<const std::string_view> columns) = 0;
    virtual void row(std::span<const Cell> cells) = 0;
    virtual void end() = 0;
};

// Writes every table of `p` to `sink`. With `analyst` set, the participants table carries
// nik_pseudonym instead of nik, and name, birth_date and nik only when asked for. The regions
// table is left empty when `p` uses the embedded DKI Jakarta table. Throws validation_error
// (naming table, record and column) for a required text value that is empty, which the file
// could not be read back with.
void encode(const Programme& p, TableSink& sink, const ExportOptions* analyst = nullptr);

// Writes every table of `p` as a CSV folder or an SQLite file (see encode for `analyst`).
void write_csv(const Programme& p, const std::filesystem::path& folder,
               const ExportOptions* analyst);
void write_sqlite(const Programme& p, const std::filesystem::path& file,
                  const ExportOptions* analyst);

// Atomic replacement, shared by both writers. A save writes a whole new copy under a hidden
// sibling name, ".<name>.okoce-tmp-<random>", holding an exclusive flock on it, then publish()
// swaps it in with one rename (a file, or a folder onto a new path) or one
// renameat2(RENAME_EXCHANGE) (a folder onto a folder) and removes what it swapped out. A kill -9
// at any instant leaves the target as it was or as the save made it; a temporary whose lock is
// free belongs to a dead save and remove_stale_temporaries deletes it.
class Staging {
public:
    // Creates and locks the temporary beside `target`: a folder, or an empty file (which SQLite
    // opens as a new database).
    Staging(const std::filesystem::path& target, bool folder);
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;
    // Removes the temporary unless it was published.
    ~Staging();
    const std::filesystem::path& path() const noexcept { return path_; }
    int fd() const noexcept { return fd_; }
    // Gives the temporary the permission bits of the target it replaces, if there is one.
    void keep_mode_of_target();
    // Syncs the temporary to disk and swaps it in. Throws io_error when it cannot; the target is
    // then as it was.
    void publish();

private:
    void discard() noexcept;
    std::filesystem::path target_, path_;
    bool folder_;
    int fd_ = -1;
    bool published_ = false;
};

// The path a save replaces: absolute, without a trailing separator, and the folder or file a
// symbolic link points to (the link itself stays).
std::filesystem::path save_target(const std::filesystem::path& path);
// ".<name>.okoce-tmp-": the name prefix of `target`'s temporaries.
std::string staging_prefix(const std::filesystem::path& target);
// Deletes the temporaries beside `target` that saves killed before they finished left behind
// (and their SQLite journals), leaving those of saves still running.
void remove_stale_temporaries(const std::filesystem::path& target) noexcept;

// A value as an error message may show it: 16-digit runs masked (a NIK may be in any column),
// control characters and bytes that are not UTF-8 replaced by '?', and cut to whole characters
// within 60 bytes, so that the message is always valid UTF-8.
std::string shown(std::string_view value);

// The offset of the first byte of `s` that does not begin a well-formed UTF-8 sequence (npos
// when all of it is UTF-8); and the length of the sequence at `at` (0 when it is not one).
std::size_t first_invalid_utf8(std::string_view s) noexcept;
std::size_t utf8_sequence_length(std::string_view s, std::size_t at) noexcept;

} // namespace okoce::io::detail
