// Internal: the RFC 4180 reader under the CSV folder format and RegionTable::from_csv, so
// that every CSV file okoce reads follows one set of quoting, line-ending and error rules.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// Opens `path` (relative to `dir_fd`, or AT_FDCWD) for reading and returns the descriptor, or
// -1 when nothing is there (ENOENT: an absent table). Anything else is an io_error saying what
// happened: EACCES, ELOOP, or a file that is not a regular file (a FIFO would block the load, a
// device such as /dev/zero would never end). `shown` names the file in errors.
int open_regular_file(int dir_fd, const char* path, const std::string& shown);

} // namespace okoce::io::detail
