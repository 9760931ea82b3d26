"""Measures what a Programme costs in memory, per participant and per report, and how the time
of phases and monitoring grows with the programme's size.

Each scale runs in a fresh process (so that its peak RSS is its own):

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_memory.py --scales 0.05 0.1

prints, per scale, the synthetic programme's row counts, the bytes its columns hold
(``Programme.memory_bytes()``) per participant and per report, the process's peak RSS, and
the best of --repeat runs of ``okoce.phases`` and ``okoce.monitoring``; then the ratio of each
time to the smallest scale's beside the ratio of participants. ``--columns`` lists every
column's bytes per row of its table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from collections import defaultdict
from typing import Any

from _fresh import per_scale, ran_as_child, scale_arguments

AS_OF = dt.date(2022, 6, 30)


def measure(scale: float, repeat: int) -> dict[str, Any]:
    """One scale, in this process."""
    import okoce

    p = okoce.synth.jakarta(seed=1, scale=scale)
    by_table: dict[str, int] = defaultdict(int)
    columns = []
    for table, column, nbytes in p.memory_bytes():
        by_table[table] += nbytes
        columns.append((table, column, nbytes))
    rows = {t: len(getattr(p, t)()) for t in ("participants", "steps", "licences", "reports",
                                              "assignments")}
    times = {}
    for name, fn in (("phases", lambda: okoce.phases(p, AS_OF)),
                     ("monitoring", lambda: okoce.monitoring(p, AS_OF))):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        times[name] = best
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"scale": scale, "rows": rows, "by_table": dict(by_table), "columns": columns,
            "rss": rss, "times": times}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    scale_arguments(ap)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--columns", action="store_true", help="bytes per row of every column")
    args = ap.parse_args()
    if ran_as_child(args, measure):
        return
    results = per_scale(__file__, args.scales, args.repeat)
    print(f"{'scale':>6} {'participants':>12} {'reports':>11} {'B/participant':>14} "
          f"{'B/report':>9} {'all B/part.':>11} {'total MiB':>10} {'peak RSS MiB':>13} {'phases s':>9} "
          f"{'monitoring s':>13}")
    for r in results:
        n, reports = r["rows"]["participants"], r["rows"]["reports"]
        total = sum(r["by_table"].values())
        # Everything but the reports table is charged to the participants.
        per_participant = (total - r["by_table"]["reports"]) / n
        per_report = r["by_table"]["reports"] / reports
        print(f"{r['scale']:>6} {n:>12,} {reports:>11,} {per_participant:>14.1f} "
              f"{per_report:>9.1f} {total / n:>11.1f} {total / 2**20:>10.1f} {r['rss'] / 2**20:>13.1f} "
              f"{r['times']['phases']:>9.3f} {r['times']['monitoring']:>13.3f}")
    base = results[0]
    for r in results[1:]:
        grow = r["rows"]["participants"] / base["rows"]["participants"]
        print(f"scale {base['scale']} -> {r['scale']}: participants x{grow:.2f}, phases "
              f"x{r['times']['phases'] / base['times']['phases']:.2f}, monitoring "
              f"x{r['times']['monitoring'] / base['times']['monitoring']:.2f}")
    if args.columns:
        r = results[-1]
        print(f"\nbytes per row at scale {r['scale']}:")
        for table, column, nbytes in r["columns"]:
            n = r["rows"].get(table)
            print(f"  {table:<13} {column:<20} {nbytes / n if n else nbytes:>9.2f}"
                  + ("" if n else " (total bytes)"))


if __name__ == "__main__":
    main()
