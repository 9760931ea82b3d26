"""Outcomes, what became of the businesses: the Python twin of examples/07_outcomes.cpp.

Three measures, each under a named rule:

- naik kelas (moving up a size class) between two dates, under a law that is named: the size
  thresholds changed on 2021-02-02 (UU 20/2008: micro up to Rp300 juta annual turnover;
  PP 7/2021: micro up to Rp2 miliar), so "moved up" depends on the law, and comparing a date
  under one law with a date under the other counts a change of thresholds as movement;
- jobs at baseline and now, and the jobs created, lost and net;
- "new entrepreneurs" under four readings, side by side.

Annual turnover at a date is the sum of the revenues of the four quarters to the latest quarter
ended by that date (fewer than four reports: no class, "unknown").

Four participants in Tebet Timur (Jakarta Selatan); every figure is worked out by hand in the
comments and printed as "= what: value" by lesson_check.figure, like the C++ twin.
"""

import datetime

import okoce
from lesson_check import figure
from okoce import LicenceKind, Sector, Step

date = datetime.date
JUTA = 1_000_000


def main() -> None:
    #   ani    registered 2020-01-06; revenue Rp50 juta a quarter in 2020, Rp100 juta a quarter
    #          in 2021; 2 employees in 2020Q1, 5 in 2021Q4; a NIB (and P4) on 2021-03-01
    #   bayu   registered 2020-01-06; revenue Rp150 juta every quarter of 2020 and 2021;
    #          4 employees in 2020Q1, 3 in 2021Q4; an IUMK on 2020-06-01; capital (P7) 2021-06-01
    #   citra  registered 2021-04-05; revenue Rp10 juta in 2021Q3 (1 employee), Rp20 juta in
    #          2021Q4 (3 employees); no licence
    #   dedi   registered 2020-01-06; nothing since
    b = okoce.ProgrammeBuilder()
    for pid, registered in [("ani", date(2020, 1, 6)), ("bayu", date(2020, 1, 6)),
                            ("citra", date(2021, 4, 5)), ("dedi", date(2020, 1, 6))]:
        b.add_participant(pid, "31.74.01.1001", Sector.food_beverage, registered)
    for q in range(1, 5):
        b.add_report("ani", f"2020Q{q}", 50 * JUTA, employees=2 if q == 1 else None)
        b.add_report("ani", f"2021Q{q}", 100 * JUTA, employees=5 if q == 4 else None)
        b.add_report("bayu", f"2020Q{q}", 150 * JUTA, employees=4 if q == 1 else None)
        b.add_report("bayu", f"2021Q{q}", 150 * JUTA, employees=3 if q == 4 else None)
    b.add_report("citra", "2021Q3", 10 * JUTA, employees=1)
    b.add_report("citra", "2021Q4", 20 * JUTA, employees=3)
    b.add_step("ani", Step.p4, date(2021, 3, 1))
    b.add_licence("ani", LicenceKind.nib, date(2021, 3, 1))
    b.add_licence("bayu", LicenceKind.iumk, date(2020, 6, 1))
    b.add_step("bayu", Step.p7, date(2021, 6, 1))
    programme = b.build()

    # 1. Naik kelas from 2020-12-31 to 2021-12-31, over those registered by the start (ani,
    #    bayu, dedi: citra joined later). Annual turnover: ani 4 x 50 = Rp200 juta in 2020,
    #    4 x 100 = Rp400 juta in 2021; bayu 4 x 150 = Rp600 juta both years; dedi none (unknown).
    start, end = date(2020, 12, 31), date(2021, 12, 31)

    def classes(n: okoce.NaikKelas, pid: str) -> str:
        row = n.participants.set_index("id").loc[pid]
        return f"{row['from']} {row['to']}"

    #    Under UU 20/2008 (micro <= Rp300 juta, small <= Rp2.5 miliar): ani micro -> small, up;
    #    bayu small -> small, same; dedi unclassified.
    uu = okoce.naik_kelas(programme, start, end, regime="uu20_2008")
    figure("uu20_2008: participants", uu.summary.loc[0, "participants"], 3)
    figure("uu20_2008: ani's class in 2020 then 2021", classes(uu, "ani"), "micro small")
    figure("uu20_2008: up", uu.summary.loc[0, "up"], 1)
    figure("uu20_2008: same", uu.summary.loc[0, "same"], 1)
    figure("uu20_2008: unclassified", uu.summary.loc[0, "unclassified"], 1)
    #    Under PP 7/2021 (micro <= Rp2 miliar): Rp200, 400 and 600 juta are all micro, so ani
    #    stays micro: nobody moves.
    pp = okoce.naik_kelas(programme, start, end, regime="pp7_2021")
    figure("pp7_2021: ani's class in 2020 then 2021", classes(pp, "ani"), "micro micro")
    figure("pp7_2021: up", pp.summary.loc[0, "up"], 0)
    figure("pp7_2021: same", pp.summary.loc[0, "same"], 2)
    #    The default, "later": both dates under the law in force on the later date
    #    (2021-12-31: PP 7/2021), so the answer is PP 7/2021's, and says so.
    later = okoce.naik_kelas(programme, start, end)
    figure("later: law at the start", later.law_start, "PP 7/2021")
    figure("later: law at the end", later.law_end, "PP 7/2021")
    figure("later: up", later.summary.loc[0, "up"], 0)
    figure("later: same", later.summary.loc[0, "same"], 2)
    #    What the default guards against, "each_date": 2020-12-31 under UU 20/2008, 2021-12-31
    #    under PP 7/2021. bayu's Rp600 juta is small, then micro: "down", with no change in his
    #    business at all. The result is flagged as mixing laws.
    mixed = okoce.naik_kelas(programme, start, end, regime="each_date")
    figure("each_date: bayu's class in 2020 then 2021", classes(mixed, "bayu"), "small micro")
    figure("each_date: down", mixed.summary.loc[0, "down"], 1)
    figure("each_date: mixes laws", mixed.mixes_laws, True)

    # 2. Jobs as of 2021-12-31, over the four registered by then. Baseline: the first report with
    #    employees in the registration quarter or the next; now: the latest with employees among
    #    the four quarters to 2021Q4 (and later than the baseline).
    #      ani   baseline 2020Q1: 2, now 2021Q4: 5, change +3
    #      bayu  baseline 2020Q1: 4, now 2021Q4: 3, change -1
    #      citra registered in 2021Q2; baseline 2021Q3 (the next quarter): 1, now 2021Q4: 3, +2
    #      dedi  no report: no data
    #    With data 3; baseline 2 + 4 + 1 = 7; now 5 + 3 + 3 = 11; created 3 + 2 = 5; lost 1;
    #    net 5 - 1 = 4 (= 11 - 7).
    j = okoce.jobs(programme, end).iloc[0]
    figure("jobs: participants", j["participants"], 4)
    figure("jobs: with data", j["with_data"], 3)
    figure("jobs: employees at baseline", j["baseline_employees"], 7)
    figure("jobs: employees now", j["employees_now"], 11)
    figure("jobs: created", j["jobs_created"], 5)
    figure("jobs: lost", j["jobs_lost"], 1)
    figure("jobs: net", j["net"], 4)

    # 3. "New entrepreneurs" as of 2021-12-31, four readings:
    #      licensed_okoce (IUMK or SKU, OK OCE's 2018 P4 indicator): bayu (IUMK); ani's NIB does
    #        not count: 1
    #      licensed (IUMK, SKU or NIB): ani and bayu: 2
    #      capital (reached P7, the DPRD's reading): bayu: 1
    #      verified_in_business (a licence, or a report with revenue or an employee): ani, bayu,
    #        and citra by her revenue with no licence at all: 3
    #    dedi counts under none.
    e = okoce.new_entrepreneurs(programme, end).iloc[0]
    figure("new entrepreneurs: participants", e["participants"], 4)
    figure("new entrepreneurs: licensed_okoce", e["licensed_okoce"], 1)
    figure("new entrepreneurs: licensed", e["licensed"], 2)
    figure("new entrepreneurs: capital", e["capital"], 1)
    figure("new entrepreneurs: verified_in_business", e["verified_in_business"], 3)


if __name__ == "__main__":
    main()
