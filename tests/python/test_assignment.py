"""Mentor assignment against the optimum found by networkx over individual participants, on
many small random programmes built from Python; the graph is built here from the programme's
pandas tables and the documented cost and demand rules (include/okoce/assignment.hpp)."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

import okoce

nx = pytest.importorskip("networkx")

AS_OF = dt.date(2021, 3, 31)
SECTORS = list(okoce.Sector)
PHASES = list(okoce.Phase)
STEPS = [okoce.Step(f"P{k}") for k in range(2, 8)]
DEMANDS = ["next_step", "until_pathway_done", "all_active"]


def random_programme(seed: int) -> okoce.Programme:
    rng = random.Random(seed)
    table = okoce.RegionTable.dki_jakarta()
    kotas = rng.sample(table.children(okoce.RegionCode("31")), 2)
    kecs = [k for kota in kotas for k in rng.sample(table.children(kota), 2)]
    kelurahans = [kel for kec in kecs for kel in table.children(kec)[:2]]
    b = okoce.ProgrammeBuilder()
    n_mentors = rng.randint(1, 5)
    for m in range(n_mentors):
        kind = okoce.MentorKind.community if rng.random() < 0.3 else okoce.MentorKind.office
        # Most mentors active on AS_OF; some not yet, some no longer.
        window = rng.choice([(dt.date(2019, 1, 1), None)] * 6 + [(None, None)] * 2
                            + [(dt.date(2022, 1, 1), None), (None, dt.date(2020, 12, 31))])
        b.add_mentor(
            f"M{m:02d}", rng.choice(kecs), rng.randint(0, 4), kind=kind,
            community="C1" if kind == okoce.MentorKind.community else "",
            sectors=rng.sample(SECTORS, rng.randint(0, 2)),
            phases=rng.sample(PHASES, rng.randint(0, 2)),
            active_from=window[0], active_to=window[1])
    b.add_community("C1", "Komunitas Uji")
    n = rng.randint(1, 14)
    for i in range(n):
        registered = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 1300))
        started = None if rng.random() < 0.2 else registered - dt.timedelta(days=rng.randint(0, 900))
        exited = None if rng.random() < 0.85 else registered + dt.timedelta(days=rng.randint(1, 900))
        b.add_participant(f"P{i:03d}", rng.choice(kelurahans), rng.choice(SECTORS), registered,
                          business_started_on=started, exited_on=exited)
        # Some steps done, in any order, so that next steps (and with them demand) vary.
        for step in rng.sample(STEPS, rng.randint(0, 4)):
            b.add_step(f"P{i:03d}", step, registered + dt.timedelta(days=rng.randint(0, 900)))
        if n_mentors and rng.random() < 0.25:
            start = registered + dt.timedelta(days=rng.randint(0, 200))
            b.add_assignment(f"P{i:03d}", f"M{rng.randrange(n_mentors):02d}", start,
                             None if rng.random() < 0.7 else start + dt.timedelta(days=300))
    return b.build()


def tables(programme: okoce.Programme, costs: okoce.AssignmentCosts, demand: str = "next_step"):
    """Who needs a mentor, who has places, and every allowed pair's cost, all in pandas."""
    as_of = pd.Timestamp(AS_OF)
    p = programme.participants()
    people = pd.DataFrame({"id": p["id"].astype(str), "kelurahan": p["kelurahan"].astype(str),
                           "sector": p["sector"].astype(str),
                           "registered_on": pd.to_datetime(p["registered_on"]),
                           "exited_on": pd.to_datetime(p["exited_on"])})
    people["active"] = (people["registered_on"] <= as_of) & (
        people["exited_on"].isna() | (people["exited_on"] > as_of))
    a = programme.assignments()
    pairs = pd.DataFrame({"participant": a["participant"].astype(str),
                          "mentor": a["mentor"].astype(str),
                          "from": pd.to_datetime(a["from"]), "to": pd.to_datetime(a["to"])})
    current = pairs[(pairs["from"] <= as_of) & (pairs["to"].isna() | (pairs["to"] >= as_of))]
    unpaired = people[people["active"] & ~people["id"].isin(current["participant"])]
    ph = okoce.phases(programme, AS_OF)
    ph.index = ph["id"].astype(str)
    phase = ph["phase"].astype(str)
    # The demand rule, from the next step phases() reports (registration counts as P1).
    nxt = ph["next_step"].astype(str).reindex(unpaired["id"]).to_numpy()
    if demand == "next_step":
        needs = unpaired[nxt == "P3"]
    elif demand == "until_pathway_done":
        needs = unpaired[pd.Series(nxt).isin(["P3", "P4", "P5", "P6", "P7"]).to_numpy()]
    else:
        needs = unpaired

    m = programme.mentors()
    mentors = pd.DataFrame({"id": m["id"].astype(str), "kind": m["kind"].astype(str),
                            "kecamatan": m["kecamatan"].astype(str),
                            "sectors": m["sectors"], "phases": m["phases"],
                            "capacity": m["capacity"].astype(int),
                            "active_from": pd.to_datetime(m["active_from"]),
                            "active_to": pd.to_datetime(m["active_to"])})
    mentors["active"] = (mentors["active_from"].isna() | (mentors["active_from"] <= as_of)) & (
        mentors["active_to"].isna() | (mentors["active_to"] >= as_of))
    active_ids = set(people.loc[people["active"], "id"])
    load = current[current["participant"].isin(active_ids)].groupby("mentor").size()
    mentors["spare"] = (mentors["capacity"] - mentors["id"].map(load).fillna(0)).clip(lower=0)
    mentors.loc[~mentors["active"], "spare"] = 0

    def cost(person, mentor) -> int | None:
        kel, kec = person.kelurahan, mentor.kecamatan
        if kel[:2] != kec[:2]:
            return None
        c = (costs.same_kecamatan if kel[:8] == kec else
             costs.same_kota if kel[:5] == kec[:5] else costs.same_province)
        serves = mentor.sectors
        if serves is not None and serves != "" and person.sector not in serves.split(";"):
            c += costs.sector_mismatch
        ph = mentor.phases
        if ph is not None and ph != "" and phase[person.id] not in ph.split(";"):
            c += costs.phase_mismatch
        if mentor.kind == "community":
            c += costs.community_mentor
        return c

    return needs, mentors, current, cost, len(unpaired)


def networkx_optimum(needs, mentors, cost) -> tuple[int, int]:
    g = nx.DiGraph()
    g.add_node("s")
    g.add_node("t")
    for person in needs.itertuples():
        g.add_edge("s", ("p", person.id), capacity=1, weight=0)
        for mentor in mentors.itertuples():
            c = cost(person, mentor)
            if c is not None and mentor.spare > 0:
                g.add_edge(("p", person.id), ("m", mentor.id), capacity=1, weight=c)
    for mentor in mentors.itertuples():
        if mentor.spare > 0:
            g.add_edge(("m", mentor.id), "t", capacity=int(mentor.spare), weight=0)
    flow = nx.max_flow_min_cost(g, "s", "t")
    return sum(flow["s"].values()), nx.cost_of_flow(g, flow)


@pytest.mark.parametrize("demand", DEMANDS)
@pytest.mark.parametrize("seed", range(40))
def test_assignment_is_optimal(seed, demand):
    programme = random_programme(seed)
    costs = okoce.AssignmentCosts(same_kota=7, same_province=19, sector_mismatch=5,
                                  phase_mismatch=11, community_mentor=2)
    result = okoce.assign_mentors(programme, AS_OF, costs=costs, demand=demand)
    needs, mentors, current, cost, unpaired = tables(programme, costs, demand)
    n, total = networkx_optimum(needs, mentors, cost)
    assert len(result.pairs) == n
    assert result.total_cost == total == result.pairs["cost"].sum()
    assert okoce.assign_mentors_individual_optimum(programme, AS_OF, costs,
                                                   demand=demand) == (n, total)
    assert result.demand == demand
    assert result.demand_count == len(needs) == result.shortfall["demand"].sum()
    assert result.active_without_pair == unpaired
    # Each pair's cost is the documented one; nobody is paired twice or already paired.
    people = needs.set_index("id")
    mentor_rows = mentors.set_index("id")
    for pair in result.pairs.itertuples():
        person = people.loc[pair.participant]
        person_row = type("R", (), {"id": pair.participant, "kelurahan": person.kelurahan,
                                    "sector": person.sector})
        mentor = mentor_rows.loc[pair.mentor]
        mentor_row = type("R", (), {"kecamatan": mentor.kecamatan, "sectors": mentor.sectors,
                                    "phases": mentor.phases, "kind": mentor["kind"]})
        assert pair.cost == cost(person_row, mentor_row)
    assert result.pairs["participant"].is_unique
    assert not result.pairs["participant"].isin(current["participant"]).any()
    assert set(result.pairs["participant"]) | set(result.unassigned["participant"]) == \
        set(needs["id"])
    # Capacities are never exceeded.
    used = result.pairs.groupby("mentor").size()
    for mentor, k in used.items():
        assert k <= mentor_rows.loc[mentor, "spare"]
    caseloads = result.caseloads.set_index("mentor")
    assert (caseloads["assigned"] <= caseloads["spare"]).all()
    assert (caseloads["spare"] == mentor_rows.loc[caseloads.index, "spare"]).all()
    assert (caseloads["active"] == mentor_rows.loc[caseloads.index, "active"]).all()


def test_assignment_costs_as_dict_and_errors():
    programme = random_programme(3)
    a = okoce.assign_mentors(programme, AS_OF, costs={"same_kota": 7, "same_province": 19})
    b = okoce.assign_mentors(programme, AS_OF,
                             costs=okoce.AssignmentCosts(same_kota=7, same_province=19))
    assert a.total_cost == b.total_cost
    assert okoce.AssignmentCosts() == okoce.AssignmentCosts(same_kota=10)
    with pytest.raises(TypeError):
        okoce.assign_mentors(programme, dt.datetime(2021, 3, 31, 9, 30))
    with pytest.raises(TypeError):
        okoce.assign_mentors(programme, AS_OF, costs=[1, 2])
    with pytest.raises(ValueError):
        okoce.assign_mentors(programme, AS_OF, costs={"same_kota": -1})
    with pytest.raises(ValueError):
        okoce.assign_mentors(programme, AS_OF, new_mentor_capacity=0)
    with pytest.raises(TypeError):
        okoce.assign_mentors(programme, AS_OF, costs={"nearby": 1})
    with pytest.raises(ValueError, match="until_pathway_done"):
        okoce.assign_mentors(programme, AS_OF, demand="everyone")


def test_demand_rules_nest_and_default():
    """Each rule's demand holds the narrower one's; the default is next_step."""
    for seed in range(10):
        programme = random_programme(seed)
        by = {d: okoce.assign_mentors(programme, AS_OF, demand=d) for d in DEMANDS}
        assert okoce.assign_mentors(programme, AS_OF).demand == "next_step"
        counts = [by[d].demand_count for d in DEMANDS]
        assert counts == sorted(counts)
        assert by["all_active"].demand_count == by["all_active"].active_without_pair
        assert "next step is mentoring (P3)" in by["next_step"].demand_description


def test_assignment_on_synthetic_programme():
    programme = okoce.synth.jakarta(seed=5, scale=0.005)
    result = okoce.assign_mentors(programme, dt.date(2022, 6, 30))
    n, total = okoce.assign_mentors_individual_optimum(programme, dt.date(2022, 6, 30))
    assert (len(result.pairs), result.total_cost) == (n, total)
    short = result.shortfall
    assert (short["shortfall"] == (short["demand"] - short["spare_capacity"]).clip(lower=0)).all()
    assert (short["additional_mentors"] == -(-short["shortfall"] // 25)).all()
