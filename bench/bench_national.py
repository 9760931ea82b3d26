"""National benchmark: okoce.synth.indonesia written to disk, then each analysis that accepts a
partitioned programme run over it, sequentially (one partition at a time in one process) and on
a two-worker Dask LocalCluster.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_national.py --scale 0.01   # quick
    PYTHONPATH=build/python /usr/bin/python3 bench/bench_national.py --scale 1 \\
        --path /var/tmp/okoce-national --keep --one-pass-only                 # full run
    PYTHONPATH=build/python /usr/bin/python3 bench/bench_national.py --existing \\
        /var/tmp/okoce-national --one-pass-only                # analyses of a kept dataset

Two ways of running the analyses are timed:

- each analysis alone (``okoce.funnel(dataset, ...)`` and so on), which loads every partition
  for itself: what one call costs an analyst;
- one pass: each partition loaded once, and the partials of all seven analyses made from it
  (the way ``okoce.monitoring`` makes its four), then merged and finished. At national scale
  loading the partitions dominates, so this is how a whole-country report is made; the pass
  reports the loading and each analysis's own compute time, summed over the partitions.

Every measurement runs in a fresh child process, so that its peak RSS (getrusage's ru_maxrss of
the child, and of each Dask worker process for the distributed runs) is its own and not the
largest of everything before it. Prints Markdown tables; --json FILE keeps the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

AS_OF = dt.date(2026, 10, 31)
HISTORY = ("2025Q1", "2026Q3")

# name -> (function of okoce, keyword arguments); each accepts a Dataset and client=.
ANALYSES: dict[str, tuple[str, dict[str, Any]]] = {
    "funnel (a-la-carte, by kota)": ("funnel", {"policy": "a_la_carte", "by": "kota"}),
    "cohorts (licensed, by registration quarter)": ("cohorts", {"milestone": "licensed"}),
    "phase_mix (by province)": ("phase_mix", {"by": "province"}),
    "monitoring (by province, 30-day grace)": ("monitoring", {"by": "province"}),
    "target_progress (a-la-carte)": ("target_progress", {"policy": "a_la_carte"}),
    "phase_history (2025Q1-2026Q3)": ("phase_history", {}),
    "time_to licensed (by province)": ("time_to", {"milestone": "licensed", "by": "province"}),
}


def _call(func: str, d: Any, client: Any, kwargs: dict[str, Any]) -> Any:
    import okoce
    if func == "phase_history":
        return okoce.phase_history(d, HISTORY[0], HISTORY[1], client=client, **kwargs)
    return getattr(okoce, func)(d, as_of=AS_OF, client=client, **kwargs)


def _rows(result: Any) -> int:
    if hasattr(result, "summary"):  # Monitoring
        return len(result.summary)
    if hasattr(result, "transitions"):  # PhaseHistory
        return len(result.transitions)
    if hasattr(result, "medians"):  # TimeTo
        return len(result.medians)
    return len(result)


# The partials of every analysis above, from one loaded partition: (name, maker).
def _makers() -> list[tuple[str, Any]]:
    from okoce import _core
    return [
        ("funnel", lambda p: _core._funnel_partial(p, AS_OF, "a_la_carte", "kota")),
        ("cohorts", lambda p: _core._cohorts_partial(p, AS_OF, "licensed", "a_la_carte", 12)),
        ("phase_mix", lambda p: _core._phase_mix_partial(p, AS_OF, "province")),
        ("monitoring", lambda p: (_core._compliance_summary_partial(p, AS_OF, "province", 30),
                                  _core._overdue_partial(p, AS_OF, "mentor", 30),
                                  _core._overdue_partial(p, AS_OF, "kecamatan", 30),
                                  _core._exited_missing_partial(p, AS_OF, 30))),
        ("target_progress", lambda p: _core._target_progress_partial(p, AS_OF, "a_la_carte")),
        ("phase_history", lambda p: _core._phase_history_partial(p, HISTORY[0], HISTORY[1])),
        ("time_to", lambda p: _core._time_to_partial(p, AS_OF, "licensed", "a_la_carte",
                                                     "province")),
    ]


def one_partition(path: str, index: int) -> tuple[list[Any], float, dict[str, float]]:
    """Loads partition ``index`` and makes every partial from it, timing each step (runs in the
    benchmark's child or on a Dask worker)."""
    from okoce import _core
    start = time.perf_counter()
    p = _core.Dataset(path).load(index)
    load = time.perf_counter() - start
    parts, seconds = [], {}
    for name, make in _makers():
        start = time.perf_counter()
        parts.append(make(p))
        seconds[name] = time.perf_counter() - start
    return parts, load, seconds


Result = tuple[list[Any], float, dict[str, float]]


def fold(acc: Result, other: Result) -> Result:
    """Merges one partition's partials and timings into ``acc`` in place, as
    okoce.partitioned.reduce_partitions does, so that the partials are not all held at once."""
    parts, load, seconds = acc
    for mine, theirs in zip(parts, other[0]):
        for m, t in (zip(mine, theirs) if isinstance(mine, tuple) else [(mine, theirs)]):
            m.merge(t)
    for k, v in other[2].items():
        seconds[k] += v
    return parts, load + other[1], seconds


def finish(parts: list[Any]) -> dict[str, int]:
    """Finishes each merged partial; the rows of each finished result."""
    from okoce import _core
    finished: dict[str, int] = {}
    for (name, _), m in zip(_makers(), parts):
        if name == "monitoring":
            finished[name] = len(_core._compliance_summary_finish(m[0], 0)["group"])
        elif name == "funnel":
            finished[name] = len(_core._funnel_finish(m, 0)["group"])
        elif name == "cohorts":
            finished[name] = len(_core._cohorts_finish(m, 0)["size"])
        elif name == "phase_mix":
            finished[name] = len(_core._phase_mix_finish(m, 0)["group"])
        elif name == "target_progress":
            finished[name] = len(_core._target_progress_finish(m)["id"])
        elif name == "phase_history":
            finished[name] = len(_core._phase_history_finish(m, 0)["quarter"])
        else:
            finished[name] = len(_core._time_to_finish(m, 0.05, 0, [6.0, 12.0, 24.0], 24.0)["group"])
    return finished


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _worker_maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_generate(args: argparse.Namespace) -> dict[str, Any]:
    import okoce
    start = time.perf_counter()
    d = okoce.synth.indonesia(seed=args.seed, scale=args.scale, path=args.path,
                              threads=args.threads)
    seconds = time.perf_counter() - start
    rows = d.total_rows()
    return {"seconds": seconds, "rss_mib": _maxrss_mib(), "rows": rows}


def child_analysis(args: argparse.Namespace) -> dict[str, Any]:
    import okoce
    d = okoce.open(args.path)
    n = len(d)
    if args.analysis == "one pass":
        if args.mode == "sequential":
            start = time.perf_counter()
            acc = one_partition(str(args.path), 0)
            for i in range(1, n):
                acc = fold(acc, one_partition(str(args.path), i))
            rows = finish(acc[0])
            seconds = time.perf_counter() - start
            return {"seconds": seconds, "rss_mib": _maxrss_mib(), "rows": rows,
                    "load_s": acc[1], "compute_s": acc[2]}
    else:
        func, kwargs = ANALYSES[args.analysis]
        if args.mode == "sequential":
            start = time.perf_counter()
            result = _call(func, d, None, kwargs)
            seconds = time.perf_counter() - start
            return {"seconds": seconds, "rss_mib": _maxrss_mib(), "rows": _rows(result)}
    import distributed
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            client.run(lambda: __import__("okoce"))  # import on the workers before the clock
            start = time.perf_counter()
            out: dict[str, Any] = {}
            if args.analysis == "one pass":
                futures = client.map(one_partition, [str(args.path)] * n, list(range(n)),
                                     pure=False)
                acc: Result | None = None
                for future, result in distributed.as_completed(futures, with_results=True):
                    acc = result if acc is None else fold(acc, result)
                    future.release()
                assert acc is not None
                out["rows"] = finish(acc[0])
                out["load_s"] = acc[1]
                out["compute_s"] = acc[2]
            else:
                func, kwargs = ANALYSES[args.analysis]
                out["rows"] = _rows(_call(func, d, client, kwargs))
            seconds = time.perf_counter() - start
            workers = client.run(_worker_maxrss_mib)
    out.update({"seconds": seconds, "rss_mib": _maxrss_mib(),
                "worker_rss_mib": max(workers.values())})
    return out


def run_child(extra: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", *extra], check=False,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"the child {' '.join(extra)} failed")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def disk_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--threads", type=int, default=1, help="provinces generated at once")
    ap.add_argument("--path", type=Path, default=None,
                    help="dataset folder (default: a temporary folder, removed after)")
    ap.add_argument("--keep", action="store_true", help="keep the dataset")
    ap.add_argument("--existing", type=Path, default=None,
                    help="time the analyses of a dataset already written (no generation)")
    ap.add_argument("--one-pass-only", action="store_true",
                    help="only the one-pass run (each analysis alone loads every partition again)")
    ap.add_argument("--only", default=None,
                    help="comma-separated analyses to time alone (funnel, monitoring, ...), "
                         "without the one pass")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--analysis", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        result = child_analysis(args) if args.analysis else child_generate(args)
        print(json.dumps(result))
        return

    import tempfile
    tmp = None
    if args.existing is not None:
        args.path = args.existing
    elif args.path is None:
        tmp = tempfile.mkdtemp(prefix="okoce-national-", dir="/var/tmp")
        args.path = Path(tmp) / "indonesia"
    common = ["--path", str(args.path), "--scale", str(args.scale), "--seed", str(args.seed),
              "--threads", str(args.threads)]
    try:
        results: dict[str, Any] = {"scale": args.scale, "threads": args.threads, "analyses": {}}
        if args.existing is None:
            gen = run_child(common)
            results["generate"] = gen
            rows = gen["rows"]
        else:
            import okoce
            rows = okoce.open(args.path).total_rows()
        disk = disk_bytes(args.path)
        results["disk_bytes"] = disk
        print(f"{rows['participants']:,} participants, {rows['reports']:,} reports, "
              f"{rows['steps']:,} steps, {rows['mentors']:,} mentors")
        if args.existing is None:
            print(f"generation ({args.threads} thread(s)): {gen['seconds']:.1f} s, "
                  f"peak RSS {gen['rss_mib']:.0f} MiB", end="; ")
        print(f"disk {disk / 2**20:.0f} MiB ({disk / rows['participants']:.0f} B a participant)")
        print()
        print("| analysis | sequential s | sequential peak RSS MiB | 2-worker LocalCluster s "
              "| client RSS MiB | worker peak RSS MiB |")
        print("|---|---|---|---|---|---|")
        names = ["one pass"] + ([] if args.one_pass_only else list(ANALYSES))
        if args.only:
            wanted = set(args.only.split(","))
            unknown = wanted - {func for func, _ in ANALYSES.values()}
            if unknown:
                ap.error(f"--only: no analysis {', '.join(sorted(unknown))}")
            names = [n for n in ANALYSES if ANALYSES[n][0] in wanted]
        for name in names:
            seq = run_child(common + ["--analysis", name, "--mode", "sequential"])
            dask = run_child(common + ["--analysis", name, "--mode", "dask"])
            results["analyses"][name] = {"sequential": seq, "dask": dask}
            label = "one pass: all seven analyses" if name == "one pass" else name
            print(f"| {label} | {seq['seconds']:.2f} | {seq['rss_mib']:.0f} | "
                  f"{dask['seconds']:.2f} | {dask['rss_mib']:.0f} | "
                  f"{dask['worker_rss_mib']:.0f} |", flush=True)
        one = results["analyses"].get("one pass")
        if one is None:
            if args.json:
                args.json.write_text(json.dumps(results, indent=2))
            return
        print()
        print("One pass, summed over the partitions (seconds; on Dask, summed over both workers):")
        print()
        print("| part | sequential s | Dask s |")
        print("|---|---|---|")
        print(f"| loading the partitions | {one['sequential']['load_s']:.2f} | "
              f"{one['dask']['load_s']:.2f} |")
        for k, v in one["sequential"]["compute_s"].items():
            print(f"| {k} partials | {v:.2f} | {one['dask']['compute_s'][k]:.2f} |")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp is not None:
            print(f"kept {args.path}", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
