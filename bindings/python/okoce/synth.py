"""Synthetic programmes for teaching, tests and benchmarks.

``jakarta(seed=2017, scale=1.0, until=date(2022, 10, 31))`` makes a DKI Jakarta programme whose
records are all invented, calibrated to the published OK OCE / JakPreneur figures.
"""

from ._core.synth import jakarta

__all__ = ["jakarta"]
