"""Times each analysis of okoce beside pandas/statsmodels code that computes the same thing from
the programme's tables, checks the two agree, and prints the ratio; then times mentor assignment
beside networkx and LEMON over individual participants.

Run with the build tree's package on the path:
    PYTHONPATH=<build>/python /usr/bin/python3 bench/bench_analysis.py [--scale 1.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any, Callable

import numpy as np
import pandas as pd

import okoce

AS_OF = dt.date(2022, 6, 30)
STEPS = [f"P{k}" for k in range(1, 8)]
COUNTED = {"IUMK", "SKU", "NIB"}


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[Any, float]:
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def report(name: str, t_okoce: float, t_other: float, other: str) -> None:
    print(f"{name:<16} okoce {t_okoce:8.3f} s   {other:<12} {t_other:8.3f} s   "
          f"ratio {t_other / t_okoce:7.1f}x")


# --- the pandas side --------------------------------------------------------------------------

class Tables:
    """The programme's tables, pulled into pandas once (not timed: both sides start from a
    loaded programme; okoce reads its store, pandas its DataFrames)."""

    def __init__(self, programme: okoce.Programme) -> None:
        p = programme.participants()
        self.people = pd.DataFrame({
            "id": p["id"].astype(str).to_numpy(),
            "kelurahan": p["kelurahan"].astype(str).to_numpy(),
            "registered_on": pd.to_datetime(p["registered_on"]).to_numpy(),
            "business_started_on": pd.to_datetime(p["business_started_on"]).to_numpy(),
            "exited_on": pd.to_datetime(p["exited_on"]).to_numpy(),
        })
        self.people["kota"] = self.people["kelurahan"].str.slice(0, 5)
        s = programme.steps()
        self.steps = pd.DataFrame({"id": s["participant"].astype(str).to_numpy(),
                                   "step": s["step"].astype(str).to_numpy(),
                                   "on": pd.to_datetime(s["completed_on"]).to_numpy()})
        lic = programme.licences()
        self.licences = pd.DataFrame({"id": lic["participant"].astype(str).to_numpy(),
                                      "kind": lic["kind"].astype(str).to_numpy(),
                                      "issued_on": pd.to_datetime(lic["issued_on"]).to_numpy(),
                                      "valid_until": pd.to_datetime(lic["valid_until"]).to_numpy()})
        r = programme.reports()
        quarter = pd.PeriodIndex(r["quarter"], freq="Q")
        self.reports = pd.DataFrame({"id": r["participant"].astype(str).to_numpy(),
                                     "q": quarter.asi8,
                                     "revenue": np.asarray(r["revenue"], dtype="int64"),
                                     "reported_on": pd.to_datetime(r["reported_on"]).to_numpy()})
        self.reports["known_on"] = self.reports["reported_on"].fillna(
            pd.Series(quarter.end_time.normalize(), index=self.reports.index))
        t = programme.targets()
        self.targets = pd.DataFrame({"id": t["id"].astype(str).to_numpy(),
                                     "metric": t["metric"].astype(str).to_numpy(),
                                     "region": t["region"].astype(str).to_numpy(),
                                     "start": pd.to_datetime(t["start"]).to_numpy(),
                                     "end": pd.to_datetime(t["end"]).to_numpy()})


def step_dates(tb: Tables, as_of: dt.date) -> pd.DataFrame:
    reg = tb.people[tb.people["registered_on"] <= pd.Timestamp(as_of)]
    steps = tb.steps[tb.steps["on"] <= pd.Timestamp(as_of)]
    wide = steps.groupby(["id", "step"])["on"].min().unstack().reindex(index=reg["id"],
                                                                       columns=STEPS)
    wide["P1"] = np.fmin(wide["P1"].to_numpy(), reg["registered_on"].to_numpy())
    return wide


def funnel_pandas(tb: Tables, as_of: dt.date, policy: str) -> pd.DataFrame:
    dates = step_dates(tb, as_of)
    done = dates.notna()
    if policy == "sequential":
        done = done.cumprod(axis=1).astype(bool)
    else:
        done = done & done[["P1"]].to_numpy()
    kota = tb.people.set_index("id").loc[done.index, "kota"].to_numpy()
    return done.groupby(kota).sum().astype("int64")


def later_of(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The later of two dates, missing when either is (np.fmax would drop a missing one)."""
    out = np.maximum(a, b)
    out[pd.isna(a) | pd.isna(b)] = np.datetime64("NaT")
    return out


def licensed_on(tb: Tables, as_of: dt.date) -> pd.Series:
    reg = tb.people[tb.people["registered_on"] <= pd.Timestamp(as_of)]
    lic = tb.licences.merge(reg[["id", "registered_on"]], on="id")
    lic = lic[lic["kind"].isin(COUNTED) & (lic["issued_on"] <= pd.Timestamp(as_of))
              & (lic["valid_until"].isna() | (lic["valid_until"] >= lic["registered_on"]))]
    first = lic.groupby("id")["issued_on"].min().reindex(reg["id"])
    return pd.Series(later_of(first.to_numpy(), reg["registered_on"].to_numpy()), index=reg["id"])


def whole_months(start: pd.Series, end: pd.Timestamp) -> np.ndarray:
    return ((end.year - start.dt.year) * 12 + end.month - start.dt.month
            - (end.day < start.dt.day)).to_numpy()


def phases_pandas(tb: Tables, as_of: dt.date) -> np.ndarray:
    """Phase codes 0 starting, 1 mid_stage, 2 stalled by DESIGN.md section 3, vectorised."""
    day = pd.Timestamp(as_of)
    reg = tb.people[tb.people["registered_on"] <= day]
    age = whole_months(reg["business_started_on"], day)
    known = tb.reports[tb.reports["known_on"] <= day]
    latest = known.sort_values(["id", "q"]).groupby("id").tail(1)
    base = known[["id", "q", "revenue"]].rename(columns={"revenue": "then"})
    base["q"] = base["q"] + 4
    cmp = latest.merge(base, on=["id", "q"], how="inner").set_index("id")
    now = cmp["revenue"].reindex(reg["id"]).to_numpy()
    then = cmp["then"].reindex(reg["id"]).to_numpy()
    with np.errstate(invalid="ignore"):
        stalled = (now * 10 < then * 11) | ((now == 0) & (then == 0))
    phase = np.where(reg["business_started_on"].isna() | (age < 12), 0,
                     np.where((age >= 36) & stalled, 2, 1))
    return phase


def time_to_statsmodels(tb: Tables, as_of: dt.date) -> Any:
    from statsmodels.duration.survfunc import SurvfuncRight
    day = pd.Timestamp(as_of)
    reg = tb.people[tb.people["registered_on"] <= day]
    on = licensed_on(tb, as_of).to_numpy()
    cut = reg["exited_on"].where(reg["exited_on"] < day, day).to_numpy()
    event = ~pd.isna(on) & (on <= cut)
    end = np.where(event, on, cut)
    durations = (end - reg["registered_on"].to_numpy()).astype("timedelta64[D]").astype(float)
    return SurvfuncRight(durations, event.astype(int))


def monitoring_pandas(tb: Tables, as_of: dt.date) -> pd.DataFrame:
    day = pd.Timestamp(as_of)
    reg = tb.people[tb.people["registered_on"] <= day]

    def last_full(d: pd.Series) -> np.ndarray:
        q = pd.PeriodIndex(d, freq="Q")
        full = (q.end_time.normalize() == d.to_numpy())
        return np.where(full, q.asi8, q.asi8 - 1)

    first = pd.PeriodIndex(reg["registered_on"], freq="Q").asi8 + 1
    last = last_full(pd.Series(np.full(len(reg), day)))
    exited = reg["exited_on"]
    has_exit = exited.notna().to_numpy()
    if has_exit.any():
        ex_last = last_full(exited[has_exit] - pd.Timedelta(days=1))
        last = last.copy()
        last[has_exit] = np.minimum(last[has_exit], ex_last)
    expected = np.maximum(0, last - first + 1)
    bounds = pd.DataFrame({"id": reg["id"].to_numpy(), "first": first, "last": last})
    rep = tb.reports[tb.reports["known_on"] <= day][["id", "q"]].drop_duplicates()
    rep = rep.merge(bounds, on="id")
    rep = rep[(rep["q"] >= rep["first"]) & (rep["q"] <= rep["last"])]
    received = rep.groupby("id").size().reindex(reg["id"]).fillna(0).astype("int64").to_numpy()
    return pd.DataFrame({"expected": expected, "received": received}, index=reg["id"])


def targets_pandas(tb: Tables, as_of: dt.date) -> np.ndarray:
    day = pd.Timestamp(as_of)
    dates = step_dates(tb, as_of)
    events: dict[str, pd.Series] = {
        "registered": tb.people.set_index("id")["registered_on"],
        "licensed": licensed_on(tb, as_of),
    }
    for s in STEPS:  # a la carte: the later of P1 and the step
        events[s] = pd.Series(later_of(dates["P1"].to_numpy(), dates[s].to_numpy()),
                              index=dates.index)
    kel = tb.people.set_index("id")["kelurahan"]
    out = []
    for t in tb.targets.itertuples():
        on = events[t.metric]
        where = kel.loc[on.index]
        inside = (where == t.region) | where.str.startswith(t.region + ".")
        seen_end = min(t.end, day)
        out.append(int((inside & (on >= t.start) & (on <= seen_end)).sum()))
    return np.asarray(out)


# --- the benchmark ----------------------------------------------------------------------------

def analyses(scale: float) -> None:
    t0 = time.perf_counter()
    programme = okoce.synth.jakarta(seed=2017, scale=scale)
    print(f"synth.jakarta(scale={scale}): {len(programme)} participants, "
          f"{time.perf_counter() - t0:.1f} s")
    tb = Tables(programme)

    for policy in ("sequential", "a_la_carte"):
        got, t1 = timed(lambda: okoce.funnel(programme, AS_OF, policy=policy, by="kota"))
        ref, t2 = timed(lambda: funnel_pandas(tb, AS_OF, policy))
        got = got.set_index("group")
        assert (got[STEPS].to_numpy() == ref.loc[got.index, STEPS].to_numpy()).all()
        report(f"funnel {policy[:3]}", t1, t2, "pandas")

    got, t1 = timed(lambda: okoce.phases(programme, AS_OF))
    ref, t2 = timed(lambda: phases_pandas(tb, AS_OF))
    assert (got["phase"].cat.codes.to_numpy() == ref).all()
    report("phases", t1, t2, "pandas")

    got, t1 = timed(lambda: okoce.time_to(programme, AS_OF))
    sf, t2 = timed(lambda: time_to_statsmodels(tb, AS_OF))
    curve = got.curves[got.curves["events"] > 0]
    np.testing.assert_array_equal(curve["time"].to_numpy(), sf.surv_times)
    np.testing.assert_allclose(curve["survival"].to_numpy(), sf.surv_prob, rtol=0, atol=1e-9)
    np.testing.assert_allclose(curve["std_err"].to_numpy(), sf.surv_prob_se, rtol=0, atol=1e-9)
    report("time_to", t1, t2, "statsmodels")

    got, t1 = timed(lambda: okoce.target_progress(programme, AS_OF))
    ref, t2 = timed(lambda: targets_pandas(tb, AS_OF))
    assert (got["actual"].to_numpy() == ref).all()
    report("target_progress", t1, t2, "pandas")

    got, t1 = timed(lambda: okoce.monitoring(programme, AS_OF))
    ref, t2 = timed(lambda: monitoring_pandas(tb, AS_OF))
    p = got.participants
    assert (p["expected"].to_numpy() == ref["expected"].to_numpy()).all()
    assert (p["received"].to_numpy() == ref["received"].to_numpy()).all()
    report("monitoring", t1, t2, "pandas")


def networkx_graph(programme: okoce.Programme, as_of: dt.date) -> tuple[Any, Any, Any]:
    """The pandas tables and cost rule of tests/python/test_assignment.py (the independent
    construction), for the networkx optimum over individual participants."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "python"))
    import test_assignment as ta  # noqa: E402
    ta.AS_OF = as_of
    needs, mentors, _, cost = ta.tables(programme, okoce.AssignmentCosts())
    return ta, needs, mentors, cost


# networkx's min-cost flow took about 0.19 ms per participant-mentor arc here (95 s for 506,000
# arcs); sizes whose graph would take longer than a minute are skipped.
NETWORKX_SECONDS_PER_ARC = 0.19e-3


def assignment(sizes: list[int]) -> None:
    day = dt.date(2022, 6, 30)
    full = 332_000  # participants at scale 1 by 2022 (synth.hpp)
    for n in sizes:
        programme = okoce.synth.jakarta(seed=2017, scale=n / full)
        got, t1 = timed(lambda: okoce.assign_mentors(programme, day))
        line = (f"assign {len(programme):>7}  okoce {t1:8.3f} s ({len(got.pairs)} pairs, "
                f"cost {got.total_cost})")
        ref, t2 = timed(lambda: okoce.assign_mentors_individual_optimum(programme, day))
        assert ref == (len(got.pairs), got.total_cost)
        line += f"   LEMON individual {t2:8.3f} s ratio {t2 / t1:6.1f}x"
        ta, needs, mentors, cost = networkx_graph(programme, day)
        province = needs["kelurahan"].str.slice(0, 2)
        open_mentors = mentors[mentors["spare"] > 0]
        arcs = sum(int((open_mentors["kecamatan"].str.slice(0, 2) == p).sum())
                   for p in province)
        if arcs * NETWORKX_SECONDS_PER_ARC <= 60:
            ref, t3 = timed(lambda: ta.networkx_optimum(needs, mentors, cost))
            assert ref == (len(got.pairs), got.total_cost)
            line += f"   networkx {t3:8.3f} s ratio {t3 / t1:6.1f}x"
        else:
            line += f"   networkx skipped ({arcs} arcs, > 60 s expected)"
        print(line, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--sizes", type=int, nargs="*", default=[500, 5_000, 50_000, 330_000])
    args = ap.parse_args()
    analyses(args.scale)
    assignment(args.sizes)


if __name__ == "__main__":
    main()
