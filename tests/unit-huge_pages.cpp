// The large-buffer helpers of src/huge_pages.hpp: what they hand back is usable memory with the
// promised alignment and contents, and the advice reaches the kernel (read back from
// /proc/self/smaps, where an advised mapping lists the "hg" flag).
#include "huge_pages.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using okoce::detail::huge_page_bytes;

// The VmFlags line of the mapping that holds `address`, or nullopt when the process has no
// /proc/self/smaps (not Linux) or no mapping holds it.
std::optional<std::string> vm_flags_at(const void* address) {
    std::ifstream smaps("/proc/self/smaps");
    if (!smaps) return std::nullopt;
    const auto a = reinterpret_cast<std::uintptr_t>(address);
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        // A mapping's first line: "start-end perms offset dev inode [path]", in hex.
        const auto dash = line.find('-');
        const auto space = line.find(' ');
        if (dash != std::string::npos && space != std::string::npos && dash < space &&
            line.find_first_not_of("0123456789abcdef") == dash) {
            const auto start = std::stoull(line.substr(0, dash), nullptr, 16);
            const auto end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
            inside = start <= a && a < end;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0) return line;
    }
    return std::nullopt;
}

// True when this kernel can back an madvise()d mapping with transparent huge pages.
bool kernel_has_thp_madvise() {
    std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string mode;
    std::getline(f, mode);
    return mode.find("[madvise]") != std::string::npos ||
           mode.find("[always]") != std::string::npos;
}

bool has_flag(const std::string& vm_flags, const std::string& flag) {
    std::istringstream words(vm_flags);
    std::string w;
    while (words >> w)
        if (w == flag) return true;
    return false;
}

} // namespace

TEST_CASE("allocate_huge: whole 2 MiB pages from a 2 MiB boundary, writable to the end") {
    for (const std::size_t bytes :
         {std::size_t{1}, huge_page_bytes - 1, huge_page_bytes, 5 * huge_page_bytes + 12345}) {
        CAPTURE(bytes);
        void* p = okoce::detail::allocate_huge(bytes);
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<std::uintptr_t>(p) % huge_page_bytes == 0);
        // The rounded-up size is promised too: write the last byte of the last whole page.
        const std::size_t rounded =
            (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
        std::memset(p, 0x5a, rounded);
        CHECK(static_cast<unsigned char*>(p)[rounded - 1] == 0x5a);
        okoce::detail::free_huge(p);
    }
}

TEST_CASE("allocate_huge: the kernel is told to use huge pages for the buffer") {
    if (!kernel_has_thp_madvise()) {
        MESSAGE("no transparent huge pages for madvise() here; the advice is a no-op");
        return;
    }
    void* p = okoce::detail::allocate_huge(8 * huge_page_bytes);
    const auto flags = vm_flags_at(p);
    REQUIRE(flags.has_value());
    CHECK(has_flag(*flags, "hg"));
    okoce::detail::free_huge(p);
}

TEST_CASE("reserve_huge and resize_huge keep a vector's values and give the room asked for") {
    std::vector<std::int64_t> v(1000);
    std::iota(v.begin(), v.end(), std::int64_t{-500});
    const std::size_t n = 3 * huge_page_bytes / sizeof(std::int64_t);
    okoce::detail::reserve_huge(v, n);
    CHECK(v.capacity() >= n);
    REQUIRE(v.size() == 1000);
    CHECK(v.front() == -500);
    CHECK(v.back() == 499);
    CHECK(std::accumulate(v.begin(), v.end(), std::int64_t{0}) == -500); // -500 + ... + 499

    // Asking for less than the vector holds is not a shrink.
    const std::size_t before = v.capacity();
    okoce::detail::reserve_huge(v, 10);
    CHECK(v.capacity() == before);

    std::vector<std::int32_t> w;
    const std::size_t m = 3 * huge_page_bytes / sizeof(std::int32_t); // 6 MiB
    okoce::detail::resize_huge(w, m, std::int32_t{7});
    CHECK(w.size() == m);
    CHECK(std::count(w.begin(), w.end(), 7) == static_cast<std::ptrdiff_t>(m));
    if (kernel_has_thp_madvise()) {
        // The inside of the buffer, past its first 2 MiB boundary, was advised.
        const auto inside =
            (reinterpret_cast<std::uintptr_t>(w.data()) + huge_page_bytes) & ~(huge_page_bytes - 1);
        const auto flags = vm_flags_at(reinterpret_cast<const void*>(inside));
        REQUIRE(flags.has_value());
        CHECK(has_flag(*flags, "hg"));
    }
}

TEST_CASE("advise_huge_pages leaves small buffers and null alone") {
    okoce::detail::advise_huge_pages(nullptr, 100 * huge_page_bytes); // no crash, no effect
    std::vector<char> small(okoce::detail::huge_advice_min_bytes - 1, 'x');
    okoce::detail::advise_huge_pages(small.data(), small.size());
    CHECK(std::count(small.begin(), small.end(), 'x') == static_cast<std::ptrdiff_t>(small.size()));
}
