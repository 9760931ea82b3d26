"""okoce.from_frames and okoce.read_excel: the same programme as a load of the same data, and
errors that name the table, the row (index label and position, or the cell), the column and the
value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import okoce
from conftest import TABLES, write_tables

DATES = {"participants": ["birth_date", "registered_on", "business_started_on", "exited_on"],
         "steps": ["completed_on"], "licences": ["issued_on", "valid_until"],
         "reports": ["reported_on"], "mentors": ["active_from", "active_to"],
         "assignments": ["from", "to"], "targets": ["start", "end"], "communities": []}
AS_OF = dt.date(2021, 12, 31)


def analyst_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The CSV folder as an analyst reads it with pandas: natural dtypes (revenue int64, capital
    float64 with NaN, kbli float64), parsed dates, the NIK as text."""
    return {t: pd.read_csv(folder / f"{t}.csv", dtype={"nik": str}, parse_dates=DATES[t])
            for t in DATES}


def every_table(p: okoce.Programme) -> dict[str, pd.DataFrame]:
    return {"participants": p.participants(personal=["nik", "name", "birth_date"]),
            "steps": p.steps(), "licences": p.licences(), "reports": p.reports(),
            "mentors": p.mentors(), "assignments": p.assignments(), "targets": p.targets(),
            "communities": p.communities()}


def assert_same(p: okoce.Programme, q: okoce.Programme) -> None:
    for name, frame in every_table(p).items():
        pd.testing.assert_frame_equal(frame, every_table(q)[name], obj=name)
    pd.testing.assert_frame_equal(okoce.funnel(p, AS_OF, by="kecamatan"),
                                  okoce.funnel(q, AS_OF, by="kecamatan"))


def test_frames_read_by_pandas_give_what_load_gives(programme_dir: Path) -> None:
    frames = analyst_frames(programme_dir)
    assert frames["reports"]["capital"].dtype == np.float64  # NaN made it float
    assert frames["participants"]["kbli"].dtype == np.float64  # "10710" and gaps: floats
    p = okoce.from_frames(**frames)
    assert_same(p, okoce.load(programme_dir))
    # Checked against the file itself: P001's first report is 2018Q2 with no capital.
    r = p.reports()
    first = r[r["participant"] == "P001"].iloc[0]
    assert str(first["quarter"]) == "2018Q2" and first["revenue"] == 12_500_000
    assert pd.isna(first["capital"])


def test_the_tables_frames_go_back_in(synthetic: okoce.Programme) -> None:
    q = okoce.from_frames(**every_table(synthetic))
    assert_same(q, synthetic)
    assert len(q.reports()) == len(synthetic.reports()) > 0


def test_dates_as_date_objects_and_datetime64_days(programme_dir: Path) -> None:
    frames = analyst_frames(programme_dir)
    people = frames["participants"].copy()
    people["registered_on"] = [d.date() for d in people["registered_on"]]  # object dtype
    people["exited_on"] = people["exited_on"].to_numpy().astype("datetime64[D]")
    frames["participants"] = people
    assert_same(okoce.from_frames(**frames), okoce.load(programme_dir))


def small() -> dict[str, pd.DataFrame]:
    people = pd.DataFrame({
        "id": ["A", "B", "C"],
        "kelurahan": ["31.74.01.1001", "31.71.01.1002", "31.74.01.1003"],
        "sector": ["food_beverage", "craft", "retail"],
        "registered_on": pd.to_datetime(["2019-01-05", "2019-02-01", "2019-03-09"]),
    }, index=["a", "b", "c"])
    steps = pd.DataFrame({"participant": ["A", "B", "C"], "step": ["P2", "P2", "P3"],
                          "completed_on": pd.to_datetime(["2019-02-01", "2019-03-01",
                                                          "2019-04-01"])},
                         index=[10, 11, 12])
    reports = pd.DataFrame({"participant": ["A", "C"], "quarter": ["2019Q1", "2019Q2"],
                            "revenue": [15_000_000, 2_000_000]})
    return {"participants": people, "steps": steps, "reports": reports}


def error_of(**frames: pd.DataFrame) -> okoce.ValidationError:
    with pytest.raises(okoce.ValidationError) as info:
        okoce.from_frames(**frames)
    return info.value


def test_a_bad_value_names_table_label_position_column_value() -> None:
    f = small()
    f["reports"].loc[1, "revenue"] = -5
    e = error_of(**f)
    assert (e.file, e.line, e.position, e.row, e.column, e.value) == (
        "reports", 2, 1, 1, "revenue", "-5")
    assert str(e) == ("reports row 1 (position 1), column revenue: bad value '-5'; "
                      "expected zero or more rupiah")


def test_a_label_that_is_text_is_quoted() -> None:
    f = small()
    f["participants"].loc["b", "sector"] = "Kuliner?"
    e = error_of(**f)
    assert e.row == "b" and e.position == 1 and e.column == "sector"
    assert str(e).startswith("participants row 'b' (position 1), column sector: bad value "
                             "'Kuliner?'; expected ")


def test_wrong_dtypes_are_refused_with_the_value() -> None:
    f = small()
    f["reports"]["revenue"] = ["lima", "2000000"]  # text where rupiah go
    e = error_of(**f)
    assert (e.column, e.value, e.position) == ("revenue", "lima", 0)
    f = small()
    f["steps"]["completed_on"] = ["2019-02-01", "01/03/2019", "2019-04-01"]
    e = error_of(**f)
    assert (e.file, e.column, e.value, e.row) == ("steps", "completed_on", "01/03/2019", 11)
    f = small()
    f["reports"]["revenue"] = [15_000_000.5, 2_000_000.0]  # a fraction of a rupiah
    e = error_of(**f)
    assert (e.column, e.value, e.position) == ("revenue", "15000000.5", 0)


def test_a_time_of_day_is_refused() -> None:
    f = small()
    f["participants"]["registered_on"] = pd.to_datetime(
        ["2019-01-05", "2019-02-01 13:30", "2019-03-09"])
    e = error_of(**f)
    assert (e.column, e.position, e.row) == ("registered_on", 1, "b")
    assert "13:30" in e.value and "time of day" in e.expected


def test_missing_column_unknown_reference_duplicate_id() -> None:
    f = small()
    f["participants"] = f["participants"].drop(columns="kelurahan")
    e = error_of(**f)
    assert (e.file, e.line, e.column) == ("participants", 0, "kelurahan")
    assert "a column named 'kelurahan'" in str(e)

    f = small()
    f["steps"].loc[12, "participant"] = "Z"
    e = error_of(**f)
    assert isinstance(e, okoce.UnknownReferenceError)
    assert (e.file, e.row, e.position, e.column, e.value) == ("steps", 12, 2, "participant", "Z")

    f = small()
    f["participants"].loc["c", "id"] = "A"
    e = error_of(**f)
    assert (e.file, e.row, e.column, e.value) == ("participants", "c", "id", "A")


def test_collect_mode_relabels_every_error() -> None:
    f = small()
    f["reports"].loc[0, "revenue"] = -1
    f["steps"].loc[11, "step"] = "P9"
    with pytest.raises(okoce.ValidationErrors) as info:
        okoce.from_frames(**f, collect_errors=10)
    got = [(x.file, x.row, x.column) for x in info.value.errors]
    assert got == [("steps", 11, "step"), ("reports", 0, "revenue")]
    assert info.value.row == 11


def test_a_float_nik_is_refused_without_its_digits() -> None:
    f = small()
    f["participants"]["nik"] = [np.nan, 3174014303900002.0, np.nan]
    e = error_of(**f)
    assert (e.column, e.row, e.value) == ("nik", "b", "(a number)")
    assert "Excel stored the NIK as a number" in str(e)
    assert "317401430390" not in str(e)


def test_nothing_is_built_and_the_frames_are_not_changed() -> None:
    f = small()
    before = {k: v.copy() for k, v in f.items()}
    f["reports"].loc[1, "participant"] = "Q"
    before["reports"].loc[1, "participant"] = "Q"
    with pytest.raises(okoce.UnknownReferenceError):
        okoce.from_frames(**f)
    for k in f:
        pd.testing.assert_frame_equal(f[k], before[k])


# ------------------------------------------------------------------------------------------
# Workbooks

openpyxl = pytest.importorskip("openpyxl")


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def sheets_from_fixture() -> dict[str, list[list[object]]]:
    """The conftest tables as sheets, with numbers as number cells and dates as date cells,
    as an office's workbook holds them; the NIK stays text."""
    out: dict[str, list[list[object]]] = {}
    for name, rows in TABLES.items():
        header, body = rows[0], rows[1:]
        sheet: list[list[object]] = [list(header)]
        for row in body:
            cells: list[object] = []
            for column, v in zip(header, row):
                if v == "":
                    cells.append(None)
                elif column in DATES.get(name, []):
                    cells.append(dt.datetime.fromisoformat(v))
                elif column in ("revenue", "capital", "employees", "capacity", "value"):
                    cells.append(int(v))
                else:
                    cells.append(v)
            sheet.append(cells)
        out[name] = sheet
    return out


def test_a_workbook_gives_what_load_gives(tmp_path: Path, programme_dir: Path) -> None:
    book = write_book(tmp_path / "office.xlsx", sheets_from_fixture())
    assert_same(okoce.read_excel(book), okoce.load(programme_dir))


def test_a_nik_stored_as_a_number_names_the_cell(tmp_path: Path) -> None:
    sheets = sheets_from_fixture()
    header = sheets["participants"][0]
    nik_at = header.index("nik")
    sheets["participants"][2][nik_at] = 3173010101900000  # a number cell: 15 digits kept
    book = write_book(tmp_path / "office.xlsx", sheets)
    with pytest.raises(okoce.ValidationError) as info:
        okoce.read_excel(book)
    e = info.value
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[nik_at]
    assert e.cell == f"participants!{letter}3"  # row 1 is the header
    assert str(e).startswith(f"participants!{letter}3, column nik: bad value '(a number)'")
    assert "Excel stored the NIK as a number and lost its last digits" in str(e)
    assert "format the column as text" in str(e)
    assert "31730101019" not in str(e)

    sheets["participants"][2][nik_at] = "3.17301E+15"  # what a CSV round trip leaves
    book = write_book(tmp_path / "office2.xlsx", sheets)
    with pytest.raises(okoce.ValidationError) as info:
        okoce.read_excel(book)
    assert info.value.cell == f"participants!{letter}3"
    assert info.value.value == "(a number in scientific notation)"
    assert "317301" not in str(info.value)


def test_a_bad_cell_is_named_past_empty_rows(tmp_path: Path) -> None:
    sheets = sheets_from_fixture()
    reports = sheets["reports"]
    reports.insert(2, [None] * len(reports[0]))  # an empty row 3, skipped
    revenue_at = reports[0].index("revenue")
    reports[4][revenue_at] = "lima juta"  # the 3rd record, now on row 5
    book = write_book(tmp_path / "office.xlsx", sheets)
    with pytest.raises(okoce.ValidationError) as info:
        okoce.read_excel(book)
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[revenue_at]
    assert info.value.cell == f"reports!{letter}5"
    assert info.value.value == "lima juta"


def test_a_workbook_without_participants(tmp_path: Path) -> None:
    book = write_book(tmp_path / "office.xlsx", {"steps": [["participant", "step",
                                                            "completed_on"]]})
    with pytest.raises(okoce.ValidationError, match="a sheet named 'participants'"):
        okoce.read_excel(book)


@pytest.mark.parametrize("table,column,value", [
    ("participants", "kelurahan", "31.74.01"),       # a kecamatan where a kelurahan goes
    ("participants", "sex", "L"),                    # not a sex code of the contract
    ("reports", "employees", "-2"),
    ("reports", "quarter", "2019Q5"),
    ("mentors", "sectors", "food_beverage;Kuliner"),
    ("steps", "participant", "P999"),                # an unknown participant
])
def test_the_same_bad_value_gets_a_loads_message(tmp_path: Path, table: str, column: str,
                                                  value: str) -> None:
    tables = {k: [list(r) for r in v] for k, v in TABLES.items()}
    rows = tables[table]
    rows[2][rows[0].index(column)] = value  # the second record
    folder = write_tables(tmp_path / "bad", tables)
    with pytest.raises(okoce.ValidationError) as loaded:
        okoce.load(folder)
    # Every column as text, empty cells as None: the file's own values, nothing parsed.
    frames = {t: pd.read_csv(folder / f"{t}.csv", dtype=str, keep_default_na=False)
              for t in DATES}
    frames = {t: f.astype(object).where(f != "", None) for t, f in frames.items()}
    e = error_of(**frames)
    assert type(e) is type(loaded.value)
    assert (e.column, e.value, e.expected) == (loaded.value.column, loaded.value.value,
                                               loaded.value.expected)
    assert loaded.value.line == 3 and e.position == 1 and e.file == table
