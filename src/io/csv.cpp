// The CSV folder format: an in-place RFC 4180 tokenizer feeding the shared decoder, and a
// writer that builds each file in a buffer and renames it into place.
#include "okoce/io/csv.hpp"
#include "io/atomic.hpp"
#include "io/decode.hpp"
#include "io/encode.hpp"
#include "io/reader.hpp"

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
        if (!file_)
            throw io_error(tmp_.string() + ": cannot open for writing (" +
                           std::generic_category().message(errno) + ")");
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
        int e = 0;
        if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) e = errno;
        if (std::fclose(file_) != 0 && e == 0) e = errno;
        file_ = nullptr;
        if (e != 0) write_failed(e);
        // An empty regions table stands for the embedded one, which is written as no file.
        if (table_ == Table::regions && rows_ == 0) std::filesystem::remove(tmp_);
    }

private:
    void append_field(std::string_view s) {
        // One pass over the characters: string_view::find_first_of calls memchr on the set
        // for every character, which was the largest single cost of a CSV save.
        if (std::none_of(s.begin(), s.end(),
                         [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; })) {
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
            write_failed(errno);
        buffer_.clear();
    }
    // With the system's reason ("No space left on device"): the table is not written, and the
    // old programme stays (the temporary folder is discarded).
    [[noreturn]] void write_failed(int e) const {
        throw io_error(tmp_.string() + ": cannot write " + std::string(table_name(table_)) + " (" +
                       (e != 0 ? std::generic_category().message(e) : "write error") + ")");
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
