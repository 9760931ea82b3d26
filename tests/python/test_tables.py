"""Tables as DataFrames, compared column by column with the same CSV files read by pandas."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pytest

import okoce

# How each column of each table is to be read from text: the data contract, restated here.
KINDS: dict[str, dict[str, str]] = {
    "participants": {"id": "text", "sex": "text", "kota": "kota", "kecamatan": "kecamatan",
                     "kelurahan": "text", "sector": "text",
                     "kbli": "text", "community": "text", "registered_on": "date",
                     "business_started_on": "date", "exited_on": "date"},
    "steps": {"participant": "text", "step": "text", "completed_on": "date"},
    "licences": {"participant": "text", "kind": "text", "number": "text", "issued_on": "date",
                 "valid_until": "date", "issuer": "text"},
    "reports": {"participant": "text", "quarter": "quarter", "revenue": "int",
                "capital": "nullable", "employees": "nullable", "reported_on": "date"},
    "mentors": {"id": "text", "name": "text", "kind": "text", "kecamatan": "text",
                "community": "text", "sectors": "text", "phases": "text", "capacity": "int",
                "active_from": "date", "active_to": "date"},
    "assignments": {"participant": "text", "mentor": "text", "from": "date", "to": "date"},
    "communities": {"id": "text", "name": "text", "basis": "text", "sector": "text",
                    "region": "text"},
    "targets": {"id": "text", "metric": "text", "region": "text", "start": "date", "end": "date",
                "value": "int"},
}
PERSONAL = {"nik": "text", "name": "text", "birth_date": "date"}

# The store keeps event tables sorted by participant (in participants.csv order), then date.
EVENT_ORDER = {"steps": ["completed_on", "step"], "licences": ["issued_on"],
               "reports": ["quarter"], "assignments": ["from"]}


def from_text(raw: pd.Series, kind: str) -> pd.Series:
    """What a column of text should become, computed by pandas alone."""
    missing = raw == ""
    if kind == "text":
        return raw.astype(object).where(~missing, None)
    if kind == "date":
        return pd.to_datetime(raw.where(~missing, None))
    if kind == "int":
        return raw.astype("int64")
    if kind == "nullable":
        return pd.array([pd.NA if m else int(v) for v, m in zip(raw, missing)], dtype="Int64")
    if kind == "quarter":
        return pd.Series(pd.PeriodIndex(raw, freq="Q"))
    if kind == "kota":  # the first two parts of the dotted kelurahan code
        return raw.str.split(".").str[:2].str.join(".").astype(object)
    if kind == "kecamatan":
        return raw.str.split(".").str[:3].str.join(".").astype(object)
    raise AssertionError(kind)


def comparable(col: pd.Series, kind: str) -> pd.Series:
    if kind in ("text", "kota", "kecamatan"):
        return col.astype(object).where(col.notna(), None)
    if kind == "nullable":
        return col.astype("Int64")
    if kind == "int":  # capacity is stored as int32, amounts as int64
        return col.astype("int64")
    return col


def read_expected(folder: Path, table: str, kinds: dict[str, str]) -> pd.DataFrame:
    raw = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    source = {"kota": "kelurahan", "kecamatan": "kelurahan"}
    return pd.DataFrame({c: from_text(raw[source.get(k, c)], k) for c, k in kinds.items()})


def assert_same(actual: pd.DataFrame, expected: pd.DataFrame, kinds: dict[str, str]) -> None:
    assert len(actual) == len(expected)
    for c, k in kinds.items():
        pd.testing.assert_series_equal(
            pd.Series(comparable(actual[c], k)).reset_index(drop=True),
            pd.Series(expected[c]).reset_index(drop=True),
            check_names=False, obj=f"column {c}")


def sort_like_store(expected: pd.DataFrame, folder: Path, table: str) -> pd.DataFrame:
    ids = pd.read_csv(folder / "participants.csv", dtype=str, keep_default_na=False)["id"]
    row = {pid: i for i, pid in enumerate(ids)}
    keyed = expected.assign(_row=expected["participant"].map(row))
    return keyed.sort_values(["_row", *EVENT_ORDER[table]], kind="stable").drop(columns="_row")


@pytest.mark.parametrize("table", sorted(KINDS))
def test_hand_written_tables_match_pandas(programme_dir: Path, programme: okoce.Programme,
                                          table: str) -> None:
    actual = getattr(programme, table)()
    expected = read_expected(programme_dir, table, KINDS[table])
    if table in EVENT_ORDER:
        expected = sort_like_store(expected, programme_dir, table)
    assert list(actual.columns) == list(KINDS[table])
    assert_same(actual, expected, KINDS[table])


def test_personal_columns_match_pandas(programme_dir: Path, programme: okoce.Programme) -> None:
    actual = programme.participants(personal=["nik", "name", "birth_date"])
    assert_same(actual, read_expected(programme_dir, "participants", PERSONAL), PERSONAL)
    # In the data contract's order.
    assert list(actual.columns[:8]) == ["id", "nik", "name", "sex", "birth_date", "kota",
                                        "kecamatan", "kelurahan"]


def test_hand_checked_values(programme: okoce.Programme) -> None:
    reports = programme.reports()
    # P001's three reports come first, by quarter: 2018Q2, 2018Q3, 2019Q2.
    assert list(reports["quarter"].astype(str)[:3]) == ["2018Q2", "2018Q3", "2019Q2"]
    assert reports["revenue"].sum() == 12_500_000 + 15_000_000 + 0 + 3_000_000 + 13_000_000
    assert reports["capital"].isna().sum() == 2
    # Revenue per participant; P004 has no report.
    per = reports.groupby("participant")["revenue"].sum()
    assert per.to_dict() == {"P001": 40_500_000, "P002": 0, "P003": 3_000_000}
    steps = programme.steps()
    assert (steps["step"] == okoce.Step.p1).sum() == 4
    assert steps["step"].cat.ordered and steps["step"].max() == "P4"


def test_event_tables_carry_participant_ids_as_plain_str(programme: okoce.Programme) -> None:
    ids = list(programme.participants()["id"])
    for table in ("steps", "licences", "reports", "assignments"):
        col = getattr(programme, table)()["participant"]
        assert col.dtype == object and all(type(x) is str for x in col)
        # Rows are grouped by participant, in participants.csv order.
        rows = col.map({pid: k for k, pid in enumerate(ids)})
        assert rows.is_monotonic_increasing
    assert programme.participants()["id"].dtype == object
    assert programme.mentors()["id"].dtype == object
    assert list(programme.assignments()["mentor"]) == ["M01", "M02", "M02"]
    # A group-by on a slice shows only the ids in it (a categorical would show all four).
    steps = programme.steps()
    first_two = steps[steps["participant"].isin(["P001", "P002"])]
    assert list(first_two.groupby("participant").size().index) == ["P001", "P002"]
    # Communities, few and repeated, stay categorical.
    assert isinstance(programme.participants()["community"].dtype, pd.CategoricalDtype)


def test_kota_and_kecamatan_columns_name_in_one_merge(programme: okoce.Programme) -> None:
    people = programme.participants()
    assert len(people["kecamatan"].cat.categories) == 44
    assert len(people["kota"].cat.categories) == 6
    regions = okoce.regions(programme)
    assert list(regions.columns) == ["code", "name", "level", "parent"]
    named = people.merge(regions[["code", "name"]], left_on="kecamatan", right_on="code",
                         how="left")
    # P001 and P004 are in 31.74.01 (Tebet), P002 in 31.73.01 (Cengkareng), P003 in 31.71.01
    # (Gambir): Kemendagri's kecamatan 01 of each kota.
    assert list(named["name"]) == ["Tebet", "Cengkareng", "Gambir", "Tebet"]
    kota = people.merge(regions[["code", "name"]], left_on="kota", right_on="code")
    assert kota.loc[0, "name"] == "Kota Administrasi Jakarta Selatan"


def test_region_and_sector_columns_are_categorical(programme: okoce.Programme) -> None:
    p = programme.participants()
    assert isinstance(p["kelurahan"].dtype, pd.CategoricalDtype)
    # Every kelurahan of DKI Jakarta is a category, so group-bys show empty ones too.
    assert len(p["kelurahan"].cat.categories) == 267
    assert list(p["sector"].cat.categories) == [s.value for s in okoce.Sector]
    counts = p.groupby("sector", observed=False).size()
    assert counts["food_beverage"] == 1 and counts["fashion"] == 0
    assert len(programme.mentors()["kecamatan"].cat.categories) == 44


def test_regions_table(programme: okoce.Programme) -> None:
    r = programme.regions()
    assert len(r) == 1 + 6 + 44 + 267
    tebet = r[r["code"] == "31.74.01"].iloc[0]
    assert tebet["name"] == "Tebet" and tebet["level"] == "kecamatan"
    assert tebet["parent"] == "31.74"
    assert r.iloc[0]["parent"] is None


def test_personal_columns_absent_by_default(programme: okoce.Programme) -> None:
    cols = set(programme.participants().columns)
    assert not cols & {"nik", "name", "birth_date"}
    only_name = programme.participants(personal=["name"])
    assert "name" in only_name.columns
    assert "nik" not in only_name.columns and "birth_date" not in only_name.columns
    assert only_name["name"][1] == "Budi Santoso"


def test_unknown_personal_column_is_a_value_error(programme: okoce.Programme) -> None:
    with pytest.raises(ValueError, match="unknown personal column 'address'"):
        programme.participants(personal=["address"])
    with pytest.raises(ValueError):
        programme.participants(personal=["name", "nik_digits"])


def test_numeric_columns_are_views_not_copies(programme: okoce.Programme) -> None:
    first = programme.reports()["revenue"].to_numpy()
    second = programme.reports()["revenue"].to_numpy()
    assert np.shares_memory(first, second)
    # No array along the base chain owns the data: the chain ends at the Programme itself.
    base: object = first
    while isinstance(base, np.ndarray):
        assert not base.flags.owndata
        base = base.base
    assert base is programme
    # The store is immutable, so the views are read-only.
    assert not first.flags.writeable
    with pytest.raises(ValueError):
        first[0] = 1


def test_nullable_columns_keep_the_store_values(programme: okoce.Programme) -> None:
    raw = programme._columns("reports")
    kind, values, mask = raw["capital"]
    assert kind == "masked"
    capital = programme.reports()["capital"].array
    assert np.shares_memory(np.asarray(capital._data), values)
    assert list(mask) == [True, False, False, False, True]
    assert np.shares_memory(programme.mentors()["capacity"].to_numpy(),
                            programme._columns("mentors")["capacity"])


def test_views_keep_the_programme_alive(programme_dir: Path) -> None:
    frame = okoce.load(programme_dir).reports()
    gc.collect()
    assert frame["revenue"].tolist() == [12_500_000, 15_000_000, 13_000_000, 0, 3_000_000]


def test_round_trip_through_save(tmp_path: Path, programme: okoce.Programme) -> None:
    okoce.save(programme, tmp_path / "copy")
    again = okoce.load(tmp_path / "copy")
    for table in KINDS:
        pd.testing.assert_frame_equal(getattr(again, table)(), getattr(programme, table)())
    pd.testing.assert_frame_equal(again.participants(personal=["nik", "name", "birth_date"]),
                                  programme.participants(personal=["nik", "name", "birth_date"]))


@pytest.mark.parametrize("table", sorted(KINDS))
def test_synthetic_tables_match_pandas(tmp_path: Path, synthetic: okoce.Programme,
                                       table: str) -> None:
    # save() writes the store in its own order, so the frames compare row for row.
    okoce.save(synthetic, tmp_path / "synth")
    assert_same(getattr(synthetic, table)(), read_expected(tmp_path / "synth", table, KINDS[table]),
                KINDS[table])


def test_builder_makes_the_same_tables(programme: okoce.Programme) -> None:
    import datetime as dt

    b = okoce.ProgrammeBuilder()
    b.add_participant("X1", "31.74.01.1001", okoce.Sector.food_beverage, dt.date(2018, 1, 5),
                      nik="3174015507850001", name="Siti", sex=okoce.Sex.female,
                      business_started_on=dt.date(2016, 3, 1))
    b.add_report("X1", "2018Q3", 15_000_000, capital=20_000_000, employees=2)
    b.add_report("X1", okoce.Quarter(2018, 2), 12_500_000)
    built = b.build()
    r = built.reports()
    assert list(r["quarter"].astype(str)) == ["2018Q2", "2018Q3"]
    assert list(r["revenue"]) == [12_500_000, 15_000_000]
    assert built.participants(personal=["nik"])["nik"][0] == "3174015507850001"
    assert built.participant("X1").nik == okoce.Nik.parse("3174015507850001", dt.date(2018, 1, 5))


def test_export_for_analysts_pseudonymises(tmp_path: Path, programme: okoce.Programme) -> None:
    import hashlib
    import hmac

    okoce.export_for_analysts(programme, tmp_path / "export", key="rahasia-dinas-ukm-dki")
    raw = pd.read_csv(tmp_path / "export" / "participants.csv", dtype=str, keep_default_na=False)
    assert not set(raw.columns) & {"nik", "name", "birth_date"}
    # HMAC-SHA256 of the 16 digits under the key, computed with Python's own hmac module.
    expected = hmac.new(b"rahasia-dinas-ukm-dki", b"3174015507850001", hashlib.sha256).hexdigest()
    assert raw["nik_pseudonym"][0] == expected
    assert raw["nik_pseudonym"][2] == ""  # P003 has no NIK
    again = okoce.load(tmp_path / "export")
    assert again.participants()["id"].tolist() == ["P001", "P002", "P003", "P004"]
    assert again.participants(personal=["name"])["name"].isna().all()
    okoce.export_for_analysts(programme, tmp_path / "named", key="rahasia-dinas-ukm-dki", include_name=True)
    named = pd.read_csv(tmp_path / "named" / "participants.csv", dtype=str, keep_default_na=False)
    assert named["name"][0] == 'Siti "Ani", Aminah'


def test_gil_is_released_while_cpp_works(programme_dir: Path) -> None:
    import threading

    # While a long C++ call runs in another thread, this thread keeps running Python only if
    # the call released the GIL; holding it would freeze the counter for the whole call.
    def count_during(work: Callable[[], object]) -> int:
        done = threading.Event()
        thread = threading.Thread(target=lambda: (work(), done.set()))
        ticks = 0
        thread.start()
        while not done.is_set():
            ticks += 1
        thread.join()
        return ticks

    assert count_during(lambda: okoce.synth.jakarta(seed=3, scale=0.02)) > 1000
    big = okoce.synth.jakarta(seed=3, scale=0.02)
    assert count_during(lambda: okoce.save(big, programme_dir.parent / "big")) > 1000
    assert count_during(lambda: okoce.load(programme_dir.parent / "big")) > 1000


def test_help_lists_every_public_part() -> None:
    doc = okoce.__doc__ or ""
    for name in okoce.__all__:
        if name in ("__version__", "analysis", "synth"):
            continue
        assert f"``{name}``" in doc or f"``{name}(" in doc, name
        assert (getattr(okoce, name).__doc__ or "").strip(), name
