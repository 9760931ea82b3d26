"""Did it work? Callaway & Sant'Anna (2021) ATT(g,t) on any panel: :func:`att_gt`.

Callaway, B. and Sant'Anna, P. H. C. (2021), "Difference-in-Differences with multiple time
periods", Journal of Econometrics 225(2), 200-230.

Units are first treated in period g (their cohort, 0 or missing for never treated) and stay
treated. ATT(g,t) is the average effect in period t on the units first treated in g, estimated
without covariates as the difference between the cohort's mean change of the outcome from a
base period b to t and the control group's mean change over the same periods (as R's ``did``
computes with ``est_method="reg"``, ``xformla=~1``). It is the effect under three assumptions:

- **parallel trends**: untreated, the cohort's mean would have moved from b to t as the
  control group's did (controls: the never treated, ``control="never"``; or also the units not
  yet treated in either period, ``control="not_yet"``);
- **no anticipation** beyond ``anticipation`` periods before treatment;
- **staggered adoption**: once treated, a unit stays treated.

Base period: for t >= g, the last period p with p + anticipation < g; for t < g, the period
before t (``base_period="varying"``) or the same last period before treatment
(``"universal"``). On an unbalanced panel each comparison uses the units observed in both of
its periods. Standard errors come from the influence function, clustered by unit or by
``cluster``; the uniform bands from a multiplier bootstrap with Rademacher weights drawn from
the seed and the cluster keys only. The exact formulas, the aggregations and the pre-test are
documented in ``include/okoce/impact.hpp``; every number is computed there, in C++.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core

_Array = np.ndarray[Any, np.dtype[Any]]

__all__ = ["AttGtResult", "att_gt"]

_ESTIMATE_COLUMNS = ["att", "se", "ci_low", "ci_high", "se_boot", "band_low", "band_high"]


def _keys(series: pd.Series, name: str) -> _Array:
    """Integer keys of a unit or cluster column: the integers themselves, or for any other type
    the rank of each value among the sorted distinct values (so the bootstrap's weights, keyed by
    them, do not depend on the row order)."""
    if series.isna().any():
        row = int(np.flatnonzero(series.isna().to_numpy())[0])
        _core._raise_validation_error("DataFrame", row + 1, name, "missing", "a value on every row")
    if pd.api.types.is_integer_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return np.asarray(series.to_numpy(dtype=np.int64))
    codes, _ = pd.factorize(series, sort=True)
    return np.asarray(codes, dtype=np.int64)


def _integers(series: pd.Series, name: str, expected: str, missing_as: Optional[int]) -> _Array:
    values = series
    if missing_as is not None:
        values = series.fillna(missing_as) if series.isna().any() else series
    if pd.api.types.is_integer_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return np.asarray(values.to_numpy(dtype=np.int64))
    numeric = pd.to_numeric(values, errors="coerce")
    ok = numeric.notna().to_numpy()
    if ok.all():
        as_float = numeric.to_numpy(dtype=np.float64)
        whole = np.isfinite(as_float) & (as_float == np.round(as_float))
        ok = whole
    if not ok.all():
        row = int(np.flatnonzero(~ok)[0])
        _core._raise_validation_error("DataFrame", row + 1, name, str(series.iloc[row]), expected)
    return np.asarray(numeric.to_numpy(dtype=np.int64))


def _outcome(series: pd.Series, name: str) -> _Array:
    if pd.api.types.is_bool_dtype(series.dtype) or not (
        pd.api.types.is_numeric_dtype(series.dtype) or series.dtype == object
    ):
        _core._raise_validation_error("DataFrame", 1, name, str(series.iloc[0]) if len(series) else "",
                                      "a numeric outcome column")
    numeric = pd.to_numeric(series, errors="coerce") if series.dtype == object else series
    values = numeric.to_numpy(dtype=np.float64)
    bad = ~np.isfinite(values)
    if bad.any():
        # The C++ side names a NaN or infinite outcome; a value that is not a number is named here.
        row = int(np.flatnonzero(bad)[0])
        original = series.iloc[row]
        if not (isinstance(original, (int, float, np.number)) or original is None):
            _core._raise_validation_error("DataFrame", row + 1, name, str(original), "a number")
    return np.asarray(values)


@dataclass
class AttGtResult:
    """The result of :func:`att_gt`.

    ``table`` has one row per (cohort, period): the base period, the event time (period -
    cohort), whether it is post-treatment, the numbers of treated and control units in the
    comparison, ``att``, its ``se`` (influence function), the pointwise interval
    ``ci_low``/``ci_high`` (normal, at 1 - alpha), ``se_boot`` (multiplier bootstrap) and the
    uniform band ``band_low``/``band_high`` (critical value ``critical_value``).
    ``pretest`` is the Wald test of the pre-treatment cells: statistic, df, p_value.
    :meth:`aggregate` gives did's aggregations.
    """

    table: pd.DataFrame
    critical_value: float
    pretest: dict[str, float]
    units: int
    clusters: int
    _result: Any

    def aggregate(self, kind: str = "dynamic", balance_e: Optional[int] = None) -> "Aggregate":
        """``kind``: "simple" (post-treatment cells weighted by cohort size), "dynamic" (per
        event time e = t - g; ``balance_e`` keeps the cohorts observed e periods after
        treatment and event times up to it), "group" (per cohort) or "calendar" (per period).
        Returns an :class:`Aggregate`."""
        raw = self._result._aggregate(kind, balance_e)
        key = {"simple": "key", "dynamic": "event_time", "group": "cohort", "calendar": "period"}.get(kind, "key")
        rows = pd.DataFrame({key: raw["key"], **{c: raw["estimates"][c] for c in _ESTIMATE_COLUMNS}})
        overall = {c: float(raw["overall"][c][0]) for c in _ESTIMATE_COLUMNS}
        return Aggregate(kind, balance_e, rows if kind != "simple" else rows.iloc[0:0], overall,
                         float(raw["critical_value"]))


@dataclass
class Aggregate:
    """One aggregation: ``rows`` (per event time, cohort or period; empty for "simple") with
    the uniform band at ``critical_value``, and ``overall`` (att, se, ci_low, ci_high, se_boot
    and band_low/band_high, the bootstrap's pointwise interval)."""

    kind: str
    balance_e: Optional[int]
    rows: pd.DataFrame
    overall: dict[str, float]
    critical_value: float


def att_gt(frame: pd.DataFrame, *, unit: str, time: str, cohort: str, outcome: str,
           control: str = "never", base_period: str = "varying", anticipation: int = 0,
           cluster: Optional[str] = None, bootstrap: int = 999, alpha: float = 0.05,
           seed: int = 0) -> AttGtResult:
    """Callaway & Sant'Anna ATT(g,t) on a panel DataFrame, one row per unit and period.

    ``unit``: any column (the units' keys); ``time``: integer periods; ``cohort``: the first
    treated period, 0 or missing for never treated, the same on every row of a unit;
    ``outcome``: numbers; ``cluster`` (optional): a column constant within each unit, for
    clustered errors and bootstrap. ``control``: "never" or "not_yet"; ``base_period``:
    "varying" or "universal"; ``anticipation``: periods of anticipation; ``bootstrap``: draws
    (0 for none); ``alpha``: the intervals' and bands' level is 1 - alpha; ``seed``: the
    bootstrap's seed. See the module's docstring for what is estimated.

    Raises okoce.ValidationError naming the row (1-based), column and value for a cohort that
    varies within a unit (treated twice), a cohort outside the periods, a non-numeric, NaN or
    infinite outcome, a duplicated (unit, period); okoce.ArgumentError for a cell without
    controls or a bad option.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"att_gt(): argument 'frame': expected a pandas DataFrame; got {type(frame).__name__}")
    for arg, name in (("unit", unit), ("time", time), ("cohort", cohort), ("outcome", outcome),
                      ("cluster", cluster)):
        if name is not None and name not in frame.columns:
            raise KeyError(f"att_gt(): argument '{arg}': no column {name!r} in the frame")
    units = _keys(frame[unit], unit)
    periods = _integers(frame[time], time, "an integer period", None)
    cohorts = _integers(frame[cohort], cohort, "an integer first-treated period (0 or missing: never)", 0)
    y = _outcome(frame[outcome], outcome)
    clusters = _keys(frame[cluster], cluster) if cluster is not None else None
    result = _core._att_gt(units, periods, cohorts, y, clusters,
                           ["DataFrame", unit, time, cohort, outcome, cluster or ""], control,
                           base_period, int(anticipation), int(bootstrap), float(alpha), int(seed))
    raw = result._cells()
    table = pd.DataFrame({
        "cohort": raw["cohort"], "period": raw["period"], "base_period": raw["base_period"],
        "event_time": raw["event_time"], "post": raw["post"].astype(bool),
        "treated": raw["treated"], "controls": raw["controls"],
        **{c: raw["estimates"][c] for c in _ESTIMATE_COLUMNS},
    })
    statistic, df, p = result._pretest()
    return AttGtResult(table, float(result.critical_value),
                       {"statistic": float(statistic), "df": int(df), "p_value": float(p)},
                       int(result.units), int(result.clusters), result)
