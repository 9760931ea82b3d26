"""DataFrames and spreadsheets in: ``from_frames`` and ``read_excel``.

Each frame's columns go to the compiled module as whole numpy arrays (``okoce._core._from_columns``),
never row by row: numbers as int64 or float64, dates as day counts, quarters as their index,
categoricals as codes and categories, text (and whatever pandas left as objects) as object
arrays. The C++ side presents them to the loader's decoder, so a frame is validated exactly as
a CSV folder of the same values. Errors come back naming the table and the 1-based row; here
they are reworded to name the frame's index label and position (or, for a workbook, the cell).
"""

from __future__ import annotations

import os
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import _core

TABLES = ("participants", "steps", "licences", "reports", "mentors", "assignments",
          "communities", "targets", "regions")

_NAT = np.iinfo(np.int64).min
_NS_PER = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000,
           "ns": 86_400_000_000_000}
# pandas' quarterly periods count from 1970Q1 = 0; okoce's Quarter index from year 0.
_QUARTER_ORIGIN = 1970 * 4

# Where a row of a table is, for an error: (table, position, column) -> (text such as
# "participants row 'P17' (position 16)" or "participants!D17", attributes for the error).
Locate = Callable[[str, int, str], "tuple[str, dict[str, Any]]"]


def _error(kind: type, where: str, table: str, line: int, column: str, value: str,
           expected: str, **extra: Any) -> Any:
    """An okoce error of class ``kind`` located by ``where`` (the rest as ValidationError has)."""
    message = where + (", column " + column if column else "") + ": bad value '" + value + \
        "'; expected " + expected
    e = kind(message)
    e.file, e.line, e.column, e.value, e.expected = table, line, column, value, expected
    for k, v in extra.items():
        setattr(e, k, v)
    return e


def _relocate(e: Any, locate: Locate) -> Any:
    """``e`` (as from_columns raised it: table as file, 1-based row as line) located by ``locate``."""
    if isinstance(e, _core.ValidationErrors):
        every = [_relocate(x, locate) for x in e.errors]
        first = every[0]
        out = _core.ValidationErrors(str(first))
        for k in ("file", "line", "column", "value", "expected", "row", "position", "cell"):
            if hasattr(first, k):
                setattr(out, k, getattr(first, k))
        out.errors, out.truncated = every, e.truncated
        return out
    table = e.file
    if table not in TABLES:  # not located by row (cannot happen; kept whole)
        return e
    if e.line == 0:  # a whole column (missing, named twice)
        return _error(type(e), table, table, 0, e.column, e.value, e.expected)
    position = e.line - 1
    where, extra = locate(table, position, e.column)
    return _error(type(e), where, table, e.line, e.column, e.value, e.expected,
                  position=position, **extra)


def _frame_locator(frames: dict[str, pd.DataFrame]) -> Locate:
    def locate(table: str, position: int, column: str) -> tuple[str, dict[str, Any]]:
        label = frames[table].index[position]
        shown = _core._mask_digit_runs(repr(label) if isinstance(label, str) else str(label))
        return f"{table} row {shown} (position {position})", {"row": label}
    return locate


def _days(values: Any, table: str, column: str, locate: Locate) -> Any:
    """datetime64 of any unit as days since 1970-01-01, NaT kept; a time of day is an error."""
    unit, step = np.datetime_data(values.dtype)
    if unit not in _NS_PER or step != 1:
        values = values.astype("datetime64[ns]")
        unit = "ns"
    raw = values.view(np.int64)
    per = _NS_PER[unit]
    if per == 1:
        return raw
    nat = raw == _NAT
    off = (raw % per != 0) & ~nat
    if off.any():
        position = int(np.flatnonzero(off)[0])
        where, extra = locate(table, position, column)
        # A personal date (birth_date) shows no digits, as a load's error would not.
        shown = "(a date with a time of day)" if column == "birth_date" else \
            str(values[position])
        raise _error(_core.ValidationError, where, table, position + 1, column, shown,
                     "a date without a time of day (midnight)", position=position, **extra)
    return np.where(nat, _NAT, raw // per)


def _column(table: str, name: str, s: pd.Series, locate: Locate) -> tuple[Any, ...]:
    """One column as the tuple _core._from_columns takes (see its docstring)."""
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = dtype.categories
        if cats.dtype == object:
            codes = np.asarray(s.cat.codes, dtype=np.int32)
            return ("categorical", name, codes, np.asarray(cats, dtype=object))
        return _column(table, name, pd.Series(np.asarray(s)), locate)
    if isinstance(dtype, pd.PeriodDtype):
        if dtype.freq.freqstr in ("Q-DEC", "QE-DEC"):
            ordinals = np.asarray(s.array.asi8)
            missing = ordinals == _NAT
            index = np.where(missing, 0, ordinals + _QUARTER_ORIGIN).astype(np.int32)
            return ("quarter", name, index, missing.view(np.uint8))
        return ("text", name, s.astype(str).to_numpy(dtype=object))
    if isinstance(dtype, pd.DatetimeTZDtype):
        return ("text", name, s.to_numpy(dtype=object))
    if pd.api.types.is_extension_array_dtype(dtype):
        if pd.api.types.is_integer_dtype(dtype):
            missing = s.isna().to_numpy()
            values = s.to_numpy(dtype=np.int64, na_value=0)
            return ("int", name, values, missing.view(np.uint8))
        if pd.api.types.is_float_dtype(dtype):
            return ("float", name, s.to_numpy(dtype=np.float64, na_value=np.nan))
        return ("text", name, s.to_numpy(dtype=object, na_value=None))
    values = s.to_numpy()
    kind = values.dtype.kind
    if kind == "M":
        return ("days", name, _days(values, table, name, locate))
    if kind in "iu":
        return ("int", name, values.astype(np.int64, copy=False), None)
    if kind == "f":
        return ("float", name, values.astype(np.float64, copy=False))
    return ("text", name, values.astype(object, copy=False))


def _build(frames: dict[str, pd.DataFrame], locate: Locate, collect_errors: int,
           warnings: bool) -> Any:
    tables: dict[str, list[tuple[Any, ...]]] = {}
    try:
        for table, df in frames.items():
            if not isinstance(df, pd.DataFrame):
                raise TypeError(f"from_frames: {table} must be a pandas DataFrame, not "
                                f"{type(df).__name__}")
            tables[table] = [_column(table, str(name), df.iloc[:, k], locate)
                             for k, name in enumerate(df.columns)]
        return _core._from_columns(tables, collect_errors, warnings)
    except _core.ValidationError as e:
        if hasattr(e, "position"):  # located here already
            raise
        raise _relocate(e, locate) from None


def from_frames(participants: pd.DataFrame, steps: pd.DataFrame | None = None,
                licences: pd.DataFrame | None = None, reports: pd.DataFrame | None = None,
                mentors: pd.DataFrame | None = None, assignments: pd.DataFrame | None = None,
                communities: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                regions: pd.DataFrame | None = None, *, collect_errors: int = 0,
                warnings: bool = False) -> Any:
    """Build a Programme from DataFrames, one per table, validated exactly as ``okoce.load``.

    Each frame has the columns of the table's CSV file (the data contract: ``participants``
    needs id, kelurahan, sector and registered_on, ``reports`` participant, quarter and revenue,
    and so on), in any order; other columns are ignored, so the frames of ``Programme.participants()``
    and the other tables go back in as they are. Only ``participants`` is required; a table left
    out is empty, and no ``regions`` means the embedded DKI Jakarta table.

    Columns are read whole, never row by row: integers (int64, or nullable ``Int64`` with
    ``<NA>``), floats (NaN is missing; a whole value reads as its digits), dates as datetime64
    of any unit (NaT is missing; a time of day other than midnight is an error) or as
    ``datetime.date`` objects, quarters as ``Period[Q-DEC]`` or "2019Q3" text, categoricals, and
    text as str (None, NaN and ``pd.NA`` are missing). Each value is then checked as the loader
    checks the same text in a CSV file. A NIK must be text (or int64): a float NIK, or text in
    scientific notation such as ``3.17401E+15``, has lost its last digits and is refused as such.

    An error is an ``okoce.ValidationError`` (``UnknownReferenceError`` for an unknown id) whose
    message names the table, the row by its index label and 0-based position, the column, the
    value (personal data masked) and what was expected, e.g. ``steps row 'S3' (position 2),
    column participant: ...``; besides ``file`` (the table), ``line`` (the 1-based row),
    ``column``, ``value`` and ``expected`` it has ``row`` (the index label) and ``position``.
    ``collect_errors=N`` collects up to N (``ValidationErrors``). Nothing is built on error.

    Returns the Programme; with ``warnings=True``, ``(programme, warnings)`` as ``load`` does.
    """
    given = dict(participants=participants, steps=steps, licences=licences, reports=reports,
                 mentors=mentors, assignments=assignments, communities=communities,
                 targets=targets, regions=regions)
    frames = {k: v for k, v in given.items() if v is not None}
    return _build(frames, _frame_locator(frames), collect_errors, warnings)


def _letters(k: int) -> str:
    """The spreadsheet name of 0-based column k: A, B, ..., Z, AA, ..."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def read_excel(path: str | os.PathLike[str], *, collect_errors: int = 0,
               warnings: bool = False) -> Any:
    """Build a Programme from a workbook with one sheet per table (sheet names = table names).

    Each sheet holds the table's columns as a CSV file would: a header row (the first row that
    is not empty), then one row per record; empty rows are skipped and sheets with other names
    are ignored. Read with openpyxl (``python3-openpyxl``), then validated as ``from_frames``
    validates frames, with errors naming the cell, e.g. ``participants!D17, column nik: ...``
    (the error's ``cell`` attribute).

    A NIK cell that Excel stored as a number (a number cell, or text such as ``3.17401E+15``)
    is refused with "Excel stored the NIK as a number and lost its last digits; format the
    column as text": Excel keeps 15 significant digits, a NIK has 16. The digits are never shown.
    """
    import openpyxl

    book = openpyxl.load_workbook(os.fspath(path), read_only=True, data_only=True)
    try:
        frames: dict[str, pd.DataFrame] = {}
        places: dict[str, tuple[dict[str, int], list[int]]] = {}
        for sheet in book.worksheets:
            if sheet.title not in TABLES:
                continue
            header: list[Any] | None = None
            rows: list[tuple[Any, ...]] = []
            numbers: list[int] = []
            for n, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if all(v is None or (isinstance(v, str) and v == "") for v in cells):
                    continue
                if header is None:
                    header = list(cells)
                    continue
                rows.append(cells)
                numbers.append(n)
            if header is None:
                continue
            keep = [k for k, h in enumerate(header) if h is not None]
            names = [str(header[k]) for k in keep]
            data = {}
            for k, name in zip(keep, names):
                col = np.empty(len(rows), dtype=object)
                col[:] = [r[k] if k < len(r) else None for r in rows]
                data[name] = col
            frames[sheet.title] = pd.DataFrame(data, index=pd.Index(numbers, name="row"),
                                               columns=names)
            places[sheet.title] = ({name: k for k, name in zip(keep, names)}, numbers)
    finally:
        book.close()

    def locate(table: str, position: int, column: str) -> tuple[str, dict[str, Any]]:
        at, numbers = places[table]
        if column in at:
            cell = f"{table}!{_letters(at[column])}{numbers[position]}"
        else:
            cell = f"{table}!{numbers[position]}:{numbers[position]}"  # the whole row
        return cell, {"cell": cell, "row": numbers[position]}

    # A NIK that Excel held as a number: reported before the values are read, as a load
    # reports a bad value, naming the cell but never the digits.
    people = frames.get("participants")
    if people is not None and "nik" in people.columns:
        for position, v in enumerate(people["nik"].to_numpy()):
            as_number = (isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                         and not (isinstance(v, float) and np.isnan(v)))
            as_text = isinstance(v, str) and _core._looks_like_scientific_number(v.strip())
            if as_number or as_text:
                where, extra = locate("participants", position, "nik")
                raise _error(_core.ValidationError, where, "participants", position + 1, "nik",
                             "(a number)" if as_number else "(a number in scientific notation)",
                             _core._NIK_AS_NUMBER_EXPECTED, position=position, **extra)
    if "participants" not in frames:
        raise _error(_core.ValidationError, os.fspath(path), os.fspath(path), 0, "", "",
                     "a sheet named 'participants'; every programme needs one (sheets are "
                     "named after the tables)")
    return _build(frames, locate, collect_errors, warnings)
