"""Partial results over a split programme: each part's partial, pickled as a Dask worker would
send it, merged in several orders and finished, equals the whole programme's analysis exactly
(pandas.testing.assert_frame_equal with exact comparison, NaN where the whole has NaN). The whole
programme's figure is its one partial finished, which is what okoce.funnel and its kin give."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from typing import Any, Callable

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

import okoce
from okoce import _core, _frames

AS_OF = dt.date(2021, 9, 30)


@pytest.fixture(scope="module")
def whole() -> okoce.Programme:
    return okoce.synth.jakarta(seed=5, scale=0.05, until=dt.date(2022, 10, 31))


@pytest.fixture(scope="module", params=["kota", "kecamatan"])
def parts(request: Any, whole: okoce.Programme) -> list[okoce.Programme]:
    split = _core._split(whole, request.param)
    # DKI Jakarta: 6 kota/kabupaten and 44 kecamatan.
    assert len(split) == {"kota": 6, "kecamatan": 44}[request.param]
    assert sum(p.participant_count for _, p in split) == whole.participant_count
    return [p for _, p in split]


def as_frame(cols: Any, owner: Any) -> pd.DataFrame:
    """One flat DataFrame of a result's columns: matrices spread over numbered columns, nested
    dicts prefixed, scalars as one-row columns of their own."""
    out: dict[str, Any] = {}

    def add(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                add(f"{prefix}{k}.", v)
            return
        name = prefix.rstrip(".")
        if isinstance(value, np.ndarray) and value.ndim == 2:
            for k in range(value.shape[1]):
                out[f"{name}[{k}]"] = pd.Series(value[:, k])
        elif isinstance(value, (tuple, list, np.ndarray)):
            out[name] = pd.Series(_frames.column(value, owner))
        else:
            out[name] = pd.Series([value])

    if isinstance(cols, list):  # curves: one block per group, stacked
        return pd.concat([as_frame(c, owner) for c in cols], ignore_index=True) if cols else \
            pd.DataFrame()
    add("", cols)
    return pd.DataFrame(out)


def merged_ways(partials: list[Any]) -> list[Any]:
    """Merged over every part: in order, in reverse, and shuffled after pickling each."""
    shuffled = [pickle.loads(pickle.dumps(p)) for p in partials]
    random.Random(3).shuffle(shuffled)
    return [okoce.merge(*partials), okoce.merge(*reversed(partials)), okoce.merge(*shuffled)]


def check(whole: okoce.Programme, parts: list[okoce.Programme], full: Any,
          partial: Callable[[okoce.Programme], Any], finish: Callable[[Any], Any]) -> None:
    want = as_frame(full, whole)
    assert len(want) > 0
    for merged in merged_ways([partial(p) for p in parts]):
        got = as_frame(finish(merged), None)
        pdt.assert_frame_equal(got, want, check_exact=True, check_categorical=False)


def test_funnel(whole: okoce.Programme, parts: list[okoce.Programme]) -> None:
    for by in ("none", "kecamatan", "sector", "mentor_kind"):
        check(whole, parts, _core._funnel_finish(_core._funnel_partial(whole, AS_OF, "sequential", by), 5),
              lambda p: _core._funnel_partial(p, AS_OF, "sequential", by),
              lambda m: _core._funnel_finish(m, 5))


def test_cohorts(whole: okoce.Programme, parts: list[okoce.Programme]) -> None:
    check(whole, parts, _core._cohorts_finish(_core._cohorts_partial(whole, AS_OF, "licensed", "a_la_carte", 8), 3),
          lambda p: _core._cohorts_partial(p, AS_OF, "licensed", "a_la_carte", 8),
          lambda m: _core._cohorts_finish(m, 3))


def test_monitoring(whole: okoce.Programme, parts: list[okoce.Programme]) -> None:
    check(whole, parts, _core._compliance_summary_finish(
              _core._compliance_summary_partial(whole, AS_OF, "kota", 30), 0),
          lambda p: _core._compliance_summary_partial(p, AS_OF, "kota", 30),
          lambda m: _core._compliance_summary_finish(m, 0))
    for by in ("mentor", "kecamatan"):
        check(whole, parts, _core._overdue_finish(_core._overdue_partial(whole, AS_OF, by, 30)),
              lambda p: _core._overdue_partial(p, AS_OF, by, 30), _core._overdue_finish)
    check(whole, parts, _core._exited_missing_finish(_core._exited_missing_partial(whole, AS_OF, 30)),
          lambda p: _core._exited_missing_partial(p, AS_OF, 30), _core._exited_missing_finish)


def test_target_progress(whole: okoce.Programme, parts: list[okoce.Programme]) -> None:
    check(whole, parts, _core._target_progress_finish(_core._target_progress_partial(whole, AS_OF, "a_la_carte")),
          lambda p: _core._target_progress_partial(p, AS_OF, "a_la_carte"),
          _core._target_progress_finish)


def test_phases(whole: okoce.Programme, parts: list[okoce.Programme]) -> None:
    check(whole, parts, _core._phase_mix_finish(_core._phase_mix_partial(whole, AS_OF, "kecamatan"), 3),
          lambda p: _core._phase_mix_partial(p, AS_OF, "kecamatan"),
          lambda m: _core._phase_mix_finish(m, 3))
    full = _core._phase_history(whole, "2019Q1", "2021Q2")
    del full["phase"]  # per participant, not a sum: a finished partial has no matrix
    check(whole, parts, full, lambda p: _core._phase_history_partial(p, "2019Q1", "2021Q2"),
          lambda m: {k: v for k, v in _core._phase_history_finish(m).items() if k != "phase"})


def test_time_to(whole: okoce.Programme, parts: list[okoce.Programme]) -> None:
    def finish(m: Any) -> Any:
        return _core._time_to_finish(m, 0.05, 0, [6, 12, 24], 24)

    for by in ("none", "kota"):
        def partial(p: okoce.Programme) -> Any:
            return _core._time_to_partial(p, AS_OF, "licensed", "a_la_carte", by)

        check(whole, parts, finish(partial(whole)), partial, finish)


def test_outcomes(whole: okoce.Programme, parts: list[okoce.Programme]) -> None:
    start = dt.date(2020, 12, 31)
    for regime, by, turnover, exposure in (("later", "kota", "four_quarters", []),
                                           ("uu20_2008", "none", "annualise", ["P3"])):
        def nk(p: okoce.Programme) -> Any:
            return _core._naik_kelas_partial(p, start, AS_OF, regime, by, turnover, exposure)

        check(whole, parts, _core._naik_kelas_finish(nk(whole)), nk, _core._naik_kelas_finish)
    for name in ("jobs", "sales_growth", "business_starts", "new_entrepreneurs"):
        for by, exposure in (("kecamatan", []), ("none", ["P2", "P3"])):
            make = getattr(_core, f"_{name}_partial")
            finish = getattr(_core, f"_{name}_finish")

            def partial(p: okoce.Programme) -> Any:
                return make(p, AS_OF, by, exposure)

            check(whole, parts, finish(partial(whole)), partial, finish)


def test_outcome_partials_refuse_other_rules(whole: okoce.Programme) -> None:
    a = _core._naik_kelas_partial(whole, dt.date(2020, 12, 31), AS_OF, "later", "kota",
                                  "four_quarters", [])
    b = _core._naik_kelas_partial(whole, dt.date(2020, 12, 31), AS_OF, "pp7_2021", "kota",
                                  "four_quarters", [])
    with pytest.raises(okoce.Error, match="regime"):
        a.merge(b)
    c = _core._jobs_partial(whole, AS_OF, "kota", ["P3"])
    with pytest.raises(okoce.Error, match="exposure"):
        c.merge(_core._jobs_partial(whole, AS_OF, "kota", []))
    with pytest.raises(ValueError, match="regime"):
        _core._naik_kelas_partial(whole, AS_OF, AS_OF, "uu_20_2008", "none", "four_quarters", [])
    with pytest.raises(ValueError, match="exposure"):
        _core._jobs_partial(whole, AS_OF, "none", ["P9"])


def test_merge_checks_options(whole: okoce.Programme) -> None:
    a = _core._funnel_partial(whole, AS_OF, "sequential", "none")
    b = _core._funnel_partial(whole, AS_OF, "a_la_carte", "none")
    with pytest.raises(okoce.Error, match="policy"):
        okoce.merge(a, b)
    with pytest.raises(ValueError):
        okoce.merge()
    # merge() leaves its arguments alone: a's counts are still those of one programme.
    twice = _core._funnel_finish(okoce.merge(a, a), 0)["reached"]
    once = _core._funnel_finish(a, 0)["reached"]
    assert (twice == 2 * once).all()


def test_partial_from_bytes(whole: okoce.Programme) -> None:
    """Bytes come back as the partial they name; crafted bytes and never-made instances are
    okoce errors, not crashes or wrong figures."""
    a = _core._phase_mix_partial(whole, AS_OF, "kota")
    back = okoce.partial_from_bytes(a.to_bytes())
    assert type(back).__name__ == "PhaseMixPartial"
    assert _core._phase_mix_finish(back)["count"].tolist() == \
        _core._phase_mix_finish(a)["count"].tolist()
    # A pickle is a call of okoce.partial_from_bytes, so unpickling checks the bytes too.
    assert pickle.loads(pickle.dumps(a)).to_bytes() == a.to_bytes()
    f = _core._funnel_partial(whole, AS_OF, "sequential", "none").to_bytes()
    # The policy is the word after the tag ("FunnelPartial", 8 + 13 bytes), the version and
    # as_of: byte 8 + 13 + 8 + 8 (the format in okoce/describe.hpp).
    at = 8 + 13 + 8 + 8
    crafted = f[:at] + bytes([7]) + f[at + 1:]
    with pytest.raises(okoce.Error, match="'policy': 7 is not a step policy"):
        okoce.partial_from_bytes(crafted)
    with pytest.raises(okoce.Error, match="no partial result"):
        okoce.partial_from_bytes(b"\x00" * 40)
    with pytest.raises(TypeError):
        okoce.partial_from_bytes("text")  # type: ignore[arg-type]
    never = _core.FunnelPartial.__new__(_core.FunnelPartial)
    for use in (never.copy, lambda: okoce.merge(never), lambda: _core._funnel_finish(never, 0),
                lambda: pickle.dumps(never)):
        with pytest.raises(okoce.Error, match="never made"):
            use()


def _u64(v: int) -> bytes:
    return (v % 2**64).to_bytes(8, "little")


def _text(s: bytes) -> bytes:
    return _u64(len(s)) + s


def _funnel_bytes(policy: int = 0, by: int = 2, groups: tuple[bytes, ...] = (b"31.71",),
                  registered: tuple[int, ...] = (5,)) -> bytes:
    """A FunnelPartial written by hand from the documented format (okoce/describe.hpp): the tag
    and version 2, as_of (Julian day 2459488, 2021-09-30), policy, grouping, the groups, their
    registered counts, and one row of seven reached counts per group."""
    out = _text(b"FunnelPartial") + _u64(2) + _u64(2459488) + _u64(policy) + _u64(by)
    out += _u64(len(groups)) + b"".join(_text(g) for g in groups)
    out += _u64(len(registered)) + b"".join(_u64(r) for r in registered)
    out += _u64(len(groups)) + b"".join(
        _u64(registered[g] if g < len(registered) else 0) + _u64(0) * 6 for g in range(len(groups)))
    return out


@pytest.mark.parametrize(("crafted", "why"), [
    (_funnel_bytes(policy=7), "'policy': 7 is not a step policy"),
    (_funnel_bytes(by=200), "'grouping': 200 is not"),
    (_funnel_bytes(groups=(b"31.74", b"31.71"), registered=(1, 1)), "not sorted, or repeated"),
    (_funnel_bytes(groups=(b"31.71", b"31.71"), registered=(1, 1)), "not sorted, or repeated"),
    (_funnel_bytes(registered=(-3,)), "a negative count -3"),
    (_funnel_bytes(registered=(2**63 - 1,)), "above 2\\^40"),
    (_funnel_bytes(groups=(b"31.7\xff",)), "not UTF-8"),
    (_funnel_bytes()[:8 + 13 + 8] + _u64(99_999_999) + _funnel_bytes()[8 + 13 + 16:],
     "a day number outside"),
], ids=["policy 7", "GroupBy 200", "unsorted groups", "duplicate groups", "negative count",
        "INT64_MAX count", "non-UTF-8 label", "day out of range"])
def test_crafted_partial_bytes_are_okoce_errors(crafted: bytes, why: str) -> None:
    """The probe's crafted partials: each an okoce.Error from partial_from_bytes (they were
    IndexError, UnicodeDecodeError or accepted), never a wrong figure."""
    good = okoce.partial_from_bytes(_funnel_bytes())
    assert good.to_bytes() == _funnel_bytes()
    with pytest.raises(okoce.Error, match=why):
        okoce.partial_from_bytes(crafted)


def test_counts_near_int64_max_do_not_merge() -> None:
    big = okoce.partial_from_bytes(_funnel_bytes(registered=(2**40 - 1,)))
    with pytest.raises(okoce.Error, match="would overflow"):
        okoce.merge(big, okoce.partial_from_bytes(_funnel_bytes(registered=(2,))))
    # Just below the bound, the sum is exact: (2^40 - 1) + 0 registered, the first step reached.
    merged = okoce.merge(big, okoce.partial_from_bytes(_funnel_bytes(registered=(0,))))
    assert _core._funnel_finish(merged, 0)["reached"][0, 0] == 2**40 - 1
