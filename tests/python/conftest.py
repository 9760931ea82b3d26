"""Shared fixtures: a small programme written by hand with Python's csv module, so that the
tests compare okoce's tables with files okoce did not write."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import okoce

# Each table as written to disk: rows deliberately out of participant/date order, a quoted name
# with a comma and quotes, UTF-8 text, empty optional fields and an unknown extra column.
TABLES: dict[str, list[list[str]]] = {
    "communities": [
        ["id", "name", "basis", "sector", "region"],
        ["C01", "Komunitas Kuliner Tebet", "sector", "food_beverage", ""],
        ["C02", "Ibu-Ibu Cengkareng", "region", "", "31.73.01"],
    ],
    "participants": [
        ["id", "name", "nik", "sex", "birth_date", "kelurahan", "sector", "kbli", "community",
         "registered_on", "business_started_on", "exited_on", "note"],
        ["P001", 'Siti "Ani", Aminah', "3174015507850001", "F", "1985-07-15", "31.74.01.1001",
         "food_beverage", "10710", "C01", "2018-01-05", "2016-03-01", "", "kept or ignored"],
        ["P002", "Budi Santoso", "3173010101900002", "M", "1990-01-01", "31.73.01.1001",
         "retail", "", "", "2018-02-10", "", "2020-06-30", ""],
        ["P003", "Dewi Ayu Lestari", "", "", "", "31.71.01.1001", "craft", "", "C02",
         "2019-03-15", "2019-01-01", "", ""],
        ["P004", "Ñoman Suárez", "", "M", "", "31.74.01.1002", "digital", "62019", "",
         "2020-11-02", "2020-10-01", "", ""],
    ],
    "steps": [
        ["participant", "step", "completed_on"],
        ["P002", "P2", "2018-03-01"],
        ["P001", "P4", "2018-05-20"],
        ["P001", "P1", "2018-01-05"],
        ["P002", "P1", "2018-02-10"],
        ["P003", "P1", "2019-03-15"],
        ["P001", "P2", "2018-02-01"],
        ["P004", "P1", "2020-11-02"],
    ],
    "licences": [
        ["participant", "kind", "number", "issued_on", "valid_until", "issuer"],
        ["P001", "IUMK", "503/IUMK/2018", "2018-05-20", "", "Camat Tebet"],
        ["P004", "NIB", "1234567890123", "2021-09-01", "", ""],
        ["P001", "HALAL", "", "2019-10-01", "2023-09-30", "BPJPH"],
    ],
    "reports": [
        ["participant", "quarter", "revenue", "capital", "employees", "reported_on"],
        ["P001", "2018Q3", "15000000", "20000000", "2", "2018-10-05"],
        ["P001", "2018Q2", "12500000", "", "", ""],
        ["P002", "2018Q2", "0", "5000000", "0", "2018-07-10"],
        ["P003", "2019Q2", "3000000", "", "1", ""],
        ["P001", "2019Q2", "13000000", "21000000", "3", "2019-07-04"],
    ],
    "mentors": [
        ["id", "name", "kind", "kecamatan", "community", "sectors", "phases", "capacity",
         "active_from", "active_to"],
        ["M01", "Pak Ahmad", "office", "31.74.01", "", "", "", "25", "2017-06-01", ""],
        ["M02", "Bu Rina", "community", "31.73.01", "C02", "craft;retail", "starting", "10",
         "", "2021-12-31"],
    ],
    "assignments": [
        ["participant", "mentor", "from", "to"],
        ["P003", "M02", "2019-04-01", ""],
        ["P001", "M01", "2018-02-01", "2019-01-31"],
        ["P002", "M02", "2018-03-01", ""],
    ],
    "targets": [
        ["id", "metric", "region", "start", "end", "value"],
        ["T2018-TEBET", "licensed", "31.74.01", "2018-09-01", "2018-12-31", "200"],
        ["T2018-DKI", "registered", "31", "2018-01-01", "2018-12-31", "40000"],
    ],
}


def write_tables(folder: Path, tables: dict[str, list[list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    return folder


@pytest.fixture
def programme_dir(tmp_path: Path) -> Path:
    return write_tables(tmp_path / "programme", TABLES)


@pytest.fixture
def programme(programme_dir: Path) -> okoce.Programme:
    return okoce.load(programme_dir)


@pytest.fixture(scope="session")
def synthetic() -> okoce.Programme:
    return okoce.synth.jakarta(seed=7, scale=0.01, until=dt.date(2022, 10, 31))
