"""Runs a benchmark's measurement of each scale in a fresh child process, so that its peak RSS
and its caches are its own (shared by bench_memory.py and bench_scaling.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


def per_scale(script: str, scales: list[float], repeat: int) -> list[dict[str, Any]]:
    """``script --one SCALE --repeat N`` for each scale; each child prints one JSON line."""
    results = []
    for scale in scales:
        out = subprocess.run([sys.executable, script, "--one", str(scale), "--repeat",
                              str(repeat)], check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout))
    return results
