"""Turns the raw columns of ``okoce._core`` into pandas DataFrames.

The compiled module hands over a dict of column name -> column, where a column is a numpy array
(used as is, so the store's numeric columns stay views, not copies) or a tagged tuple:

- ``("categorical", codes, categories, ordered)``: integer codes into ``categories``, -1 for
  missing. ``categories`` is a list, or the name of a table ("participants", "mentors",
  "communities") whose ids are the categories: those are fetched once per programme with
  ``programme._ids(table)`` and reused, since a programme is immutable;
- ``("masked", values, mask)``: integers with a "not reported" mask -> a nullable integer array;
- ``("period", ordinals, freq)``: pandas period ordinals -> a PeriodArray (quarters).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import pandas as pd

# Per programme, the categorical dtype of each table's ids. Weak keys: the cache never keeps a
# programme alive.
_id_dtypes: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def _ids_dtype(owner: Any, table: str) -> Any:
    per_programme = _id_dtypes.setdefault(owner, {})
    dtype = per_programme.get(table)
    if dtype is None:
        dtype = pd.CategoricalDtype(pd.Index(owner._ids(table), dtype=object), ordered=False)
        per_programme[table] = dtype
    return dtype


def column(raw: Any, owner: Any = None) -> Any:
    """One column in its pandas form."""
    if not isinstance(raw, tuple):
        return raw
    kind = raw[0]
    if kind == "categorical":
        _, codes, categories, ordered = raw
        if isinstance(categories, str):
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
