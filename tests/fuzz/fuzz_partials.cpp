// The partial results' bytes (describe.hpp) as they arrive from a Dask worker or a file: the
// first input byte picks the kind, the rest is handed to from_bytes. Only okoce errors may
// escape, never a read out of bounds or a hang; bytes that decode encode back to themselves;
// and a decoded partial merged with itself and finished, twice over, stays an okoce error or a
// result (a merge that would overflow is refused, not wrapped).
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace okoce;
    if (size == 0) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 14) {
    case 0:
        exercise<FunnelPartial>(bytes);
        break;
    case 1:
        exercise<CohortsPartial>(bytes);
        break;
    case 2:
        exercise<ComplianceSummaryPartial>(bytes);
        break;
    case 3:
        exercise<OverduePartial>(bytes);
        break;
    case 4:
        exercise<ExitedWithMissingPartial>(bytes);
        break;
    case 5:
        exercise<TargetProgressPartial>(bytes);
        break;
    case 6:
        exercise<PhaseMixPartial>(bytes);
        break;
    case 7:
        exercise<PhaseHistoryPartial>(bytes);
        break;
    case 8:
        exercise<TimeToPartial>(bytes);
        break;
    case 9:
        exercise<NaikKelasPartial>(bytes);
        break;
    case 10:
        exercise<JobsPartial>(bytes);
        break;
    case 11:
        exercise<SalesGrowthPartial>(bytes);
        break;
    case 12:
        exercise<BusinessStartsPartial>(bytes);
        break;
    default:
        exercise<NewEntrepreneursPartial>(bytes);
        break;
    }
    return 0;
}
