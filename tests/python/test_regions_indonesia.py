"""The embedded all-Indonesia region and population tables from Python.

Expected values were read by hand from ../shared/data (wilayah_indonesia.csv,
penduduk_kabkota.csv, README.md); the folder is not read here.
"""

import datetime
import pathlib
import pickle

import pandas as pd
import pytest

import okoce


def test_counts_per_level_match_the_regulation() -> None:
    t = okoce.RegionTable.indonesia()
    # README: 38 provinces, 514 kab/kota, 7,285 kecamatan, 83,762 desa/kelurahan.
    assert [t.count(level) for level in okoce.RegionLevel] == [38, 514, 7285, 83762]
    assert len(t) == 91599
    assert t is okoce.RegionTable.indonesia()  # built once, shared
    assert okoce.RegionTable.dki_jakarta().count(okoce.RegionLevel.kota) == 6  # still DKI


def test_hand_picked_names() -> None:
    t = okoce.RegionTable.indonesia()
    assert t.name("11.01.01.2001") == "Keude Bakongan"
    assert t.name("11.01.01.2015") == "Darul Ikhsan"
    assert t.name("53.07.01.2021") == "Regapu\u2019u"
    assert t.name("13.05.04") == "2 x 11 Anam Lingkuang"
    assert t.name("96.71") == "Kota Sorong"
    assert "11.01.01.2005" not in t
    with pytest.raises(okoce.UnknownReferenceError):
        t.name("20")


def test_hierarchy_through_pandas() -> None:
    t = okoce.RegionTable.indonesia()
    codes = pd.Series([str(c) for c in t.codes()])
    depth = codes.str.count(r"\.") + 1
    parent = codes.str.rsplit(".", n=1).str[0].where(depth > 1)
    # Every parent is a code of the table, and the levels counted from the text agree.
    assert parent.dropna().isin(set(codes)).all()
    assert depth.value_counts().sort_index().tolist() == [38, 514, 7285, 83762]
    assert parent[depth == 3].nunique() == 514  # every kab/kota has a kecamatan
    # DKI Jakarta's part equals the embedded DKI table, names included.
    dki = okoce.RegionTable.dki_jakarta()
    part = t.within("31")
    assert part.codes() == dki.codes()
    assert [part.name(c) for c in part.codes()] == [dki.name(c) for c in dki.codes()]


def test_population_totals() -> None:
    pop = okoce.PopulationTable.indonesia()
    regions = okoce.RegionTable.indonesia()
    assert len(pop) == 38 + 514
    # penduduk_kabkota.csv row 0 (INDONESIA): 143,863,392 + 141,110,251 = 284,973,643.
    assert pop.total == okoce.Population(143863392, 141110251)
    assert pop.total.total == 284973643
    frame = pd.DataFrame(
        {
            "code": [str(c) for c in pop.codes()],
            "total": [pop.at(c).total for c in pop.codes()],
        }
    )
    frame["province"] = frame["code"].str[:2]
    is_province = ~frame["code"].str.contains(".", regex=False)
    assert frame.loc[is_province, "total"].sum() == 284973643
    kab_sums = frame[~is_province].groupby("province")["total"].sum()
    assert (frame[is_province].set_index("province")["total"] == kab_sums).all()
    # Rows copied from the CSV.
    assert pop.at("31.74").total == 2331411
    assert pop.at("96.71") == okoce.Population(male=150236, female=135792)
    assert pop.get("31.74.01") is None
    assert all(c in regions for c in pop.codes())
    with pytest.raises(okoce.UnknownReferenceError):
        pop.at("31.74.01")


def test_population_from_rows_names_the_bad_record() -> None:
    t = okoce.PopulationTable.from_rows(
        [("31.74", okoce.Population(10, 20)), ("31", okoce.Population(15, 25))], source="mine"
    )
    assert t.total == okoce.Population(15, 25)
    with pytest.raises(okoce.ValidationError, match=r"mine:2, column male"):
        okoce.PopulationTable.from_rows(
            [("31.74", okoce.Population(1, 1)), ("31.71", okoce.Population(-1, 1))], source="mine"
        )


def test_programme_on_a_province_table_round_trips(tmp_path: pathlib.Path) -> None:
    # A Jawa Barat participant needs Jawa Barat's table; the DKI default refuses the code.
    b = okoce.ProgrammeBuilder()
    b.add_participant("P1", "32.01.01.1001", okoce.Sector.food_beverage, datetime.date(2024, 1, 2))
    with pytest.raises(okoce.ValidationError):
        b.build()
    jabar = okoce.RegionTable.indonesia().within("32")
    b = okoce.ProgrammeBuilder()
    b.set_regions(jabar)
    b.add_participant("P1", "32.01.01.1001", okoce.Sector.food_beverage, datetime.date(2024, 1, 2))
    p = b.build()
    path = tmp_path / "jabar.sqlite"
    okoce.save(p, path)
    back = okoce.load(path)
    assert back.region_table.codes() == jabar.codes()
    assert back.region_table.name("32.01.01.1001") == "Pondok Rajeg"
    assert str(back.participants()["kelurahan"].iloc[0]) == "32.01.01.1001"
    # Codes of the national table pickle like any other.
    codes = okoce.RegionTable.indonesia().at_level(okoce.RegionLevel.province)
    assert pickle.loads(pickle.dumps(codes)) == codes
