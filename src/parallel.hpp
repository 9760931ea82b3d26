// Internal: splitting a per-participant loop over two threads. The Programme is immutable and
// each half writes only its own rows, so no locking is needed; the machines okoce is measured
// on have two cores, and a second thread only pays for itself on large programmes.
#pragma once

#include <cstddef>
#include <exception>
#include <thread>

namespace okoce::detail {

// Below this many rows a second thread costs more than it saves.
inline constexpr std::size_t parallel_threshold = 50'000;

// Runs f(begin, end) over [0, n), in two halves on two threads when n is large. An exception
// from either half is rethrown here after both have finished.
template <class F>
void for_chunks(std::size_t n, F f) {
    if (n < parallel_threshold) {
        f(std::size_t{0}, n);
        return;
    }
    const std::size_t half = n / 2;
    std::exception_ptr failure;
    std::thread other([&] {
        try {
            f(half, n);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    try {
        f(std::size_t{0}, half);
    } catch (...) {
        other.join();
        throw;
    }
    other.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace okoce::detail
