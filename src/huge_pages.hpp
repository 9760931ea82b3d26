// Internal: large buffers backed by 2 MiB pages where the kernel allows it.
//
// At millions of rows an analysis writes tens of megabytes of fresh result columns per call.
// Above glibc's thresholds those are new mappings each time, which the kernel fills one 4 KiB
// page fault at a time; on the virtual machines okoce is measured on a fault costs about 15 us,
// so faulting 100 MB took longer than the pass that filled it, and the calls grew faster than
// the rows (bench/README.md, "Phases and monitoring from scale 1 to 10"). Advising the kernel
// to use transparent huge pages for the buffer (madvise MADV_HUGEPAGE, honoured when
// /sys/kernel/mm/transparent_hugepage/enabled is "madvise" or "always") makes that one fault
// per 2 MiB. The advice covers only the buffer's own pages, never the process's allocator.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace okoce::detail {

// A transparent huge page on x86-64 (and the alignment the kernel needs to use one).
inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;
// Buffers smaller than this hold at most one whole huge page, and are left alone.
inline constexpr std::size_t huge_advice_min_bytes = 2 * huge_page_bytes;

// Advises huge pages for the whole 2 MiB pages inside [data, data + bytes). Advice only: where
// the kernel has no transparent huge pages, or the buffer is small, nothing happens. Pages
// already touched keep their size, so call it before the buffer is written.
void advise_huge_pages(void* data, std::size_t bytes) noexcept;

// A buffer of at least `bytes` that starts on a 2 MiB boundary and ends on one, advised for huge
// pages, so that none of it is faulted in 4 KiB at a time (a std::vector's buffer keeps up to 2
// MiB at each end in small pages). Release it with free_huge. Throws std::bad_alloc.
void* allocate_huge(std::size_t bytes);
void free_huge(void* buffer) noexcept;

// v.reserve(n), with the new room advised for huge pages before anything is written to it.
template <class T, class A>
void reserve_huge(std::vector<T, A>& v, std::size_t n) {
    if (n <= v.capacity()) return;
    v.reserve(n);
    advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

// v.resize(n) of an empty vector, its values written after the advice.
template <class T, class A>
void resize_huge(std::vector<T, A>& v, std::size_t n, const T& value = T{}) {
    reserve_huge(v, n);
    v.resize(n, value);
}

} // namespace okoce::detail
