// The RFC 4180 reader: records read in chunks and tokenized in place.
#include "io/reader.hpp"

#include "io/shown.hpp"
#include "okoce/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace okoce::io::detail {

int open_regular_file(int dir_fd, const char* path, const std::string& shown) {
    // O_NONBLOCK so that opening a FIFO returns at once instead of waiting for a writer; it
    // changes nothing for a regular file, the only kind read on.
    int fd = -1;
    do fd = ::openat(dir_fd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (errno == ENOENT) {
            // A name that is there as a link to nothing (a share not mounted, a moved file) is
            // not a missing table: loading on without it would silently drop the table.
            struct stat link {};
            if (::fstatat(dir_fd, path, &link, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(link.st_mode))
                return -1;
            std::string target(4096, '\0');
            const auto n = ::readlinkat(dir_fd, path, target.data(), target.size());
            target.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
            throw io_error(shown + ": cannot open for reading (a symbolic link to '" +
                           detail::shown(target) +
                           "', which does not exist: " + std::strerror(ENOENT) + ")");
        }
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

} // namespace okoce::io::detail
