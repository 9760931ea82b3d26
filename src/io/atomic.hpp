// Internal: how a save replaces its target all at once, so that a crash leaves the old copy or
// the new one and never a mix.
#pragma once

#include <filesystem>
#include <string>

namespace okoce::io::detail {

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
} // namespace okoce::io::detail
