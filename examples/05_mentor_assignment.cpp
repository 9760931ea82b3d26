// Mentor assignment: who mentors whom, why, and where mentors are missing.
//
// Each kecamatan office has a few office mentors (pendamping); the OK OCE communities add
// community mentors who serve some sectors or phases only. Every mentor has a caseload limit.
// Who needs a mentor is a named rule (MentoringDemand). By default it is the programme office's:
// active, no current mentor, and the next step on the participant's pathway is P3 Pendampingan
// (mentoring) - registration (P1) and training (P2) come first for a beginner.
// assign_mentors() pairs each participant who needs a mentor with one who has a free place:
// first as many participants as capacity allows, then, among those pairings, the cheapest - a
// mentor from the same kecamatan before one from the same kota, one who serves the
// participant's sector and phase before one who does not, an office mentor before a community
// mentor. It explains every pair, every participant left over, and what each kecamatan lacks.
//
// The programme below is small enough to solve on paper; the comments do so. Each figure is
// printed as "= what: value" and compared by lesson_check.hpp, which exits 1 if the library
// finds anything else; the Python twin prints the same figures.
#include "lesson_check.hpp"

#include <okoce/okoce.hpp>

#include <iomanip>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

int main() {
    using namespace okoce;
    using boost::gregorian::date;
    using lesson::check;
    using lesson::figure;
    const Date as_of = date(2019, 12, 31);

    // 1. Participants. All registered in 2019 without a business yet, so all are in the
    //    starting phase, whose pathway is P1..P7. Registration is P1. Five live in Tebet
    //    (31.74.01), two in Setiabudi (31.74.02), both in Jakarta Selatan, and one in Gambir
    //    (31.71.01), Jakarta Pusat; all eight finished training (P2) on 1 July, so mentoring
    //    (P3) is their next step. "lama" already has a mentor; the other seven need one.
    //    Two more in Tebet show the demand rule: "rina" finished mentoring (P3) in June and has
    //    no mentor now (next step P4); "baru" registered in November and is not trained yet
    //    (next step P2). Neither needs a mentor under the default rule.
    ProgrammeBuilder builder;
    auto join = [&](std::string id, std::string_view kelurahan, Sector sector, Date registered) {
        Participant p;
        p.id = std::move(id);
        p.kelurahan = RegionCode::parse(kelurahan);
        p.sector = sector;
        p.registered_on = registered;
        builder.add(std::move(p));
    };
    join("lama", "31.74.01.1001", Sector::craft, date(2019, 1, 7));
    join("tuti", "31.74.01.1001", Sector::food_beverage, date(2019, 2, 4)); // Tebet
    join("tari", "31.74.01.1002", Sector::fashion, date(2019, 3, 4));
    join("tomi", "31.74.01.1003", Sector::craft, date(2019, 4, 1));
    join("tera", "31.74.01.1004", Sector::retail, date(2019, 5, 6));
    join("sinta", "31.74.02.1001", Sector::food_beverage, date(2019, 3, 11)); // Setiabudi
    join("sandi", "31.74.02.1003", Sector::services, date(2019, 6, 3));
    join("gita", "31.71.01.1001", Sector::retail, date(2019, 2, 18)); // Gambir
    for (const char* id : {"lama", "tuti", "tari", "tomi", "tera", "sinta", "sandi", "gita"})
        builder.add(StepRecord{id, Step::p2, date(2019, 7, 1)});
    join("rina", "31.74.01.1001", Sector::craft, date(2019, 1, 14));
    builder.add(StepRecord{"rina", Step::p2, date(2019, 2, 1)});
    builder.add(StepRecord{"rina", Step::p3, date(2019, 6, 1)});
    join("baru", "31.74.01.1002", Sector::fashion, date(2019, 11, 4));

    // 2. Mentors. Two office mentors and one community mentor from the culinary community,
    //    who serves food and drink businesses in the starting phase only.
    auto mentor = [&](std::string id, MentorKind kind, std::string_view kecamatan,
                      std::int32_t capacity) {
        Mentor m;
        m.id = std::move(id);
        m.kind = kind;
        m.kecamatan = RegionCode::parse(kecamatan);
        m.capacity = capacity;
        return m;
    };
    builder.add(mentor("M-TEB", MentorKind::office, "31.74.01", 3));
    Mentor kuliner = mentor("M-KUL", MentorKind::community, "31.74.01", 1);
    kuliner.sectors.insert(Sector::food_beverage);
    kuliner.phases.insert(Phase::starting);
    builder.add(std::move(kuliner));
    builder.add(mentor("M-SET", MentorKind::office, "31.74.02", 2));
    // lama has been with M-TEB since February, which takes one of M-TEB's three places.
    builder.add(AssignmentRecord{"lama", "M-TEB", date(2019, 2, 1), {}});
    const Programme programme = builder.build();

    // 2b. Who needs a mentor, under each rule. Nine active participants have no mentor:
    //      next_step           the seven trained ones                      7
    //      until_pathway_done  + rina (P3 done, P4 next, pathway not done) 8
    //      all_active          + baru (P2 next)                            9
    std::cout << "Who needs a mentor as of " << format_date(as_of) << '\n';
    for (auto rule : {MentoringDemand::next_step, MentoringDemand::until_pathway_done,
                      MentoringDemand::all_active}) {
        AssignmentOptions options;
        options.demand = rule;
        const AssignmentResult r = assign_mentors(programme, as_of, options);
        std::cout << "   " << std::left << std::setw(19) << to_string(rule) << r.demand_count << ' '
                  << describe(rule) << " (of " << r.active_without_pair
                  << " active without a mentor)\n";
        const std::string name(to_string(rule));
        figure(name + ": active without a mentor", r.active_without_pair, 9);
        figure(name + ": need one", r.demand_count,
               rule == MentoringDemand::next_step            ? 7
               : rule == MentoringDemand::until_pathway_done ? 8
                                                             : 9);
    }
    std::cout << '\n';

    // 3. Solve it by hand, under the default rule (next_step). Places: M-TEB 3 - 1 = 2, M-KUL 1,
    // M-SET 2, so 5 of the 7 can be
    //    mentored. Costs (defaults): same kecamatan 0, same kota 10, elsewhere in DKI 30;
    //    +20 if the mentor does not serve the sector; +1 for a community mentor.
    //      tuti  -> M-KUL  0 + 1          = 1   (the only food business in Tebet)
    //      tari  -> M-TEB  0                    (Tebet, office mentor)
    //      tomi  -> M-TEB  0
    //      sinta -> M-SET  0                    (Setiabudi, office mentor)
    //      sandi -> M-SET  0
    //    Total 1. No other choice of five is as cheap: gita costs 30 with any mentor, and a
    //    Tebet participant other than tuti costs 21 with M-KUL. tera and gita are left over;
    //    tari, tomi and tera cost the same everywhere, so the places go to the earliest
    //    registrants and tera (May) waits.
    const AssignmentResult result = assign_mentors(programme, as_of);
    figure("default rule", to_string(result.demand), "next_step");
    const auto& people = programme.participants();
    const auto& mentors = programme.mentors();
    std::cout << "Mentor assignment as of " << format_date(as_of) << "\n\nPairs\n";
    for (std::size_t k = 0; k < result.size(); ++k) {
        std::cout << "   " << std::left << std::setw(6) << people.id[result.participant[k]]
                  << " -> " << std::setw(6) << mentors.id[result.mentor[k]] << " cost "
                  << result.cost[k] << ": "
                  << to_string(static_cast<MentorDistance>(result.distance[k])) << ", sector "
                  << (result.sector_match[k] ? "served" : "not served") << ", phase "
                  << to_string(result.phase[k])
                  << (result.phase_match[k] ? " served" : " not served") << '\n';
    }
    std::cout << "total cost " << result.total_cost << "\n\nWithout a mentor\n";
    for (std::size_t k = 0; k < result.unassigned.size(); ++k)
        std::cout << "   " << std::setw(6) << people.id[result.unassigned[k]] << ' '
                  << to_string(result.reason[k]) << '\n';

    auto mentor_of = [&](std::string_view participant) -> std::string {
        const Index p = *programme.find_participant(participant);
        for (std::size_t k = 0; k < result.size(); ++k)
            if (result.participant[k] == p) return mentors.id[result.mentor[k]];
        return "";
    };
    figure("new pairs", result.size(), 5);
    figure("mentors of tuti tari tomi sinta sandi",
           std::vector<std::string>{mentor_of("tuti"), mentor_of("tari"), mentor_of("tomi"),
                                    mentor_of("sinta"), mentor_of("sandi")},
           std::vector<std::string>{"M-KUL", "M-TEB", "M-TEB", "M-SET", "M-SET"});
    figure("lama gets a new pair", !mentor_of("lama").empty(), false); // keeps the current one
    figure("total cost", result.total_cost, 1);
    std::vector<std::string> left_over, why;
    for (std::size_t k = 0; k < result.unassigned.size(); ++k) {
        left_over.emplace_back(people.id[result.unassigned[k]]);
        why.emplace_back(to_string(result.reason[k]));
    }
    figure("without a mentor", left_over, std::vector<std::string>{"tera", "gita"});
    figure("why", why,
           std::vector<std::string>{"no_capacity_within_reach", "no_capacity_within_reach"});

    // 4. Where mentors are missing. Demand (by the rule above) is counted where participants
    //    live; spare places where mentors are homed. rina and baru live in Tebet but are not
    //    demand. The shortfall ignores lending between kecamatan:
    //      31.71.01 Gambir     demand 1, spare 0, shortfall 1 -> 1 more mentor (of 25 places)
    //      31.74.01 Tebet      demand 4, spare 3, shortfall 1 -> 1 more mentor
    //      31.74.02 Setiabudi  demand 2, spare 2, shortfall 0
    std::cout << "\nPer kecamatan\n   kecamatan  demand  spare  local  unassigned  shortfall  "
                 "more mentors\n";
    const auto& kec = result.kecamatans;
    for (std::size_t k = 0; k < kec.size(); ++k)
        std::cout << "   " << std::setw(11) << kec.kecamatan[k].to_string() << std::right
                  << std::setw(6) << kec.demand[k] << std::setw(7) << kec.spare_capacity[k]
                  << std::setw(7) << kec.assigned_locally[k] << std::setw(12) << kec.unassigned[k]
                  << std::setw(11) << kec.shortfall[k] << std::setw(14) << kec.additional_mentors[k]
                  << std::left << "   " << programme.regions().name(kec.kecamatan[k]) << '\n';
    //    Locally assigned: Tebet 3 (tuti, tari, tomi; tera waits), Setiabudi 2, Gambir 0.
    std::vector<std::string> codes;
    for (const RegionCode code : kec.kecamatan) codes.push_back(code.to_string());
    figure("kecamatan", codes, std::vector<std::string>{"31.71.01", "31.74.01", "31.74.02"});
    figure("demand", kec.demand, std::vector<int>{1, 4, 2});
    figure("spare places", kec.spare_capacity, std::vector<int>{0, 3, 2});
    figure("assigned locally", kec.assigned_locally, std::vector<int>{0, 3, 2});
    figure("unassigned", kec.unassigned, std::vector<int>{1, 1, 0});
    figure("shortfall", kec.shortfall, std::vector<int>{1, 1, 0});
    figure("more mentors", kec.additional_mentors, std::vector<int>{1, 1, 0});

    // 5. The mentors' side: M-TEB had one of three places taken by lama, and took two more.
    const auto& loads = result.mentors;
    const Index teb = *programme.find_mentor("M-TEB");
    std::cout << "\nM-TEB: capacity " << loads.capacity[teb] << ", existing " << loads.existing[teb]
              << ", spare " << loads.spare[teb] << ", assigned " << loads.assigned[teb] << '\n';
    figure("M-TEB capacity, existing, spare, assigned",
           std::vector<std::int64_t>{loads.capacity[teb], loads.existing[teb], loads.spare[teb],
                                     loads.assigned[teb]},
           std::vector<int>{3, 1, 2, 2});
    return 0;
}
