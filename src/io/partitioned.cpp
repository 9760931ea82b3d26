// Partitioned programmes: a folder staged and swapped in whole like any save, holding one
// partition per key and a manifest that a reader checks before it trusts a partition.
#include "okoce/io/partitioned.hpp"

#include "io/atomic.hpp"
#include "io/reader.hpp"
#include "io/tables.hpp"
#include "okoce/error.hpp"
#include "okoce/io/sqlite.hpp"
#include "okoce/partition.hpp"
#include "okoce/programme.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace okoce::io {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t hex_digits = 64;

// The manifest's row-count columns are the tables, in dependency order (io/tables.hpp), each
// named as in files and SQLite.
constexpr const auto& count_columns = detail::all_tables;

std::string errno_text(int e) {
    return std::generic_category().message(e);
}

// A key becomes a file name, so it may not reach outside the folder, hide itself or need
// quoting in the manifest.
std::optional<std::string> key_problem(std::string_view key) {
    if (key.empty()) return "a non-empty key";
    if (key.size() > 100) return "a key of at most 100 characters";
    if (key.front() == '.') return "a key that does not start with '.'";
    for (const char c : key) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return "a key of letters, digits, '.', '_' and '-' only";
    }
    return std::nullopt;
}

// The name of an earlier version's partition, which overwrote it on every save (still read).
std::string file_for(std::string_view key, PartitionFormat format) {
    std::string f(key);
    if (format == PartitionFormat::sqlite) f += ".sqlite";
    return f;
}

// A partition's name from its key and content: "<key>-<16 hex digits of its SHA-256>", with
// ".sqlite" for a file. A save never writes over a name a reader may still be reading.
constexpr std::size_t name_digits = 16;
std::string content_file(std::string_view key, std::string_view sha, PartitionFormat format) {
    std::string f(key);
    f.append("-").append(sha.substr(0, name_digits));
    if (format == PartitionFormat::sqlite) f += ".sqlite";
    return f;
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const noexcept { return fd_; }

private:
    int fd_;
};

// The whole of an open file (which it closes), or nothing when it cannot be read.
std::optional<std::string> read_whole(int raw) {
    const Fd fd(raw);
    if (fd.get() < 0) return std::nullopt;
    std::string out;
    std::array<char, 1 << 16> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return std::nullopt;
        }
        if (n == 0) return out;
        out.append(buffer.data(), static_cast<std::size_t>(n));
    }
}

std::optional<std::string> read_whole(const fs::path& path) {
    return read_whole(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
}

void sync_fd(int fd, const fs::path& path) {
    if (::fsync(fd) != 0)
        throw io_error(path.string() + ": cannot sync to disk (" + errno_text(errno) + ")");
}

class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new()) {
        if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
            EVP_MD_CTX_free(ctx_);
            throw error("SHA-256: OpenSSL could not start a digest");
        }
    }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    ~Sha256() { EVP_MD_CTX_free(ctx_); }
    void update(const void* data, std::size_t n) {
        if (EVP_DigestUpdate(ctx_, data, n) != 1) throw error("SHA-256: OpenSSL update failed");
    }
    // Feeds the whole file; returns its size.
    std::uint64_t update_file(const fs::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw io_error(path.string() + ": cannot read (" + errno_text(errno) + ")");
        std::vector<char> buffer(std::size_t{1} << 20);
        std::uint64_t total = 0;
        for (;;) {
            const ssize_t n = ::read(fd, buffer.data(), buffer.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                const int e = errno;
                ::close(fd);
                throw io_error(path.string() + ": cannot read (" + errno_text(e) + ")");
            }
            if (n == 0) break;
            update(buffer.data(), static_cast<std::size_t>(n));
            total += static_cast<std::uint64_t>(n);
        }
        ::close(fd);
        return total;
    }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned int n = 0;
        if (EVP_DigestFinal_ex(ctx_, md.data(), &n) != 1)
            throw error("SHA-256: OpenSSL final failed");
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        for (unsigned int k = 0; k < n; ++k) {
            out += digits[md[k] >> 4];
            out += digits[md[k] & 15];
        }
        return out;
    }

private:
    EVP_MD_CTX* ctx_;
};

// A save's manifest is known to readers and writers by the first 16 hex digits of the SHA-256
// of its text. While a Dataset is open, it holds a shared flock on ".okoce-open-<h>" in the
// folder; a save keeps the files of every manifest so held (their text kept as
// ".okoce-manifest-<h>.csv"), and those of the manifest it replaces.
std::string generation_of(std::string_view manifest_text) {
    Sha256 sha;
    sha.update(manifest_text.data(), manifest_text.size());
    return sha.hex().substr(0, name_digits);
}
constexpr std::string_view open_prefix = ".okoce-open-";
constexpr std::string_view history_prefix = ".okoce-manifest-";
constexpr std::string_view history_suffix = ".csv";

std::string where(const fs::path& manifest, std::size_t line) {
    return manifest.string() + ":" + std::to_string(line);
}

void write_all(int fd, const std::string& text, const fs::path& path) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw io_error(path.string() + ": cannot write (" + errno_text(errno) + ")");
        }
        done += static_cast<std::size_t>(n);
    }
}

} // namespace

std::string_view to_string(PartitionFormat format) noexcept {
    return format == PartitionFormat::csv ? "csv" : "sqlite";
}

std::optional<PartitionFormat> try_parse_partition_format(std::string_view text) noexcept {
    if (text == "sqlite") return PartitionFormat::sqlite;
    if (text == "csv") return PartitionFormat::csv;
    return std::nullopt;
}

PartitionRows PartitionRows::of(const Programme& p) noexcept {
    PartitionRows r;
    for (const Table t : enum_values<Table>) r[t] = p.rows(t);
    return r;
}

PartitionRows& PartitionRows::operator+=(const PartitionRows& o) noexcept {
    for (std::size_t k = 0; k < count.size(); ++k) count[k] += o.count[k];
    return *this;
}

std::string partition_checksum(const fs::path& path, PartitionFormat format) {
    Sha256 sha;
    if (format == PartitionFormat::sqlite) {
        sha.update_file(path);
        return sha.hex();
    }
    std::error_code ec;
    std::vector<std::string> names;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) names.push_back(it->path().filename().string());
    if (ec) throw io_error(path.string() + ": cannot list the folder (" + ec.message() + ")");
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        const fs::path f = path / name;
        const std::uint64_t size = fs::file_size(f, ec);
        if (ec) throw io_error(f.string() + ": cannot read (" + ec.message() + ")");
        std::array<unsigned char, 8> le{};
        for (std::size_t k = 0; k < le.size(); ++k)
            le[k] = static_cast<unsigned char>(size >> (8 * k));
        sha.update(name.data(), name.size() + 1); // with its NUL
        sha.update(le.data(), le.size());
        if (sha.update_file(f) != size)
            throw io_error(f.string() + ": changed while its checksum was taken");
    }
    return sha.hex();
}

// ---------------------------------------------------------------------------------------------
// Writing

struct PartitionWriter::State {
    fs::path target;
    PartitionFormat format;
    std::optional<detail::Staging> staged;
    std::vector<PartitionInfo> partitions;
    std::set<std::string, std::less<>> keys;
    // Every participant id added so far, with the index of its partition: a participant is in
    // one partition only, or every analysis over the dataset would count it twice.
    std::unordered_map<std::string, std::size_t> homes;
    bool committed = false;
};

PartitionWriter::PartitionWriter(const fs::path& folder, PartitionFormat format)
    : state_(std::make_unique<State>()) {
    state_->target = detail::save_target(folder);
    state_->format = format;
    const fs::path& target = state_->target;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec || !fs::is_directory(target.parent_path()))
        throw io_error(folder.string() + ": cannot create the folder" +
                       (ec ? " (" + ec.message() + ")" : std::string()));
    // The whole folder is replaced: only an earlier dataset (or nothing, or an empty folder) may
    // be there, so that a wrong path cannot wipe someone's files.
    const auto status = fs::symlink_status(target, ec);
    if (fs::exists(status)) {
        if (!fs::is_directory(status))
            throw io_error(target.string() +
                           ": exists and is not a folder; refusing to replace it with a "
                           "partitioned programme");
        if (!fs::exists(target / partition_manifest_name, ec) && !fs::is_empty(target, ec))
            throw io_error(target.string() + ": is not a partitioned programme (no " +
                           std::string(partition_manifest_name) +
                           ") and not empty; refusing to replace it");
    }
    detail::remove_stale_temporaries(target);
    state_->staged.emplace(target, true);
}

PartitionWriter::PartitionWriter(PartitionWriter&&) noexcept = default;
PartitionWriter& PartitionWriter::operator=(PartitionWriter&&) noexcept = default;
PartitionWriter::~PartitionWriter() = default; // Staging removes an unpublished folder

const std::vector<PartitionInfo>& PartitionWriter::partitions() const noexcept {
    return state_->partitions;
}

void PartitionWriter::add(std::string_view key, const Programme& partition) {
    if (!state_ || state_->committed)
        throw error("PartitionWriter::add after commit() or abandon()");
    const auto problem = key_problem(key);
    OKOCE_REQUIRE(!problem, "PartitionWriter::add", "key", std::string(key), *problem);
    OKOCE_REQUIRE(!state_->keys.contains(key), "PartitionWriter::add", "key", std::string(key),
                  "a key not added before");
    // Checked before anything is written, so a refused partition leaves no file behind.
    const StringColumn& ids = partition.participants().id;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto found = state_->homes.find(std::string(ids[i]));
        if (found != state_->homes.end())
            throw argument_error("PartitionWriter::add", "partition", std::string(key),
                                 "participants not in another partition; '" + std::string(ids[i]) +
                                     "' is already in partition '" +
                                     state_->partitions[found->second].key + "'");
    }
    PartitionInfo info;
    info.key = std::string(key);
    info.format = state_->format;
    // Written under a hidden name, then named by its content.
    const fs::path path = state_->staged->path() / ("." + file_for(key, state_->format));
    if (state_->format == PartitionFormat::sqlite)
        save_sqlite(partition, path);
    else
        save_csv(partition, path);
    info.rows = PartitionRows::of(partition);
    info.sha256 = partition_checksum(path, state_->format);
    info.file = content_file(key, info.sha256, state_->format);
    const fs::path named = state_->staged->path() / info.file;
    if (::rename(path.c_str(), named.c_str()) != 0)
        throw io_error(named.string() + ": cannot name the partition (" + errno_text(errno) + ")");
    state_->keys.insert(info.key);
    for (std::size_t i = 0; i < ids.size(); ++i)
        state_->homes.emplace(std::string(ids[i]), state_->partitions.size());
    state_->partitions.push_back(std::move(info));
}

void PartitionWriter::commit() {
    if (!state_ || state_->committed)
        throw error("PartitionWriter::commit after commit() or abandon()");
    if (state_->partitions.empty())
        throw error("PartitionWriter::commit: no partition was added (a partitioned programme "
                    "holds at least one); nothing was written to " +
                    state_->target.string());
    std::string text = "key,file,format,sha256";
    for (const Table t : count_columns) text.append(",").append(to_string(t));
    text += "\n";
    for (const auto& p : state_->partitions) {
        text.append(p.key).append(",").append(p.file).append(",");
        text.append(to_string(p.format)).append(",").append(p.sha256);
        for (const Table t : count_columns) text.append(",").append(std::to_string(p.rows[t]));
        text += "\n";
    }
    const fs::path manifest = state_->staged->path() / partition_manifest_name;
    const int fd = ::open(manifest.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) throw io_error(manifest.string() + ": cannot create (" + errno_text(errno) + ")");
    try {
        write_all(fd, text, manifest);
        if (::fsync(fd) != 0)
            throw io_error(manifest.string() + ": cannot sync to disk (" + errno_text(errno) + ")");
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    const fs::path& target = state_->target;
    std::error_code ec;
    if (!fs::exists(target / partition_manifest_name, ec)) {
        state_->staged->publish(); // a new folder (or an empty one): swapped in whole
        state_->committed = true;
        return;
    }
    // Into an existing dataset: partitions in under their content names, then the manifest in
    // one rename, then what neither manifest names out. Saves take turns on the folder's lock.
    const Fd dir(::open(target.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0)
        throw io_error(target.string() + ": cannot open the folder (" + errno_text(errno) + ")");
    while (::flock(dir.get(), LOCK_EX) != 0)
        if (errno != EINTR)
            throw io_error(target.string() + ": cannot lock the folder (" + errno_text(errno) +
                           ")");
    std::set<std::string, std::less<>> keep{std::string(partition_manifest_name)};
    std::string replaced_generation;
    if (const auto old_text = read_whole(target / partition_manifest_name)) {
        replaced_generation = generation_of(*old_text);
        try {
            const Dataset replaced = Dataset::from_manifest(target, *old_text, false);
            for (const auto& p : replaced.partitions()) keep.insert(p.file);
            // Its text, for the saves after this one to learn what its open readers need.
            const fs::path copy = target / (std::string(history_prefix) + replaced_generation +
                                            std::string(history_suffix));
            const Fd out(::open(copy.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
            if (out.get() >= 0) write_all(out.get(), *old_text, copy);
        } catch (const error&) {
            // An unreadable old manifest names nothing worth keeping.
        }
    }
    const fs::path& staged = state_->staged->path();
    for (const auto& p : state_->partitions) {
        keep.insert(p.file);
        const fs::path from = staged / p.file, to = target / p.file;
        if (fs::exists(fs::symlink_status(to, ec))) {
            // The same content saved before (a partition that did not change): keep that copy,
            // unless it is damaged.
            bool same = false;
            try {
                same = fs::is_directory(fs::symlink_status(to, ec)) ==
                           (p.format == PartitionFormat::csv) &&
                       partition_checksum(to, p.format) == p.sha256;
            } catch (const error&) {
            }
            if (same) continue;
            fs::remove_all(to, ec);
        }
        if (::rename(from.c_str(), to.c_str()) != 0)
            throw io_error(to.string() + ": cannot move the partition in (" + errno_text(errno) +
                           ")");
    }
    sync_fd(dir.get(), target);
    const fs::path published = target / partition_manifest_name;
    if (::rename(manifest.c_str(), published.c_str()) != 0)
        throw io_error(published.string() + ": cannot replace (" + errno_text(errno) + ")");
    state_->committed = true;
    sync_fd(dir.get(), target);
    // The new dataset is in place: remove what only older manifests named, unless a Dataset
    // still open somewhere holds that manifest (a reader of the manifest just replaced finds
    // its files in any case). Other hidden names are other saves' business.
    const std::string new_generation = generation_of(text);
    std::vector<fs::path> old;
    std::vector<Fd> held; // the locks of generations found unused, until their files are gone
    for (fs::directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(history_prefix) || !name.ends_with(history_suffix)) continue;
        const std::string generation = name.substr(
            history_prefix.size(), name.size() - history_prefix.size() - history_suffix.size());
        if (generation == replaced_generation || generation == new_generation) continue;
        const fs::path lock = target / (std::string(open_prefix) + generation);
        Fd lock_fd(::open(lock.c_str(), O_RDONLY | O_CLOEXEC));
        if (lock_fd.get() >= 0 && ::flock(lock_fd.get(), LOCK_EX | LOCK_NB) != 0) {
            // Open somewhere: keep what it names.
            if (const auto t = read_whole(it->path())) try {
                    const Dataset d = Dataset::from_manifest(target, *t, false);
                    for (const auto& p : d.partitions()) keep.insert(p.file);
                } catch (const error&) {
                }
            continue;
        }
        old.push_back(it->path());
        if (lock_fd.get() >= 0) {
            old.push_back(lock);
            held.push_back(std::move(lock_fd));
        }
    }
    for (fs::directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with('.') && !keep.contains(name)) old.push_back(it->path());
    }
    for (const auto& p : old) fs::remove_all(p, ec);
    state_->staged.reset(); // the staging folder, with any copies not moved in
}

void PartitionWriter::abandon() noexcept {
    if (!state_) return;
    if (!state_->committed) state_->staged.reset(); // removes the staging folder
    state_->committed = true;
}

// ---------------------------------------------------------------------------------------------
// Reading

Dataset Dataset::open(const fs::path& folder) {
    Dataset d;
    std::error_code ec;
    d.path_ = fs::absolute(folder, ec).lexically_normal();
    if (ec) d.path_ = folder;
    if (!d.path_.has_filename()) d.path_ = d.path_.parent_path();
    const auto status = fs::status(d.path_, ec);
    if (!fs::exists(status))
        throw io_error(folder.string() + ": no such partitioned programme (folder not found)");
    if (!fs::is_directory(status))
        throw io_error(folder.string() + ": not a folder, so not a partitioned programme");
    const fs::path manifest = d.path_ / partition_manifest_name;
    if (!fs::exists(manifest, ec))
        throw io_error(folder.string() + ": not a partitioned programme (no " +
                       std::string(partition_manifest_name) + " in it)");
    const std::string shown = manifest.string();
    for (int attempt = 0;; ++attempt) {
        // Read whole, once: the manifest a save renames over later is not this one.
        const int fd = detail::open_regular_file(AT_FDCWD, manifest.c_str(), shown);
        if (fd < 0) throw io_error(shown + ": cannot read (no such file)");
        auto text = read_whole(fd);
        if (!text) throw io_error(shown + ": cannot read (" + errno_text(errno) + ")");
        d.parse(std::move(*text));
        // Held, its files stay; a save that finished twice since the read may have removed
        // them first, and then the folder holds a newer manifest to read instead.
        d.hold();
        if (d.files_present() || !d.resaved() || attempt == 20) return d;
    }
}

Dataset Dataset::from_manifest(const fs::path& folder, std::string manifest, bool hold) {
    Dataset d;
    std::error_code ec;
    d.path_ = fs::absolute(folder, ec).lexically_normal();
    if (ec) d.path_ = folder;
    if (!d.path_.has_filename()) d.path_ = d.path_.parent_path();
    d.parse(std::move(manifest));
    if (hold) d.hold();
    return d;
}

void Dataset::hold() {
    hold_.reset();
    const fs::path lock = path_ / (std::string(open_prefix) + generation_of(manifest_));
    const int fd = ::open(lock.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) return; // a read-only folder: the files stay for one further save only
    auto owned = std::shared_ptr<const int>(new int(fd), [](const int* p) {
        ::close(*p);
        delete p;
    });
    while (::flock(fd, LOCK_SH) != 0)
        if (errno != EINTR) return;
    hold_ = std::move(owned);
}

bool Dataset::files_present() const {
    std::error_code ec;
    for (const auto& p : partitions_)
        if (!fs::exists(fs::symlink_status(path_ / p.file, ec))) return false;
    return true;
}

void Dataset::parse(std::string text) {
    manifest_ = std::move(text);
    partitions_.clear(); // open() may read the manifest again
    Dataset& d = *this;
    const std::string shown = (path_ / partition_manifest_name).string();
    const int fd = ::memfd_create("okoce-manifest", MFD_CLOEXEC);
    if (fd < 0) throw io_error(shown + ": cannot read (" + errno_text(errno) + ")");
    try {
        write_all(fd, manifest_, shown);
        if (::lseek(fd, 0, SEEK_SET) != 0)
            throw io_error(shown + ": cannot read (" + errno_text(errno) + ")");
    } catch (...) {
        ::close(fd);
        throw;
    }
    detail::CsvReader reader(fd, shown);
    if (!reader.next())
        throw validation_error({shown, 1, ""}, "", "a header line naming the manifest's columns");
    const std::size_t header_line = reader.line();
    std::unordered_map<std::string, std::size_t> column;
    {
        std::size_t k = 0;
        for (const auto f : reader.fields()) column.emplace(std::string(f), k++);
    }
    auto need = [&](std::string_view name) {
        const auto it = column.find(std::string(name));
        if (it == column.end())
            throw validation_error({shown, header_line, std::string(name)}, "",
                                   "a column '" + std::string(name) + "' in the header");
        return it->second;
    };
    const std::size_t key_col = need("key"), file_col = need("file"), format_col = need("format"),
                      sha_col = need("sha256");
    std::array<std::size_t, count_columns.size()> count_col{};
    for (std::size_t c = 0; c < count_columns.size(); ++c)
        count_col[c] = need(to_string(count_columns[c]));

    std::set<std::string, std::less<>> keys, files, sums;
    PartitionRows total;
    while (reader.next()) {
        const auto fields = reader.fields();
        const std::size_t line = reader.line();
        auto cell = [&](std::size_t k) {
            return k < fields.size() ? fields[k] : std::string_view{};
        };
        auto bad = [&](std::string_view col, std::string_view value, std::string expected) {
            return validation_error({shown, line, std::string(col)}, std::string(value),
                                    std::move(expected));
        };
        PartitionInfo info;
        info.manifest_line = line;
        info.key = std::string(cell(key_col));
        if (const auto problem = key_problem(info.key)) throw bad("key", info.key, *problem);
        if (keys.contains(info.key)) throw bad("key", info.key, "a key listed once");
        const auto format = try_parse_partition_format(cell(format_col));
        if (!format) throw bad("format", cell(format_col), "sqlite or csv");
        info.format = *format;
        info.sha256 = std::string(cell(sha_col));
        if (info.sha256.size() != hex_digits ||
            !std::all_of(info.sha256.begin(), info.sha256.end(),
                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
            throw bad("sha256", info.sha256, "64 lowercase hex digits (a SHA-256)");
        if (sums.contains(info.sha256))
            throw bad("sha256", info.sha256,
                      "a checksum listed once (two partitions with the same content would count "
                      "its participants twice)");
        info.file = std::string(cell(file_col));
        const std::string expected_file = content_file(info.key, info.sha256, info.format);
        if (info.file != expected_file && info.file != file_for(info.key, info.format))
            throw bad("file", info.file,
                      "'" + expected_file + "', the name its key and checksum give");
        if (files.contains(info.file)) throw bad("file", info.file, "a file listed once");
        for (std::size_t c = 0; c < count_columns.size(); ++c) {
            const std::string_view v = cell(count_col[c]);
            std::uint64_t n = 0;
            const auto [end, err] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (v.empty() || err != std::errc{} || end != v.data() + v.size())
                throw bad(to_string(count_columns[c]), v, "a whole number of rows");
            info.rows[count_columns[c]] = n;
            auto& sum = total[count_columns[c]];
            if (__builtin_add_overflow(sum, n, &sum))
                throw bad(to_string(count_columns[c]), v,
                          "a count whose sum over the partitions fits 64 bits");
        }
        keys.insert(info.key);
        files.insert(info.file);
        sums.insert(info.sha256);
        d.partitions_.push_back(std::move(info));
    }
    if (d.partitions_.empty())
        throw validation_error({shown, header_line + 1, "key"}, "",
                               "at least one partition (a line after the header)");
}

bool Dataset::resaved() const {
    const auto now = read_whole(path_ / partition_manifest_name);
    return !now || *now != manifest_;
}

void Dataset::throw_resaved(const PartitionInfo& info) const {
    throw io_error(path_.string() +
                   ": the dataset was re-saved since it was opened; open it "
                   "again (partition '" +
                   info.key + "' of the manifest it was opened with, " + info.file +
                   ", is gone or replaced)");
}

std::optional<std::size_t> Dataset::find(std::string_view key) const noexcept {
    for (std::size_t i = 0; i < partitions_.size(); ++i)
        if (partitions_[i].key == key) return i;
    return std::nullopt;
}

fs::path Dataset::file(std::size_t i) const {
    OKOCE_REQUIRE(i < size(), "Dataset::file", "i", std::to_string(i),
                  "a partition index below " + std::to_string(size()));
    return path_ / partitions_[i].file;
}

PartitionRows Dataset::total_rows() const noexcept {
    PartitionRows total;
    for (const auto& p : partitions_) total += p.rows;
    return total;
}

LoadResult Dataset::load(std::size_t i, const LoadOptions& options) const {
    OKOCE_REQUIRE(i < size(), "Dataset::load", "i", std::to_string(i),
                  "a partition index below " + std::to_string(size()));
    const PartitionInfo& info = partitions_[i];
    const fs::path f = file(i);
    const std::string listed = where(path_ / partition_manifest_name, info.manifest_line);
    std::error_code ec;
    const auto status = fs::status(f, ec);
    if (!fs::exists(status)) {
        if (resaved()) throw_resaved(info);
        throw io_error(f.string() + ": partition '" + info.key + "' is missing (listed at " +
                       listed + ")");
    }
    const bool want_folder = info.format == PartitionFormat::csv;
    if (fs::is_directory(status) != want_folder)
        throw io_error(f.string() + ": partition '" + info.key + "' is not " +
                       (want_folder ? "a CSV folder" : "an SQLite file") + " (listed at " + listed +
                       ")");
    // The checksum is taken on a second thread while the partition loads: reading the file for
    // it was a fifth of a load, and its sequential read also brings the file into the page cache
    // ahead of the loader. The verdict comes first all the same: a file whose SHA-256 differs is
    // reported as corrupt (whatever the loader made of it) and its programme is dropped, so
    // nothing of a bad partition is ever returned.
    std::string sum;
    std::exception_ptr sum_failed;
    std::thread hasher([&] {
        try {
            sum = partition_checksum(f, info.format);
        } catch (...) {
            sum_failed = std::current_exception();
        }
    });
    std::optional<LoadResult> loaded;
    std::exception_ptr load_failed;
    try {
        loaded = want_folder ? load_csv(f, options) : load_sqlite(f, options);
    } catch (...) {
        load_failed = std::current_exception();
    }
    hasher.join();
    if ((sum_failed || sum != info.sha256) && resaved()) throw_resaved(info);
    if (sum_failed) std::rethrow_exception(sum_failed);
    if (sum != info.sha256)
        throw io_error(f.string() + ": partition '" + info.key +
                       "' is corrupt, truncated or changed since it was written: its SHA-256 is " +
                       sum + ", " + listed + " records " + info.sha256);
    if (load_failed) std::rethrow_exception(load_failed);
    LoadResult r = std::move(*loaded);
    const PartitionRows got = PartitionRows::of(r.programme);
    for (const Table t : count_columns)
        if (got[t] != info.rows[t])
            throw validation_error(
                {f.string(), 0, std::string(to_string(t))}, std::to_string(got[t]),
                std::to_string(info.rows[t]) + " rows, as " + listed + " records");
    return r;
}

} // namespace okoce::io

namespace okoce::io {

void save_partitioned(const Programme& programme, const fs::path& folder, RegionLevel by,
                      PartitionFormat format) {
    PartitionWriter w(folder, format);
    for (const auto& part : split(programme, by)) w.add(part.region.to_string(), part.programme);
    w.commit();
}

} // namespace okoce::io
