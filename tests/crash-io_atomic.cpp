// Crash test of the savers: a save is killed with SIGKILL (kill -9) at every rename, exchange
// and unlink it makes, and at random instants, and a reader loads during repeated saves. Every
// outcome must be the old programme, whole, or the new one, whole.
//
// The kill points come from this executable defining rename, renameat2, unlinkat, unlink and
// rmdir itself: the dynamic linker binds the library's (and SQLite's) calls to these, which
// raise SIGKILL at the k-th call when armed and otherwise pass through to the C library. This is
// an LD_PRELOAD shim without the separate library, and it needs no hook in okoce.
#include "okoce/io.hpp"
#include "okoce/synth.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

int kill_at = 0;          // armed in a forked child: SIGKILL at this kill point
int points_seen = 0;      // kill points passed so far in this process
bool no_exchange = false; // renameat2(RENAME_EXCHANGE) fails with EINVAL, as on NFS

void point() {
    if (kill_at != 0 && ++points_seen == kill_at) ::raise(SIGKILL);
}

template <class F>
F real(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" int rename(const char* from, const char* to) noexcept {
    static const auto f = real<int (*)(const char*, const char*)>("rename");
    point();
    const int r = f(from, to);
    const int e = errno;
    point();
    errno = e;
    return r;
}

extern "C" int renameat2(int from_dir, const char* from, int to_dir, const char* to,
                         unsigned int flags) noexcept {
    static const auto f =
        real<int (*)(int, const char*, int, const char*, unsigned int)>("renameat2");
    if (no_exchange && (flags & RENAME_EXCHANGE)) {
        errno = EINVAL;
        return -1;
    }
    point();
    const int r = f(from_dir, from, to_dir, to, flags);
    const int e = errno;
    point();
    errno = e;
    return r;
}

extern "C" int unlinkat(int dir, const char* path, int flags) noexcept {
    static const auto f = real<int (*)(int, const char*, int)>("unlinkat");
    point();
    return f(dir, path, flags);
}

extern "C" int unlink(const char* path) noexcept {
    static const auto f = real<int (*)(const char*)>("unlink");
    point();
    return f(path);
}

extern "C" int rmdir(const char* path) noexcept {
    static const auto f = real<int (*)(const char*)>("rmdir");
    point();
    return f(path);
}

using namespace okoce;
namespace fs = std::filesystem;
using okoce::test::TempDir;

namespace {

// What tells two programmes apart and shows one whole: the size of every table and the
// participants' ids in order. The old and the new programme differ in all of them.
struct Signature {
    std::vector<std::size_t> sizes;
    std::vector<std::string> ids;
    bool operator==(const Signature&) const = default;
};

Signature signature_of(const Programme& p) {
    Signature s;
    s.sizes = {p.participant_count(),  p.steps().size(),       p.licences().size(),
               p.reports().size(),     p.assignments().size(), p.mentors().size(),
               p.communities().size(), p.targets().size()};
    s.ids.assign(p.participants().id.begin(), p.participants().id.end());
    return s;
}

struct Tally {
    int old_whole = 0, new_whole = 0, other = 0;
    std::vector<std::string> others; // what the bad outcomes were, for the failure message
    int total() const { return old_whole + new_whole + other; }
};

const Programme& old_programme() {
    static const Programme p = synth::jakarta(11, 0.004, Date(2020, 12, 31));
    return p;
}
const Programme& new_programme() {
    static const Programme p = synth::jakarta(12, 0.005, Date(2021, 6, 30));
    return p;
}

void classify(const fs::path& target, Tally& t, const std::string& label) {
    static const Signature old_s = signature_of(old_programme());
    static const Signature new_s = signature_of(new_programme());
    try {
        const Signature s = signature_of(io::load(target).programme);
        if (s == old_s)
            ++t.old_whole;
        else if (s == new_s)
            ++t.new_whole;
        else
            ++t.other, t.others.push_back(label + ": a programme that is neither");
    } catch (const std::exception& e) {
        ++t.other, t.others.push_back(label + ": " + e.what());
    }
}

// The hidden temporaries beside the target.
std::vector<std::string> temporaries(const fs::path& target) {
    std::vector<std::string> found;
    const std::string prefix = "." + target.filename().string() + ".okoce-tmp-";
    for (const auto& e : fs::directory_iterator(target.parent_path()))
        if (e.path().filename().string().starts_with(prefix))
            found.push_back(e.path().filename().string());
    return found;
}

// Runs the save of the new programme over `target` in a child process that is killed at kill
// point k; true when it was killed, false when the save finished first.
bool save_killed_at(const fs::path& target, int k) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        kill_at = k;
        points_seen = 0;
        try {
            io::save(new_programme(), target);
        } catch (...) {
            ::_exit(3);
        }
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status)) REQUIRE(WEXITSTATUS(status) == 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// Kills the save at its k-th kill point for k = 1, 2, ... until a save runs through, over an
// existing target (`fresh` false) or onto a new path.
Tally kill_at_every_point(const fs::path& target, bool fresh, int& points) {
    Tally t;
    for (int k = 1;; ++k) {
        std::error_code ec;
        fs::remove_all(target, ec);
        if (!fresh) io::save(old_programme(), target);
        const bool killed = save_killed_at(target, k);
        if (!killed) {
            points = k - 1;
            classify(target, t, "after the whole save");
            break;
        }
        if (fresh && !fs::exists(target))
            ++t.old_whole; // nothing before, nothing after: the old state, whole
        else
            classify(target, t, "killed at point " + std::to_string(k));
    }
    return t;
}

void report(const std::string& what, const Tally& t) {
    MESSAGE(what << ": " << t.total() << " outcomes, " << t.old_whole << " old whole, "
                 << t.new_whole << " new whole, " << t.other << " other");
    for (std::size_t k = 0; k < t.others.size() && k < 10; ++k) MESSAGE(t.others[k]);
}

} // namespace

TEST_CASE("a kill -9 at every rename, exchange and unlink of a save leaves old or new, whole") {
    TempDir d("crash-points");
    for (const std::string name : {"prog", "prog.sqlite"}) {
        for (const bool fresh : {false, true}) {
            CAPTURE(name);
            CAPTURE(fresh);
            const fs::path target = d.path / name;
            int points = 0;
            const Tally t = kill_at_every_point(target, fresh, points);
            report(name + (fresh ? " (new path)" : " (over the old one)"), t);
            // Over an existing folder: the exchange (2 points) and removing the old copy; a
            // file or a new path: at least the rename's 2 points.
            CHECK(points >= 2);
            CHECK(t.other == 0);
            CHECK(t.old_whole >= 1);
            CHECK(t.new_whole >= 1);
            // The temporaries the killed saves left are gone after the next save.
            io::save(new_programme(), target);
            CHECK(temporaries(target).empty());
        }
    }
}

TEST_CASE("without RENAME_EXCHANGE a killed CSV save leaves old, new, or the old one aside") {
    // The documented weaker guarantee of the fallback: a kill between its two renames leaves
    // the path missing and the old programme whole in the hidden folder; the next save removes
    // it.
    TempDir d("crash-fallback");
    const fs::path target = d.path / "prog";
    no_exchange = true;
    Tally t;
    int aside = 0;
    for (int k = 1;; ++k) {
        std::error_code ec;
        fs::remove_all(target, ec);
        io::save(old_programme(), target);
        for (const auto& name : temporaries(target)) fs::remove_all(d.path / name);
        if (!save_killed_at(target, k)) break;
        if (!fs::exists(target)) {
            const auto left = temporaries(target);
            bool old_found = false;
            for (const auto& name : left) try {
                    old_found |= signature_of(io::load(d.path / name).programme) ==
                                 signature_of(old_programme());
                } catch (const std::exception&) {
                }
            CHECK(old_found);
            ++aside;
            continue;
        }
        classify(target, t, "fallback, killed at point " + std::to_string(k));
    }
    no_exchange = false;
    report("prog without RENAME_EXCHANGE", t);
    MESSAGE(aside << " kills left the path missing and the old programme aside");
    CHECK(t.other == 0);
    CHECK(aside >= 1);
    io::save(new_programme(), target);
    CHECK(temporaries(target).empty());
}

TEST_CASE("a kill -9 at 20 random instants of a save leaves old or new, whole") {
    TempDir d("crash-random");
    std::mt19937_64 random(20240613);
    for (const std::string name : {"prog", "prog.sqlite"}) {
        CAPTURE(name);
        const fs::path target = d.path / name;
        // The instants range over the length of a whole save in a child, from the fork to its
        // exit, and a fifth more (the longest of three).
        std::chrono::steady_clock::duration length{};
        for (int i = 0; i < 3; ++i) {
            io::save(old_programme(), target);
            const auto t0 = std::chrono::steady_clock::now();
            REQUIRE_FALSE(save_killed_at(target, 0));
            length = std::max(length, std::chrono::steady_clock::now() - t0);
        }
        Tally t;
        int finished = 0;
        bool holds_old = false; // the last calibration save left the new programme
        for (int i = 0; i < 20; ++i) {
            if (!holds_old) io::save(old_programme(), target);
            std::uniform_int_distribution<long long> at(
                0, std::chrono::duration_cast<std::chrono::microseconds>(length).count() * 6 / 5);
            const auto delay = std::chrono::microseconds(at(random));
            std::fflush(nullptr);
            const pid_t pid = ::fork();
            REQUIRE(pid >= 0);
            if (pid == 0) {
                try {
                    io::save(new_programme(), target);
                } catch (...) {
                    ::_exit(3);
                }
                ::_exit(0);
            }
            std::this_thread::sleep_for(delay);
            ::kill(pid, SIGKILL);
            int status = 0;
            ::waitpid(pid, &status, 0);
            if (WIFEXITED(status)) {
                REQUIRE(WEXITSTATUS(status) == 0);
                ++finished;
            }
            const int old_before = t.old_whole;
            classify(target, t, "random kill " + std::to_string(i));
            holds_old = t.old_whole > old_before;
        }
        report(name + ", 20 random kills", t);
        MESSAGE(finished << " of the 20 saves finished before the kill; a save took up to "
                         << std::chrono::duration_cast<std::chrono::milliseconds>(length).count()
                         << " ms");
        CHECK(t.total() == 20);
        CHECK(t.other == 0);
        io::save(new_programme(), target);
        CHECK(temporaries(target).empty());
    }
}

TEST_CASE("a reader during repeated saves loads old or new, whole, every time") {
    TempDir d("crash-reader");
    for (const std::string name : {"prog", "prog.sqlite"}) {
        CAPTURE(name);
        const fs::path target = d.path / name;
        io::save(old_programme(), target);
        constexpr int saves = 30;
        std::fflush(nullptr);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            try {
                for (int i = 0; i < saves; ++i)
                    io::save(i % 2 == 0 ? new_programme() : old_programme(), target);
            } catch (...) {
                ::_exit(3);
            }
            ::_exit(0);
        }
        Tally t;
        int status = 0;
        while (::waitpid(pid, &status, WNOHANG) == 0)
            classify(target, t, "load " + std::to_string(t.total()));
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        report(name + ", loads during " + std::to_string(saves) + " saves", t);
        CHECK(t.total() >= 5);
        CHECK(t.other == 0);
        CHECK(temporaries(target).empty());
    }
}
