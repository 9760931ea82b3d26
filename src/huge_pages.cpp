#include "huge_pages.hpp"

#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>

namespace okoce::detail {

void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
    if (data == nullptr || bytes < huge_advice_min_bytes) return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + huge_page_bytes - 1) & ~(huge_page_bytes - 1);
    const std::uintptr_t last = (begin + bytes) & ~(huge_page_bytes - 1);
    if (last <= first) return;
    // EINVAL (no THP in this kernel) or ENOMEM leave the buffer as it was: only advice.
    (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

void* allocate_huge(std::size_t bytes) {
    const std::size_t rounded = (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
    void* p = std::aligned_alloc(huge_page_bytes, rounded == 0 ? huge_page_bytes : rounded);
    if (p == nullptr) throw std::bad_alloc();
    advise_huge_pages(p, rounded);
    return p;
}

void free_huge(void* buffer) noexcept {
    std::free(buffer);
}

} // namespace okoce::detail
