"""How the time of phases and monitoring grows with the programme's size, split into the
compiled passes and the whole Python call.

Issue 15 asks that ``okoce.phases`` and ``okoce.monitoring`` take at most 11 times as long at
scale 10 as at scale 1 (scale 10 needs about 3 GB and a minute to generate):

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_scaling.py --scales 1 10

By default one process holds every scale and the calls alternate between them (scale 1, scale
10, scale 1, ...) --repeat times, so that a change in the shared machine's speed during the run
falls on both scales alike; it prints each call's minimum and median wall-clock seconds per
scale and the ratios of the medians and of the minimums. ``--fresh`` runs each scale in its own
process instead, timing the best of --repeat in wall-clock and CPU seconds (all threads).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any, Callable

from _fresh import per_scale, ran_as_child, scale_arguments

AS_OF = dt.date(2022, 6, 30)


def calls_on(p: Any) -> dict[str, Callable[[], Any]]:
    """The timed calls on programme ``p``, by name."""
    import okoce
    from okoce import _core

    grace = 30
    return {
        "okoce.phases": lambda: okoce.phases(p, AS_OF),
        "  _core._phases": lambda: _core._phases(p, AS_OF, _core.PhaseRules()),
        "okoce.monitoring": lambda: okoce.monitoring(p, AS_OF),
        "  _core._compliance_summary": lambda: _core._compliance_summary_finish(
            _core._compliance_summary_partial(p, AS_OF, "none", grace), 0),
        "  _core._compliance": lambda: _core._compliance(p, AS_OF, grace),
        "  _core._overdue mentor": lambda: _core._overdue_finish(
            _core._overdue_partial(p, AS_OF, "mentor", grace)),
        "  _core._overdue kecamatan": lambda: _core._overdue_finish(
            _core._overdue_partial(p, AS_OF, "kecamatan", grace)),
        "  _core._exited_missing": lambda: _core._exited_missing_finish(
            _core._exited_missing_partial(p, AS_OF, grace)),
    }


def programme(scale: float) -> Any:
    import okoce
    p = okoce.synth.jakarta(seed=1, scale=scale)
    okoce.phases(p, AS_OF)  # the first call caches the programme's ids as str objects
    return p


def interleaved(scales: list[float], repeat: int) -> None:
    """Every scale in this process; each call alternates between the scales ``repeat`` times."""
    per = [calls_on(programme(s)) for s in scales]
    ratio_head = "".join(f" {f'x{s / scales[0]:g} med/min':>16}" for s in scales[1:])
    print(f"{'call':<30}" + "".join(f" {f'scale {s:g} med/min s':>22}" for s in scales)
          + ratio_head)
    for name in per[0]:
        times: list[list[float]] = [[] for _ in scales]
        for _ in range(repeat):
            for calls, t in zip(per, times):
                start = time.perf_counter()
                calls[name]()
                t.append(time.perf_counter() - start)
        med = [statistics.median(t) for t in times]
        low = [min(t) for t in times]
        cells = "".join(f" {m:>10.3f} {lo:>11.3f}" for m, lo in zip(med, low))
        grow = "".join(f" {m / med[0]:>7.1f} {lo / low[0]:>8.1f}"
                       for m, lo in zip(med[1:], low[1:]))
        print(f"{name:<30}{cells}{grow}", flush=True)


def measure(scale: float, repeat: int) -> dict[str, list[float]]:
    calls = calls_on(programme(scale))
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
    scale_arguments(ap)
    ap.add_argument("--repeat", type=int, default=None,
                    help="calls per scale (default 11 interleaved, 3 with --fresh)")
    ap.add_argument("--fresh", action="store_true", help="each scale in its own process")
    args = ap.parse_args()
    if ran_as_child(args, measure):
        return
    if not args.fresh:
        interleaved(args.scales, args.repeat or 11)
        return
    args.repeat = args.repeat or 3
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
