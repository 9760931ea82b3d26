// A save onto a full disk: the error names the system's reason ("No space left on device"),
// and the old programme stays whole. The disk is a small tmpfs mounted in a mount namespace of
// this process only (so nothing outside sees it, and it goes when the process ends); that needs
// root (CAP_SYS_ADMIN), which a CI machine has. Elsewhere each case says why it is skipped.
#include "okoce/io.hpp"
#include "okoce/synth.hpp"

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <sched.h>
#include <sys/mount.h>

using namespace okoce;
namespace fs = std::filesystem;

namespace {
using okoce::test::TempDir;

const fs::path fixture = fs::path(OKOCE_TEST_DIR) / "data" / "small";

// A tmpfs of `size` at `at`, private to this process; the reason it cannot be when it cannot.
std::string mount_small_disk(const fs::path& at, const char* size) {
    static bool unshared = false;
    if (!unshared) {
        if (::unshare(CLONE_NEWNS) != 0)
            return std::string("no mount namespace (") + std::strerror(errno) + ")";
        // Mounts made here must not propagate back to the host's namespace.
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
            return std::string("cannot make / private (") + std::strerror(errno) + ")";
        unshared = true;
    }
    const std::string options = std::string("size=") + size;
    if (::mount("okoce-test", at.c_str(), "tmpfs", 0, options.c_str()) != 0)
        return std::string("cannot mount a tmpfs (") + std::strerror(errno) + ")";
    return {};
}

struct SmallDisk {
    TempDir dir{"disk-full"};
    std::string skipped;
    explicit SmallDisk(const char* size) { skipped = mount_small_disk(dir.path, size); }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    ~SmallDisk() {
        if (skipped.empty()) ::umount2(dir.path.c_str(), MNT_DETACH);
    }
};

// Too large for the disks below: some 6,600 participants and 45,000 reports, several MiB in
// any format (the small fixture takes a few hundred KiB as SQLite, 16 KiB pages).
Programme large() {
    synth::Options o;
    o.seed = 3;
    o.scale = 0.02;
    return synth::jakarta(o);
}

std::string message_of_save(const auto& save) {
    try {
        save();
    } catch (const io_error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("a full disk: CSV, SQLite and partitioned saves say so, and the old programme stays") {
    const Programme small = io::load_csv(fixture).programme;
    const Programme big = large();
    const auto participants = small.participants().size();

    SUBCASE("SQLite, a new file and over the old one") {
        SmallDisk disk("2m");
        if (!disk.skipped.empty()) {
            MESSAGE("skipped: " << disk.skipped);
            return;
        }
        const fs::path file = disk.dir.path / "p.sqlite";
        const std::string first = message_of_save([&] { io::save_sqlite(big, file); });
        CAPTURE(first);
        CHECK(first.find("No space left on device") != std::string::npos);
        CHECK(!fs::exists(file));
        io::save_sqlite(small, file);
        const std::string over = message_of_save([&] { io::save_sqlite(big, file); });
        CAPTURE(over);
        CHECK(over.find("No space left on device") != std::string::npos);
        CHECK(io::load_sqlite(file).programme.participants().size() == participants);
    }
    SUBCASE("CSV, over the old folder") {
        SmallDisk disk("1m");
        if (!disk.skipped.empty()) {
            MESSAGE("skipped: " << disk.skipped);
            return;
        }
        const fs::path folder = disk.dir.path / "p";
        io::save_csv(small, folder);
        const std::string over = message_of_save([&] { io::save_csv(big, folder); });
        CAPTURE(over);
        CHECK(over.find("No space left on device") != std::string::npos);
        CHECK(io::load_csv(folder).programme.participants().size() == participants);
    }
    SUBCASE("a partitioned dataset, in either format") {
        for (const auto format : {io::PartitionFormat::sqlite, io::PartitionFormat::csv}) {
            CAPTURE(static_cast<int>(format));
            SmallDisk disk("2m");
            if (!disk.skipped.empty()) {
                MESSAGE("skipped: " << disk.skipped);
                return;
            }
            const fs::path folder = disk.dir.path / "parts";
            io::save_partitioned(small, folder, RegionLevel::kota, format);
            const std::string over = message_of_save(
                [&] { io::save_partitioned(big, folder, RegionLevel::kota, format); });
            CAPTURE(over);
            CHECK(over.find("No space left on device") != std::string::npos);
            const auto ds = io::Dataset::open(folder);
            std::size_t loaded = 0;
            for (std::size_t k = 0; k < ds.size(); ++k)
                loaded += ds.load(k).programme.participants().size();
            CHECK(loaded == participants);
        }
    }
}
