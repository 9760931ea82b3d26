"""Mentor assignment: the Python twin of examples/05_mentor_assignment.cpp.

Who needs a mentor is a named rule (``demand=``). By default it is the programme office's:
active, no current mentor, and the next step on the participant's pathway is P3 Pendampingan
(mentoring); registration counts as P1. Each participant who needs one is paired with a mentor
who has a free place: first as many
as capacity allows, then the cheapest pairing - a mentor of the same kecamatan before one of the
same kota, one who serves the sector and phase before one who does not, an office mentor before
a community mentor. The result explains every pair, every participant left over, and what each
kecamatan lacks. The programme is small enough to solve on paper: each figure is printed as
"= what: value" by lesson_check.figure, which exits 1 if the library finds anything else; the
C++ twin prints the same figures.
"""

import datetime

import okoce
from lesson_check import figure
from okoce import MentorKind, Phase, Sector, Step

date = datetime.date


# 1. Participants, all starting (no business yet; pathway P1..P7; registration is P1). Five in
#    Tebet (31.74.01), two in Setiabudi (31.74.02), one in Gambir (31.71.01); all eight finished
#    training (P2) on 1 July, so mentoring (P3) is next. "lama" already has a mentor; seven need
#    one. In Tebet, "rina" finished mentoring in June (next P4) and "baru" is not trained yet
#    (next P2): neither needs a mentor under the default rule.
b = okoce.ProgrammeBuilder()
for pid, kelurahan, sector, registered in [
        ("lama", "31.74.01.1001", Sector.craft, date(2019, 1, 7)),
        ("tuti", "31.74.01.1001", Sector.food_beverage, date(2019, 2, 4)),
        ("tari", "31.74.01.1002", Sector.fashion, date(2019, 3, 4)),
        ("tomi", "31.74.01.1003", Sector.craft, date(2019, 4, 1)),
        ("tera", "31.74.01.1004", Sector.retail, date(2019, 5, 6)),
        ("sinta", "31.74.02.1001", Sector.food_beverage, date(2019, 3, 11)),
        ("sandi", "31.74.02.1003", Sector.services, date(2019, 6, 3)),
        ("gita", "31.71.01.1001", Sector.retail, date(2019, 2, 18))]:
    b.add_participant(pid, kelurahan, sector, registered)
    b.add_step(pid, Step.p2, date(2019, 7, 1))
b.add_participant("rina", "31.74.01.1001", Sector.craft, date(2019, 1, 14))
b.add_step("rina", Step.p2, date(2019, 2, 1))
b.add_step("rina", Step.p3, date(2019, 6, 1))
b.add_participant("baru", "31.74.01.1002", Sector.fashion, date(2019, 11, 4))

# 2. Two office mentors and a culinary community mentor (food and drink, starting phase only).
#    lama has been with M-TEB since February: one of M-TEB's three places is taken.
b.add_mentor("M-TEB", "31.74.01", 3)
b.add_mentor("M-KUL", "31.74.01", 1, kind=MentorKind.community, sectors=[Sector.food_beverage],
             phases=[Phase.starting])
b.add_mentor("M-SET", "31.74.02", 2)
b.add_assignment("lama", "M-TEB", date(2019, 2, 1))
programme = b.build()

# 2b. Who needs a mentor, under each rule. Nine active participants have no mentor:
#     next_step 7 (the trained ones); until_pathway_done 8 (+ rina, P4 next); all_active 9
#     (+ baru, P2 next).
print("Who needs a mentor as of 2019-12-31")
for rule, expected in [("next_step", 7), ("until_pathway_done", 8), ("all_active", 9)]:
    r = okoce.assign_mentors(programme, date(2019, 12, 31), demand=rule)
    print(f"   {rule:<19}{r.demand_count} {r.demand_description} "
          f"(of {r.active_without_pair} active without a mentor)")
    figure(f"{rule}: active without a mentor", r.active_without_pair, 9)
    figure(f"{rule}: need one", r.demand_count, expected)
print()

# 3. By hand (the default rule, next_step): places M-TEB 2, M-KUL 1, M-SET 2, so 5 of 7 get a mentor. Costs: same kecamatan
#    0, same kota 10, elsewhere in DKI 30; +20 for a sector not served; +1 for a community
#    mentor. tuti -> M-KUL (1); tari, tomi -> M-TEB (0); sinta, sandi -> M-SET (0): total 1.
#    gita costs 30 anywhere; tera ties with tari and tomi and registered last, so waits.
result = okoce.assign_mentors(programme, date(2019, 12, 31))
figure("default rule", result.demand, "next_step")
print("Pairs")
print(result.pairs.to_string(index=False))
print(f"total cost {result.total_cost}\n\nWithout a mentor")
print(result.unassigned.to_string(index=False))
pairs = dict(zip(result.pairs["participant"].astype(str), result.pairs["mentor"].astype(str)))
figure("new pairs", len(result.pairs), 5)
figure("mentors of tuti tari tomi sinta sandi",
       [pairs.get(p, "") for p in ("tuti", "tari", "tomi", "sinta", "sandi")],
       ["M-KUL", "M-TEB", "M-TEB", "M-SET", "M-SET"])
figure("lama gets a new pair", "lama" in pairs, False)  # keeps the current one
figure("total cost", result.total_cost, 1)
figure("without a mentor", list(result.unassigned["participant"].astype(str)), ["tera", "gita"])
figure("why", list(result.unassigned["reason"].astype(str)),
       ["no_capacity_within_reach", "no_capacity_within_reach"])

# 4. Where mentors are missing (demand by the rule above, where participants live - rina and
#    baru are not demand; spare places where mentors are homed): Gambir demand 1, spare 0 -> short 1; Tebet demand 4, spare 3 -> short 1;
#    Setiabudi demand 2, spare 2 -> short 0. One more mentor closes each shortfall.
short = result.shortfall.set_index(result.shortfall["kecamatan"].astype(str))
print("\nPer kecamatan")
print(short.drop(columns="kecamatan").to_string())
# Locally assigned: Tebet 3 (tuti, tari, tomi; tera waits), Setiabudi 2, Gambir 0.
figure("kecamatan", list(short.index), ["31.71.01", "31.74.01", "31.74.02"])
figure("demand", list(short["demand"]), [1, 4, 2])
figure("spare places", list(short["spare_capacity"]), [0, 3, 2])
figure("assigned locally", list(short["assigned_locally"]), [0, 3, 2])
figure("unassigned", list(short["unassigned"]), [1, 1, 0])
figure("shortfall", list(short["shortfall"]), [1, 1, 0])
figure("more mentors", list(short["additional_mentors"]), [1, 1, 0])

# 5. The mentors' side: M-TEB's three places are lama (existing) and two new pairs.
loads = result.caseloads.set_index(result.caseloads["mentor"].astype(str))
print(f"\n{loads.drop(columns='mentor').to_string()}")
teb = loads.loc["M-TEB"]
figure("M-TEB capacity, existing, spare, assigned",
       [teb["capacity"], teb["existing"], teb["spare"], teb["assigned"]], [3, 1, 2, 2])
