"""Times each analysis of okoce beside pandas/statsmodels code that computes the same thing from
the programme's tables, checks the two agree, and prints the ratio; then times mentor assignment
beside networkx and LEMON over individual participants, each in its own process, with the
memory each solve adds, and checks all three reach the same optimum.

    cmake --build build --target bench_analysis
or, with the build tree's package on the path:
    PYTHONPATH=build/python /usr/bin/python3 bench/bench_analysis.py [--scale 1.0] [--sizes N ...]
        [--only monitoring,time_to,assignment]
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


REPEAT = 3


def timed(fn: Callable[[], Any], repeat: int | None = None) -> tuple[Any, float]:
    """The result and the best time of `repeat` runs (--repeat, 3 by default); a run over 5 s
    is not repeated, on either side, since its noise is small beside its length."""
    best = float("inf")
    out = None
    for _ in range(REPEAT if repeat is None else repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
        if best > 5.0:
            break
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
        self.people["kecamatan"] = self.people["kelurahan"].str.slice(0, 8)
        a = programme.assignments()
        self.assignments = pd.DataFrame({"id": a["participant"].astype(str).to_numpy(),
                                         "mentor": a["mentor"].astype(str).to_numpy(),
                                         "from": pd.to_datetime(a["from"]).to_numpy(),
                                         "to": pd.to_datetime(a["to"]).to_numpy()})
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


DAYS_PER_MONTH = 365.25 / 12  # okoce's horizons: a month of 30.4375 days (survival.hpp)


def time_to_statsmodels(tb: Tables, as_of: dt.date) -> tuple[Any, np.ndarray, float, float]:
    """statsmodels' curve, then with numpy what okoce.time_to gives beside the median: the
    share reached by 6, 12, 24 months (1 - S at the last event time on or before the day)
    and the restricted mean to 24 months (the area under the step function) with its
    Klein & Moeschberger standard error."""
    from statsmodels.duration.survfunc import SurvfuncRight
    day = pd.Timestamp(as_of)
    reg = tb.people[tb.people["registered_on"] <= day]
    on = licensed_on(tb, as_of).to_numpy()
    cut = reg["exited_on"].where(reg["exited_on"] < day, day).to_numpy()
    event = ~pd.isna(on) & (on <= cut)
    end = np.where(event, on, cut)
    durations = (end - reg["registered_on"].to_numpy()).astype("timedelta64[D]").astype(float)
    sf = SurvfuncRight(durations, event.astype(int))
    times, s = sf.surv_times, sf.surv_prob
    k = np.searchsorted(times, np.array([6, 12, 24]) * DAYS_PER_MONTH, side="right")
    shares = 1 - np.where(k > 0, s[np.maximum(k - 1, 0)], 1.0)
    tau = 24 * DAYS_PER_MONTH
    inside = times <= tau
    widths = np.diff(np.concatenate([[0.0], times[inside], [tau]]))
    rects = widths * np.concatenate([[1.0], s[inside]])
    after = np.cumsum(rects[::-1])[::-1][1:]
    n, d = sf.n_risk[inside].astype(float), sf.n_events[inside].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(n > d, after ** 2 * d / (n * (n - d)), 0.0)
    return sf, shares, float(rects.sum()), float(np.sqrt(terms.sum()))


def monitoring_pandas(tb: Tables, as_of: dt.date, grace: int = 30) -> dict[str, pd.DataFrame]:
    """What okoce.monitoring returns: the summary, per participant the reports owed, received
    and received on time (a quarter is owed `grace` days after it ends, on time when known by
    then), the last report and the missing quarters, the two follow-up lists (active
    participants only) and the exited participants with reports missing."""
    day = pd.Timestamp(as_of)
    reg = tb.people[tb.people["registered_on"] <= day]

    def last_full(d: pd.Series) -> np.ndarray:
        q = pd.PeriodIndex(d, freq="Q")
        full = (q.end_time.normalize() == d.to_numpy())
        return np.where(full, q.asi8, q.asi8 - 1)

    first = pd.PeriodIndex(reg["registered_on"], freq="Q").asi8 + 1
    # Owed once due: the latest quarter that ended by as_of - grace.
    last = last_full(pd.Series(np.full(len(reg), day - pd.Timedelta(days=grace))))
    exited = reg["exited_on"]
    has_exit = exited.notna().to_numpy()
    if has_exit.any():
        ex_last = last_full(exited[has_exit] - pd.Timedelta(days=1))
        last = last.copy()
        last[has_exit] = np.minimum(last[has_exit], ex_last)
    expected = np.maximum(0, last - first + 1)
    ids = reg["id"].to_numpy()

    known = tb.reports[tb.reports["known_on"] <= day][["id", "q", "known_on"]]
    last_report = known.groupby("id")["q"].max().reindex(ids)
    # Every owed (participant, quarter), marked when a report for it is known.
    owed = pd.DataFrame({"id": np.repeat(ids, expected),
                         "q": np.repeat(first, expected)
                         + (np.arange(expected.sum()) - np.repeat(np.cumsum(expected) - expected,
                                                                  expected))})
    owed = owed.merge(known, on=["id", "q"], how="left")
    owed["got"] = owed["known_on"].notna()
    due = (pd.PeriodIndex(pd.arrays.PeriodArray(owed["q"].to_numpy(), freq="Q")).end_time
           .normalize() + pd.Timedelta(days=grace))
    owed["on_time"] = (owed["known_on"] <= due).to_numpy()
    counts = owed.groupby("id")[["got", "on_time"]].sum().reindex(ids).fillna(0).astype("int64")
    received = counts["got"].to_numpy()
    on_time = counts["on_time"].to_numpy()
    gaps = owed[~owed["got"]]
    text = pd.PeriodIndex(pd.arrays.PeriodArray(gaps["q"].to_numpy(), freq="Q")).strftime("%YQ%q")
    missing = (pd.Series(text, index=gaps["id"].to_numpy()).groupby(level=0).agg(",".join)
               .reindex(ids).fillna(""))
    per = pd.DataFrame({"expected": expected, "received": received, "received_on_time": on_time,
                        "last_report": last_report.to_numpy(), "missing": missing.to_numpy()},
                       index=ids)
    summary = pd.DataFrame({"participants": [len(reg)], "expected": [expected.sum()],
                            "received": [received.sum()], "received_on_time": [on_time.sum()]})

    # Follow-up: active on the date, and the latest owed quarter has no known report.
    active = (reg["exited_on"].isna() | (reg["exited_on"] > day)).to_numpy()
    latest = owed.drop_duplicates("id", keep="last")
    latest = latest[latest["id"].isin(ids[active])]
    late = latest.loc[~latest["got"], "id"]
    gone = per.index[~active & (expected > received)]
    rows = per.loc[late, ["expected", "received", "last_report"]]
    lists = {}
    a = tb.assignments
    live = a[(a["from"] <= day) & (a["to"].isna() | (a["to"] >= day))]
    mentor = live.sort_values("from", kind="stable").groupby("id")["mentor"].last()
    kecamatan = reg.set_index("id")["kecamatan"]
    for name, group in (("mentor", mentor.reindex(late).fillna("(none)")),
                        ("kecamatan", kecamatan.loc[late])):
        out = pd.DataFrame({"group": group.to_numpy(), "id": late.to_numpy(),
                            "quarters_missing": (rows["expected"] - rows["received"]).to_numpy(),
                            "last_report": rows["last_report"].to_numpy()})
        lists[name] = out.sort_values(["group", "id"], kind="stable").reset_index(drop=True)
    exited = pd.DataFrame({"id": gone, "quarters_missing": (per.loc[gone, "expected"]
                                                             - per.loc[gone, "received"])})
    return {"summary": summary, "participants": per, **lists,
            "exited": exited.sort_values("id").reset_index(drop=True)}


def cohorts_pandas(tb: Tables, as_of: dt.date, max_quarters: int = 12) -> pd.DataFrame:
    """Per registration quarter, members licensed by the end of each quarter since."""
    day = pd.Timestamp(as_of)
    reg = tb.people[tb.people["registered_on"] <= day]
    cohort = pd.PeriodIndex(reg["registered_on"], freq="Q").asi8
    on = licensed_on(tb, as_of).to_numpy()
    reached_q = pd.PeriodIndex(on, freq="Q").asi8.astype(float)
    reached_q[pd.isna(on)] = np.nan
    since = reached_q - cohort  # quarters after the cohort's own, NaN when never
    table = pd.crosstab(cohort, np.where(np.isnan(since), max_quarters + 1,
                                         np.minimum(since, max_quarters + 1)))
    table = table.reindex(columns=range(max_quarters + 2), fill_value=0)
    reached = table.cumsum(axis=1).iloc[:, :max_quarters + 1]
    current = pd.Period(day, freq="Q")
    ended = current.ordinal - (0 if day == current.end_time.normalize() else 1)
    for k in range(max_quarters + 1):  # quarters that have not ended are not observed
        reached.loc[reached.index + k > ended, k] = -1
    return reached


def phase_history_pandas(tb: Tables, quarters: pd.PeriodIndex) -> list[pd.DataFrame]:
    """The phase of every participant present at each quarter's end, and the table of moves
    between consecutive quarters (present at both ends)."""
    codes = []
    for q in quarters:
        end = q.end_time.normalize()
        phase = pd.Series(phases_pandas(tb, end.date()),
                          index=tb.people.loc[tb.people["registered_on"] <= end, "id"])
        gone = tb.people.set_index("id")["exited_on"].reindex(phase.index) <= end
        codes.append(phase[~gone.to_numpy()])
    moves = []
    for a, b in zip(codes, codes[1:]):
        both = a.index.intersection(b.index)
        moves.append(pd.crosstab(a.loc[both], b.loc[both]).reindex(
            index=range(3), columns=range(3), fill_value=0))
    return moves


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

ANALYSES = ("funnel", "phases", "time_to", "target_progress", "monitoring", "cohorts",
            "phase_history")


def analyses(scale: float, only: set[str]) -> None:
    """The analyses named in `only` (each one of ANALYSES), in the order of ANALYSES."""
    t0 = time.perf_counter()
    programme = okoce.synth.jakarta(seed=2017, scale=scale)
    print(f"synth.jakarta(scale={scale}): {len(programme)} participants, "
          f"{time.perf_counter() - t0:.1f} s")
    tb = Tables(programme)

    if "funnel" in only:
        for policy in ("sequential", "a_la_carte"):
            got, t1 = timed(lambda: okoce.funnel(programme, AS_OF, policy=policy, by="kota"))
            ref, t2 = timed(lambda: funnel_pandas(tb, AS_OF, policy))
            got = got.set_index("group")
            assert (got[STEPS].to_numpy() == ref.loc[got.index, STEPS].to_numpy()).all()
            report(f"funnel {policy[:3]}", t1, t2, "pandas")

    if "phases" in only:
        got, t1 = timed(lambda: okoce.phases(programme, AS_OF))
        ref, t2 = timed(lambda: phases_pandas(tb, AS_OF))
        assert (got["phase"].cat.codes.to_numpy() == ref).all()
        report("phases", t1, t2, "pandas")

    if "time_to" in only:
        got, t1 = timed(lambda: okoce.time_to(programme, AS_OF))
        (sf, shares, rmst, rmst_se), t2 = timed(lambda: time_to_statsmodels(tb, AS_OF))
        curve = got.curves[got.curves["events"] > 0]
        np.testing.assert_array_equal(curve["time"].to_numpy(), sf.surv_times)
        np.testing.assert_allclose(curve["survival"].to_numpy(), sf.surv_prob, rtol=0, atol=1e-9)
        np.testing.assert_allclose(curve["std_err"].to_numpy(), sf.surv_prob_se, rtol=0, atol=1e-9)
        np.testing.assert_allclose(got.reached["share"].to_numpy(), shares, rtol=0, atol=1e-9)
        np.testing.assert_allclose(got.restricted_mean[["mean_days", "std_err"]].to_numpy()[0],
                                   [rmst, rmst_se], rtol=1e-9)
        report("time_to", t1, t2, "statsmodels")

    if "target_progress" in only:
        got, t1 = timed(lambda: okoce.target_progress(programme, AS_OF))
        ref, t2 = timed(lambda: targets_pandas(tb, AS_OF))
        assert (got["actual"].to_numpy() == ref).all()
        report("target_progress", t1, t2, "pandas")

    if "monitoring" in only:
        got, t1 = timed(lambda: okoce.monitoring(programme, AS_OF))
        ref, t2 = timed(lambda: monitoring_pandas(tb, AS_OF))
        p = got.participants
        assert (p["expected"].to_numpy() == ref["participants"]["expected"].to_numpy()).all()
        assert (p["received"].to_numpy() == ref["participants"]["received"].to_numpy()).all()
        assert (p["received_on_time"].to_numpy()
                == ref["participants"]["received_on_time"].to_numpy()).all()
        assert (p["missing"].astype(str).to_numpy()
                == ref["participants"]["missing"].to_numpy()).all()
        assert got.summary["expected"].sum() == ref["summary"]["expected"].sum()
        assert got.summary["received_on_time"].sum() == ref["summary"]["received_on_time"].sum()
        assert (got.exited_missing["id"].astype(str).to_numpy()
                == ref["exited"]["id"].to_numpy()).all()
        assert (got.exited_missing["quarters_missing"].to_numpy()
                == ref["exited"]["quarters_missing"].to_numpy()).all()
        for name, frame in (("mentor", got.overdue_by_mentor),
                            ("kecamatan", got.overdue_by_kecamatan)):
            mine = frame[["group", "id"]].astype(str).to_numpy()
            assert (mine == ref[name][["group", "id"]].to_numpy()).all()
            assert (frame["quarters_missing"].to_numpy()
                    == ref[name]["quarters_missing"].to_numpy()).all()
        report("monitoring", t1, t2, "pandas")

    if "cohorts" in only:
        got, t1 = timed(lambda: okoce.cohorts(programme, AS_OF))
        ref, t2 = timed(lambda: cohorts_pandas(tb, AS_OF))
        mine = got[[f"reached_{k}" for k in range(13)]].to_numpy()
        theirs = ref.loc[got.index.asi8].to_numpy()
        observed = theirs >= 0
        assert ((mine == theirs) | ~observed).all() and ((mine < 0) == ~observed).all()
        report("cohorts", t1, t2, "pandas")

    if "phase_history" in only:
        quarters = pd.period_range("2021Q1", "2022Q2", freq="Q")
        got, t1 = timed(lambda: okoce.phase_history(programme, "2021Q1", "2022Q2"))
        ref, t2 = timed(lambda: phase_history_pandas(tb, quarters))
        moves = got.transitions
        for k, table in enumerate(ref):
            step = moves[(moves["from_quarter"] == str(quarters[k]))
                         & ~moves["from"].isin(["(absent)"]) & ~moves["to"].isin(["(absent)"])]
            mine = step.pivot(index="from", columns="to", values="count").loc[
                ["starting", "mid_stage", "stalled"], ["starting", "mid_stage", "stalled"]]
            assert (mine.to_numpy() == table.to_numpy()).all()
        report("phase_history", t1, t2, "pandas")


def networkx_graph(programme: okoce.Programme,
                   as_of: dt.date) -> tuple[Any, pd.DataFrame, pd.DataFrame, Any]:
    """The pandas tables and cost rule of tests/python/test_assignment.py (the independent
    construction), for the networkx optimum over individual participants. Demand is the
    participants DEMAND names, chosen there from the next step okoce.phases reports, the
    library's own definition."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "python"))
    import test_assignment as ta  # noqa: E402
    ta.AS_OF = as_of
    needs, mentors, _, cost, _ = ta.tables(programme, okoce.AssignmentCosts(), DEMAND)
    return ta, needs, mentors, cost


# networkx's min-cost flow took about 0.19 ms per participant-mentor arc here (95 s for 506,000
# arcs); sizes whose graph would take longer than --networkx-budget seconds are skipped.
NETWORKX_SECONDS_PER_ARC = 0.19e-3
NETWORKX_BUDGET = 300.0
ASSIGN_DAY = dt.date(2022, 6, 30)
FULL = 332_000  # participants at scale 1 by 2022 (synth.hpp)
# Who needs a mentor, passed by name to all three solvers (okoce's default rule: active, no
# current pair, next step on the pathway is P3). --demand picks another rule.
DEMAND = "next_step"


def rss_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def measure_one(solver: str, n: int) -> None:
    """In a child process: one solver at one size. Prints one JSON line: participants, pairs
    and cost of the optimum, seconds (best of --repeat runs, one run over 5 s, as timed()),
    and the memory the solve added above what was resident before it (peak RSS over the runs
    after resetting the peak, minus RSS before), in MiB."""
    import json
    programme = okoce.synth.jakarta(seed=2017, scale=n / FULL)
    out: dict[str, Any] = {"solver": solver, "participants": len(programme)}
    run: Callable[[], tuple[int, int]]
    if solver == "okoce":
        def run() -> tuple[int, int]:
            r = okoce.assign_mentors(programme, ASSIGN_DAY, demand=DEMAND)
            out["demand"] = r.demand_count
            return len(r.pairs), int(r.total_cost)
    elif solver == "lemon":
        def run() -> tuple[int, int]:
            return okoce.assign_mentors_individual_optimum(programme, ASSIGN_DAY, demand=DEMAND)
    else:
        ta, needs, mentors, cost = networkx_graph(programme, ASSIGN_DAY)
        out["demand"] = len(needs)
        province = needs["kelurahan"].str.slice(0, 2)
        open_mentors = mentors[mentors["spare"] > 0]
        arcs = sum(int((open_mentors["kecamatan"].str.slice(0, 2) == p).sum())
                   for p in province)
        if arcs * NETWORKX_SECONDS_PER_ARC > NETWORKX_BUDGET:
            out["skipped"] = f"{arcs} arcs, over {NETWORKX_BUDGET:.0f} s expected"
            print(json.dumps(out))
            return

        def run() -> tuple[int, int]:
            return ta.networkx_optimum(needs, mentors, cost)
    # Writing 5 to clear_refs resets the peak resident size (VmHWM) of this process (Linux).
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = rss_kib("VmRSS")
    (pairs, total), out["seconds"] = timed(run)
    out["mib"] = (rss_kib("VmHWM") - before) / 1024
    out["pairs"], out["cost"] = pairs, total
    print(json.dumps(out))


def assignment(sizes: list[int], limit: float, budget: float) -> None:
    """Each solver in its own process, so that its time and memory are its own."""
    import json
    import subprocess
    import sys
    for n in sizes:
        results: dict[str, dict[str, Any]] = {}
        for solver in ("okoce", "lemon", "networkx"):
            try:
                done = subprocess.run([sys.executable, __file__, "--one", solver, str(n),
                                       "--networkx-budget", str(budget), "--demand", DEMAND,
                                       "--repeat", str(REPEAT)],
                                      capture_output=True, text=True, timeout=limit, check=True)
                results[solver] = json.loads(done.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                results[solver] = {"skipped": f"not done in {limit:.0f} s"}
        mine = results["okoce"]
        line = (f"assign {mine['participants']:>7} ({DEMAND}: {mine['demand']} need a mentor)  "
                f"okoce {mine['seconds']:8.3f} s "
                f"{mine['mib']:7.1f} MiB ({mine['pairs']} pairs, cost {mine['cost']})")
        for solver, name in (("lemon", "LEMON individual"), ("networkx", "networkx")):
            r = results[solver]
            if "skipped" in r:
                line += f"   {name} skipped ({r['skipped']})"
                continue
            assert (r["pairs"], r["cost"]) == (mine["pairs"], mine["cost"]), (solver, r)
            assert r.get("demand", mine["demand"]) == mine["demand"], (solver, r)
            line += (f"   {name} {r['seconds']:8.3f} s {r['mib']:7.1f} MiB "
                     f"time {r['seconds'] / mine['seconds']:6.1f}x "
                     f"memory {r['mib'] / max(mine['mib'], 0.1):6.1f}x")
        print(line, flush=True)


def main() -> None:
    global NETWORKX_BUDGET, REPEAT, DEMAND
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=REPEAT, help="best of this many runs")
    ap.add_argument("--sizes", type=int, nargs="*", default=[5_000, 50_000, 330_000])
    ap.add_argument("--limit", type=float, default=900.0,
                    help="seconds an assignment solver may take before it is reported as not done")
    ap.add_argument("--networkx-budget", type=float, default=NETWORKX_BUDGET,
                    help="skip networkx where its graph is expected to take longer (seconds)")
    ap.add_argument("--only", default="all",
                    help="comma-separated analyses to run, from " + ",".join(ANALYSES)
                    + ",assignment (default all)")
    ap.add_argument("--demand", default=DEMAND,
                    choices=["next_step", "until_pathway_done", "all_active"],
                    help="who needs a mentor, the same rule on every assignment solver")
    ap.add_argument("--one", nargs=2, metavar=("SOLVER", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    NETWORKX_BUDGET = args.networkx_budget
    REPEAT = args.repeat
    DEMAND = args.demand
    if args.one:
        measure_one(args.one[0], int(args.one[1]))
        return
    known = set(ANALYSES) | {"assignment"}
    only = known if args.only == "all" else {a.strip() for a in args.only.split(",") if a.strip()}
    if only - known:
        ap.error(f"--only: unknown {', '.join(sorted(only - known))}; "
                 f"known: {', '.join(ANALYSES)}, assignment")
    if only & set(ANALYSES):
        analyses(args.scale, only)
    if "assignment" in only:
        assignment(args.sizes, args.limit, args.networkx_budget)


if __name__ == "__main__":
    main()
