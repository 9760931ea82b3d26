// The CSV folder format: an in-place RFC 4180 tokenizer feeding the shared decoder, and a
// writer that builds each file in a buffer and renames it into place.
#include "okoce/detail/csv_reader.hpp"
#include "okoce/io/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace okoce::io {

namespace detail {

int open_regular_file(int dir_fd, const char* path, const std::string& shown) {
    // O_NONBLOCK so that opening a FIFO returns at once instead of waiting for a writer; it
    // changes nothing for a regular file, the only kind read on.
    int fd = -1;
    do fd = ::openat(dir_fd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (errno == ENOENT) return -1;
        // What actually happened: EACCES, ELOOP, ENOTDIR..., not "missing".
        throw io_error(shown + ": cannot open for reading (" + std::strerror(errno) + ")");
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const int saved = errno;
        ::close(fd);
        const char* kind = S_ISFIFO(st.st_mode)   ? "a FIFO"
                           : S_ISCHR(st.st_mode)  ? "a character device"
                           : S_ISBLK(st.st_mode)  ? "a block device"
                           : S_ISDIR(st.st_mode)  ? "a folder"
                           : S_ISSOCK(st.st_mode) ? "a socket"
                                                  : "not a regular file";
        throw io_error(shown + ": " +
                       (saved != 0 && st.st_mode == 0
                            ? "cannot read its status (" + std::string(std::strerror(saved)) + ")"
                            : std::string("is ") + kind +
                                  ", not a regular file; okoce reads tables from regular files "
                                  "only"));
    }
    return fd;
}

namespace {
int open_or_throw(const std::string& path) {
    const int fd = open_regular_file(AT_FDCWD, path.c_str(), path);
    if (fd < 0) throw io_error(path + ": cannot open for reading (" + std::strerror(ENOENT) + ")");
    return fd;
}
} // namespace

CsvReader::CsvReader(const std::string& path, std::size_t chunk)
    : CsvReader(open_or_throw(path), path, chunk) {}

namespace {
// A file smaller than a chunk gets a buffer of its own size: most tables of a small programme
// are a few hundred bytes, and a 1 MiB allocation per table dominated loading them (and the
// fuzzers' speed under ASan). Records longer than the buffer still grow it.
std::size_t buffer_size(int fd, std::size_t chunk) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
        static_cast<std::size_t>(st.st_size) < chunk)
        chunk = static_cast<std::size_t>(st.st_size) + 1;
    return std::max<std::size_t>(chunk, 16);
}
} // namespace

// A function-try-block, so that the descriptor is closed whatever throws, a member's
// allocation included (the destructor does not run for a constructor that throws).
CsvReader::CsvReader(int fd, std::string source, std::size_t chunk) try
    : source_(std::move(source)), fd_(fd),
      buffer_(std::make_unique_for_overwrite<char[]>(buffer_size(fd, chunk))),
      capacity_(buffer_size(fd, chunk)), record_(buffer_.get()), p_(record_), end_(record_),
      filled_(record_) {
    refill();
    if (std::string_view(p_, static_cast<std::size_t>(end_ - p_)).starts_with("\xEF\xBB\xBF"))
        p_ += 3;
    const auto bytes = static_cast<std::size_t>(filled_ - buffer_.get());
    const auto lines = static_cast<std::size_t>(std::count(buffer_.get(), filled_, '\n'));
    struct stat st {};
    if (eof_)
        size_hint_ = lines + 1;
    else if (::fstat(fd_, &st) == 0 && st.st_size > 0 && bytes > 0)
        size_hint_ = static_cast<std::size_t>(static_cast<double>(st.st_size) *
                                              static_cast<double>(lines + 1) /
                                              static_cast<double>(bytes) * 1.05) +
                     16;
} catch (...) {
    ::close(fd);
}

CsvReader::~CsvReader() {
    if (fd_ >= 0) ::close(fd_);
}

void CsvReader::check_record_length() const {
    if (static_cast<std::size_t>(filled_ - record_) <= max_record_bytes) return;
    throw validation_error({source_, record_line_, ""}, "a record of more than 1 MiB",
                           "records of at most 1 MiB (1,048,576 bytes), each ended by a line "
                           "break outside quotes; is a quote left open, or is this not a CSV "
                           "file?");
}

bool CsvReader::refill() {
    if (eof_) return false;
    check_record_length();
    // Keep the record in progress; give the read at least half the buffer, doubling it for a
    // record that long.
    char* const keep = record_;
    const auto kept = static_cast<std::size_t>(filled_ - keep);
    std::unique_ptr<char[]> bigger;
    if (kept > capacity_ / 2) {
        capacity_ *= 2;
        bigger = std::make_unique_for_overwrite<char[]>(capacity_);
    }
    char* const base = bigger ? bigger.get() : buffer_.get();
    if (kept) std::memmove(base, keep, kept);
    const auto moved = [&](char* q) { return q ? base + (q - keep) : q; };
    for (auto& f : fields_) f = std::string_view(moved(const_cast<char*>(f.data())), f.size());
    p_ = moved(p_), end_ = moved(end_), quoted_start_ = moved(quoted_start_);
    quoted_out_ = moved(quoted_out_), record_ = base, filled_ = base + kept;
    if (bigger) buffer_ = std::move(bigger);

    char* const was_end = end_;
    for (;;) {
        if (filled_ == buffer_.get() + capacity_) {
            // A line longer than the buffer: double it (nothing before record_ to drop).
            auto more = std::make_unique_for_overwrite<char[]>(capacity_ * 2);
            char* const old = buffer_.get();
            std::memcpy(more.get(), old, capacity_);
            const auto at = [&](char* q) { return q ? more.get() + (q - old) : q; };
            for (auto& f : fields_) f = std::string_view(at(const_cast<char*>(f.data())), f.size());
            p_ = at(p_), end_ = at(end_), quoted_start_ = at(quoted_start_);
            quoted_out_ = at(quoted_out_), record_ = at(record_), filled_ = at(filled_);
            capacity_ *= 2;
            buffer_ = std::move(more);
        }
        const ::ssize_t n =
            ::read(fd_, filled_, static_cast<std::size_t>(buffer_.get() + capacity_ - filled_));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw io_error(source_ + ": read error");
        if (n == 0) {
            eof_ = true;
            end_ = filled_;
            return end_ != was_end;
        }
        char* const read_from = filled_;
        filled_ += n;
        for (char* q = filled_; q != read_from; --q)
            if (q[-1] == '\n') {
                end_ = q;
                return true;
            }
        check_record_length(); // no line break yet: the record in progress only grows
    }
}

bool CsvReader::next() {
    fields_.clear();
    field_lines_.clear();
    // Blank lines between records carry nothing.
    for (;;) {
        while (p_ < end_ && (*p_ == '\n' || *p_ == '\r')) {
            if (*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n') ++p_;
            ++p_;
            ++line_;
        }
        if (p_ < end_) break;
        record_ = p_;
        record_line_ = line_;
        if (!refill()) return false;
    }
    record_ = p_;
    record_line_ = line_;
    for (;;) {
        field_lines_.push_back(line_);
        if (p_ < end_ && *p_ == '"') {
            const std::size_t opened_on = line_;
            quoted_start_ = ++p_;
            quoted_out_ = quoted_start_; // doubled quotes collapse in place: out trails p_
            for (;;) {
                if (p_ == end_ && !refill()) {
                    quoted_start_ = quoted_out_ = nullptr;
                    // The field's text is not shown: it may be a name.
                    throw validation_error({source_, opened_on, ""}, "\"",
                                           "a closing quote for the quoted field opened here");
                }
                const char c = *p_;
                if (c == '"') {
                    if (p_ + 1 < end_ && p_[1] == '"') {
                        *quoted_out_++ = '"';
                        p_ += 2;
                        continue;
                    }
                    ++p_;
                    break;
                }
                if (c == '\n' || (c == '\r' && (p_ + 1 == end_ || p_[1] != '\n'))) ++line_;
                *quoted_out_++ = c;
                ++p_;
            }
            fields_.emplace_back(quoted_start_,
                                 static_cast<std::size_t>(quoted_out_ - quoted_start_));
            quoted_start_ = quoted_out_ = nullptr;
            if (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r')
                throw validation_error({source_, line_, ""},
                                       shown({p_, 1}) + " after a closing quote",
                                       "a comma or a line break after the closing quote");
        } else {
            char* const start = p_;
            while (p_ < end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r') {
                if (*p_ == '"')
                    throw validation_error(
                        {source_, line_, ""},
                        "\" at character " + std::to_string(p_ - start + 1) + " of a field",
                        "a field without quotes, or one wholly in quotes with inner quotes "
                        "doubled (RFC 4180)");
                ++p_;
            }
            fields_.emplace_back(start, static_cast<std::size_t>(p_ - start));
        }
        if (p_ == end_) return true;
        if (*p_ == ',') {
            ++p_;
            continue;
        }
        if (*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n') ++p_;
        ++p_;
        ++line_;
        return true;
    }
}

namespace {

class CsvRows final : public TextRows {
public:
    // Takes `fd`, open on the file (see open_regular_file); `path` names it in errors.
    CsvRows(int fd, std::string path) : source_(std::move(path)), reader_(fd, source_) {
        if (reader_.next()) {
            header_line_ = reader_.line();
            for (std::string_view name : reader_.fields()) {
                while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
                    name.remove_prefix(1);
                while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
                    name.remove_suffix(1);
                columns_.emplace_back(name);
            }
        }
    }
    const std::string& source() const noexcept override { return source_; }
    const std::vector<std::string>& columns() const noexcept override { return columns_; }
    std::size_t header_line() const noexcept override { return header_line_; }
    bool next(std::span<const std::string_view>& fields, std::size_t& line) override {
        if (!reader_.next()) return false;
        fields = reader_.fields();
        line = reader_.line();
        return true;
    }
    std::size_t field_line(std::size_t k) const noexcept override { return reader_.field_line(k); }
    std::size_t size_hint() const noexcept override { return reader_.size_hint(); }

private:
    std::string source_;
    CsvReader reader_;
    std::vector<std::string> columns_;
    std::size_t header_line_ = 1;
};

// Writes each table into the save's temporary folder (see Staging), which is swapped in whole
// once every table is written; each file is synced, so that the swap never exposes a name
// whose data is not on disk.
class CsvSink final : public TableSink {
public:
    explicit CsvSink(std::filesystem::path folder) : folder_(std::move(folder)) {}
    CsvSink(const CsvSink&) = delete;
    CsvSink& operator=(const CsvSink&) = delete;
    ~CsvSink() override {
        if (file_) std::fclose(file_);
    }

    void begin(Table t, std::span<const std::string_view> columns) override {
        table_ = t;
        rows_ = 0;
        tmp_ = folder_ / (std::string(table_name(t)) + ".csv");
        file_ = std::fopen(tmp_.string().c_str(), "wb");
        if (!file_) throw io_error(tmp_.string() + ": cannot open for writing");
        buffer_.clear();
        for (std::size_t k = 0; k < columns.size(); ++k) {
            if (k) buffer_ += ',';
            buffer_ += columns[k];
        }
        buffer_ += '\n';
    }

    void row(std::span<const Cell> cells) override {
        ++rows_;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            if (k) buffer_ += ',';
            const Cell& c = cells[k];
            if (c.kind == Cell::Kind::integer) {
                char digits[24];
                const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, c.integer);
                (void)ec;
                buffer_.append(digits, end);
            } else if (c.kind == Cell::Kind::text) {
                append_field(c.text);
            }
        }
        buffer_ += '\n';
        if (buffer_.size() >= (1U << 20)) flush();
    }

    void end() override {
        flush();
        const bool failed = std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0;
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (failed || !closed) throw io_error(tmp_.string() + ": write error");
        // An empty regions table stands for the embedded one, which is written as no file.
        if (table_ == Table::regions && rows_ == 0) std::filesystem::remove(tmp_);
    }

private:
    void append_field(std::string_view s) {
        if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
            buffer_ += s;
            return;
        }
        buffer_ += '"';
        for (const char c : s) {
            if (c == '"') buffer_ += '"';
            buffer_ += c;
        }
        buffer_ += '"';
    }
    void flush() {
        if (buffer_.empty()) return;
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
            throw io_error(tmp_.string() + ": write error");
        buffer_.clear();
    }

    std::filesystem::path folder_;
    std::FILE* file_ = nullptr;
    std::filesystem::path tmp_;
    std::string buffer_;
    Table table_ = Table::regions;
    std::size_t rows_ = 0;
};

// The folder's tables opened at one instant: the folder is opened once and every table
// relative to it, and the set counts only if the folder was still at `folder` after the last
// table was opened. A save swaps whole folders in and never swaps one back, so such a set is
// one save's programme even if a save swaps the folder out while it is read. Absent tables
// are -1.
using TableFiles = std::array<int, all_tables.size()>;

void close_all(TableFiles& fds) noexcept {
    for (int& fd : fds)
        if (fd >= 0) ::close(fd), fd = -1;
}

// Opens one table relative to the folder: -1 when the file does not exist.
int open_table_file(int dir, const std::filesystem::path& folder, std::string_view file) {
    return open_regular_file(dir, std::string(file).c_str(), (folder / file).string());
}

TableFiles open_tables(const std::filesystem::path& folder) {
    TableFiles fds;
    fds.fill(-1);
    // A swap between opening the folder and checking it costs one more try; a save that only
    // renames (on a filesystem without RENAME_EXCHANGE) leaves the path missing for an instant.
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0) {
            if (errno == ENOENT && attempt < 20) {
                ::usleep(1000);
                continue;
            }
            // Say what happened when it is not simply "no folder there" (EACCES, ELOOP).
            if (errno != ENOENT && errno != ENOTDIR)
                throw io_error(folder.string() + ": cannot read (" + std::strerror(errno) + ")");
            throw io_error(folder.string() + ": not a folder (a programme folder holds "
                                             "participants.csv and the other tables)");
        }
        try {
            for (std::size_t k = 0; k < all_tables.size(); ++k)
                fds[k] =
                    open_table_file(dir, folder, std::string(table_name(all_tables[k])) + ".csv");
        } catch (...) {
            close_all(fds);
            ::close(dir);
            throw;
        }
        struct stat opened {
        }, now{};
        const bool same = ::fstat(dir, &opened) == 0 && ::stat(folder.c_str(), &now) == 0 &&
                          opened.st_dev == now.st_dev && opened.st_ino == now.st_ino;
        ::close(dir);
        if (same) return fds;
        close_all(fds);
    }
    throw io_error(folder.string() + ": the folder kept being replaced while it was opened");
}

} // namespace

} // namespace detail

LoadResult load_csv(const std::filesystem::path& folder, const LoadOptions& options) {
    detail::TableFiles files = detail::open_tables(folder);
    try {
        auto result = detail::decode(
            [&](detail::Table t) -> std::unique_ptr<detail::TextRows> {
                const auto k = static_cast<std::size_t>(
                    std::find(detail::all_tables.begin(), detail::all_tables.end(), t) -
                    detail::all_tables.begin());
                const auto path = folder / (std::string(detail::table_name(t)) + ".csv");
                if (files[k] < 0) {
                    if (t == detail::Table::participants)
                        throw io_error(path.string() +
                                       ": missing; every programme needs a participants table");
                    return nullptr;
                }
                const int fd = std::exchange(files[k], -1); // the reader owns it now
                return std::make_unique<detail::CsvRows>(fd, path.string());
            },
            options);
        detail::close_all(files);
        return result;
    } catch (...) {
        detail::close_all(files);
        throw;
    }
}

void save_csv(const Programme& programme, const std::filesystem::path& folder) {
    detail::write_csv(programme, folder, nullptr);
}

namespace {

bool is_table_file(std::string_view name) {
    return std::any_of(detail::all_tables.begin(), detail::all_tables.end(), [&](detail::Table t) {
        return name == std::string(detail::table_name(t)) + ".csv";
    });
}

// A temporary the per-file writer of earlier okoce versions left in the folder when killed
// (".participants.csv.tmp-<digits>"): the save's own kind, dropped rather than carried over.
bool is_legacy_temporary(std::string_view name) {
    return name.starts_with(".") && name.find(".csv.tmp-") != std::string_view::npos;
}

// The new folder replaces the old one whole, so what else the owner keeps in it (notes, a
// README) is linked into the new folder first; a subfolder cannot be linked and is refused. An
// analyst export refuses anything but tables: an export folder is handed out whole.
void carry_over(const std::filesystem::path& target, const detail::Staging& staged, bool analyst) {
    std::error_code ec;
    if (!std::filesystem::exists(target, ec)) return;
    if (!std::filesystem::is_directory(target, ec))
        throw io_error(target.string() + ": not a folder; a CSV programme is saved as a folder");
    for (std::filesystem::directory_iterator it(target, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (is_table_file(name) || is_legacy_temporary(name)) continue;
        if (analyst)
            throw io_error(target.string() + ": holds " + name +
                           ", which is not a programme table; an analyst export is written "
                           "only to a new or empty folder, or over an earlier export, so that "
                           "nothing else is handed out with it");
        if (it->symlink_status(ec).type() == std::filesystem::file_type::directory)
            throw io_error(target.string() + ": holds the subfolder " + name +
                           "; a save replaces the folder whole and keeps only files beside the "
                           "tables, so move the subfolder elsewhere first");
        if (::linkat(AT_FDCWD, it->path().c_str(), staged.fd(), name.c_str(), 0) != 0)
            throw io_error(it->path().string() + ": cannot keep it in the saved folder (" +
                           std::generic_category().message(errno) + ")");
    }
    if (ec) throw io_error(target.string() + ": cannot list the folder (" + ec.message() + ")");
}

} // namespace

void detail::write_csv(const Programme& programme, const std::filesystem::path& folder,
                       const ExportOptions* analyst) {
    const auto target = save_target(folder);
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec || !std::filesystem::is_directory(target.parent_path()))
        throw io_error(folder.string() + ": cannot create the folder" +
                       (ec ? " (" + ec.message() + ")" : std::string()));
    remove_stale_temporaries(target);
    Staging staged(target, true);
    carry_over(target, staged, analyst != nullptr);
    staged.keep_mode_of_target();
    {
        detail::CsvSink sink(staged.path());
        detail::encode(programme, sink, analyst);
    }
    staged.publish();
}

} // namespace okoce::io
