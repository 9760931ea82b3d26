"""Times each outcome measure of okoce (okoce/outcomes.hpp) beside the pandas an analyst would
write from the programme's tables, checks the two agree, and prints the ratio (goal: 30x).

    cmake --build build --target bench_outcomes
or, with the build tree's package on the path:
    PYTHONPATH=build/python /usr/bin/python3 bench/bench_outcomes.py [--scale 1.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any, Callable

import numpy as np
import pandas as pd

import okoce

START = pd.Timestamp("2020-12-31")
AS_OF = pd.Timestamp("2022-06-30")
LIMITS = {"UU 20/2008": (300e6, 2.5e9, 50e9), "PP 7/2021": (2e9, 15e9, 50e9)}


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[Any, float]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
        if best > 5.0:
            break
    return out, best


def report(name: str, t_okoce: float, t_pandas: float) -> float:
    ratio = t_pandas / t_okoce
    print(f"{name:<20} okoce {t_okoce:8.3f} s   pandas {t_pandas:8.3f} s   ratio {ratio:7.1f}x",
          flush=True)
    return ratio


class Tables:
    """The programme's tables in pandas, pulled once (not timed)."""

    def __init__(self, p: okoce.Programme) -> None:
        people = p.participants()
        self.people = pd.DataFrame({
            "id": people["id"].astype(str).to_numpy(),
            "kota": people["kota"].astype(str).to_numpy(),
            "registered_on": pd.to_datetime(people["registered_on"]).to_numpy(),
            "business_started_on": pd.to_datetime(people["business_started_on"]).to_numpy()})
        r = p.reports()
        q = pd.PeriodIndex(r["quarter"].astype(str), freq="Q")
        self.reports = pd.DataFrame({
            "id": r["participant"].astype(str).to_numpy(),
            "q": (q.year * 4 + q.quarter - 1).to_numpy(),
            "revenue": r["revenue"].to_numpy(dtype=np.int64),
            "employees": r["employees"].astype("float64").to_numpy()})
        lic = p.licences()
        self.licences = pd.DataFrame({
            "id": lic["participant"].astype(str).to_numpy(),
            "kind": lic["kind"].astype(str).to_numpy(),
            "issued_on": pd.to_datetime(lic["issued_on"]).to_numpy(),
            "valid_until": pd.to_datetime(lic["valid_until"]).to_numpy()})
        s = p.steps()
        self.steps = pd.DataFrame({"id": s["participant"].astype(str).to_numpy(),
                                   "step": s["step"].astype(str).to_numpy(),
                                   "on": pd.to_datetime(s["completed_on"]).to_numpy()})


def qindex(day: pd.Timestamp) -> int:
    p = pd.Period(day, freq="Q")
    idx = p.year * 4 + p.quarter - 1
    return idx if day == p.end_time.normalize() else idx - 1


# --- the pandas side --------------------------------------------------------------------------

def classes(tb: Tables, ids: pd.Index, day: pd.Timestamp, law: str) -> pd.Series:
    last = qindex(day)
    r = tb.reports
    w = r[(r["q"] <= last) & (r["q"] >= last - 3)]
    g = w.groupby("id")["revenue"].agg(["sum", "count"])
    amount = g["sum"].where(g["count"] == 4)
    micro, small, medium = LIMITS[law]
    size = pd.cut(amount, [-1, micro, small, medium, np.inf], labels=False)
    return size.reindex(ids).fillna(4).astype(int)


def naik_kelas_pandas(tb: Tables) -> pd.DataFrame:
    people = tb.people[tb.people["registered_on"] <= START].set_index("id")
    a = classes(tb, people.index, START, "UU 20/2008")
    b = classes(tb, people.index, AS_OF, "UU 20/2008")
    known = (a < 4) & (b < 4)
    move = np.select([~known, b > a, b < a], ["unclassified", "up", "down"], "same")
    return (pd.DataFrame({"kota": people["kota"], "move": move}).groupby("kota")["move"]
            .value_counts().unstack(fill_value=0))


def jobs_pandas(tb: Tables) -> pd.DataFrame:
    people = tb.people[tb.people["registered_on"] <= AS_OF]
    r = tb.reports[tb.reports["employees"].notna()].merge(
        people[["id", "registered_on", "kota"]], on="id")
    regq = r["registered_on"].dt.year * 4 + (r["registered_on"].dt.month - 1) // 3
    base = r[(r["q"] >= regq) & (r["q"] <= regq + 1)].sort_values("q").groupby("id").first()
    last = qindex(AS_OF)
    now = r[(r["q"] <= last) & (r["q"] >= last - 3)].sort_values("q").groupby("id").last()
    both = base[["q", "employees", "kota"]].join(now[["q", "employees"]], rsuffix="_n",
                                                 how="inner")
    both = both[both["q_n"] > both["q"]]
    change = both["employees_n"] - both["employees"]
    return pd.DataFrame({"kota": both["kota"], "created": change.clip(lower=0),
                         "lost": (-change).clip(lower=0)}).groupby("kota").sum()


def growth_pandas(tb: Tables) -> pd.DataFrame:
    people = tb.people[tb.people["registered_on"] <= AS_OF].set_index("id")
    last = qindex(AS_OF)
    r = tb.reports
    now = r[r["q"] == last].set_index("id")["revenue"]
    before = r[r["q"] == last - 4].set_index("id")["revenue"]
    both = pd.concat([now.rename("now"), before.rename("before")], axis=1, join="inner")
    both = both[(both["before"] > 0) & both.index.isin(people.index)]
    g = (both["now"] - both["before"]) / both["before"]
    return pd.DataFrame({"kota": people.loc[both.index, "kota"], "g": g}).groupby("kota")[
        "g"].agg(median="median", growing=lambda x: (x > 0).mean())


def starts_pandas(tb: Tables) -> tuple[int, int, float]:
    people = tb.people[tb.people["registered_on"] <= AS_OF].set_index("id")
    without = people[people["business_started_on"].isna()
                     | (people["business_started_on"] > people["registered_on"])]
    by_date = without["business_started_on"].where(without["business_started_on"] <= AS_OF)
    r = tb.reports
    r = r[(r["revenue"] > 0) & (r["q"] <= qindex(AS_OF)) & r["id"].isin(without.index)]
    first_q = r.groupby("id")["q"].min()
    first_day = pd.to_datetime(pd.DataFrame({"year": first_q // 4,
                                             "month": first_q % 4 * 3 + 1, "day": 1}))
    by_rev = first_day.reindex(without.index)
    by_rev = by_rev.where(by_rev.isna(), np.maximum(by_rev, without["registered_on"]))
    start = pd.concat([by_date, by_rev], axis=1).min(axis=1)
    days = (start - without["registered_on"]).dt.days
    return len(without), int(start.notna().sum()), float(days.dropna().median())


def new_pandas(tb: Tables) -> dict[str, int]:
    people = tb.people[tb.people["registered_on"] <= AS_OF].set_index("id")
    lic = tb.licences.join(people[["registered_on"]], on="id", how="inner")
    fine = (lic["issued_on"] <= AS_OF) & (
        lic["valid_until"].isna() | ((lic["valid_until"] >= lic["registered_on"])
                                     & (lic["valid_until"] >= lic["issued_on"])))
    okoce_rule = set(lic.loc[fine & lic["kind"].isin(["IUMK", "SKU"]), "id"])
    any_rule = set(lic.loc[fine & lic["kind"].isin(["IUMK", "SKU", "NIB"]), "id"])
    s = tb.steps
    capital = set(s.loc[(s["step"] == "P7") & (s["on"] <= AS_OF) & s["id"].isin(people.index),
                        "id"])
    r = tb.reports
    r = r[(r["q"] <= qindex(AS_OF)) & ((r["revenue"] > 0) | (r["employees"] > 0))]
    active = set(r.loc[r["id"].isin(people.index), "id"])
    return {"licensed_okoce": len(okoce_rule), "licensed": len(any_rule),
            "capital": len(capital), "verified_in_business": len(any_rule | active)}


# --- side by side -----------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    p = okoce.synth.jakarta(seed=2017, scale=args.scale, until=dt.date(2022, 10, 31))
    tb = Tables(p)
    print(f"{p.participant_count} participants, {len(tb.reports)} reports, scale {args.scale}")
    ratios = []

    want, t_p = timed(lambda: naik_kelas_pandas(tb))
    for with_people in (False, True):
        got, t_o = timed(lambda: okoce.naik_kelas(p, START, AS_OF, regime="uu20_2008", by="kota",
                                                  participants=with_people))
        s = got.summary.set_index("group")
        for col in want.columns:
            assert (s[col] == want[col].reindex(s.index, fill_value=0)).all(), col
        assert len(got.participants) == (int(s["participants"].sum()) if with_people else 0)
        ratios.append(report("naik_kelas" + ("+people" if with_people else ""), t_o, t_p))

    got, t_o = timed(lambda: okoce.jobs(p, AS_OF, by="kota"))
    want, t_p = timed(lambda: jobs_pandas(tb))
    g = got.set_index("group")
    assert (g["jobs_created"] == want["created"].reindex(g.index, fill_value=0)).all()
    assert (g["jobs_lost"] == want["lost"].reindex(g.index, fill_value=0)).all()
    ratios.append(report("jobs", t_o, t_p))

    got, t_o = timed(lambda: okoce.sales_growth(p, AS_OF, by="kota"))
    want, t_p = timed(lambda: growth_pandas(tb))
    g = got.set_index("group").loc[want.index]
    assert np.allclose(g["median_growth"], want["median"], rtol=1e-12)
    assert np.allclose(g["share_growing"], want["growing"], rtol=1e-12)
    ratios.append(report("sales_growth", t_o, t_p))

    got, t_o = timed(lambda: okoce.business_starts(p, AS_OF))
    want, t_p = timed(lambda: starts_pandas(tb))
    assert (int(got.loc[0, "without_business"]), int(got.loc[0, "started"]),
            float(got.loc[0, "median_days_to_start"])) == want
    ratios.append(report("business_starts", t_o, t_p))

    got, t_o = timed(lambda: okoce.new_entrepreneurs(p, AS_OF))
    want, t_p = timed(lambda: new_pandas(tb))
    assert {k: int(got.loc[0, k]) for k in want} == want
    ratios.append(report("new_entrepreneurs", t_o, t_p))
    print(f"all equal; smallest ratio {min(ratios):.1f}x (goal 30x)")


if __name__ == "__main__":
    main()
