"""How the time of phases and monitoring grows with the programme's size, split into the
compiled passes and the whole Python call.

Issue 15 asks that ``okoce.phases`` and ``okoce.monitoring`` take at most 11 times as long at
scale 10 as at scale 1. Each scale runs in a fresh process (scale 10 needs about 3 GB and a
minute to generate):

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_scaling.py --scales 1 10

prints, per scale, the best of --repeat runs of each call in wall-clock seconds and in the
process's CPU seconds (all threads; less sensitive to other work on a shared machine than the
wall clock), then each call's ratio to the first scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from typing import Any, Callable

from _fresh import per_scale

AS_OF = dt.date(2022, 6, 30)


def measure(scale: float, repeat: int) -> dict[str, list[float]]:
    import okoce
    from okoce import _core

    p = okoce.synth.jakarta(seed=1, scale=scale)
    okoce.phases(p, AS_OF)  # the first call caches the programme's ids as str objects
    grace = 30
    calls: dict[str, Callable[[], Any]] = {
        "okoce.phases": lambda: okoce.phases(p, AS_OF),
        "  _core._phases": lambda: _core._phases(p, AS_OF, _core.PhaseRules()),
        "okoce.monitoring": lambda: okoce.monitoring(p, AS_OF),
        "  _core._compliance_summary": lambda: _core._compliance_summary(p, AS_OF, "none", 0,
                                                                         grace),
        "  _core._compliance": lambda: _core._compliance(p, AS_OF, grace),
        "  _core._overdue mentor": lambda: _core._overdue(p, AS_OF, "mentor", grace),
        "  _core._overdue kecamatan": lambda: _core._overdue(p, AS_OF, "kecamatan", grace),
        "  _core._exited_missing": lambda: _core._exited_missing(p, AS_OF, grace),
    }
    out = {}
    for name, call in calls.items():
        wall = cpu = float("inf")
        for _ in range(repeat):
            w, c = time.perf_counter(), time.process_time()
            call()
            wall = min(wall, time.perf_counter() - w)
            cpu = min(cpu, time.process_time() - c)
        out[name] = [wall, cpu]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[0.05, 0.1])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # the child process
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.repeat)))
        return
    results = per_scale(__file__, args.scales, args.repeat)
    base = results[0]
    header = "".join(f" {f'scale {s} wall/cpu s':>22}" for s in args.scales)
    ratios = "".join(f" {f'x{s / args.scales[0]:g} wall/cpu':>18}" for s in args.scales[1:])
    print(f"{'call':<30}{header}{ratios}")
    for name in base:
        cells = "".join(f" {r[name][0]:>10.3f} {r[name][1]:>11.3f}" for r in results)
        grow = "".join(f" {r[name][0] / base[name][0]:>8.1f} {r[name][1] / base[name][1]:>9.1f}"
                       for r in results[1:])
        print(f"{name:<30}{cells}{grow}")


if __name__ == "__main__":
    main()
