// Replacing a saved programme in one step: a save writes a complete new copy under a hidden
// sibling name and swaps it in with one rename, so that a kill at any instant leaves the old copy
// or the new one at the path, and a reader that opens the path sees one of them, whole.
#include "io/atomic.hpp"

#include "okoce/error.hpp"

#include <cerrno>
#include <cstdint>
#include <random>
#include <string>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h> // renameat2 (glibc 2.28)
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace okoce::io::detail {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int e) {
    return std::generic_category().message(e);
}

// Removes a flat folder (a programme folder holds files only) entry by entry, so that a folder
// one save swapped out goes with nothing but unlink calls; anything deeper falls back to the
// library's recursive removal.
void remove_tree(const fs::path& p) noexcept {
    const int dir = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) {
        ::unlink(p.c_str());
        return;
    }
    if (DIR* d = ::fdopendir(::dup(dir))) {
        while (const dirent* e = ::readdir(d)) {
            const std::string_view n = e->d_name;
            if (n == "." || n == "..") continue;
            if (::unlinkat(dir, e->d_name, 0) != 0 && errno == EISDIR) {
                std::error_code ec;
                fs::remove_all(p / e->d_name, ec);
            }
        }
        ::closedir(d);
    }
    ::close(dir);
    ::rmdir(p.c_str());
}

void sync_folder(const fs::path& folder) noexcept {
    const int fd =
        ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

bool is_sidecar(std::string_view n, std::string_view& base) {
    for (const std::string_view s : {"-journal", "-wal", "-shm"})
        if (n.ends_with(s)) {
            base = n.substr(0, n.size() - s.size());
            return true;
        }
    return false;
}

} // namespace

std::string staging_prefix(const fs::path& target) {
    return "." + target.filename().string() + ".okoce-tmp-";
}

fs::path save_target(const fs::path& path) {
    fs::path p = path;
    if (!p.has_filename()) p = p.parent_path(); // "out/" is the folder "out"
    std::error_code ec;
    if (fs::is_symlink(p, ec)) {
        // The link stays; the swap happens where it points.
        const fs::path resolved = fs::canonical(p, ec);
        if (!ec) return resolved;
    }
    return fs::absolute(p, ec).lexically_normal();
}

void remove_stale_temporaries(const fs::path& target) noexcept {
    const fs::path parent = target.parent_path();
    const std::string prefix = staging_prefix(target);
    // Temporaries of okoce before 0.x (no lock): ".<name>.tmp-<digits>", SQLite files only.
    const std::string legacy = "." + target.filename().string() + ".tmp-";
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(parent.empty() ? "." : parent, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::string_view base = name;
        const bool sidecar = is_sidecar(name, base);
        if (base.starts_with(legacy)) {
            stale.push_back(it->path());
            continue;
        }
        if (!base.starts_with(prefix)) continue;
        if (sidecar) {
            // A journal beside a temporary goes with it, or alone once the temporary is gone.
            std::error_code gone;
            if (!fs::exists(parent / std::string(base), gone) && !gone) stale.push_back(it->path());
            continue;
        }
        // A live save holds an exclusive flock on its temporary until it has swapped it in; one
        // that can be locked is left by a save that died (the kernel drops a dead process's
        // locks, kill -9 included).
        const int fd = ::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            remove_tree(it->path());
            for (const char* s : {"-journal", "-wal", "-shm"})
                ::unlink((it->path().string() + s).c_str());
        }
        ::close(fd); // after the removal, so that no other save takes it meanwhile
    }
    for (const auto& p : stale) remove_tree(p);
}

Staging::Staging(const fs::path& target, bool folder) : target_(target), folder_(folder) {
    std::random_device rd;
    static constexpr char hex[] = "0123456789abcdef";
    for (int attempt = 0;; ++attempt) {
        std::uint64_t r = (std::uint64_t{rd()} << 32) ^ rd();
        std::string tag;
        for (int k = 0; k < 16; ++k, r >>= 4) tag += hex[r & 15];
        path_ = target.parent_path() / (staging_prefix(target) + tag);
        if (folder) {
            if (::mkdir(path_.c_str(), 0777) == 0) {
                fd_ = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                break;
            }
        } else {
            fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd_ >= 0) break;
        }
        if (errno != EEXIST || attempt == 8)
            throw io_error(path_.string() + ": cannot create a temporary " +
                           (folder ? "folder" : "file") + " for the save (" + errno_text(errno) +
                           ")");
    }
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
        const int e = errno;
        discard();
        throw io_error(path_.string() + ": cannot lock the temporary (" + errno_text(e) + ")");
    }
}

Staging::~Staging() {
    if (!published_) discard();
    if (fd_ >= 0) ::close(fd_);
}

void Staging::discard() noexcept {
    if (folder_)
        remove_tree(path_);
    else
        for (const char* s : {"", "-journal", "-wal", "-shm"})
            ::unlink((path_.string() + s).c_str());
}

void Staging::keep_mode_of_target() {
    struct stat st {};
    if (::stat(target_.c_str(), &st) == 0) ::fchmod(fd_, st.st_mode & 07777);
}

void Staging::publish() {
    // What was written must be on disk before the name points at it, or a power cut could
    // leave the new name over empty files.
    if (folder_) {
        sync_folder(path_);
    } else if (::fsync(fd_) != 0) {
        throw io_error(path_.string() + ": cannot sync to disk (" + errno_text(errno) + ")");
    }
    const fs::path parent = target_.parent_path();
    struct stat st {};
    const bool exists = ::lstat(target_.c_str(), &st) == 0;
    if (!folder_ || !exists) {
        // A file is replaced by rename(2) in one step; a new folder is renamed into place (over
        // an empty folder another save may have created meanwhile, too).
        if (::rename(path_.c_str(), target_.c_str()) == 0) {
            published_ = true;
            sync_folder(parent);
            return;
        }
        if (!folder_ || (errno != ENOTEMPTY && errno != EEXIST))
            throw io_error(target_.string() + ": cannot replace (" + errno_text(errno) + ")");
    }
    // A folder over a folder: one exchange, after which the old programme sits at the
    // temporary name and is removed.
    if (::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
        published_ = true;
        sync_folder(parent);
        remove_tree(path_);
        return;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        throw io_error(target_.string() + ": cannot replace (" + errno_text(errno) + ")");
    // No RENAME_EXCHANGE on this filesystem (NFS, some FUSE and older overlay mounts): move the
    // old folder aside, then the new one in. Between the two renames the path is missing; a
    // crash there leaves the old programme, whole, in the aside folder, which the next save
    // removes. The README states this weaker guarantee.
    Staging aside_name(target_, true); // a fresh name, removed by its destructor
    const fs::path aside = aside_name.path_;
    ::rmdir(aside.c_str());
    if (::rename(target_.c_str(), aside.c_str()) != 0)
        throw io_error(target_.string() + ": cannot move the old folder aside (" +
                       errno_text(errno) + ")");
    if (::rename(path_.c_str(), target_.c_str()) != 0) {
        const int e = errno;
        if (::rename(aside.c_str(), target_.c_str()) != 0) // put the old one back
            aside_name.published_ = true;                  // or at least keep it
        throw io_error(target_.string() + ": cannot replace (" + errno_text(e) + ")");
    }
    published_ = true;
    sync_folder(parent);
    remove_tree(aside);
}

} // namespace okoce::io::detail
