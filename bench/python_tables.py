"""How fast the programme's tables reach pandas, against reading the same CSV files with pandas.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_tables.py [--scale 1.0] [--repeat 3]

Makes okoce.synth.jakarta(scale), saves it as CSV, then for each table times
``programme.<table>()`` (the store -> DataFrame) against ``pandas.read_csv`` of that table's file
with the dtypes an analyst would ask for (dates parsed, codes as categories), and prints the
best time of each and their ratio. The last line times a whole load: ``okoce.load`` plus every
table, against reading every file. Not a test: numbers depend on the machine and the build type
(use a Release build).
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import pandas as pd

import okoce

DATES = {
    "participants": ["birth_date", "registered_on", "business_started_on", "exited_on"],
    "steps": ["completed_on"],
    "licences": ["issued_on", "valid_until"],
    "reports": ["reported_on"],
    "mentors": ["active_from", "active_to"],
    "assignments": ["from", "to"],
    "communities": [],
    "targets": ["start", "end"],
}
# Participant and mentor ids stay str on both sides, as okoce hands them out (object dtype, so a
# group-by on a slice shows only its ids); short lists of codes are categories.
CATEGORIES = {
    "participants": ["sex", "kelurahan", "sector", "community"],
    "steps": ["step"],
    "licences": ["kind"],
    "reports": [],
    "mentors": ["kind", "kecamatan", "community"],
    "assignments": [],
    "communities": ["basis", "sector", "region"],
    "targets": ["metric", "region"],
}


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best of `repeat` runs, with the garbage collector off as timeit does: a collection
    triggered by the big frames of an earlier table would otherwise land on a small one."""
    times, result = [], None
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return min(times), result


def read_table(folder: Path, table: str) -> pd.DataFrame:
    frame = pd.read_csv(folder / f"{table}.csv", parse_dates=DATES[table],
                        dtype={c: "category" for c in CATEGORIES[table]})
    if table == "reports":  # quarters as periods, as okoce gives them
        frame["quarter"] = pd.PeriodIndex(frame["quarter"], freq="Q")
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    programme = okoce.synth.jakarta(scale=args.scale)
    print(f"synth.jakarta(scale={args.scale}): {programme} in {time.perf_counter() - start:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "jakarta"
        okoce.save(programme, folder)
        print(f"{'table':<14}{'rows':>10}{'okoce s':>11}{'read_csv s':>12}{'ratio':>9}")
        for table in DATES:
            ours, frame = best(lambda: getattr(programme, table)(), args.repeat)
            theirs, _ = best(lambda: read_table(folder, table), args.repeat)
            ratio = theirs / ours if ours > 0 else float("inf")
            print(f"{table:<14}{len(frame):>10}{ours:>11.4f}{theirs:>12.4f}{ratio:>8.1f}x")

        def load_all() -> list[pd.DataFrame]:
            p = okoce.load(folder)
            return [getattr(p, t)() for t in DATES]

        ours, _ = best(load_all, args.repeat)
        theirs, _ = best(lambda: [read_table(folder, t) for t in DATES], args.repeat)
        print(f"{'load + all':<14}{'':>10}{ours:>11.4f}{theirs:>12.4f}{theirs / ours:>8.1f}x")


if __name__ == "__main__":
    main()
