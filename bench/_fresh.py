"""Runs a benchmark's measurement of each scale in a fresh child process, so that its peak RSS
and its caches are its own (shared by bench_memory.py and bench_scaling.py)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any, Callable


def per_scale(script: str, scales: list[float], repeat: int) -> list[dict[str, Any]]:
    """``script --one SCALE --repeat N`` for each scale; each child prints one JSON line."""
    results = []
    for scale in scales:
        out = subprocess.run([sys.executable, script, "--one", str(scale), "--repeat",
                              str(repeat)], check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout))
    return results


def scale_arguments(ap: argparse.ArgumentParser) -> None:
    """The options both benchmarks take: the scales to run, and --one, which a child gets."""
    ap.add_argument("--scales", type=float, nargs="+", default=[0.05, 0.1])
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # the child process


def ran_as_child(args: argparse.Namespace, measure: Callable[[float, Any], Any]) -> bool:
    """In a child process (``--one SCALE``): measure that scale, print it as JSON, and say so."""
    if args.one is None:
        return False
    print(json.dumps(measure(args.one, args.repeat)))
    return True
