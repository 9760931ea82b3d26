"""okoce.att_gt beside a straightforward pandas/numpy implementation of the same estimator and
bootstrap (tests/python/did_reference.py), on the same simulated panel, in separate processes
(so that each one's peak memory is its own). Checks that both give the same numbers and prints
the times and the ratio.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_impact.py --units 1000000 --periods 12

The panel: `units` units over periods 1..`periods`, cohorts 0 (never, 40%) and every period from
the third on, a unit effect, a common trend and an effect growing with the time since
treatment; numpy's default_rng(seed), so every run has the same data.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def panel(units: int, periods: int, seed: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    cohorts = np.concatenate([[0], np.arange(3, periods + 1)])
    p = np.concatenate([[0.4], np.full(len(cohorts) - 1, 0.6 / (len(cohorts) - 1))])
    g = rng.choice(cohorts, size=units, p=p)
    a = rng.normal(size=units)
    t = np.tile(np.arange(1, periods + 1), units)
    gg = np.repeat(g, periods)
    e = t - gg
    y = np.repeat(a, periods) + 0.3 * t + np.where((gg > 0) & (e >= 0), 1.0 + 0.2 * e, 0.0)
    y = y + rng.normal(size=units * periods)
    return pd.DataFrame({"unit": np.repeat(np.arange(units), periods), "period": t,
                         "cohort": gg, "y": y})


def run(part: str, units: int, periods: int, bootstrap: int, seed: int) -> dict:
    df = panel(units, periods, seed)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {}
    start = time.perf_counter()
    if part == "okoce":
        import okoce

        r = okoce.att_gt(df, unit="unit", time="period", cohort="cohort", outcome="y",
                         bootstrap=bootstrap, seed=seed)
        out["att_gt_s"] = time.perf_counter() - start
        table = r.table
        agg = {k: r.aggregate(k).overall for k in ["simple", "dynamic", "group", "calendar"]}
        pre = r.pretest
    else:
        sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))
        import did_reference as ref

        table, IF, ctx = ref.att_gt(df, "unit", "period", "cohort", "y", bootstrap=bootstrap, seed=seed)
        out["att_gt_s"] = time.perf_counter() - start
        agg = {k: ref.aggregate(table, IF, ctx, k)[1] for k in ["simple", "dynamic", "group", "calendar"]}
        W, dof, p = ref.pretest(table, IF, ctx)
        pre = {"statistic": W, "df": dof, "p_value": p}
    out["total_s"] = time.perf_counter() - start
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["rss_before_mb"] = before / 1024
    out["cells"] = {c: table[c].astype(float).tolist() for c in ["att", "se", "se_boot"]}
    out["aggregates"] = {k: {c: float(v[c]) for c in ["att", "se", "se_boot"]} for k, v in agg.items()}
    out["pretest"] = {k: float(v) for k, v in pre.items()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--periods", type=int, default=12)
    ap.add_argument("--bootstrap", type=int, default=999)
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--no-reference", action="store_true")
    ap.add_argument("--part", choices=["okoce", "reference"], help=argparse.SUPPRESS)
    ap.add_argument("--json")
    a = ap.parse_args()
    if a.part:
        print(json.dumps(run(a.part, a.units, a.periods, a.bootstrap, a.seed)))
        return
    results = {}
    for part in ["okoce"] + ([] if a.no_reference else ["reference"]):
        cmd = [sys.executable, __file__, "--part", part, "--units", str(a.units), "--periods",
               str(a.periods), "--bootstrap", str(a.bootstrap), "--seed", str(a.seed)]
        results[part] = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    o = results["okoce"]
    print(f"{a.units:,} units x {a.periods} periods, {a.bootstrap} draws, "
          f"{len(o['cells']['att'])} ATT(g,t) cells")
    print(f"okoce.att_gt:   {o['att_gt_s']:.2f} s (with the four aggregations and pre-test "
          f"{o['total_s']:.2f} s), peak RSS {o['peak_rss_mb']:.0f} MB "
          f"({o['rss_before_mb']:.0f} MB before the call: the DataFrame)")
    if "reference" in results:
        r = results["reference"]
        print(f"pandas/numpy:   {r['att_gt_s']:.2f} s (with aggregations and pre-test "
              f"{r['total_s']:.2f} s), peak RSS {r['peak_rss_mb']:.0f} MB")
        worst = 0.0
        for c in ["att", "se", "se_boot"]:
            for x, y in zip(o["cells"][c], r["cells"][c]):
                worst = max(worst, abs(x - y) / max(1e-300, abs(y)) if y else abs(x))
        for k in o["aggregates"]:
            for c in ["att", "se", "se_boot"]:
                x, y = o["aggregates"][k][c], r["aggregates"][k][c]
                worst = max(worst, abs(x - y) / abs(y))
        print(f"largest relative difference (cells, aggregates: att, se, se_boot): {worst:.1e}")
        assert worst < 1e-8, "okoce and the reference disagree"
        print(f"ratio att_gt: {r['att_gt_s'] / o['att_gt_s']:.1f}x; "
              f"with aggregations: {r['total_s'] / o['total_s']:.1f}x")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
