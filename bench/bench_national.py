"""National benchmark: okoce.synth.indonesia written to disk, then each analysis that accepts a
partitioned programme run over it, sequentially (one partition at a time in one process) and on
a two-worker Dask LocalCluster.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_national.py --scale 0.01   # quick
    PYTHONPATH=build/python /usr/bin/python3 bench/bench_national.py --scale 1 \\
        --path /var/tmp/okoce-national                                       # full run

Every measurement runs in a fresh child process, so that its peak RSS (getrusage's ru_maxrss of
the child, and of each Dask worker process for the distributed runs) is its own and not the
largest of everything before it. Prints a Markdown table; --json FILE keeps the figures.
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

# name -> (function of okoce, keyword arguments); each accepts a Dataset and client=.
ANALYSES: dict[str, tuple[str, dict[str, Any]]] = {
    "funnel (a-la-carte, by kota)": ("funnel", {"policy": "a_la_carte", "by": "kota"}),
    "cohorts (licensed, by registration quarter)": ("cohorts", {"milestone": "licensed"}),
    "phase_mix (by province)": ("phase_mix", {"by": "province"}),
}


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
    func, kwargs = ANALYSES[args.analysis]
    d = okoce.open(args.path)
    if args.mode == "sequential":
        start = time.perf_counter()
        frame = getattr(okoce, func)(d, as_of=AS_OF, **kwargs)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "rss_mib": _maxrss_mib(), "rows": len(frame)}
    import distributed
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            client.run(lambda: __import__("okoce"))  # import on the workers before the clock
            start = time.perf_counter()
            frame = getattr(okoce, func)(d, as_of=AS_OF, client=client, **kwargs)
            seconds = time.perf_counter() - start
            workers = client.run(_worker_maxrss_mib)
    return {"seconds": seconds, "rss_mib": _maxrss_mib(),
            "worker_rss_mib": max(workers.values()), "rows": len(frame)}


def run_child(extra: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", *extra], check=True,
                         capture_output=True, text=True)
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
    if args.path is None:
        tmp = tempfile.mkdtemp(prefix="okoce-national-", dir="/var/tmp")
        args.path = Path(tmp) / "indonesia"
    common = ["--path", str(args.path), "--scale", str(args.scale), "--seed", str(args.seed),
              "--threads", str(args.threads)]
    try:
        gen = run_child(common)
        disk = disk_bytes(args.path)
        results: dict[str, Any] = {"scale": args.scale, "threads": args.threads,
                                   "generate": gen, "disk_bytes": disk, "analyses": {}}
        rows = gen["rows"]
        print(f"scale {args.scale}: {rows['participants']:,} participants, "
              f"{rows['reports']:,} reports, {rows['steps']:,} steps, "
              f"{rows['mentors']:,} mentors in 38 partitions")
        print(f"generation ({args.threads} thread(s)): {gen['seconds']:.1f} s, "
              f"peak RSS {gen['rss_mib']:.0f} MiB; disk {disk / 2**20:.0f} MiB "
              f"({disk / rows['participants']:.0f} B a participant)")
        print()
        print("| analysis | sequential s | sequential peak RSS MiB | 2-worker LocalCluster s "
              "| client RSS MiB | worker peak RSS MiB |")
        print("|---|---|---|---|---|---|")
        for name in ANALYSES:
            seq = run_child(common + ["--analysis", name, "--mode", "sequential"])
            dask = run_child(common + ["--analysis", name, "--mode", "dask"])
            results["analyses"][name] = {"sequential": seq, "dask": dask}
            print(f"| {name} | {seq['seconds']:.2f} | {seq['rss_mib']:.0f} | "
                  f"{dask['seconds']:.2f} | {dask['rss_mib']:.0f} | "
                  f"{dask['worker_rss_mib']:.0f} |", flush=True)
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
