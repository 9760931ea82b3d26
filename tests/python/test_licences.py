"""Licences from Python: Licence values, counting= (OK OCE's IUMK+SKU rule), licences in force
and the anomaly flag. Every expected value is worked out by hand in the comments from the
rules in include/okoce/licence.hpp."""

import datetime
from pathlib import Path

import pytest

import okoce
from okoce import Licence, LicenceKind

date = datetime.date
SMALL = Path(__file__).resolve().parents[1] / "data" / "small"
OK_OCE = [LicenceKind.iumk, LicenceKind.sku]


def test_in_force_is_inclusive_at_both_ends() -> None:
    pirt = Licence(LicenceKind.pirt, date(2019, 5, 2), valid_until=date(2024, 5, 1))
    assert not pirt.in_force(date(2019, 5, 1))  # the day before issue
    assert pirt.in_force(date(2019, 5, 2))  # the issue day
    assert pirt.in_force(date(2024, 5, 1))  # the last valid day
    assert not pirt.in_force(date(2024, 5, 2))
    sku = Licence("SKU", "2018-09-10")  # spellings of the data files are accepted
    assert sku.kind == LicenceKind.sku and sku.valid_until is None
    assert sku.in_force(date(2040, 1, 1))  # open-ended


def test_anomaly_flags_an_iumk_from_the_oss_start_on() -> None:
    assert okoce.OSS_RISK_BASED_START == date(2021, 7, 2)
    assert Licence(LicenceKind.iumk, date(2021, 7, 1)).anomaly is None  # the last IUMK day
    late = Licence(LicenceKind.iumk, date(2021, 7, 2)).anomaly
    assert late is not None and "2021-07-02" in late
    # The same date is fine for an SKU or a NIB: only the IUMK was replaced.
    assert Licence(LicenceKind.sku, date(2021, 7, 2)).anomaly is None
    # A NIB is 13 digits: 12 is anomalous, 13 is not; an empty number is "not recorded".
    assert Licence(LicenceKind.nib, date(2021, 9, 1), number="912000123456").anomaly is not None
    assert Licence(LicenceKind.nib, date(2021, 9, 1), number="9120001234567").anomaly is None
    # Valid until before issued: never in force, and flagged.
    backwards = Licence(LicenceKind.sku, date(2020, 1, 2), valid_until=date(2020, 1, 1))
    assert backwards.anomaly is not None and not backwards.in_force(date(2020, 1, 1))
    assert okoce.is_valid_nib("9120001234567") and not okoce.is_valid_nib("912000123456a")


def test_counting_decides_whether_a_nib_makes_a_new_entrepreneur() -> None:
    nib = Licence(LicenceKind.nib, date(2021, 9, 1), number="9120001234567")
    pirt = Licence(LicenceKind.pirt, date(2021, 1, 4))
    on = date(2021, 12, 31)
    assert okoce.licensed_as_of([nib], on)  # default: IUMK, SKU, NIB
    assert not okoce.licensed_as_of([nib], on, counting=OK_OCE)
    assert not okoce.licensed_as_of([nib], on, counting=["IUMK", "SKU"])
    assert not okoce.licensed_as_of([pirt], on)  # a P-IRT never counts by default...
    assert okoce.licensed_as_of([pirt], on, counting=["PIRT"])  # ...unless asked for
    assert not okoce.licensed_as_of([nib], date(2021, 8, 31))  # before issue
    assert not okoce.licensed_as_of([], on)
    with pytest.raises(TypeError, match="IUMK"):
        okoce.licensed_as_of([nib], on, counting=["permit"])


def test_programme_licensed_as_of_takes_counting() -> None:
    b = okoce.ProgrammeBuilder()
    b.add_participant("nina", "31.74.01.1001", okoce.Sector.retail, date(2021, 8, 2))
    b.add_participant("iwan", "31.74.01.1002", okoce.Sector.craft, date(2021, 1, 4))
    b.add_licence("nina", LicenceKind.nib, date(2021, 9, 1), number="9120001234567")
    b.add_licence("iwan", LicenceKind.iumk, date(2021, 8, 2))  # after OSS: anomalous
    p = b.build()
    on = date(2021, 12, 31)
    assert p.licensed_as_of("nina", on) and not p.licensed_as_of("nina", on, counting=OK_OCE)
    # The anomalous IUMK still counts (the library flags it, the data owner decides).
    assert p.licensed_as_of("iwan", on, counting=OK_OCE)
    table = p.licences_in_force(on)
    assert list(table["participant"]) == ["nina", "iwan"]
    assert table["anomaly"][0] is None and "2021-07-02" in table["anomaly"][1]
    assert list(p.licences_in_force(on, counting=OK_OCE)["participant"]) == ["iwan"]


def test_licences_in_force_on_the_small_programme() -> None:
    # tests/data/small: P001 SKU 2018-09-10 and IUMK 2018-11-20 (open-ended), P003 P-IRT
    # 2019-05-02 .. 2024-05-01.
    small = okoce.load(SMALL)

    def count(on: datetime.date, counting: list[str] | None = None) -> int:
        return len(small.licences_in_force(on, counting=counting))

    assert count(date(2018, 9, 9)) == 0
    assert count(date(2018, 11, 20)) == 2
    assert count(date(2019, 5, 1)) == 2  # the P-IRT is issued the next day
    assert count(date(2019, 5, 2)) == 3
    assert count(date(2024, 5, 2)) == 2  # the P-IRT has expired
    assert count(date(2019, 5, 2), counting=["PIRT"]) == 1
    assert count(date(2019, 5, 2), counting=["IUMK", "SKU"]) == 2
    rows = small.licences_in_force(date(2019, 5, 2))
    assert list(rows.columns) == list(small.licences().columns) + ["anomaly"]
    assert rows["anomaly"].isna().all()
