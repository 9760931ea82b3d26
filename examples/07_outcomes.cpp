// Lesson 7: outcomes, what became of the businesses. Three measures, each under a named rule:
//   - naik kelas (moving up a size class) between two dates, under a law that is named: the size
//     thresholds changed on 2021-02-02 (UU 20/2008: micro up to Rp300 juta annual turnover;
//     PP 7/2021: micro up to Rp2 miliar), so "moved up" depends on the law, and comparing a date
//     under one law with a date under the other counts a change of thresholds as movement;
//   - jobs at baseline and now, and the jobs created, lost and net;
//   - "new entrepreneurs" under four readings, side by side.
//
// Annual turnover at a date is the sum of the revenues of the four quarters to the latest
// quarter ended by that date (fewer than four reports: no class, "unknown").
//
// Four participants in Tebet Timur (Jakarta Selatan); every figure is worked out by hand below.
//      ani    registered 2020-01-06; revenue Rp50 juta a quarter in 2020, Rp100 juta a quarter
//             in 2021; 2 employees in 2020Q1, 5 in 2021Q4; a NIB (and P4) on 2021-03-01
//      bayu   registered 2020-01-06; revenue Rp150 juta every quarter of 2020 and 2021;
//             4 employees in 2020Q1, 3 in 2021Q4; an IUMK on 2020-06-01; capital (P7) 2021-06-01
//      citra  registered 2021-04-05; revenue Rp10 juta in 2021Q3 (1 employee), Rp20 juta in
//             2021Q4 (3 employees); no licence
//      dedi   registered 2020-01-06; nothing since
#include "lesson_check.hpp"

#include <okoce/okoce.hpp>

#include <optional>
#include <string>

int main() {
    using namespace okoce;
    using boost::gregorian::date;
    using lesson::figure;
    const std::int64_t juta = 1'000'000;

    ProgrammeBuilder builder;
    auto join = [&](std::string id, Date registered) {
        Participant p;
        p.id = std::move(id);
        p.kelurahan = RegionCode::parse("31.74.01.1001");
        p.sector = Sector::food_beverage;
        p.registered_on = registered;
        builder.add(std::move(p));
    };
    auto report = [&](std::string id, int year, int q, std::int64_t revenue_juta,
                      std::optional<std::int32_t> employees = std::nullopt) {
        builder.add(QuarterlyReport{std::move(id),
                                    Quarter(year, q),
                                    Rupiah(revenue_juta * juta),
                                    std::nullopt,
                                    employees,
                                    {}});
    };
    auto licence = [&](std::string id, LicenceKind kind, Date on) {
        builder.add(LicenceRecord{id, Licence{kind, "", on, {}, ""}});
    };
    join("ani", date(2020, 1, 6));
    join("bayu", date(2020, 1, 6));
    join("citra", date(2021, 4, 5));
    join("dedi", date(2020, 1, 6));
    for (int q = 1; q <= 4; ++q) {
        report("ani", 2020, q, 50, q == 1 ? std::optional<std::int32_t>(2) : std::nullopt);
        report("ani", 2021, q, 100, q == 4 ? std::optional<std::int32_t>(5) : std::nullopt);
        report("bayu", 2020, q, 150, q == 1 ? std::optional<std::int32_t>(4) : std::nullopt);
        report("bayu", 2021, q, 150, q == 4 ? std::optional<std::int32_t>(3) : std::nullopt);
    }
    report("citra", 2021, 3, 10, 1);
    report("citra", 2021, 4, 20, 3);
    builder.add(StepRecord{"ani", Step::p4, date(2021, 3, 1)});
    licence("ani", LicenceKind::nib, date(2021, 3, 1));
    licence("bayu", LicenceKind::iumk, date(2020, 6, 1));
    builder.add(StepRecord{"bayu", Step::p7, date(2021, 6, 1)});
    const Programme programme = builder.build();

    // 1. Naik kelas from 2020-12-31 to 2021-12-31, over those registered by the start (ani,
    //    bayu, dedi: citra joined later). Annual turnover: ani 4 x 50 = Rp200 juta in 2020,
    //    4 x 100 = Rp400 juta in 2021; bayu 4 x 150 = Rp600 juta both years; dedi none (unknown).
    const Date start = date(2020, 12, 31), end = date(2021, 12, 31);
    const auto classes = [](const NaikKelas& n, std::size_t row) {
        return std::string(size_class_names[static_cast<std::size_t>(n.from[row])]) + " " +
               std::string(size_class_names[static_cast<std::size_t>(n.to[row])]);
    };
    //    Under UU 20/2008 (micro <= Rp300 juta, small <= Rp2.5 miliar): ani micro -> small, up;
    //    bayu small -> small, same; dedi unclassified. Rows are by id: ani, bayu, dedi.
    const NaikKelas uu = naik_kelas(programme, start, end, NaikKelasRegime::uu20_2008);
    figure("uu20_2008: participants", uu.participants[0], 3);
    figure("uu20_2008: ani's class in 2020 then 2021", classes(uu, 0), "micro small");
    figure("uu20_2008: up", uu.up[0], 1);
    figure("uu20_2008: same", uu.same[0], 1);
    figure("uu20_2008: unclassified", uu.unclassified[0], 1);
    //    Under PP 7/2021 (micro <= Rp2 miliar): Rp200, 400 and 600 juta are all micro, so ani
    //    stays micro: nobody moves.
    const NaikKelas pp = naik_kelas(programme, start, end, NaikKelasRegime::pp7_2021);
    figure("pp7_2021: ani's class in 2020 then 2021", classes(pp, 0), "micro micro");
    figure("pp7_2021: up", pp.up[0], 0);
    figure("pp7_2021: same", pp.same[0], 2);
    //    The default, "later": both dates under the law in force on the later date
    //    (2021-12-31: PP 7/2021), so the answer is PP 7/2021's, and says so.
    const NaikKelas later = naik_kelas(programme, start, end);
    figure("later: law at the start", later.law_start, "PP 7/2021");
    figure("later: law at the end", later.law_end, "PP 7/2021");
    figure("later: up", later.up[0], 0);
    figure("later: same", later.same[0], 2);
    //    What the default guards against, "each_date": 2020-12-31 under UU 20/2008, 2021-12-31
    //    under PP 7/2021. bayu's Rp600 juta is small, then micro: "down", with no change in
    //    his business at all. The result is flagged as mixing laws.
    const NaikKelas mixed = naik_kelas(programme, start, end, NaikKelasRegime::each_date);
    figure("each_date: bayu's class in 2020 then 2021", classes(mixed, 1), "small micro");
    figure("each_date: down", mixed.down[0], 1);
    figure("each_date: mixes laws", mixed.mixes_laws == 1, true);

    // 2. Jobs as of 2021-12-31, over the four registered by then. Baseline: the first report
    //    with employees in the registration quarter or the next; now: the latest with employees
    //    among the four quarters to 2021Q4 (and later than the baseline).
    //      ani   baseline 2020Q1: 2, now 2021Q4: 5, change +3
    //      bayu  baseline 2020Q1: 4, now 2021Q4: 3, change -1
    //      citra registered in 2021Q2; baseline 2021Q3 (the next quarter): 1, now 2021Q4: 3, +2
    //      dedi  no report: no data
    //    With data 3; baseline 2 + 4 + 1 = 7; now 5 + 3 + 3 = 11; created 3 + 2 = 5; lost 1;
    //    net 5 - 1 = 4 (= 11 - 7).
    const Jobs j = jobs(programme, end);
    figure("jobs: participants", j.participants[0], 4);
    figure("jobs: with data", j.with_data[0], 3);
    figure("jobs: employees at baseline", j.baseline_employees[0], 7);
    figure("jobs: employees now", j.employees_now[0], 11);
    figure("jobs: created", j.jobs_created[0], 5);
    figure("jobs: lost", j.jobs_lost[0], 1);
    figure("jobs: net", j.net[0], 4);

    // 3. "New entrepreneurs" as of 2021-12-31, four readings:
    //      licensed_okoce (IUMK or SKU, OK OCE's 2018 P4 indicator): bayu (IUMK); ani's NIB
    //        does not count: 1
    //      licensed (IUMK, SKU or NIB): ani and bayu: 2
    //      capital (reached P7, the DPRD's reading): bayu: 1
    //      verified_in_business (a licence, or a report with revenue or an employee): ani,
    //        bayu, and citra by her revenue with no licence at all: 3
    //    dedi counts under none.
    const NewEntrepreneurs e = new_entrepreneurs(programme, end);
    figure("new entrepreneurs: participants", e.participants[0], 4);
    figure("new entrepreneurs: licensed_okoce", e.licensed_okoce[0], 1);
    figure("new entrepreneurs: licensed", e.licensed[0], 2);
    figure("new entrepreneurs: capital", e.capital[0], 1);
    figure("new entrepreneurs: verified_in_business", e.verified_in_business[0], 3);
    return 0;
}
