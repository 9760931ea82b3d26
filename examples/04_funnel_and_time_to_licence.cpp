// The funnel and the time to a licence: how far participants get through the seven steps, and
// how long they take to become licensed.
//
// A funnel counts, for each step P1..P7, the participants who reached it by a date. What
// "reached" means is a policy: under OK OCE (sequential) a step counts only once every step
// before it is done; under JakPreneur (a-la-carte) only registration is required and each other
// step counts on its own. The same data gives two different funnels, and an analysis must say
// which one it shows.
//
// Time to licence is a survival question: some participants are licensed, others are still
// waiting on the as-of date or left the programme first. Dropping the waiting ones would make
// licensing look fast; Kaplan-Meier counts them as censored instead. When fewer than half are
// ever licensed there is no median; the share licensed by a horizon and the restricted mean
// time (the area under the curve up to a horizon) still say how fast licensing goes.
//
// Six participants are built by hand below; every count and every survival figure printed was
// worked out on paper in the comments. Each is printed as "= what: value" and compared by
// lesson_check.hpp, which exits 1 if the library disagrees; the Python twin prints the same.
#include "lesson_check.hpp"

#include <okoce/okoce.hpp>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <vector>

int main() {
    using namespace okoce;
    using boost::gregorian::date;
    using lesson::check;
    using lesson::figure;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const RegionCode tebet_timur = RegionCode::parse("31.74.01.1001");

    // 1. Six participants of 2019. Registration is step P1, so no P1 rows are needed.
    //    Their steps (P1 is the registration day):
    //      ani    P2 P3 P4       the textbook path; an SKU 30 days after registering
    //      bayu   P2             trained, then nothing yet
    //      candra P4             went straight to licensing: IUMK 90 days after registering
    //      dedi   P2 P3          left the programme on 2019-04-10, unlicensed
    //      eka    P5 P4          marketing first, then an SKU 183 days after registering
    //      fitri  -              registered in October
    ProgrammeBuilder builder;
    auto join = [&](std::string id, Date registered, Date exited = {}) {
        Participant p;
        p.id = std::move(id);
        p.kelurahan = tebet_timur;
        p.sector = Sector::food_beverage;
        p.registered_on = registered;
        p.exited_on = exited;
        builder.add(std::move(p));
    };
    auto step = [&](std::string id, Step s, Date on) { builder.add(StepRecord{id, s, on}); };
    auto licence = [&](std::string id, LicenceKind kind, Date on) {
        builder.add(LicenceRecord{id, Licence{kind, "", on, {}, ""}});
    };
    join("ani", date(2019, 1, 1));
    step("ani", Step::p2, date(2019, 1, 10));
    step("ani", Step::p3, date(2019, 1, 20));
    step("ani", Step::p4, date(2019, 1, 31));
    licence("ani", LicenceKind::sku, date(2019, 1, 31));
    join("bayu", date(2019, 1, 1));
    step("bayu", Step::p2, date(2019, 2, 1));
    join("candra", date(2019, 2, 1));
    step("candra", Step::p4, date(2019, 5, 2));
    licence("candra", LicenceKind::iumk, date(2019, 5, 2));
    join("dedi", date(2019, 3, 1), date(2019, 4, 10));
    step("dedi", Step::p2, date(2019, 3, 10));
    step("dedi", Step::p3, date(2019, 3, 20));
    join("eka", date(2019, 6, 1));
    step("eka", Step::p5, date(2019, 9, 1));
    step("eka", Step::p4, date(2019, 12, 1));
    licence("eka", LicenceKind::sku, date(2019, 12, 1));
    join("fitri", date(2019, 10, 1));
    const Programme programme = builder.build();
    const Date as_of = date(2019, 12, 31);

    // 2. The funnel under both policies, as of the end of 2019. Exited participants count:
    //    dedi did reach P2 and P3 before leaving.
    //                  P1 P2 P3 P4 P5 P6 P7
    //    a-la-carte     6  3  2  3  1  0  0   P2: ani bayu dedi; P3: ani dedi;
    //                                         P4: ani candra eka; P5: eka
    //    sequential     6  3  2  1  0  0  0   P4: only ani did P2 and P3 first;
    //                                         eka's P5 needs P2..P4 first
    //    Under a-la-carte P4 (3) outnumbers P3 (2); under sequential no stage can.
    const Funnel alc = funnel(programme, as_of, StepPolicy::a_la_carte);
    const Funnel seq = funnel(programme, as_of, StepPolicy::sequential);
    std::cout << "Funnel as of " << format_date(as_of) << "\n            ";
    for (Step s : all_steps) std::cout << std::setw(4) << to_string(s);
    for (const Funnel* f : {&alc, &seq}) {
        std::cout << '\n'
                  << std::left << std::setw(12) << (f == &alc ? "a_la_carte" : "sequential")
                  << std::right;
        for (std::size_t k = 0; k < step_count; ++k) std::cout << std::setw(4) << f->reached[0][k];
    }
    std::cout << "\n\nP2 conversion (P2 / P1): " << alc.conversion(0, Step::p2) << "\n";
    check(alc.size() == 1 && alc.group[0] == "all", "one group, 'all'");
    figure("a-la-carte funnel P1..P7", alc.reached[0], std::vector<int>{6, 3, 2, 3, 1, 0, 0});
    figure("sequential funnel P1..P7", seq.reached[0], std::vector<int>{6, 3, 2, 1, 0, 0, 0});
    figure("P2 conversion", alc.conversion(0, Step::p2), 0.5, 1e-12); // 3 of 6 trained
    check(std::isnan(alc.conversion(0, Step::p1)), "P1 has no stage before it");

    // 3. Time to licence. Each participant gives a number of days from registration, and
    //    whether it ends in the licence (an event) or not (censored):
    //      ani     30 event     SKU on 2019-01-31
    //      dedi    40 censored  left on 2019-04-10 (40 days after 2019-03-01)
    //      candra  90 event     IUMK on 2019-05-02
    //      fitri   91 censored  still waiting on 2019-12-31 (91 days after 2019-10-01)
    //      eka    183 event     SKU on 2019-12-01
    //      bayu   364 censored  still waiting on 2019-12-31
    //    Kaplan-Meier multiplies, at each event time, the share of those still at risk who
    //    did not have the event:
    //      t =  30: 6 at risk, 1 event   S = 5/6               = 0.8333
    //      t =  90: 4 at risk, 1 event   S = 5/6 * 3/4 = 15/24 = 0.625
    //      t = 183: 2 at risk, 1 event   S = 15/24 * 1/2       = 0.3125
    //    The median is the first event time at which S falls below one half: 183 days.
    //    Ignoring the censored three would give 30, 90, 183 and a median of 90 - too fast.
    const SurvivalCurve km = time_to(programme, as_of).front();
    std::cout << "\nDays to licence (Kaplan-Meier)\n   t  at risk  events  censored  S(t)\n";
    for (std::size_t r = 0; r < km.time.size(); ++r)
        std::cout << std::setw(4) << km.time[r] << std::setw(9) << km.at_risk[r] << std::setw(8)
                  << km.events[r] << std::setw(10) << km.censored[r] << "  " << std::fixed
                  << std::setprecision(4) << km.survival[r] << std::defaultfloat << '\n';
    std::cout << "median: " << km.median << " days, " << km.n_events << " licensed of " << km.n
              << '\n';
    figure("observed, licensed", std::vector<std::int64_t>{km.n, km.n_events},
           std::vector<int>{6, 3});
    figure("times", km.time, std::vector<double>{30, 40, 90, 91, 183, 364}, 0);
    figure("at risk", km.at_risk, std::vector<int>{6, 5, 4, 3, 2, 1});
    // A censoring (days 40, 91, 364) leaves S unchanged.
    figure("S(t)", km.survival,
           std::vector<double>{5.0 / 6, 5.0 / 6, 15.0 / 24, 15.0 / 24, 15.0 / 48, 15.0 / 48},
           1e-12);
    figure("median days", km.median, 183.0, 1e-12);
    // Greenwood's standard error at the first event: S * sqrt(1 / (6 * 5)).
    figure("Greenwood SE at t = 30", km.std_err[0], 5.0 / 6 * std::sqrt(1.0 / 30), 1e-12);

    // 4. Two figures that exist even without a median. Horizons are given in months of
    //    365.25 / 12 = 30.4375 days, read on the curve's days (SurvivalOptions, default 6, 12
    //    and 24 months; here 6, 7 and 12).
    //    The share licensed by a horizon is 1 - S at that day:
    //      6 months = day 182.625: S = 15/24 (eka's day 183 is just after), share 9/24 = 0.375
    //      7 months = day 213.0625: S = 15/48, share 33/48 = 0.6875
    //      12 months = day 365.25: nobody was followed that long (bayu, the longest, 364 days),
    //        so the curve says nothing there: NaN.
    //    Its interval is 1 - S's log(-log) interval. At 6 months S = 0.625 with Greenwood SE
    //    0.625 * sqrt(1/30 + 1/12) = 0.213478; v = 1.96 * 0.213478 / (0.625 * ln 0.625)
    //    = -1.42438, S's interval 0.625^exp(1.42438) .. 0.625^exp(-1.42438) = 0.1419 .. 0.8931,
    //    so the share's is 0.1069 .. 0.8581 (six people: wide).
    //    The restricted mean to 6 months is the area under S up to day 182.625: the mean number
    //    of those days spent before the licence.
    //      1 * 30 + 5/6 * (90 - 30) + 15/24 * (182.625 - 90) = 30 + 50 + 57.890625
    //      = 137.890625 days
    //    Its SE sums, over the event days t <= 182.625, A_t^2 * d / (n (n - d)), A_t the area
    //    from t to the horizon: A_90 = 57.890625, A_30 = 107.890625;
    //      sqrt(107.890625^2 / (6 * 5) + 57.890625^2 / (4 * 3)) = sqrt(388.0129 + 279.2770)
    //      = 25.8320 days.
    SurvivalOptions horizons;
    horizons.horizons_months = {6, 7, 12};
    horizons.restricted_mean_months = 6;
    const SurvivalCurve by =
        time_to(programme, as_of, Milestone::licensed(), GroupBy::none, horizons).front();
    std::cout << "\nShare licensed by a horizon (a month is 30.4375 days)\n"
              << "months      days   share  95% interval\n"
              << std::fixed << std::setprecision(4);
    for (const HorizonShare& h : by.reached_by)
        std::cout << std::setw(6) << std::setprecision(0) << h.months << std::setprecision(4)
                  << std::setw(10) << h.days << std::setw(8) << h.share << "  " << h.ci_lower
                  << " .. " << h.ci_upper << '\n';
    const RestrictedMean& rm = by.restricted_mean;
    std::cout << "restricted mean to " << std::setprecision(0) << rm.horizon_months << " months ("
              << std::setprecision(4) << rm.horizon_days << " days): " << rm.mean_days
              << " days before the licence, SE " << rm.std_err << '\n'
              << std::defaultfloat;
    std::vector<double> shares;
    for (const HorizonShare& h : by.reached_by) shares.push_back(h.share);
    figure("share licensed by 6, 7, 12 months", shares,
           std::vector<double>{9.0 / 24, 33.0 / 48, nan}, 1e-12);
    figure("its 95% interval at 6 months",
           std::vector<double>{by.reached_by[0].ci_lower, by.reached_by[0].ci_upper},
           std::vector<double>{0.1069, 0.8581}, 1e-4);
    figure("restricted mean to 6 months, days", rm.mean_days, 137.890625, 1e-12);
    figure("its SE", rm.std_err,
           std::sqrt(107.890625 * 107.890625 / 30 + 57.890625 * 57.890625 / 12), 1e-12);

    // 5. The milestone is a choice too. "Reached P4 under the sequential policy" is rarer than
    //    "licensed": only ani, at 30 days (P4 on 2019-01-31 after P2 and P3). With one event
    //    in six, S never falls below one half, so there is no median: NaN, not a number of
    //    days to quote. This is how licensing looks across Jakarta, where fewer than half are
    //    ever licensed. The figures of step 4 still exist: S = 5/6 from day 30, so
    //      share by 6 months = 1/6 = 0.1667
    //      restricted mean to 6 months = 30 + 5/6 * (182.625 - 30) = 157.1875 days,
    //      SE = sqrt(127.1875^2 / (6 * 5)) = 23.2212 days.
    const SurvivalCurve strict =
        time_to(programme, as_of, Milestone::reached(Step::p4, StepPolicy::sequential),
                GroupBy::none, horizons)
            .front();
    std::cout << "P4 (sequential): " << strict.n_events << " of " << strict.n
              << ", median: " << strict.median << std::fixed << std::setprecision(4)
              << ", share by 6 months: " << strict.reached_by[0].share
              << ", restricted mean to 6 months: " << strict.restricted_mean.mean_days
              << " days (SE " << strict.restricted_mean.std_err << ")\n"
              << std::defaultfloat;
    figure("P4 (sequential) reached", strict.n_events, 1); // only ani, in order
    figure("P4 (sequential) median", strict.median, nan, 0);
    figure("P4 (sequential) share by 6 months", strict.reached_by[0].share, 1.0 / 6, 1e-12);
    figure("P4 (sequential) restricted mean, days", strict.restricted_mean.mean_days, 157.1875,
           1e-12);
    figure("its SE", strict.restricted_mean.std_err, 127.1875 / std::sqrt(30.0), 1e-12);
    return 0;
}
