"""Each exception path: the hierarchy, and the attributes that say where bad input was."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd

import pytest

import okoce

from conftest import TABLES, write_tables


def with_rows(table: str, rows: list[list[str]]) -> dict[str, list[list[str]]]:
    tables = dict(TABLES)
    tables[table] = [TABLES[table][0], *rows]
    return tables


def test_hierarchy() -> None:
    assert issubclass(okoce.ValidationError, okoce.Error)
    assert issubclass(okoce.ValidationError, ValueError)
    assert issubclass(okoce.UnknownReferenceError, okoce.ValidationError)
    assert issubclass(okoce.ValidationErrors, okoce.ValidationError)
    assert issubclass(okoce.IoError, okoce.Error) and issubclass(okoce.IoError, OSError)
    assert issubclass(okoce.ArgumentError, okoce.Error)
    assert issubclass(okoce.ArgumentError, ValueError)
    assert not issubclass(okoce.ArgumentError, okoce.ValidationError)
    assert okoce.Error.__module__ == "okoce"


def test_bad_csv_value_names_file_line_column_value(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_tables(folder, TABLES)
    # Rewrite participants.csv with Python's csv module: the third data row (physical line 4)
    # has a kelurahan code with a missing dot.
    rows = [list(r) for r in TABLES["participants"]]
    rows[3][5] = "31.7101.1001"
    with open(folder / "participants.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(okoce.ValidationError) as e:
        okoce.load(folder)
    err = e.value
    assert Path(err.file).name == "participants.csv"
    assert err.line == 4
    assert err.column == "kelurahan"
    assert err.value == "31.7101.1001"
    assert err.expected
    assert "participants.csv" in str(err) and "31.7101.1001" in str(err)
    assert isinstance(err, ValueError) and isinstance(err, okoce.Error)


def test_quoted_newline_counts_physical_lines(tmp_path: Path) -> None:
    # A quoted name spanning two lines pushes the bad row's physical line down by one.
    rows = [list(r) for r in TABLES["participants"][1:]]
    rows[0][1] = "Siti\nAminah"
    rows[1][9] = "2018-02-30"  # no such day; the row starts on physical line 4
    folder = write_tables(tmp_path / "bad", with_rows("participants", rows))
    with pytest.raises(okoce.ValidationError) as e:
        okoce.load(folder)
    assert (e.value.line, e.value.column, e.value.value) == (4, "registered_on", "2018-02-30")


def test_unknown_participant_is_a_reference_error(tmp_path: Path) -> None:
    rows = [["P001", "P1", "2018-01-05"], ["P999", "P2", "2018-02-01"]]
    folder = write_tables(tmp_path / "bad", with_rows("steps", rows))
    with pytest.raises(okoce.UnknownReferenceError) as e:
        okoce.load(folder)
    assert Path(e.value.file).name == "steps.csv"
    assert (e.value.line, e.value.column, e.value.value) == (3, "participant", "P999")


def test_collect_mode_gathers_every_bad_row(tmp_path: Path) -> None:
    rows = [
        ["P001", "2018Q3", "15000000", "", "", ""],
        ["P001", "2018Q5", "1", "", "", ""],        # line 3: no fifth quarter
        ["P002", "2018Q2", "12,5", "", "", ""],     # line 4: not whole rupiah digits
        ["P002", "2018Q3", "100", "", "many", ""],  # line 5: employees not a number
    ]
    folder = write_tables(tmp_path / "bad", with_rows("reports", rows))
    with pytest.raises(okoce.ValidationErrors) as e:
        okoce.load(folder, collect_errors=10)
    errs = e.value.errors
    assert [(x.line, x.column, x.value) for x in errs] == [
        (3, "quarter", "2018Q5"), (4, "revenue", "12,5"), (5, "employees", "many")]
    assert all(isinstance(x, okoce.ValidationError) for x in errs)
    assert not e.value.truncated
    # The collection is itself the first error.
    assert (e.value.line, e.value.column) == (3, "quarter")
    # Without collect mode the first bad row stops the load.
    with pytest.raises(okoce.ValidationError) as first:
        okoce.load(folder)
    assert not isinstance(first.value, okoce.ValidationErrors) and first.value.line == 3
    with pytest.raises(okoce.ValidationErrors) as limited:
        okoce.load(folder, collect_errors=2)
    assert len(limited.value.errors) == 2 and limited.value.truncated


def test_personal_data_is_masked_in_errors(tmp_path: Path) -> None:
    rows = [list(r) for r in TABLES["participants"][1:]]
    rows[1][2] = "3173019901900002"  # month 99 after a valid day: a bad NIK
    folder = write_tables(tmp_path / "bad", with_rows("participants", rows))
    with pytest.raises(okoce.ValidationError) as e:
        okoce.load(folder)
    assert e.value.column == "nik"
    assert "3173019901900002" not in str(e.value) and "3173019901900002" not in e.value.value


def test_bytes_that_are_not_utf8_never_become_a_decoding_error(tmp_path: Path) -> None:
    # A Latin-1 byte in a bad value, and in a file's path: both used to surface as
    # UnicodeDecodeError, with file, line and column lost.
    folder = write_tables(tmp_path / "latin1", TABLES)
    path = folder / "participants.csv"
    path.write_bytes(path.read_bytes().replace(b"craft", b"caf\xe9"))
    with pytest.raises(okoce.ValidationError) as e:
        okoce.load(folder)
    assert (Path(e.value.file).name, e.value.line, e.value.column) == ("participants.csv", 4,
                                                                       "sector")
    assert e.value.value == "caf?" and "0xE9" in e.value.expected
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))
    with pytest.raises(okoce.IoError) as io:
        okoce.load(odd)
    assert "caf\ufffd" in str(io.value)


def test_io_error(tmp_path: Path) -> None:
    with pytest.raises(okoce.IoError) as e:
        okoce.load(tmp_path / "does-not-exist")
    assert isinstance(e.value, OSError) and isinstance(e.value, okoce.Error)
    folder = tmp_path / "no-participants"
    folder.mkdir()
    with pytest.raises(okoce.Error):
        okoce.load(folder)


def test_builder_errors_name_table_and_record() -> None:
    b = okoce.ProgrammeBuilder()
    b.add_participant("A1", "31.74.01.1001", okoce.Sector.retail, dt.date(2019, 1, 1))
    b.add_step("A1", okoce.Step.p1, dt.date(2019, 1, 1))
    b.add_step("ZZ", okoce.Step.p2, dt.date(2019, 2, 1))
    with pytest.raises(okoce.UnknownReferenceError) as e:
        b.build()
    assert (e.value.file, e.value.line, e.value.column, e.value.value) == ("steps", 2, "participant", "ZZ")
    # The builder is empty afterwards: building again gives an empty programme.
    assert b.build().participant_count == 0


def test_builder_collect_mode() -> None:
    b = okoce.ProgrammeBuilder()
    b.collect_errors(5)
    b.add_participant("A1", "31.74.01.1001", okoce.Sector.retail, dt.date(2019, 1, 1))
    b.add_report("A1", "2019Q1", -5)
    b.add_mentor("M1", "31.74.01", -1)
    with pytest.raises(okoce.ValidationErrors) as e:
        b.build()
    found = {(x.file, x.column, x.value) for x in e.value.errors}
    assert found == {("reports", "revenue", "-5"), ("mentors", "capacity", "-1")}


def test_builder_rejects_codes_outside_the_table() -> None:
    b = okoce.ProgrammeBuilder()
    b.add_participant("A1", "32.01.01.1001", okoce.Sector.retail, dt.date(2019, 1, 1))
    with pytest.raises(okoce.UnknownReferenceError) as e:
        b.build()
    assert e.value.column == "kelurahan" and e.value.value == "32.01.01.1001"


def test_text_arguments_are_parsed_strictly() -> None:
    b = okoce.ProgrammeBuilder()
    with pytest.raises(okoce.ValidationError) as e:
        b.add_participant("A1", "31.74.01.10011", okoce.Sector.retail, dt.date(2019, 1, 1))
    assert e.value.value == "31.74.01.10011"
    with pytest.raises(okoce.ValidationError):
        b.add_report("A1", "2019-Q1", 5)
    with pytest.raises(TypeError):
        b.add_step("A1", "P8", dt.date(2019, 1, 1))  # type: ignore[arg-type]


def test_warnings_are_returned_on_request(tmp_path: Path) -> None:
    # P002 has a P4 step but no licence on record: a warning, not an error.
    rows = [*TABLES["steps"][1:], ["P002", "P4", "2018-06-01"]]
    folder = write_tables(tmp_path / "warn", with_rows("steps", rows))
    programme, warnings = okoce.load(folder, warnings=True)
    assert programme.participant_count == 4
    assert len(warnings) == 1
    w = warnings[0]
    assert Path(w.file).name == "steps.csv" and w.line == 9 and "P002" in w.message
    assert isinstance(okoce.load(folder), okoce.Programme)


def test_error_base_paths(programme: okoce.Programme, tmp_path: Path) -> None:
    with pytest.raises(okoce.ArgumentError) as e:
        okoce.export_for_analysts(programme, tmp_path / "export", key="")
    assert e.value.argument == "key" and "0 bytes" in e.value.value
    with pytest.raises(okoce.ArgumentError) as scale:
        okoce.synth.jakarta(scale=-1.0)
    assert (scale.value.function, scale.value.argument) == ("synth::Options", "scale")


def test_argument_error_names_function_and_argument_not_a_file() -> None:
    with pytest.raises(okoce.ArgumentError) as e:
        okoce.Quarter(2019, 5)
    err = e.value
    assert (err.function, err.argument, err.value) == ("Quarter", "number", "5")
    assert err.expected == "a quarter number from 1 to 4"
    assert not hasattr(err, "file")
    assert str(err) == "Quarter: argument number: bad value '5'; expected a quarter number from 1 to 4"
    # An element of a sequence is named with its 0-based index.
    with pytest.raises(okoce.ArgumentError) as km:
        okoce.kaplan_meier([3.0, -1.0], [1, 0])
    assert (km.value.function, km.value.argument, km.value.value) == ("kaplan_meier", "time[1]",
                                                                       "-1")


# --- argument errors name the argument and what it takes (not pybind11's generic text) -------

def _message(call: object) -> str:
    assert callable(call)
    with pytest.raises((TypeError, ValueError)) as e:
        call()
    text = str(e.value)
    assert "incompatible function arguments" not in text
    assert "incompatible constructor arguments" not in text
    return text


def test_export_without_key_names_key(programme: okoce.Programme, tmp_path: Path) -> None:
    text = _message(lambda: okoce.export_for_analysts(programme, tmp_path / "x"))  # type: ignore[call-arg]
    assert "missing argument 'key'" in text and "key=" in text
    assert not (tmp_path / "x").exists()


def test_unknown_cost_key_names_it(programme: okoce.Programme) -> None:
    text = _message(lambda: okoce.assign_mentors(programme, "2021-03-31", costs={"distance": 5}))
    assert "'distance'" in text and "same_kecamatan" in text and "costs" in text
    text = _message(lambda: okoce.AssignmentCosts(distance=5))  # type: ignore[call-arg]
    assert "'distance'" in text and "same_kota" in text
    text = _message(lambda: okoce.assign_mentors(programme, "2021-03-31", costs={"same_kota": "x"}))
    assert "same_kota" in text and "int" in text


def test_wrong_quarter_type_names_the_argument(programme: okoce.Programme) -> None:
    text = _message(lambda: okoce.phase_history(programme, 2021, "2021Q3"))  # type: ignore[arg-type]
    assert "argument 'start'" in text and "pandas.Period" in text and "got int 2021" in text
    text = _message(lambda: okoce.phase_history(programme, "2021Q1",
                                                pd.Period("2021-03", freq="M")))
    assert "argument 'end'" in text and "'M'" in text
    text = _message(lambda: okoce.ProgrammeBuilder().add_report("A", 3, 5))  # type: ignore[arg-type]
    assert "argument 'quarter'" in text and "'YYYYQn'" in text
    with pytest.raises(okoce.ValidationError, match="argument 'start'") as e:
        okoce.phase_history(programme, "2021-Q1", "2021Q3")
    assert e.value.value == "2021-Q1"


@pytest.mark.parametrize("call, argument, expected", [
    (lambda p: okoce.funnel(p, 20210630), "as_of", "expected a date"),
    (lambda p: okoce.funnel(p, "2021-06-30", policy=3), "policy", "str"),
    (lambda p: okoce.funnel(p, "2021-06-30", suppress_below="5"), "suppress_below", "int"),
    (lambda p: okoce.cohorts(p, "2021-06-30", max_quarters=1.5), "max_quarters", "int"),
    (lambda p: okoce.cascade(p, 7, as_of="2021-06-30"), "target_id", "str"),
    (lambda p: p.steps_done("P001", 5), "as_of", "expected a date"),
    (lambda p: p.participants(personal="name"), "personal", "List[str]"),
    (lambda p: okoce.load(3), "path", "PathLike"),
    (lambda p: okoce.size_class("2021-01-01", turnover="lots"), "turnover", "int"),
    (lambda p: okoce.ProgrammeBuilder().add_participant("A", 3174011001, okoce.Sector.retail,
                                                        "2019-01-01"), "kelurahan", "region code"),
    (lambda p: okoce.ProgrammeBuilder().add_participant("A", "31.74.01.1001", "food",
                                                        "2019-01-01"), "sector", "'food_beverage'"),
    (lambda p: okoce.ProgrammeBuilder().add_step("A", "P8", "2019-01-01"), "step", "'P7'"),
    (lambda p: okoce.Quarter(2019, "3"), "q", "int"),
    (lambda p: okoce.RegionTable.dki_jakarta().name(3174), "code", "region code"),
])
def test_each_wrong_argument_is_named(programme: okoce.Programme, call: Any, argument: str,
                                      expected: str) -> None:
    text = _message(lambda: call(programme))
    assert f"'{argument}'" in text and expected in text, text


def test_unknown_keyword_and_too_many_arguments(programme: okoce.Programme) -> None:
    text = _message(lambda: okoce.load("x", colect_errors=3))  # type: ignore[call-overload]
    assert "'colect_errors'" in text and "collect_errors" in text
    text = _message(lambda: okoce.whole_months_between("2020-01-01", "2020-02-01", 3))  # type: ignore[call-arg]
    assert "2 positional" in text


# --- round trip: an analyst export keeps its pseudonyms when loaded again --------------------

def test_export_round_trip_keeps_nik_pseudonym(programme: okoce.Programme, tmp_path: Path) -> None:
    import hashlib
    import hmac
    okoce.export_for_analysts(programme, tmp_path / "export", key="a secret of 16+ bytes")
    again = okoce.load(tmp_path / "export")
    people = again.participants()
    # HMAC-SHA256 of the 16 digits under the key, computed here with the standard library;
    # P003 and P004 have no NIK.
    def expected(nik: str) -> str:
        return hmac.new(b"a secret of 16+ bytes", nik.encode(), hashlib.sha256).hexdigest()
    assert list(people["nik_pseudonym"]) == [expected("3174015507850001"),
                                             expected("3173010101900002"), None, None]
    # The owner joins the analysts' table back on the pseudonym.
    owner = programme.participants(personal=["nik"])
    owner["nik_pseudonym"] = [expected(n) if n else None for n in owner["nik"]]
    joined = people.merge(owner[["nik_pseudonym", "id"]].dropna(), on="nik_pseudonym",
                          suffixes=("", "_owner"))
    assert list(joined["id"]) == list(joined["id_owner"]) == ["P001", "P002"]
    assert again.participant("P001").nik_pseudonym == expected("3174015507850001")
    # Saved and loaded again (CSV and SQLite), and exported again: the pseudonyms stay.
    for path in (tmp_path / "again", tmp_path / "again.sqlite"):
        okoce.save(again, path)
        assert list(okoce.load(path).participants()["nik_pseudonym"]) == list(people["nik_pseudonym"])
    okoce.export_for_analysts(again, tmp_path / "export2", key="another key, 16+ bytes")
    assert list(okoce.load(tmp_path / "export2").participants()["nik_pseudonym"]) == \
        list(people["nik_pseudonym"])
    # A programme with NIKs and no pseudonyms has no such column.
    assert "nik_pseudonym" not in programme.participants().columns


def test_bad_pseudonym_names_the_line(programme: okoce.Programme, tmp_path: Path) -> None:
    okoce.export_for_analysts(programme, tmp_path / "export", key="a secret of 16+ bytes")
    path = tmp_path / "export" / "participants.csv"
    rows = list(csv.reader(open(path, encoding="utf-8")))
    col = rows[0].index("nik_pseudonym")
    rows[2][col] = "not-a-pseudonym"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(okoce.ValidationError) as e:
        okoce.load(tmp_path / "export")
    assert (e.value.line, e.value.column, e.value.value) == (3, "nik_pseudonym", "not-a-pseudonym")
