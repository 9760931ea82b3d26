// The national synthetic programme written province by province: generation in up to `threads`
// workers, saving in code order through one PartitionWriter, so a province is released as soon
// as it is on disk and the dataset is the same whatever the number of threads.
#include "okoce/error.hpp"
#include "okoce/population.hpp"
#include "okoce/synth.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace okoce::synth {

io::Dataset indonesia(std::uint64_t seed, double scale, const std::filesystem::path& folder,
                      unsigned threads, io::PartitionFormat format) {
    OKOCE_REQUIRE(threads > 0, "synth::indonesia", "threads", "0", "at least one thread");
    std::vector<RegionCode> provinces;
    for (RegionCode c : PopulationTable::indonesia().codes())
        if (c.level() == RegionLevel::province) provinces.push_back(c);
    // Checks the options before anything is written (the smallest province is cheap to make).
    (void)indonesia_province(seed, std::min(scale, 1e-9), provinces.front());

    io::PartitionWriter writer(folder, format);
    std::mutex mutex;
    std::condition_variable turn;
    std::size_t written = 0; // provinces saved so far, in code order
    std::exception_ptr failure;
    std::atomic<std::size_t> next{0};

    const auto work = [&] {
        for (;;) {
            const std::size_t k = next.fetch_add(1);
            if (k >= provinces.size()) return;
            {
                std::lock_guard lock(mutex);
                if (failure) return;
            }
            try {
                const Programme p = indonesia_province(seed, scale, provinces[k]);
                std::unique_lock lock(mutex);
                turn.wait(lock, [&] { return failure || written == k; });
                if (failure) return;
                writer.add(provinces[k].to_string(), p);
                ++written;
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
            }
            turn.notify_all();
        }
    };
    const unsigned n = std::min<unsigned>(threads, static_cast<unsigned>(provinces.size()));
    if (n == 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        for (unsigned t = 0; t < n; ++t) pool.emplace_back(work);
    }
    if (failure) std::rethrow_exception(failure);
    writer.commit();
    return io::Dataset::open(folder);
}

} // namespace okoce::synth
