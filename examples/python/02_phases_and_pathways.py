"""Phases and pathways: the Python twin of examples/02_phases_and_pathways.cpp.

JakPreneur does not treat everyone as a beginner. This lesson builds a small programme in Tebet
Timur (Jakarta Selatan) by hand, classifies each participant's business as of one date, and
prints the steps the programme recommends next. Every verdict is checked against the reasoning
in the comments: each checked figure is printed as "= what: value" by lesson_check.figure, which
exits 1 if the library disagrees. The C++ twin prints the same figures.

Registration is P1 (Pendaftaran): a registered participant has done P1 on the registration date
whether or not the data holds a P1 row, and steps_done(), phases() and the funnel all say so.
Who needs a mentor follows from the next step: P3 Pendampingan.
"""

import datetime

import okoce
from lesson_check import figure
from okoce import LicenceKind, Sector, Step

date = datetime.date


# 1. Participants register with the kelurahan of their business; registering is step P1, so no
#    P1 row is recorded. Some have run a business for years before joining; some have none yet.
builder = okoce.ProgrammeBuilder()
people = [
    ("ani", Sector.food_beverage, date(2020, 3, 2), None),  # no business yet
    ("budi", Sector.fashion, date(2020, 3, 2), date(2019, 9, 1)),  # under two years old
    ("citra", Sector.craft, date(2020, 4, 6), date(2012, 1, 1)),  # old and flat
    ("dewi", Sector.retail, date(2020, 4, 6), date(2014, 8, 1)),  # old and growing
    ("eko", Sector.services, date(2020, 5, 4), None),  # no business, trained
]
for pid, sector, registered, started in people:
    builder.add_participant(pid, "31.74.01.1001", sector, registered,
                            business_started_on=started)
builder.add_step("eko", Step.p2, date(2020, 8, 3))  # P2 Pelatihan done

# 2. Every quarter each participant reports revenue. Growth is judged year on year (a quarter
#    against the same quarter a year before) because Ramadan and the year end make quarters
#    within a year incomparable.
builder.add_report("citra", "2020Q2", 30_000_000)
builder.add_report("citra", "2021Q2", 31_500_000)  # +5%: below the 10% threshold
builder.add_report("dewi", "2020Q2", 40_000_000)
builder.add_report("dewi", "2021Q2", 48_000_000)  # +20%

# 3. Licences: an SKU from the lurah counts for step P4 (Perizinan).
builder.add_licence("citra", LicenceKind.sku, date(2020, 9, 1), issuer="Lurah")
programme = builder.build()

# 4. Classify as of one date. The verdict names the rule that decided it:
#    ani    no business start date          -> starting, whole pathway, next P2 (training)
#    budi   22 months old (12 to 36)        -> mid-stage, skips training, next P3
#    citra  114 months old, +5% < 10%       -> stalled; licensed, so P3 P5 P6 P7; next P3
#    dewi   83 months old, +20% >= 10%      -> mid-stage, next P3
#    eko    no business start date, trained -> starting, next P3 (P1 by registration, P2 done)
by_hand = {"ani": ("starting", "P2"), "budi": ("mid_stage", "P3"), "citra": ("stalled", "P3"),
           "dewi": ("mid_stage", "P3"), "eko": ("starting", "P3")}
as_of = date(2021, 7, 31)
rules = okoce.PhaseRules()  # the defaults: starting < 12 months, stalled from 36 months
reports = programme.reports()
print(f"Phases as of {as_of} in {programme.region_table.name('31.74.01.1001')}\n")
verdicts = {}
for pid, *_ in people:
    p = programme.participant(pid)
    mine = reports[reports["participant"] == pid]
    v = okoce.classify_phase(p.business_started_on, as_of, [str(q) for q in mine["quarter"]],
                             [int(r) for r in mine["revenue"]], rules=rules)
    licensed = programme.licensed_as_of(pid, as_of)
    path = okoce.pathway(v.phase, licensed)
    nxt = okoce.next_step(v.phase, programme.steps_done(pid, as_of), licensed)
    verdicts[pid] = (v, path, nxt)
    print(f"{pid:<6}{v.phase.value:<10} ({v.phase.label_id})")
    print(f"       because: {v.rule.describe(rules)}")
    if v.growth is not None:
        print(f"       year-on-year growth: {v.growth * 100:g}%")
    print(f"       pathway: {' '.join(s.value for s in path)}")
    shown = f"{nxt.value} {nxt.label_id} ({nxt.label_en})" if nxt else "pathway complete"
    print(f"       next: {shown}")
    figure(f"{pid}: phase", v.phase, by_hand[pid][0])
    if pid == "budi":
        figure("budi: business age in months", v.age_months, 22)
    if pid == "citra":
        figure("citra: year-on-year growth", v.growth, 0.05, tolerance=1e-12)
        figure("citra: pathway (licensed)", [s.value for s in path], ["P3", "P5", "P6", "P7"])
    if pid == "dewi":
        figure("dewi: year-on-year growth", v.growth, 0.20, tolerance=1e-12)
    figure(f"{pid}: next step", nxt.value if nxt else "none", by_hand[pid][1])

# 5. One answer per question. steps_done() counts registration as P1, so ani (no P1 row) has P1
#    done and P2 next, exactly as phases() reports. Next steps by hand: ani P2; budi, citra,
#    dewi, eko P3. So 4 of the 5 have mentoring (P3) next: the default mentoring demand
#    (okoce.assign_mentors(..., demand="next_step")). The funnel (a-la-carte) agrees: P1 5
#    (everyone registered), P2 1 (eko).
table = okoce.phases(programme, as_of)
mine = {pid: (v[2].value if v[2] else None) for pid, v in verdicts.items()}
theirs = {pid: (None if isinstance(x, float) else str(x))  # NaN: the pathway is done
          for pid, x in zip(table["id"].astype(str), table["next_step"].astype(object))}
agree = sum(1 for pid in mine if mine[pid] == theirs[pid])
mentoring_next = int(((table["next_step"].astype(str) == "P3") & table["active"]).sum())
f = okoce.funnel(programme, as_of, policy="a_la_carte")
ani_done = Step.p1 in programme.steps_done("ani", as_of)
print(f"\nani has done P1 by registering: {'yes' if ani_done else 'no'}")
print(f"phases() gives the same next step for {agree} of {len(table)}")
print(f"next step is mentoring (P3): {mentoring_next} of {len(table)}")
print(f"funnel (a-la-carte): P1 {int(f['P1'].iloc[0])}, P2 {int(f['P2'].iloc[0])}")
figure("ani has done P1 by registering", ani_done, True)
figure("phases() gives the same next step", agree, 5)
figure("next step is mentoring (P3)", mentoring_next, 4)
figure("funnel (a-la-carte) P1 P2", [f["P1"].iloc[0], f["P2"].iloc[0]], [5, 1])
