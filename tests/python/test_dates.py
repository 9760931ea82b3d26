"""datetime.date in, datetime.date out; datetime.datetime (a subclass of date) is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import pandas as pd
import pytest

import okoce

NOON = dt.datetime(2019, 8, 17, 12, 0)
MIDNIGHT = dt.datetime(2019, 8, 17)  # even a time of 00:00 is refused: the type is the mistake

CALLS: dict[str, Callable[[Any], object]] = {
    "Quarter.of": lambda d: okoce.Quarter.of(d),
    "Nik.parse reference": lambda d: okoce.Nik.parse("3174015507850001", d),
    "size_class": lambda d: okoce.size_class(d, turnover=1),
    "size_regime": lambda d: okoce.size_regime(d),
    "whole_months_between": lambda d: okoce.whole_months_between(dt.date(2019, 1, 1), d),
    "classify_phase as_of": lambda d: okoce.classify_phase(None, d, [], []),
    "classify_phase start": lambda d: okoce.classify_phase(d, dt.date(2020, 1, 1), [], []),
    "builder registered_on": lambda d: okoce.ProgrammeBuilder().add_participant(
        "A", "31.74.01.1001", okoce.Sector.retail, d),
    "builder step": lambda d: okoce.ProgrammeBuilder().add_step("A", okoce.Step.p1, d),
    "builder valid_until": lambda d: okoce.ProgrammeBuilder().add_licence(
        "A", okoce.LicenceKind.sku, dt.date(2019, 1, 1), valid_until=d),
    "programme steps_done": lambda d: okoce.Programme().steps_done(0, d),
    "synth until": lambda d: okoce.synth.jakarta(scale=0.001, until=d),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("value", [NOON, MIDNIGHT, pd.Timestamp("2019-08-17")])
def test_datetime_is_refused(name: str, value: dt.datetime) -> None:
    with pytest.raises(TypeError, match="datetime.datetime"):
        CALLS[name](value)


@pytest.mark.parametrize("value", ["2019-08-17", 20190817, None])
def test_other_types_are_type_errors(value: object) -> None:
    with pytest.raises(TypeError):
        okoce.Quarter.of(value)  # type: ignore[arg-type]


def test_dates_come_back_as_plain_dates() -> None:
    day = okoce.Quarter(2019, 3).last_day()
    assert type(day) is dt.date and day == dt.date(2019, 9, 30)
    nik = okoce.Nik.parse("3174015507850001", dt.date(2017, 1, 1))
    assert type(nik.birth_date) is dt.date


def test_missing_dates_are_none_and_nat(programme: okoce.Programme) -> None:
    assert programme.participant("P001").exited_on is None
    assert pd.isna(programme.participants()["exited_on"][0])
    # Dates survive the trip at the day, without time-zone or off-by-one shifts.
    assert programme.participants()["registered_on"][0] == pd.Timestamp("2018-01-05")


def test_dates_outside_the_supported_range_are_refused(programme: okoce.Programme) -> None:
    # 1900-01-01..2200-12-31 (calendar.hpp): a ValidationError, never boost's bad_year, which
    # showed as IndexError from deep inside an analysis.
    for day in [dt.date(1399, 12, 31), dt.date(1899, 12, 31), dt.date(2201, 1, 1),
                dt.date(9999, 12, 31)]:
        with pytest.raises(okoce.ValidationError) as e:
            okoce.Quarter.of(day)
        assert "1900-01-01 to 2200-12-31" in str(e.value)
    with pytest.raises(okoce.ValidationError):
        okoce.monitoring(programme, dt.date(9999, 12, 31))
    with pytest.raises(okoce.ValidationError):
        okoce.phase_history(programme, "2018Q1", "9999Q4")
    with pytest.raises(okoce.ValidationError):
        okoce.phase_history(programme, "2018Q1", okoce.Quarter(9999, 4))
    # The edges themselves are in.
    assert okoce.Quarter.of(dt.date(1900, 1, 1)) == okoce.Quarter(1900, 1)
    assert okoce.Quarter.of(dt.date(2200, 12, 31)).next().last_day() == dt.date(2201, 3, 31)
