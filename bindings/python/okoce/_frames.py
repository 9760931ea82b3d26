"""Turns the raw columns of ``okoce._core`` into pandas DataFrames.

The compiled module hands over a dict of column name -> column, where a column is a numpy array
(used as is, so the store's numeric columns stay views, not copies) or a tagged tuple:

- ``("categorical", codes, categories, ordered)``: integer codes into ``categories``, -1 for
  missing. ``categories`` is a list (the column becomes a pandas Categorical), or the name of a
  table ("participants", "mentors", "communities") whose rows the codes are. Participant and
  mentor ids become plain str (object dtype), so that ``groupby("participant")`` on a slice
  gives only the ids in it, not every participant of the programme; community ids, few and
  repeated, stay categorical. The ids are fetched once per programme with
  ``programme._ids(table)`` and reused, since a programme is immutable;
- ``("masked", values, mask)``: integers with a "not reported" mask -> a nullable integer array;
- ``("period", ordinals, freq)``: pandas period ordinals -> a PeriodArray (quarters).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import pandas as pd

# Per programme, each table's ids (an object array) and their categorical dtype. Weak keys: the
# cache never keeps a programme alive.
_id_cache: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()

# Tables whose ids come out as plain strings; the others' as categoricals.
_PLAIN_IDS = ("participants", "mentors")


def _ids(owner: Any, table: str) -> Any:
    per_programme = _id_cache.setdefault(owner, {})
    ids = per_programme.get(table)
    if ids is None:
        ids = np.asarray(owner._ids(table), dtype=object)
        per_programme[table] = ids
    return ids


def _ids_dtype(owner: Any, table: str) -> Any:
    per_programme = _id_cache.setdefault(owner, {})
    dtype = per_programme.get(table + ":dtype")
    if dtype is None:
        dtype = pd.CategoricalDtype(pd.Index(_ids(owner, table), dtype=object), ordered=False)
        per_programme[table + ":dtype"] = dtype
    return dtype


def _plain_ids(codes: Any, owner: Any, table: str) -> Any:
    """The ids at rows ``codes`` as an object array of str (None where the code is -1)."""
    codes = np.asarray(codes)
    out = _ids(owner, table).take(codes)  # shares the str objects; no new strings are made
    missing = codes < 0
    if missing.any():
        out[missing] = None
    return out


def column(raw: Any, owner: Any = None) -> Any:
    """One column in its pandas form."""
    if not isinstance(raw, tuple):
        return raw
    kind = raw[0]
    if kind == "categorical":
        _, codes, categories, ordered = raw
        if isinstance(categories, str):
            if categories in _PLAIN_IDS:
                return _plain_ids(codes, owner, categories)
            return pd.Categorical.from_codes(codes, dtype=_ids_dtype(owner, categories))
        return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object),
                                         ordered=ordered)
    if kind == "masked":
        _, values, mask = raw
        # Nullable integers keep `values` (a view of the store) and add the mask beside it.
        return pd.arrays.IntegerArray(values, mask)
    if kind == "period":
        _, ordinals, freq = raw
        return pd.arrays.PeriodArray(np.asarray(ordinals, dtype=np.int64), freq=freq)
    raise ValueError(f"unknown column kind {kind!r}")


def frame(columns: dict[str, Any], owner: Any = None) -> pd.DataFrame:
    """A DataFrame over the columns without copying them.

    ``owner`` is the Programme the columns came from (needed for id categories). ``copy=False``
    matters: for a dict, pandas would otherwise copy every array and merge columns of one dtype
    into a single block.
    """
    return pd.DataFrame({name: column(raw, owner) for name, raw in columns.items()}, copy=False)
