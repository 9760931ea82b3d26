// Phases and pathways: JakPreneur does not treat everyone as a beginner.
//
// This example builds a small programme in Tebet (Jakarta Selatan) by hand, classifies each
// participant's business as of one date, and prints the steps the programme recommends next.
// Read it top to bottom; every number printed can be checked by hand against the data here, and
// each checked figure is printed as "= what: value" and compared with the hand-worked value by
// lesson_check.hpp (exit 1 on a mismatch). The Python twin prints the same figures.
// Registration is P1 (Pendaftaran): a registered participant has done P1 on the registration
// date whether or not the data holds a P1 row, and steps_done(), phases() and the funnel all
// say so. Who needs a mentor follows from the next step: P3 Pendampingan.
#include "lesson_check.hpp"

#include <okoce/okoce.hpp>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main() {
    using namespace okoce;
    using boost::gregorian::date;
    using lesson::figure;
    const Date none(boost::gregorian::not_a_date_time);
    const RegionCode tebet_timur = RegionCode::parse("31.74.01.1001");

    // 1. Participants register with the kelurahan of their business; registering is step P1,
    //    so no P1 row is recorded. Some have run a business for years before joining; some
    //    have none yet.
    ProgrammeBuilder builder;
    auto join = [&](std::string id, Sector sector, Date registered, Date business_started) {
        Participant p;
        p.id = std::move(id);
        p.kelurahan = tebet_timur;
        p.sector = sector;
        p.registered_on = registered;
        p.business_started_on = business_started;
        builder.add(std::move(p));
    };
    join("ani", Sector::food_beverage, date(2020, 3, 2), none);        // no business yet
    join("budi", Sector::fashion, date(2020, 3, 2), date(2019, 9, 1)); // under two years old
    join("citra", Sector::craft, date(2020, 4, 6), date(2012, 1, 1));  // old and flat
    join("dewi", Sector::retail, date(2020, 4, 6), date(2014, 8, 1));  // old and growing
    join("eko", Sector::services, date(2020, 5, 4), none);             // no business, trained
    builder.add(StepRecord{"eko", Step::p2, date(2020, 8, 3)});        // P2 Pelatihan done

    // 2. Every quarter each participant reports revenue. Growth is judged year on year
    //    (a quarter against the same quarter a year before) because Ramadan and the year end
    //    make quarters within a year incomparable.
    auto report = [&](std::string id, Quarter q, std::int64_t revenue) {
        builder.add(QuarterlyReport{std::move(id), q, Rupiah(revenue), {}, {}, none});
    };
    report("citra", Quarter(2020, 2), 30'000'000);
    report("citra", Quarter(2021, 2), 31'500'000); // +5%: below the 10% threshold
    report("dewi", Quarter(2020, 2), 40'000'000);
    report("dewi", Quarter(2021, 2), 48'000'000); // +20%

    // 3. Licences: an SKU from the lurah counts for step P4 (Perizinan).
    builder.add(LicenceRecord{"citra", {LicenceKind::sku, "", date(2020, 9, 1), none, "Lurah"}});

    const Programme programme = builder.build();

    // 4. Classify as of one date. The verdict names the rule that decided it:
    //    ani    no business start date          -> starting, whole pathway, next P2 (training)
    //    budi   22 months old (12 to 36)        -> mid-stage, skips training, next P3
    //    citra  114 months old, +5% < 10%       -> stalled; licensed, so P3 P5 P6 P7; next P3
    //    dewi   83 months old, +20% >= 10%      -> mid-stage, next P3
    //    eko    no business start date, trained -> starting, next P3 (P1 by registration, P2 done)
    const std::map<std::string, std::pair<std::string_view, std::string_view>> by_hand{
        {"ani", {"starting", "P2"}},
        {"budi", {"mid_stage", "P3"}},
        {"citra", {"stalled", "P3"}},
        {"dewi", {"mid_stage", "P3"}},
        {"eko", {"starting", "P3"}}};
    const Date as_of = date(2021, 7, 31);
    const PhaseRules rules; // the defaults: starting < 12 months, stalled from 36 months
    std::cout << "Phases as of " << format_date(as_of) << " in "
              << programme.regions().name(tebet_timur) << "\n\n";
    for (Index i = 0; i < programme.participant_count(); ++i) {
        const auto& people = programme.participants();
        const PhaseVerdict v = classify_phase(people.business_started_on[i], as_of,
                                              programme.revenue_series(i), rules);
        const bool licensed = programme.licensed_as_of(i, as_of);
        const StepSet done = programme.steps_done(i, as_of);
        const auto next = next_step(v.phase, done, licensed);

        std::cout << std::left << std::setw(6) << people.id[i] << std::setw(10)
                  << to_string(v.phase) << " (" << label(v.phase, Lang::id) << ")\n"
                  << "       because: " << describe(v.rule, rules) << "\n";
        if (v.growth) std::cout << "       year-on-year growth: " << *v.growth * 100 << "%\n";
        std::vector<std::string> path;
        for (Step s : all_steps)
            if (pathway(v.phase, licensed).contains(s)) path.emplace_back(to_string(s));
        std::cout << "       pathway: " << lesson::format(path) << "\n       next: "
                  << (next ? std::string(to_string(*next)) + " " +
                                 std::string(label(*next, Lang::id)) + " (" +
                                 std::string(label(*next, Lang::en)) + ")"
                           : std::string("pathway complete"))
                  << "\n";
        const std::string id(people.id[i]);
        figure(id + ": phase", to_string(v.phase), by_hand.at(id).first);
        if (id == "budi") figure("budi: business age in months", v.age_months.value_or(-1), 22);
        if (id == "citra") {
            figure("citra: year-on-year growth", v.growth.value_or(NAN), 0.05, 1e-12);
            figure("citra: pathway (licensed)", path,
                   std::vector<std::string>{"P3", "P5", "P6", "P7"});
        }
        if (id == "dewi") figure("dewi: year-on-year growth", v.growth.value_or(NAN), 0.20, 1e-12);
        figure(id + ": next step", next ? to_string(*next) : "none", by_hand.at(id).second);
    }

    // 5. One answer per question. steps_done() counts registration as P1, so ani (no P1 row)
    //    has P1 done and P2 next, exactly as phases() reports. Next steps by hand:
    //      ani P2; budi, citra, dewi P3 (mid-stage and stalled skip training); eko P3 (P1 by
    //      registration, P2 recorded). So 4 of the 5 have mentoring (P3) next: the default
    //      mentoring demand (assign_mentors, MentoringDemand::next_step).
    //    The funnel (a-la-carte) agrees: P1 5 (everyone registered), P2 1 (eko).
    const PhaseTable table = phases(programme, as_of);
    int agree = 0, mentoring_next = 0;
    for (std::size_t r = 0; r < table.size(); ++r) {
        const Index i = table.participant[r];
        const auto v = classify_phase(programme.participants().business_started_on[i], as_of,
                                      programme.revenue_series(i), rules);
        const auto next =
            next_step(v.phase, programme.steps_done(i, as_of), programme.licensed_as_of(i, as_of));
        const std::int8_t mine = next ? static_cast<std::int8_t>(*next) : std::int8_t{-1};
        agree += mine == table.next_step[r] ? 1 : 0;
        mentoring_next += table.active[r] && next == Step::p3 ? 1 : 0;
    }
    const Funnel f = funnel(programme, as_of, StepPolicy::a_la_carte);
    const auto ani_done = programme.steps_done(*programme.find_participant("ani"), as_of);
    std::cout << "\nani has done P1 by registering: "
              << (ani_done.contains(Step::p1) ? "yes" : "no")
              << "\nphases() gives the same next step for " << agree << " of " << table.size()
              << "\nnext step is mentoring (P3): " << mentoring_next << " of " << table.size()
              << "\nfunnel (a-la-carte): P1 " << f.reached[0][0] << ", P2 " << f.reached[0][1]
              << "\n";
    figure("ani has done P1 by registering", ani_done.contains(Step::p1), true);
    figure("phases() gives the same next step", agree, 5);
    figure("next step is mentoring (P3)", mentoring_next, 4);
    figure("funnel (a-la-carte) P1 P2", std::vector<std::int64_t>{f.reached[0][0], f.reached[0][1]},
           std::vector<std::int64_t>{5, 1});
    return 0;
}
