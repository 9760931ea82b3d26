// Phases and pathways: JakPreneur does not treat everyone as a beginner.
//
// This example builds a small programme in Tebet (Jakarta Selatan) by hand, classifies each
// participant's business as of one date, and prints the steps the programme recommends next.
// Read it top to bottom; every number printed can be checked by hand against the data here.
#include <okoce/okoce.hpp>

#include <iomanip>
#include <iostream>

int main() {
    using namespace okoce;
    using boost::gregorian::date;
    const Date none(boost::gregorian::not_a_date_time);
    const RegionCode tebet_timur = RegionCode::parse("31.74.01.1001");

    // 1. Participants register (step P1) with the kelurahan of their business. Some have run
    //    a business for years before joining; some have none yet.
    ProgrammeBuilder builder;
    auto join = [&](std::string id, Sector sector, Date registered, Date business_started) {
        builder.add(StepRecord{id, Step::p1, registered});
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

    // 4. Classify as of one date. The verdict names the rule that decided it.
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
                  << to_string(v.phase) << " (" << label_id(v.phase) << ")\n"
                  << "       because: " << describe(v.rule, rules) << "\n";
        if (v.growth) std::cout << "       year-on-year growth: " << *v.growth * 100 << "%\n";
        std::cout << "       pathway:";
        for (Step s : all_steps)
            if (pathway(v.phase, licensed).contains(s)) std::cout << ' ' << to_string(s);
        std::cout << "\n       next: "
                  << (next ? std::string(to_string(*next)) + " " + std::string(name_id(*next)) +
                                 " (" + std::string(name_en(*next)) + ")"
                           : std::string("pathway complete"))
                  << "\n";
    }
    return 0;
}
