"""The bad-input catalogue (issue 13): every class of bad input, written as a CSV folder and as
an SQLite file, loaded in fail-fast and in collect mode. Each must raise an okoce error (never
UnicodeDecodeError, IndexError, a hang or a crash) that names file, line and column where they
apply, shows no whole NIK, and loads nothing.

The expected location of each case is worked out here from how the case is written: a CSV row
k (1-based, after the header) is on physical line k + 1; an SQLite row k has rowid k."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

import okoce

Tables = dict[str, list[list[str | bytes]]]

NIK = "3174011507850001"  # P001's NIK: must never appear whole in an error
ANY_NIK = re.compile(r"\d{16}")


def base() -> Tables:
    """A small valid programme; each case breaks one thing in a copy of it."""
    return {
        "participants": [
            ["id", "nik", "name", "sex", "birth_date", "kelurahan", "sector", "kbli",
             "community", "registered_on", "business_started_on", "exited_on"],
            ["P001", NIK, "Budi Santoso", "M", "1985-07-15", "31.74.01.1001", "food_beverage",
             "", "", "2018-02-10", "2014-05-01", ""],
            ["P002", "3174014303900002", "Siti Rahma", "F", "1990-03-03", "31.74.01.1003",
             "fashion", "", "", "2018-03-05", "", ""],
            ["P003", "", "Andi Wijaya", "M", "", "31.71.01.1002", "craft", "", "",
             "2018-08-20", "2017-01-15", ""],
        ],
        "steps": [
            ["participant", "step", "completed_on"],
            ["P001", "P1", "2018-02-10"],
            ["P002", "P2", "2018-04-01"],
        ],
        "reports": [
            ["participant", "quarter", "revenue", "capital", "employees", "reported_on"],
            ["P001", "2018Q1", "15000000", "", "2", "2018-04-10"],
            ["P002", "2018Q2", "3000000", "", "", ""],
        ],
    }


@dataclass
class Case:
    """One class of bad input. `change` breaks a copy of base(); `where` is (table, row, column)
    of the value at fault (row 0 is the header; None when no line applies); `error` the okoce
    exception expected."""

    name: str
    change: Callable[[Tables], None]
    where: tuple[str, int, str] | None
    error: type[BaseException] = okoce.ValidationError
    formats: tuple[str, ...] = ("csv", "sqlite")
    # For a file-level case: how to make the odd file, per format (path of the programme).
    make: Callable[[Path, str], None] | None = None
    message: str = ""  # a fragment the message must hold
    extra: dict[str, str] = field(default_factory=dict)


def set_cell(table: str, row: int, column: str, value: str | bytes) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        header = t[table][0]
        t[table][row][header.index(column)] = value  # type: ignore[arg-type]
    return change


def rename_column(table: str, old: str, new: str | bytes) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        header = t[table][0]
        header[header.index(old)] = new
    return change


def add_row(table: str, row: list[str | bytes]) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        t[table].append(row)
    return change


def nothing(t: Tables) -> None:
    pass


# --- odd files (the programme's own files replaced by something that is not a table) ---------

def fifo(path: Path, fmt: str) -> None:
    target = path / "participants.csv" if fmt == "csv" else path
    target.unlink()
    os.mkfifo(target)


def dev_zero(path: Path, fmt: str) -> None:
    target = path / "steps.csv" if fmt == "csv" else path
    target.unlink(missing_ok=True)
    target.symlink_to("/dev/zero")


def symlink_loop(path: Path, fmt: str) -> None:
    target = path / "steps.csv" if fmt == "csv" else path
    target.unlink(missing_ok=True)
    target.symlink_to(target.name)


def no_participants(path: Path, fmt: str) -> None:
    if fmt == "csv":
        (path / "participants.csv").unlink()
    else:
        with sqlite3.connect(path) as db:
            db.execute("DROP TABLE participants")
        db.close()


def huge_record(path: Path, fmt: str) -> None:
    with open(path / "steps.csv", "ab") as f:
        f.write(b"P001,P3," + b"x" * (1 << 20))


E_ACUTE = "\u00e9"

CASES = [
    # Dates and quarters outside the supported range 1900-01-01..2200-12-31.
    Case("date after 2200", set_cell("participants", 2, "registered_on", "2300-01-01"),
         ("participants", 2, "registered_on"), message="2200-12-31"),
    Case("date before 1900", set_cell("steps", 1, "completed_on", "1899-12-31"),
         ("steps", 1, "completed_on")),
    Case("quarter 9999Q4", set_cell("reports", 2, "quarter", "9999Q4"),
         ("reports", 2, "quarter"), message="2200Q4"),
    # Text that is not UTF-8, and UTF-8 cut by the shortening of shown values.
    Case("Latin-1 byte in a name", set_cell("participants", 3, "name", b"Andi Wij\xe9ya"),
         ("participants", 3, "name"), message="0xE9"),
    Case("Latin-1 byte in a bad value", set_cell("participants", 1, "sector", b"caf\xe9"),
         ("participants", 1, "sector")),
    Case("UTF-8 character cut short", set_cell("participants", 2, "name", b"Siti \xc3"),
         ("participants", 2, "name")),
    Case("overlong UTF-8", set_cell("participants", 2, "kbli", b"\xc0\xaf"),
         ("participants", 2, "kbli")),
    Case("a 2-byte character at the 60-byte cut",
         set_cell("participants", 3, "sector", "x" * 59 + E_ACUTE + "yyy"),
         ("participants", 3, "sector")),
    Case("Latin-1 byte in a column name", rename_column("steps", "completed_on", b"complet\xe9"),
         ("steps", 0, ""), formats=("csv",)),  # Python's sqlite3 takes only str names
    # Personal data in the wrong place, or a NIK that cannot be.
    Case("a NIK in the kelurahan column", set_cell("participants", 1, "kelurahan", NIK),
         ("participants", 1, "kelurahan")),
    Case("a NIK as a step's participant id", set_cell("steps", 2, "participant", NIK),
         ("steps", 2, "participant"), error=okoce.UnknownReferenceError),
    Case("a NIK with province 05", set_cell("participants", 1, "nik", "0574011507850001"),
         ("participants", 1, "nik"), message="11"),
    Case("a NIK with month 13", set_cell("participants", 2, "nik", "3174014313900002"),
         ("participants", 2, "nik")),
    Case("a NIK of 15 digits", set_cell("participants", 1, "nik", NIK[:15]),
         ("participants", 1, "nik")),
    # Values of the wrong shape (classes the loader already had).
    Case("a date that does not exist", set_cell("steps", 2, "completed_on", "2019-02-30"),
         ("steps", 2, "completed_on")),
    Case("a date in another format", set_cell("participants", 1, "registered_on", "10/02/2018"),
         ("participants", 1, "registered_on")),
    Case("a bad birth date", set_cell("participants", 2, "birth_date", "1990/03/03"),
         ("participants", 2, "birth_date")),
    Case("a quarter Q5", set_cell("reports", 1, "quarter", "2018Q5"), ("reports", 1, "quarter")),
    Case("negative revenue", set_cell("reports", 1, "revenue", "-5"), ("reports", 1, "revenue")),
    Case("revenue with decimals", set_cell("reports", 2, "revenue", "1.5"),
         ("reports", 2, "revenue")),
    Case("revenue beyond 64 bits", set_cell("reports", 2, "revenue", "9" * 20),
         ("reports", 2, "revenue")),
    Case("an unknown sector", set_cell("participants", 3, "sector", "mining"),
         ("participants", 3, "sector")),
    Case("a bad sex", set_cell("participants", 3, "sex", "X"), ("participants", 3, "sex")),
    Case("an unknown step", set_cell("steps", 1, "step", "P9"), ("steps", 1, "step")),
    Case("a malformed region code", set_cell("participants", 2, "kelurahan", "31-74-01"),
         ("participants", 2, "kelurahan")),
    Case("a kecamatan where a kelurahan is due",
         set_cell("participants", 2, "kelurahan", "31.74.01"), ("participants", 2, "kelurahan")),
    Case("a required value left empty", set_cell("participants", 3, "kelurahan", ""),
         ("participants", 3, "kelurahan")),
    Case("an unknown participant", set_cell("steps", 2, "participant", "P999"),
         ("steps", 2, "participant"), error=okoce.UnknownReferenceError),
    Case("a duplicate participant id",
         add_row("participants", ["P001", "", "Lagi", "", "", "31.74.01.1001", "retail", "", "",
                                  "2019-01-01", "", ""]),
         ("participants", 4, "id")),
    Case("a missing required column", rename_column("steps", "step", "langkah"),
         ("steps", 0, "step")),
    # CSV syntax, which an SQLite table cannot have.
    Case("an unterminated quote", set_cell("participants", 3, "name", '"Andi'),
         ("participants", 3, ""), formats=("csv",)),
    Case("a quote inside an unquoted field", set_cell("participants", 2, "name", 'Siti "A" R'),
         ("participants", 2, ""), formats=("csv",)),
    Case("a row with too few fields", add_row("steps", ["P001", "P2"]), ("steps", 3, ""),
         formats=("csv",)),
    Case("a record over the 1 MiB cap", nothing, ("steps", 3, ""), formats=("csv",),
         make=huge_record, message="1 MiB"),
    # Files that are not a programme's tables.
    Case("a FIFO", nothing, None, error=okoce.IoError, make=fifo,
         message="not a regular file"),
    Case("a link to /dev/zero", nothing, None, error=okoce.IoError, make=dev_zero),
    Case("a symlink loop", nothing, None, error=okoce.IoError, make=symlink_loop,
         message=os.strerror(errno.ELOOP)),
    Case("no participants", nothing, None, error=okoce.IoError, make=no_participants),
]


def raw(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def write_csv(folder: Path, tables: Tables) -> None:
    folder.mkdir()
    for name, rows in tables.items():
        lines = []
        for row in rows:
            # Quoted only where the value needs it; a value meant to break the syntax is
            # written as it is.
            cells = [raw(v) for v in row]
            lines.append(b",".join(
                b'"' + c.replace(b'"', b'""') + b'"' if (b"," in c or b"\n" in c) else c
                for c in cells))
        (folder / f"{name}.csv").write_bytes(b"\n".join(lines) + b"\n")


def write_sqlite(file: Path, tables: Tables) -> None:
    db = sqlite3.connect(file)
    for name, rows in tables.items():
        header = [raw(c).decode("utf-8", "surrogateescape") for c in rows[0]]
        cols = ", ".join('"' + c.replace('"', '""') + '"' for c in header)
        db.execute(f'CREATE TABLE "{name}" ({cols})')
        for row in rows[1:]:
            marks = ", ".join("CAST(? AS TEXT)" if isinstance(v, bytes) else "?" for v in row)
            # An empty CSV field is a NULL in SQLite.
            db.execute(f'INSERT INTO "{name}" VALUES ({marks})',
                       [None if v in ("", b"") else v for v in row])
    db.commit()
    db.close()


def build(tmp_path: Path, case: Case, fmt: str) -> Path:
    tables = base()
    case.change(tables)
    path = tmp_path / ("programme" if fmt == "csv" else "programme.sqlite")
    if fmt == "csv":
        write_csv(path, tables)
    else:
        write_sqlite(path, tables)
    if case.make:
        case.make(path, fmt)
    return path


def expected_location(case: Case, fmt: str, path: Path) -> tuple[str, int, str] | None:
    if case.where is None:
        return None
    table, row, column = case.where
    if fmt == "csv":
        return str(path / f"{table}.csv"), row + 1, column  # the header is line 1
    return f"{path}:{table}", row, column  # rowid; 0 for the header


def test_the_catalogue_counts_its_classes() -> None:
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names)
    # Reported to the coordinator: the number of classes, and how many run in each format.
    assert len(CASES) == 38
    assert sum("sqlite" in c.formats for c in CASES) == 33


@pytest.mark.parametrize("collect", [0, 100], ids=["fail-fast", "collect"])
@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(tmp_path: Path, case: Case, fmt: str, collect: int) -> None:
    if fmt not in case.formats:
        pytest.skip(f"{case.name}: a {fmt} file cannot hold it")
    path = build(tmp_path, case, fmt)
    with pytest.raises(okoce.Error) as caught:
        okoce.load(path, collect_errors=collect)  # no programme comes back: nothing half-loaded
    e = caught.value
    # Collect mode gathers validation errors of any kind into one ValidationErrors.
    expected = (okoce.ValidationErrors if collect and issubclass(case.error, okoce.ValidationError)
                else case.error)
    assert isinstance(e, expected), f"{type(e).__name__}: {e}"
    message = str(e)
    assert not ANY_NIK.search(message), message
    assert case.message in message
    where = expected_location(case, fmt, path)
    if where is None:
        assert not isinstance(e, okoce.ValidationError)
        assert str(path) in message or path.name in message
        return
    errors = e.errors if isinstance(e, okoce.ValidationErrors) else [e]
    if collect:
        assert isinstance(e, okoce.ValidationErrors)
    for one in errors:
        assert not ANY_NIK.search(str(one)) and not ANY_NIK.search(one.value)
        assert "\ufffd" not in str(one)  # shown values are whole characters, never replaced
    # The error at fault names file, line and column (in collect mode, among the others).
    assert (e.file, e.line, e.column) == where or any(
        (one.file, one.line, one.column) == where for one in errors), \
        [(one.file, one.line, one.column) for one in errors]
    if not collect:
        assert (e.file, e.line, e.column) == where
        assert f"{e.file}:{e.line}" in message or (e.line == 0 and e.file in message)


def test_the_base_programme_loads(tmp_path: Path) -> None:
    # Every case above differs from this by the one thing it breaks.
    write_csv(tmp_path / "ok", base())
    write_sqlite(tmp_path / "ok.sqlite", base())
    for path in (tmp_path / "ok", tmp_path / "ok.sqlite"):
        p = okoce.load(path)
        assert p.participant_count == 3


@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_a_name_beside_its_column_is_shown_only_when_asked_for(tmp_path: Path, fmt: str) -> None:
    # A name shifted into the sex column (beside name): the error shows its kind and length,
    # unless the caller names the column in show_personal_values.
    tables = base()
    set_cell("participants", 2, "sex", "Siti Rahma")(tables)
    path = tmp_path / ("programme" if fmt == "csv" else "programme.sqlite")
    (write_csv if fmt == "csv" else write_sqlite)(path, tables)
    with pytest.raises(okoce.ValidationError) as hidden:
        okoce.load(path)
    assert "Siti" not in str(hidden.value)
    assert hidden.value.column == "sex"
    assert hidden.value.value == "<text of 10 characters>"
    with pytest.raises(okoce.ValidationError) as shown:
        okoce.load(path, show_personal_values=["participants.sex"])
    assert shown.value.column == "sex"
    assert shown.value.value == "Siti Rahma"
