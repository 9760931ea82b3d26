// The partial results' bytes (describe.hpp) as they arrive from Dask workers or files: the
// first input byte picks the kind, the rest is handed to from_bytes. Only okoce errors may
// escape, never a read out of bounds or a hang; bytes that decode encode back to themselves;
// and a decoded partial merged with itself and finished, twice over, stays an okoce error or a
// result (a merge that would overflow is refused, not wrapped).
// The same rest is also read as TWO partials, as a client receives them from two workers: a
// 4-byte little-endian length, that many bytes of the first, the second after it. When both
// decode, merge(a, b) and merge(b, a) either both fail or both succeed, and then encode to
// bytes that decode again, and finish as a result or an okoce error.
#include "fuzz_support.hpp"

#include "okoce/partial.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using okoce::fuzz::check;

template <okoce::Partial P>
void exercise(std::string_view bytes) {
    P p;
    std::string error;
    if (!okoce::fuzz::only_okoce_errors([&] { okoce::from_bytes(bytes, p); }, error)) return;
    check(okoce::to_bytes(p) == bytes, "a decoded partial does not encode back to its bytes");
    okoce::fuzz::only_okoce_errors([&] { (void)okoce::finish(p); }, error);
    P twice = p;
    if (okoce::fuzz::only_okoce_errors([&] { okoce::merge(twice, p); }, error))
        okoce::fuzz::only_okoce_errors([&] { (void)okoce::finish(twice); }, error);
}

template <okoce::Partial P>
void exercise_two(std::string_view bytes) {
    if (bytes.size() < 4) return;
    std::size_t n = 0;
    for (int k = 0; k < 4; ++k)
        n |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[k])) << (8 * k);
    bytes.remove_prefix(4);
    if (n > bytes.size()) return;
    P a, b;
    std::string error;
    if (!okoce::fuzz::only_okoce_errors([&] { okoce::from_bytes(bytes.substr(0, n), a); },
                                        error) ||
        !okoce::fuzz::only_okoce_errors([&] { okoce::from_bytes(bytes.substr(n), b); }, error))
        return;
    P ab = a, ba = b;
    const bool ab_ok = okoce::fuzz::only_okoce_errors([&] { okoce::merge(ab, b); }, error);
    const bool ba_ok = okoce::fuzz::only_okoce_errors([&] { okoce::merge(ba, a); }, error);
    check(ab_ok == ba_ok, "merge(a, b) and merge(b, a) disagree on whether they merge");
    if (!ab_ok) return;
    P back;
    check(okoce::fuzz::only_okoce_errors([&] { okoce::from_bytes(okoce::to_bytes(ab), back); },
                                         error),
          "a merged partial does not decode from its own bytes");
    okoce::fuzz::only_okoce_errors([&] { (void)okoce::finish(ab); }, error);
    okoce::fuzz::only_okoce_errors([&] { (void)okoce::finish(ba); }, error);
}

template <okoce::Partial P>
void exercise_both(std::string_view bytes) {
    exercise<P>(bytes);
    exercise_two<P>(bytes);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace okoce;
    if (size == 0) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 14) {
    case 0:
        exercise_both<FunnelPartial>(bytes);
        break;
    case 1:
        exercise_both<CohortsPartial>(bytes);
        break;
    case 2:
        exercise_both<ComplianceSummaryPartial>(bytes);
        break;
    case 3:
        exercise_both<OverduePartial>(bytes);
        break;
    case 4:
        exercise_both<ExitedWithMissingPartial>(bytes);
        break;
    case 5:
        exercise_both<TargetProgressPartial>(bytes);
        break;
    case 6:
        exercise_both<PhaseMixPartial>(bytes);
        break;
    case 7:
        exercise_both<PhaseHistoryPartial>(bytes);
        break;
    case 8:
        exercise_both<TimeToPartial>(bytes);
        break;
    case 9:
        exercise_both<NaikKelasPartial>(bytes);
        break;
    case 10:
        exercise_both<JobsPartial>(bytes);
        break;
    case 11:
        exercise_both<SalesGrowthPartial>(bytes);
        break;
    case 12:
        exercise_both<BusinessStartsPartial>(bytes);
        break;
    default:
        exercise_both<NewEntrepreneursPartial>(bytes);
        break;
    }
    return 0;
}
