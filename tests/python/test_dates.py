"""Every form a pandas user holds a day in is a date argument; a time of day is refused.

datetime.date, pandas.Timestamp and numpy.datetime64 at midnight, datetime.datetime at midnight
and "YYYY-MM-DD" all mean the same day; any other time of day is a TypeError (the caller's
mistake, not something to truncate silently), and dates come back as datetime.date."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

import okoce

DAY = dt.date(2019, 8, 17)
NOON = dt.datetime(2019, 8, 17, 12, 0)
# The same day in each accepted form.
SAME_DAY = [dt.datetime(2019, 8, 17), pd.Timestamp("2019-08-17"), np.datetime64("2019-08-17"),
            np.datetime64("2019-08-17T00:00:00.000000000"), "2019-08-17",
            pd.Timestamp("2019-08-17", tz="Asia/Jakarta")]
# Times of day other than midnight, in each form.
NOT_MIDNIGHT = [NOON, pd.Timestamp("2019-08-17 00:00:00.000000001"),
                np.datetime64("2019-08-17T00:00:01"), dt.datetime(2019, 8, 17, 0, 0, 0, 1)]

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
@pytest.mark.parametrize("value", SAME_DAY, ids=repr)
def test_every_form_of_the_day_gives_the_same_result(name: str, value: Any) -> None:
    try:
        expected: object = CALLS[name](DAY)
    except Exception as e:  # the call itself may fail (no participant A): it must fail alike
        with pytest.raises(type(e)) as got:
            CALLS[name](value)
        assert str(got.value) == str(e)
        return
    actual = CALLS[name](value)
    assert repr(actual) == repr(expected)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("value", NOT_MIDNIGHT, ids=repr)
def test_a_time_of_day_is_refused(name: str, value: Any) -> None:
    with pytest.raises(TypeError, match="midnight"):
        CALLS[name](value)


def test_accepted_forms_convert_to_the_day() -> None:
    # Quarter.of is the plainest probe: 2019-08-17 is in 2019Q3, 2019-06-30 in 2019Q2.
    for value in SAME_DAY:
        assert okoce.Quarter.of(value) == okoce.Quarter(2019, 3)
    assert okoce.Quarter.of(np.datetime64("2019-06-30")) == okoce.Quarter(2019, 2)
    assert okoce.Quarter.of("2019-07-01") == okoce.Quarter(2019, 3)


@pytest.mark.parametrize("value", [pd.NaT, np.datetime64("NaT")], ids=repr)
def test_missing_values_are_refused(value: Any) -> None:
    with pytest.raises(TypeError, match="missing value"):
        okoce.Quarter.of(value)


def test_a_month_is_not_a_day() -> None:
    with pytest.raises(TypeError, match="period, not a day"):
        okoce.Quarter.of(np.datetime64("2019-08"))


@pytest.mark.parametrize("value", ["2019-8-17", "17/08/2019", "2019-02-30"])
def test_bad_text_is_a_validation_error_naming_it(value: str) -> None:
    with pytest.raises(okoce.ValidationError, match="'day'") as e:
        okoce.Quarter.of(value)
    assert e.value.value == value


@pytest.mark.parametrize("value", [20190817, None, 2019.5])
def test_other_types_are_type_errors(value: object) -> None:
    with pytest.raises(TypeError, match="expected a date") as e:
        okoce.Quarter.of(value)  # type: ignore[arg-type]
    assert "incompatible function arguments" not in str(e.value)


def test_analyses_take_every_form(synthetic: okoce.Programme) -> None:
    expected = okoce.funnel(synthetic, dt.date(2021, 12, 31), by="kota")
    for value in (pd.Timestamp("2021-12-31"), np.datetime64("2021-12-31"), "2021-12-31",
                  dt.datetime(2021, 12, 31)):
        pd.testing.assert_frame_equal(okoce.funnel(synthetic, value, by="kota"), expected)
    with pytest.raises(TypeError, match="argument 'as_of'.*midnight"):
        okoce.phases(synthetic, pd.Timestamp("2021-12-31 08:00"))


def test_quarters_take_every_form(synthetic: okoce.Programme) -> None:
    expected = okoce.phase_history(synthetic, okoce.Quarter(2021, 1), okoce.Quarter(2021, 3))
    # pandas' own quarters, as phase_history and reports() hand them out.
    start = expected.phases["quarter"].iloc[0]
    assert isinstance(start, pd.Period)
    for a, b in (("2021Q1", "2021Q3"), (start, pd.Period("2021Q3", freq="Q")),
                 (pd.Period("2021-02-10", freq="Q"), "2021Q3")):
        got = okoce.phase_history(synthetic, a, b)
        pd.testing.assert_frame_equal(got.phases, expected.phases)
        pd.testing.assert_frame_equal(got.transitions, expected.transitions)
    # 2021Q1 begins the history: three quarters, so the first rows are 2021Q1.
    assert list(expected.phases["quarter"].astype(str).unique()) == ["2021Q1", "2021Q2", "2021Q3"]


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
    with pytest.raises(okoce.ArgumentError):
        okoce.phase_history(programme, "2018Q1", okoce.Quarter(9999, 4))
    # The edges themselves are in.
    assert okoce.Quarter.of(dt.date(1900, 1, 1)) == okoce.Quarter(1900, 1)
    assert okoce.Quarter.of(dt.date(2200, 12, 31)).next().last_day() == dt.date(2201, 3, 31)


def test_datetime64_outside_the_supported_range_is_refused() -> None:
    with pytest.raises(ValueError, match="1900"):
        okoce.Quarter.of(np.datetime64("1300-01-01"))
