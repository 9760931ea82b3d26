"""The synthetic Jakarta programme against the published figures, at Jakarta size, counted in
pandas from its own tables (not through okoce's analyses): the JakPreneur funnel of 2021-10-27
(Kompas, 2021-11-12) and the figures calibrated before it. Then the true effects of
okoce.synth.truth() against the generator's counterfactual (effects=False)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

import okoce

KOMPAS = dt.date(2021, 10, 27)
# P1..P7 of the JakPreneur funnel on 2021-10-27, a-la-carte (each facility counted on its own).
JAKPRENEUR = [284_164, 176_891, 157_498, 148_374, 44_456, 32_883, 6_159]
STEPS = [f"P{k}" for k in range(1, 8)]


@pytest.fixture(scope="module")
def jakarta() -> okoce.Programme:
    # Jakarta size up to the day of the funnel: about 282,000 participants (a few seconds).
    return okoce.synth.jakarta(seed=2017, scale=1.0, until=KOMPAS)


def first_steps(p: okoce.Programme, day: dt.date) -> pd.DataFrame:
    """Participants (rows) by step (columns): the first day each step was taken by `day`."""
    people = p.participants()
    people = people[people["registered_on"] <= pd.Timestamp(day)]
    s = p.steps()
    steps = pd.DataFrame({"id": s["participant"].astype(str), "step": s["step"].astype(str),
                          "on": pd.to_datetime(s["completed_on"])})
    steps = steps[steps["on"] <= pd.Timestamp(day)]
    wide = steps.groupby(["id", "step"])["on"].min().unstack()
    return wide.reindex(index=people["id"].astype(str), columns=STEPS)


def test_the_2021_funnel_is_the_published_one_within_5_percent(jakarta: okoce.Programme) -> None:
    done = first_steps(jakarta, KOMPAS).notna()
    for step, published in zip(STEPS, JAKPRENEUR):
        got = int(done[step].sum())
        assert abs(got / published - 1) <= 0.05, (step, got, published)
    # Registration is P1: everyone registered by the day.
    assert int(done["P1"].sum()) == len(done)


def test_earlier_calibrated_figures_hold_at_jakarta_size(jakarta: okoce.Programme) -> None:
    people = jakarta.participants()
    reg = pd.to_datetime(people["registered_on"])
    # Registrations at the published dates up to the funnel's day.
    for day, published in [("2018-02-28", 6_905), ("2018-08-28", 49_591),
                           ("2019-03-31", 85_000), ("2019-12-31", 111_108),
                           ("2021-10-21", 281_812)]:
        got = int((reg <= pd.Timestamp(day)).sum())
        assert abs(got / published - 1) <= 0.05, (day, got, published)
    # End of 2019: 13,321 licensed (IUMK, SKU or NIB issued by then), 7,327 marketed (P5) and
    # 1,064 with capital (P7), the steps in OK OCE's order (sequential).
    lic = jakarta.licences()
    counting = lic[lic["kind"].astype(str).isin(["IUMK", "SKU", "NIB"])
                   & (pd.to_datetime(lic["issued_on"]) <= pd.Timestamp("2019-12-31"))]
    licensed = counting["participant"].astype(str).nunique()
    assert abs(licensed / 13_321 - 1) <= 0.05, licensed
    in_order = first_steps(jakarta, dt.date(2019, 12, 31)).notna().cumprod(axis=1).astype(bool)
    assert abs(in_order["P5"].sum() / 7_327 - 1) <= 0.10, in_order["P5"].sum()
    assert abs(in_order["P7"].sum() / 1_064 - 1) <= 0.20, in_order["P7"].sum()
    # About 1,000 licensed by 2018-09-30.
    sep = lic[lic["kind"].astype(str).isin(["IUMK", "SKU", "NIB"])
              & (pd.to_datetime(lic["issued_on"]) <= pd.Timestamp("2018-09-30"))]
    assert abs(sep["participant"].astype(str).nunique() / 1_000 - 1) <= 0.10
    # Jakarta Barat's 2018 funnel, P1..P4 = 17,722 / 11,473 / 1,137 / 904 (sequential, all
    # registered in the kota by the end of 2018), each within 10%.
    barat = people["kelurahan"].astype(str).str.startswith("31.73")
    ids = set(people.loc[barat, "id"].astype(str))
    jb = first_steps(jakarta, dt.date(2018, 12, 31))
    jb = jb[jb.index.isin(ids)].notna().cumprod(axis=1).astype(bool)
    for step, published in zip(STEPS, [17_722, 11_473, 1_137, 904]):
        assert abs(jb[step].sum() / published - 1) <= 0.10, (step, jb[step].sum())


def test_truth_is_in_the_reports_against_the_counterfactual() -> None:
    truth = okoce.synth.truth()
    assert set(truth) == {"training", "mentoring", "selection"}
    assert set(truth["mentoring"]["revenue"]) == {"starting", "mid_stage", "stalled"}
    until = dt.date(2022, 10, 31)
    on = okoce.synth.jakarta(seed=3, scale=0.02, until=until)
    off = okoce.synth.jakarta(seed=3, scale=0.02, until=until, effects=False)
    r_on, r_off = on.reports(), off.reports()
    assert len(r_on) == len(r_off)
    dates = first_steps(on, until)
    people = on.participants().set_index(on.participants()["id"].astype(str))
    started = pd.to_datetime(people["business_started_on"])
    m, p2 = dates["P3"], dates["P2"]
    age = (m - started.reindex(m.index)).dt.days
    # Mentored, never trained, a business of 12 to 36 months on the mentoring day: mid-stage.
    mid = m.notna() & p2.isna() & (age >= 365) & (age < 3 * 365)
    young = m.notna() & p2.isna() & (age >= 0) & (age < 365)
    frame = pd.DataFrame({"id": r_on["participant"].astype(str),
                          "first": r_on["quarter"].dt.start_time,
                          "on": r_on["revenue"].astype(float),
                          "off": r_off["revenue"].astype(float)})
    frame = frame[frame["off"] >= 1e6]
    frame["m"] = frame["id"].map(m)
    after = frame[frame["first"] > frame["m"]]
    for who, phase in [(mid, "mid_stage"), (young, "starting")]:
        rows = after[after["id"].isin(set(who[who].index))]
        assert len(rows) > 50
        ratio = math.exp((rows["on"] / rows["off"]).map(math.log).mean())
        assert ratio == pytest.approx(1 + truth["mentoring"]["revenue"][phase], rel=0.003)
    # Before the mentoring quarter nothing differs (up to the rupiah rounding).
    before = frame[(frame["first"] <= frame["m"]) & frame["id"].isin(set(mid[mid].index))]
    assert len(before) > 50
    assert ((before["on"] / before["off"] - 1).abs() < 0.002).all()
