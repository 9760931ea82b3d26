// Lesson 6: a programme in parts. A national programme does not fit in one process, so it is
// held as partitions (one per province, kota or kecamatan) and analysed part by part. An
// analysis that sums over participants then runs as a partial per part (counts, never records),
// the partials are merged, and the merge is finished into the result. The merge adds counts,
// not results: a median of medians, or a share of shares, would be wrong; merged counts give
// exactly what the whole programme gives.
//
// Four participants of 2019 in two kota; every figure is worked out by hand below.
#include "lesson_check.hpp"

#include <okoce/okoce.hpp>

#include <cmath>
#include <limits>
#include <vector>

int main() {
    using namespace okoce;
    using boost::gregorian::date;
    using lesson::figure;
    const double nan = std::numeric_limits<double>::quiet_NaN();

    // 1. Two in Tebet Timur (Jakarta Selatan, 31.74), two in Pisangan Baru (Jakarta Timur, 31.75).
    //      ani    Selatan  registered 2019-01-01, trained (P2), SKU 2019-01-31: 30 days
    //      bayu   Selatan  registered 2019-01-01, trained (P2), nothing since
    //      candra Timur    registered 2019-02-01, IUMK 2019-05-02: 90 days
    //      dedi   Timur    registered 2019-03-01, left 2019-04-10 (40 days) unlicensed
    ProgrammeBuilder builder;
    auto join = [&](std::string id, const char* kelurahan, Date registered, Date exited = {}) {
        Participant p;
        p.id = std::move(id);
        p.kelurahan = RegionCode::parse(kelurahan);
        p.sector = Sector::food_beverage;
        p.registered_on = registered;
        p.exited_on = exited;
        builder.add(std::move(p));
    };
    auto step = [&](std::string id, Step s, Date on) { builder.add(StepRecord{id, s, on}); };
    auto licence = [&](std::string id, LicenceKind kind, Date on) {
        builder.add(LicenceRecord{id, Licence{kind, "", on, {}, ""}});
    };
    join("ani", "31.74.01.1001", date(2019, 1, 1));
    step("ani", Step::p2, date(2019, 1, 10));
    step("ani", Step::p4, date(2019, 1, 31));
    licence("ani", LicenceKind::sku, date(2019, 1, 31));
    join("bayu", "31.74.01.1001", date(2019, 1, 1));
    step("bayu", Step::p2, date(2019, 2, 1));
    join("candra", "31.75.01.1001", date(2019, 2, 1));
    step("candra", Step::p4, date(2019, 5, 2));
    licence("candra", LicenceKind::iumk, date(2019, 5, 2));
    join("dedi", "31.75.01.1001", date(2019, 3, 1), date(2019, 4, 10));
    const Programme whole = builder.build();
    const Date as_of = date(2019, 12, 31);

    // 2. Split by kota: one part per kota where someone lives, in code order (31.74, 31.75).
    const std::vector<ProgrammePart> parts = split(whole, RegionLevel::kota);
    figure("parts", parts.size(), 2);
    figure("participants in Jakarta Selatan", parts[0].programme.participant_count(), 2);

    // 3. The funnel (a-la-carte: each step counts on its own). Selatan: P1 2, P2 2, P4 1.
    //    Timur: P1 2, P2 0, P4 1. Merged: P1 4, P2 2, P4 2, what the whole programme gives.
    FunnelPartial f =
        funnel_partial(parts[0].programme, as_of, StepPolicy::a_la_carte, GroupBy::none);
    merge(f, funnel_partial(parts[1].programme, as_of, StepPolicy::a_la_carte, GroupBy::none));
    const Funnel merged = finish(f);
    const Funnel direct = funnel(whole, as_of, StepPolicy::a_la_carte);
    figure("merged funnel P1", merged.reached[0][0], 4);
    figure("merged funnel P2", merged.reached[0][1], 2);
    figure("merged funnel P4", merged.reached[0][3], 2);
    figure("merged funnel equals the whole", merged.reached == direct.reached, true);

    // 4. Time to licence (Kaplan-Meier, days from registration). Whole: ani's licence at 30 (4
    //    at risk: S = 3/4), dedi censored at 40, candra's at 90 (2 at risk: S = 3/4 * 1/2 =
    //    0.375), bayu censored at 364. The median is the first time S < 0.5: day 90.
    //    Alone, Selatan has S(30) = 1/2 and no median (S never drops below a half), Timur has
    //    S(90) = 0 and median 90: neither part's median is the whole's by any rule of thumb, so
    //    the partials carry the counts per day and the merge adds them.
    const Milestone licensed = Milestone::licensed();
    TimeToPartial s = time_to_partial(parts[0].programme, as_of, licensed, GroupBy::none);
    merge(s, time_to_partial(parts[1].programme, as_of, licensed, GroupBy::none));
    const SurvivalCurve curve = finish(s).at(0);
    const SurvivalCurve selatan = time_to(parts[0].programme, as_of, licensed, GroupBy::none).at(0);
    figure("Jakarta Selatan alone: median days", selatan.median, nan, 0.0);
    figure("merged survival at each time", curve.survival,
           std::vector<double>{0.75, 0.75, 0.375, 0.375}, 1e-12);
    figure("merged median days", curve.median, 90.0, 0.0);
    const SurvivalCurve whole_curve = time_to(whole, as_of, licensed, GroupBy::none).at(0);
    figure("merged curve equals the whole", curve.survival == whole_curve.survival, true);

    // 5. Any other figure over the parts is a fold: computed per part, combined. Licensed on
    //    the date (a licence of a counting kind in force, SKU among them): ani in Selatan and
    //    candra in Timur, 1 + 1 = 2. A count adds up; a median or a rate would not, which is
    //    why the analyses above merge counts.
    std::size_t licensed_people = 0;
    for (const ProgrammePart& part : parts)
        for (Index i = 0; i < static_cast<Index>(part.programme.participant_count()); ++i)
            licensed_people += part.programme.licensed_as_of(i, as_of) ? 1 : 0;
    figure("licensed participants, folded over the parts", licensed_people, 2);
    return 0;
}
