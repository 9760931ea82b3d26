"""Programme analytics as pandas DataFrames.

Each function calls one C++ analysis of ``okoce._core`` (which runs without the GIL) and shapes
its columns into DataFrames. Dates (``as_of``) may be a ``datetime.date``, a
``pandas.Timestamp`` or ``numpy.datetime64`` at midnight, or ``"YYYY-MM-DD"``; a time of day
other than midnight is a TypeError. Quarters may be an ``okoce.Quarter``, ``"2022Q3"`` or a
``pandas.Period`` with freq "Q". Options given as text are checked: an unknown policy,
grouping, milestone or weighting raises ValueError; every error names the argument. Group
labels are strings: dotted region codes ("31.74.01"), sector and phase codes, quarters
("2019Q3"), community ids, or "all"; analyses with ``by=`` add a ``name`` column beside the
group (the region's or community's name, the sector's label).
"""

from __future__ import annotations

import concurrent.futures as _futures
import datetime as _dt
import enum as _enum
import functools as _functools
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from . import _args, _core, _frames
from .partitioned import reduce_partitions as _reduce_partitions

# The codes in the library's order, from the bound enums (each enum's one table in C++).
_STEPS = [s.value for s in _core.Step]
_PHASES = [p.value for p in _core.Phase]


def _text(value: Any, name: str) -> str:
    """An option given as text or as an okoce enum member (whose value is its text)."""
    if isinstance(value, _enum.Enum):
        value = value.value
    if not isinstance(value, str):
        raise TypeError(f"argument '{name}': expected text (str) or an okoce enum member; "
                        f"got {type(value).__name__} {value!r}")
    return value


def _counting(counting: Any) -> list[str] | None:
    """The licence rule of ``counting=``: None (IUMK, SKU or NIB) or the kinds that count,
    e.g. ["IUMK", "SKU"] (OK OCE's 2018 P4 indicator) or "IUMK,SKU"."""
    if counting is None:
        return None
    if isinstance(counting, str):
        return [k.strip() for k in counting.split(",") if k.strip()]
    return [_text(k, "counting") for k in counting]


def _by(by: Any) -> str:
    return "none" if by is None else _text(by, "by")


def _date(value: Any, name: str) -> _dt.date:
    """A date argument in any accepted form (see the module docstring), or an error naming it."""
    return _args.date(value, name)


def _quarter(value: Any, name: str) -> _core.Quarter:
    """A quarter argument: okoce.Quarter, "2022Q3" or pandas.Period(freq="Q")."""
    return _args.quarter(value, name)


def _count(value: Any, name: str) -> int:
    """A whole-number option such as ``suppress_below``, or a TypeError naming it."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"argument '{name}': expected a whole number (int); "
                        f"got {type(value).__name__} {value!r}")
    return int(value)


def _group_names(groups: list[str], programme: _core.Programme, by: Any) -> list[str]:
    """The name of each group label: the region's name for a region grouping, the community's
    name, the sector's English label; the label itself otherwise."""
    level = _by(by)
    if level in ("province", "kota", "kecamatan", "kelurahan"):
        table = programme.region_table
        return [table.name(g) if g in table else g for g in groups]
    if level == "community":
        communities = programme.communities()
        known = dict(zip(communities["id"].astype(str), communities["name"]))
        return [known.get(g) or g for g in groups]
    if level == "sector":
        labels = {s.value: s.label_en for s in _core.Sector}
        return [labels.get(g, g) for g in groups]
    return list(groups)


def _named(frame: pd.DataFrame, programme: _core.Programme, by: Any) -> pd.DataFrame:
    """``frame`` with a ``name`` column right after ``group`` (see _group_names), each distinct
    group named once."""
    groups = frame["group"].astype(str)
    distinct = list(dict.fromkeys(groups))
    names = dict(zip(distinct, _group_names(distinct, programme, by)))
    frame.insert(frame.columns.get_loc("group") + 1, "name", [names[g] for g in groups])
    return frame


def _partial_and_names(make: Callable[[_core.Programme], Any],
                       finish: Callable[[Any], Any] | None, by: Any,
                       programme: _core.Programme) -> tuple[Any, dict[str, str]]:
    """One partition's partial, and the names of the groups it holds (from its region table and
    communities), so that the merged frame is named without loading a partition here."""
    part = make(programme)
    if finish is None or by is None:
        return part, {}
    groups = [str(g) for g in finish(part)["group"]]
    return part, dict(zip(groups, _group_names(groups, programme, by)))


def _over_dataset(dataset: _core.Dataset, client: Any, make: Callable[[_core.Programme], Any],
                  finish: Any = None, by: Any = None) -> tuple[Any, dict[str, str]]:
    """The merged partial of ``make`` over every partition (here or on ``client``) and the group
    names; raises when any partition fails, returning nothing. Partials are merged as they
    arrive, so the caller holds the merge and one partition's partial, not all of them."""
    return _reduce_partitions(dataset, _functools.partial(_partial_and_names, make, finish, by),
                              _merge_into, client)


def _merge_into(a: tuple[Any, dict[str, str]],
                b: tuple[Any, dict[str, str]]) -> tuple[Any, dict[str, str]]:
    """Folds partition b's (partial, group names) into a's, in place: a came from one
    partition's task and is not shared. A tuple holds several analyses' partials of one load."""
    parts, names = a
    names.update(b[1])
    if isinstance(parts, tuple):
        for into, other in zip(parts, b[0]):
            into.merge(other)
    else:
        parts.merge(b[0])
    return parts, names


def _core_call(name: str, *args: Any, **kwargs: Any) -> Any:
    """``okoce._core.<name>(...)``, looked up where it runs: a compiled function does not
    pickle, so a task for a Dask worker names it instead."""
    return getattr(_core, name)(*args, **kwargs)


def _finish_first(name: str, parts: tuple[Any, ...], **kwargs: Any) -> Any:
    """``okoce._core.<name>`` of the first of several partials made together (the group
    labels of a summary made beside lists, see :func:`monitoring`)."""
    return _core_call(name, parts[0], **kwargs)


def _no_client(client: Any) -> None:
    if client is not None:
        raise TypeError("argument 'client': only for an okoce.Dataset (okoce.open(path)); "
                        "a Programme is already in this process")


def _named_by(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    groups = frame["group"].astype(str)
    frame.insert(frame.columns.get_loc("group") + 1, "name", [names.get(g, g) for g in groups])
    return frame


def _summed(programme: _core.Programme | _core.Dataset, client: Any, analysis: str,
            finish: Mapping[str, Any], names_by: Any = None,
            **options: Any) -> tuple[Any, Callable[[pd.DataFrame], pd.DataFrame]]:
    """The finished columns of a summing analysis: ``_core._<analysis>_partial(part,
    **options)`` of the Programme, or of every partition of a Dataset merged (here or on
    ``client``), then ``_core._<analysis>_finish(partial, **finish)``. One path for both, so a
    Programme's figures are a Dataset's by construction. Also returns what adds the ``name``
    column to a frame with a ``group`` column (see :func:`_named`)."""
    make = _functools.partial(_core_call, f"_{analysis}_partial", **options)
    finish_name = f"_{analysis}_finish"
    if isinstance(programme, _core.Dataset):
        groups = (None if names_by is None
                  else _functools.partial(_core_call, finish_name, **{**finish, **_UNSUPPRESSED}))
        part, names = _over_dataset(programme, client, make, groups, names_by)
        return _core_call(finish_name, part, **finish), lambda f: _named_by(f, names)
    _no_client(client)
    assert isinstance(programme, _core.Programme)
    owner = programme
    return (_core_call(finish_name, make(programme), **finish),
            lambda f: _named(f, owner, names_by))


# Group labels are read from a finished partial with nothing suppressed.
_UNSUPPRESSED = {"suppress_below": 0}


def regions(programme: _core.Programme) -> pd.DataFrame:
    """The programme's region table, one row per region of every level.

    Columns: ``code`` (dotted Kemendagri code, str), ``name``, ``level`` (ordered categorical:
    province, kota, kecamatan, kelurahan) and ``parent`` (the code one level up; None for a
    province). Names join in one line, e.g.
    ``people.merge(okoce.regions(p)[["code", "name"]], left_on="kecamatan", right_on="code")``.
    """
    return programme.regions()


def _phase_categorical(values: Any) -> pd.Categorical:
    return pd.Categorical(values, categories=_PHASES, ordered=True)


def phases(programme: _core.Programme, as_of: _dt.date,
           rules: _core.PhaseRules | None = None) -> pd.DataFrame:
    """Every participant's phase as of a date, one row per participant registered by then.

    Columns: ``id``; ``phase`` (starting / mid_stage / stalled); ``rule`` (the rule that
    decided it); ``age_months`` (whole months since the business started, -1 when unknown);
    ``growth`` (year-on-year revenue growth, 0.1 = 10%, NaN when not computed); ``licensed``
    (P4 by licence on the date); ``next_step`` ("P1".."P7", None when the pathway is done);
    ``pathway`` (the recommended steps, comma-separated); ``active`` (not exited on the date).
    Text columns are pandas Categoricals (phase and next_step ordered).
    """
    cols = _core._phases(programme, _date(as_of, "as_of"), rules or _core.PhaseRules())
    return _frames.frame(cols, programme)


@dataclass(frozen=True)
class PhaseHistory:
    """Phases at the end of each quarter.

    ``phases``: long form, one row per participant present at a quarter's end (quarter, id,
    phase). ``transitions``: one row per consecutive pair of quarters and (from, to) pair of
    phases, with "(absent)" as from for entries and as to for exits; column ``count`` (-1 where
    suppressed, see :func:`phase_history`). From an okoce.Dataset, ``phases`` is empty (see
    :func:`phase_history`) and ``transitions`` is the whole programme's.
    """

    phases: pd.DataFrame
    transitions: pd.DataFrame


def phase_history(programme: _core.Programme | _core.Dataset,
                  start: _core.Quarter | str | pd.Period,
                  end: _core.Quarter | str | pd.Period,
                  rules: _core.PhaseRules | None = None,
                  suppress_below: int = 0, client: Any = None) -> PhaseHistory:
    """The phase mix from quarter to quarter, from ``start`` to ``end`` inclusive.

    ``start`` and ``end``: an okoce.Quarter, "2022Q3" or pandas.Period(freq="Q").

    A participant is present at a quarter's end when registered by its last day and not
    exited by then; the verdict uses that last day as the as-of date. ``suppress_below``: each
    transition, entry and exit count from 1 to ``suppress_below`` - 1 shows as -1 (0, the
    default, is off; zeros are never suppressed); the per-participant ``phases`` are not
    counts and are never suppressed. Raises ArgumentError (a ValueError) when ``end`` is
    before ``start``, and ValueError for a negative ``suppress_below``.

    ``programme`` may be an okoce.Dataset, run over its partitions as in :func:`funnel`:
    ``transitions`` is then exactly the unpartitioned one, while ``phases``, one row per
    participant and quarter rather than a sum, is empty (its columns and dtypes kept); for it,
    run this function per partition with ``okoce.partitioned.map_partitions``.
    """
    if isinstance(programme, _core.Dataset):
        extra = {} if rules is None else {"rules": rules}
        make = _functools.partial(_core_call, "_phase_history_partial",
                                  start=_quarter(start, "start"), end=_quarter(end, "end"),
                                  **extra)
        part, _ = _over_dataset(programme, client, make)
        cols = _core._phase_history_finish(part, _count(suppress_below, "suppress_below"))
    else:
        _no_client(client)
        cols = _core._phase_history(programme, _quarter(start, "start"), _quarter(end, "end"),
                                    rules or _core.PhaseRules(),
                                    _count(suppress_below, "suppress_below"))
    quarters = list(cols["quarter"])
    matrix = np.asarray(cols["phase"])
    # Long form from codes: a quarter ordinal, a participant row and a phase code per entry, so
    # that a quarter million participants over several quarters make no Python object each.
    k_idx, p_idx = np.nonzero(matrix != 255)
    ordinals = pd.PeriodIndex(quarters, freq="Q").asi8
    long = pd.DataFrame({
        "quarter": pd.arrays.PeriodArray(ordinals[k_idx], freq="Q"),
        # A Dataset's finished history has no participant columns, so no ids to look up.
        "id": (np.array([], dtype=object) if isinstance(programme, _core.Dataset)
               else _frames.column(("categorical", p_idx, "participants", False), programme)),
        "phase": pd.Categorical.from_codes(matrix[k_idx, p_idx], categories=_PHASES,
                                           ordered=True),
    })
    rows = []
    absent = "(absent)"
    for k in range(len(quarters) - 1):
        t = np.asarray(cols["transitions"])[k]
        entries = np.asarray(cols["entries"])[k]
        exits = np.asarray(cols["exits"])[k]
        for a, pa in enumerate(_PHASES):
            rows.append((quarters[k], quarters[k + 1], absent, pa, int(entries[a])))
            for b, pb in enumerate(_PHASES):
                rows.append((quarters[k], quarters[k + 1], pa, pb, int(t[a * 3 + b])))
            rows.append((quarters[k], quarters[k + 1], pa, absent, int(exits[a])))
    transitions = pd.DataFrame(rows, columns=["from_quarter", "to_quarter", "from", "to", "count"])
    return PhaseHistory(long, transitions)


def funnel(programme: _core.Programme | _core.Dataset, as_of: _dt.date,
           policy: Any = "sequential", by: Any = None, suppress_below: int = 0,
           client: Any = None) -> pd.DataFrame:
    """How many participants reached each of the seven steps by a date, per group.

    ``policy``: "sequential" (OK OCE: a step counts once every step before it is done) or
    "a_la_carte" (JakPreneur). ``by``: None (one row, "all") or a grouping such as "kota",
    "kecamatan", "sector", "phase", "registration_quarter", "community", "mentor_kind".
    Columns: ``group``, ``name`` (see the module docstring), ``P1``..``P7`` (counts; -1 where
    below ``suppress_below``), and
    ``conv_P2``..``conv_P7`` (share of the previous stage; NaN when undefined or suppressed).

    ``programme`` may be an okoce.Dataset (``okoce.open(path)``): the counts are made per
    partition, one at a time here or on a Dask ``client``, and merged exactly.
    """
    cols, named = _summed(programme, client, "funnel",
                          {"suppress_below": _count(suppress_below, "suppress_below")}, by,
                          as_of=_date(as_of, "as_of"), policy=_text(policy, "policy"), by=_by(by))
    reached = np.asarray(cols["reached"])
    conversion = np.asarray(cols["conversion"])
    data: dict[str, Any] = {"group": list(cols["group"])}
    for k, s in enumerate(_STEPS):
        data[s] = reached[:, k]
    for k, s in enumerate(_STEPS[1:], start=1):
        data[f"conv_{s}"] = conversion[:, k]
    return named(pd.DataFrame(data))


def cohorts(programme: _core.Programme | _core.Dataset, as_of: _dt.date,
            milestone: Any = "licensed", policy: Any = "a_la_carte", max_quarters: int = 12,
            suppress_below: int = 0, client: Any = None, counting: Any = None) -> pd.DataFrame:
    """Registration cohorts followed quarter by quarter.

    One row per registration quarter (index ``cohort``, a quarterly Period); column ``size``;
    columns ``reached_0``..``reached_N`` (members who reached the milestone by the end of
    quarter cohort + k; -2 when that quarter has not ended by ``as_of``, -1 when suppressed)
    and ``share_0``..``share_N`` (reached / size, NaN when not yet observed or suppressed).
    ``milestone``: "licensed" or a step "P1".."P7" (reached under ``policy``).

    ``suppress_below`` (0, the default, is off): a cohort smaller than it shows ``size`` -1
    and every observed cell -1, zeros included; in larger cohorts each observed count from 1
    to ``suppress_below`` - 1 shows as -1. A negative value raises ValueError.

    ``counting``: the licence rule of "licensed", None for IUMK, SKU or NIB, or the kinds that
    count (["IUMK", "SKU"] or "IUMK,SKU": OK OCE's 2018 rule); ``frame.attrs["milestone"]``
    names it ("licensed (IUMK+SKU)").

    ``programme`` may be an okoce.Dataset, run over its partitions as in :func:`funnel`.
    """
    cols, _ = _summed(programme, client, "cohorts",
                      {"suppress_below": _count(suppress_below, "suppress_below")},
                      as_of=_date(as_of, "as_of"), milestone=_text(milestone, "milestone"),
                      policy=_text(policy, "policy"),
                      max_quarters=_count(max_quarters, "max_quarters"),
                      counting=_counting(counting))
    reached = np.asarray(cols["reached"])
    share = np.asarray(cols["share"])
    data: dict[str, Any] = {"size": np.asarray(cols["size"])}
    for k in range(reached.shape[1]):
        data[f"reached_{k}"] = reached[:, k]
    for k in range(share.shape[1]):
        data[f"share_{k}"] = share[:, k]
    index = pd.PeriodIndex(list(cols["cohort"]), freq="Q", name="cohort")
    frame = pd.DataFrame(data, index=index)
    frame.attrs["milestone"] = cols["milestone"]
    return frame


@dataclass(frozen=True)
class TimeTo:
    """Kaplan-Meier curves per group, times in days from the start (registration for
    ``time_to``).

    ``curves``: one row per group and observed time: group, time, at_risk, events, censored,
    survival (S, the share who have not reached the milestone yet), std_err, ci_lower, ci_upper.

    ``medians``: one row per group: n, n_events, median, median_lower, median_upper. The median
    is NaN when fewer than half reach the milestone within the time observed, which for a
    licence is the usual case; the two frames below still have figures then.

    ``reached``: one row per group and horizon: group, ``months`` (the horizon), ``days`` (the
    same horizon in days: a month is 365.25 / 12 = 30.4375 days, so 6, 12, 24 months are
    182.625, 365.25, 730.5 days), ``share`` (1 - S at that day: the estimated share who reached
    the milestone by then, counting those censored earlier as Kaplan-Meier does), std_err, and
    ci_lower / ci_upper (the curve's log(-log) interval of S turned around). NaN when the
    horizon lies after the group's last observed time and S is not yet 0 (nobody was followed
    that long).

    ``restricted_mean``: one row per group: ``horizon_months``, ``horizon_days``, ``mean_days``
    (the area under S up to the horizon: the mean number of days, of the first horizon_days,
    spent before reaching the milestone, counting horizon_days for who never does) and
    ``std_err`` (days; Klein & Moeschberger's Kaplan-Meier formula). NaN when the horizon lies
    after the last observed time and S is not yet 0.

    From :func:`time_to`, every frame has a ``name`` column after ``group``.
    """

    curves: pd.DataFrame
    medians: pd.DataFrame
    reached: pd.DataFrame
    restricted_mean: pd.DataFrame


def _curves(raw: dict[str, Any], names: list[str] | None = None) -> TimeTo:
    """The four frames from the binding's flat columns over all groups (see curves_table in
    register_analysis.cpp), each made in one go: group, and ``name`` when given, repeated over
    each group's rows."""
    labels = np.array(raw["group"], dtype=object)
    named = None if names is None else np.array(names, dtype=object)

    def frame(part: str, rows: Any) -> pd.DataFrame:
        lead: dict[str, Any] = {"group": np.repeat(labels, rows)}
        if named is not None:
            lead["name"] = np.repeat(named, rows)
        return pd.DataFrame({**lead, **raw[part]}, copy=False)

    return TimeTo(frame("curves", raw["rows"]), frame("medians", 1),
                  frame("reached", raw["horizons"]), frame("restricted_mean", 1))


def time_to(programme: _core.Programme | _core.Dataset, as_of: _dt.date,
            milestone: Any = "licensed", by: Any = None, policy: Any = "a_la_carte",
            alpha: float = 0.05, suppress_below: int = 0, horizons_months: Any = (6, 12, 24),
            restricted_mean_months: float = 24, client: Any = None,
            counting: Any = None) -> TimeTo:
    """Days from registration to a milestone, as Kaplan-Meier curves per group (see TimeTo).

    Participants who have not reached it are censored at ``as_of`` (or when they exited).
    Estimates, Greenwood standard errors, log(-log) intervals and the median follow
    statsmodels' SurvfuncRight. ``milestone``: "licensed" or "P1".."P7" under ``policy``.

    Next to the median, which is NaN whenever fewer than half reach the milestone, ``reached``
    gives the share who reached it by each of ``horizons_months`` after registration and
    ``restricted_mean`` the mean days before reaching it within the first
    ``restricted_mean_months`` (a month is 30.4375 days). A negative, NaN or infinite horizon,
    or a restricted-mean horizon of 0, raises ValueError.

    ``suppress_below`` (0, the default, is off): a group with fewer participants is withheld:
    it has no rows in ``curves``, its ``medians`` row shows n and n_events -1 and NaN medians,
    and its ``reached`` and ``restricted_mean`` rows keep their horizons with NaN figures. In
    the groups shown, each at_risk, events and censored count, and n_events, from 1 to
    ``suppress_below`` - 1 shows as -1; survival, std_err, the intervals, the medians, the
    shares and the restricted means are estimates and are kept. A negative value raises
    ValueError.

    ``programme`` may be an okoce.Dataset, run over its partitions as in :func:`funnel`: the
    partitions' events and censorings per day are merged, so every frame is exactly the
    unpartitioned one.
    """
    horizons = [float(h) for h in horizons_months]
    day, what, rule, grouping = (_date(as_of, "as_of"), _text(milestone, "milestone"),
                                 _text(policy, "policy"), _by(by))
    if isinstance(programme, _core.Dataset):
        make = _functools.partial(_core_call, "_time_to_partial", as_of=day, milestone=what,
                                  policy=rule, by=grouping, counting=_counting(counting))
        part, known = _over_dataset(programme, client, make, _time_to_groups, by)
    else:
        _no_client(client)
        part = _core._time_to_partial(programme, day, what, rule, grouping, _counting(counting))
    raw = _core._time_to_finish(part, float(alpha), _count(suppress_below, "suppress_below"),
                                horizons, float(restricted_mean_months))
    groups = [str(g) for g in raw["group"]]
    if isinstance(programme, _core.Dataset):
        return _curves(raw, [known.get(g, g) for g in groups])
    return _curves(raw, _group_names(groups, programme, by))


def _time_to_groups(part: _core.TimeToPartial) -> dict[str, list[str]]:
    """The group labels of one partition's Kaplan-Meier partial (for naming the groups)."""
    return {"group": [str(g) for g in _core._time_to_finish(part, 0.05, 0, [], 24.0)["group"]]}


def kaplan_meier(time: Any, event: Any, alpha: float = 0.05, horizons_months: Any = (6, 12, 24),
                 restricted_mean_months: float = 24) -> TimeTo:
    """The Kaplan-Meier estimator over durations in days and 0/1 event flags (one group,
    "all"); the horizons read the durations as days (a month is 30.4375 days)."""
    return _curves(_core._kaplan_meier(np.asarray(time, dtype=float),
                                       np.asarray(event, dtype=np.uint8), alpha,
                                       [float(h) for h in horizons_months],
                                       float(restricted_mean_months)))


@dataclass(frozen=True)
class Monitoring:
    """Quarterly-report compliance as of a date, with the grace period it counts by.

    A quarter's report is due ``grace_days`` after the quarter's last day (30 by default) and
    is owed from that day; it is *on time* when known (``reported_on``, or the quarter's last
    day when not recorded) by its due date, *late* when known after it. Every DataFrame below
    carries ``attrs["grace_days"]``.

    ``summary``: per group (``group`` and its ``name``), ``participants`` registered by the date; reports owed
    (``expected``), ``received`` by the date (on time or late), ``received_on_time``,
    ``missing`` (expected - received); ``received_rate`` = received / expected and
    ``on_time_rate`` = received_on_time / expected (NaN when nothing is owed). Exited
    participants count for the quarters they owe.
    ``participants``: per participant registered by the date, ``id``, ``expected``,
    ``received``, ``received_on_time``, ``active`` (not exited on the date), ``last_report``
    (the latest quarter reported by the date, owed or not, as a quarterly ``Period``; NaT when
    none), ``quarters_missing`` and ``missing`` (the owed quarters without a report,
    comma-separated, oldest first; "" when none).
    ``overdue_by_mentor`` / ``overdue_by_kecamatan``: the follow-up lists, participants
    *active* on the date whose latest owed report is missing (``group``, ``id``,
    ``quarters_missing``, ``last_report``), sorted by group, then id; the group is their
    current mentor's id ("(none)" without one) or their kecamatan code.
    ``exited_missing``: participants who had exited by the date with any owed report missing
    (``id``, ``exited_on``, ``quarters_missing``, ``last_report``), sorted by id. They are kept
    off the follow-up lists, never mixed in; ``exited_with_missing`` is their number.
    Ids, groups and ``missing`` are categoricals.

    From an okoce.Dataset, ``participants`` is empty (see :func:`monitoring`); the rest is the
    whole programme's.
    """

    summary: pd.DataFrame
    participants: pd.DataFrame
    overdue_by_mentor: pd.DataFrame
    overdue_by_kecamatan: pd.DataFrame
    exited_missing: pd.DataFrame
    grace_days: int
    exited_with_missing: int


def _monitoring_partials(programme: _core.Programme, as_of: _dt.date, by: str,
                         grace_days: int) -> tuple[Any, Any, Any, Any]:
    """One partition's partials of :func:`monitoring`, made from one load of it: the summary's
    counts, both follow-up lists and the exited list."""
    return (_core._compliance_summary_partial(programme, as_of, by, grace_days),
            _core._overdue_partial(programme, as_of, "mentor", grace_days),
            _core._overdue_partial(programme, as_of, "kecamatan", grace_days),
            _core._exited_missing_partial(programme, as_of, grace_days))


def monitoring(programme: _core.Programme | _core.Dataset, as_of: _dt.date, by: Any = None,
               suppress_below: int = 0, grace_days: int = 30, client: Any = None) -> Monitoring:
    """Reports owed and received as of a date, with the follow-up lists.

    A report is owed for each full quarter after the registration quarter that ended while the
    participant was in the programme, once it is due: ``grace_days`` (0..365, default 30) after
    the quarter's last day, on or before ``as_of``. A participant who exits inside a quarter's
    grace period still owes that quarter. ``by`` groups the summary as in :func:`funnel`. See
    :class:`Monitoring` for the columns.

    ``programme`` may be an okoce.Dataset, run over its partitions as in :func:`funnel`: the
    summary's counts are merged, and the follow-up and exited lists (participants named by id,
    each in one partition) are joined and sorted as the whole lists are, so ``summary``,
    ``overdue_by_mentor``, ``overdue_by_kecamatan``, ``exited_missing`` and
    ``exited_with_missing`` are exactly the unpartitioned ones. ``participants``, one row per
    participant rather than a sum, is then empty (its columns and dtypes kept); for it, run this
    function per partition with ``okoce.partitioned.map_partitions``.
    """
    day = _date(as_of, "as_of")
    if isinstance(grace_days, bool) or not isinstance(grace_days, (int, np.integer)):
        raise TypeError(f"grace_days must be an int, not {type(grace_days).__name__}")
    grace = int(grace_days)
    level, below = _by(by), _count(suppress_below, "suppress_below")
    make = _functools.partial(_monitoring_partials, as_of=day, by=level, grace_days=grace)
    if isinstance(programme, _core.Dataset):
        parts, names = _over_dataset(
            programme, client, make,
            _functools.partial(_finish_first, "_compliance_summary_finish", suppress_below=0),
            by)
    else:
        _no_client(client)
        names = {}
        # The per-participant columns release the GIL, so they run beside the partials.
        with _futures.ThreadPoolExecutor(max_workers=1) as pool:
            per_job = pool.submit(_core._compliance, programme, day, grace)
            parts = make(programme)
            per_cols = per_job.result()
    # Each merged partial is dropped as soon as it is finished: at national scale each
    # follow-up list's partial holds tens of millions of ids (about 1.8 GB), and keeping
    # both while the lists became str was most of the call's peak memory.
    summary_part, mentor_part, kecamatan_part, exited_part = parts
    del parts
    raw = _core._compliance_summary_finish(summary_part, below)
    del summary_part
    grace = int(raw.pop("grace_days"))
    if isinstance(programme, _core.Dataset):
        summary = _named_by(pd.DataFrame(raw), names)
        # The per-participant columns of a programme with nobody in it: the frame's shape.
        nobody = _core.ProgrammeBuilder().build()
        per = _frames.frame(_core._compliance(nobody, day, grace), nobody)
    else:
        summary = _named(pd.DataFrame(raw), programme, by)
        per = _frames.frame(per_cols, programme)
    by_mentor = _core._overdue_finish(mentor_part)
    del mentor_part
    by_kecamatan = _core._overdue_finish(kecamatan_part)
    del kecamatan_part
    gone_cols = _core._exited_missing_finish(exited_part)
    del exited_part
    lists = []
    for cols in (by_mentor, by_kecamatan):
        exited = int(cols.pop("exited_with_missing"))
        lists.append(_frames.frame(cols, None))
    gone = _frames.frame(gone_cols, None)
    for frame in (summary, per, *lists, gone):
        frame.attrs["grace_days"] = grace
    return Monitoring(summary, per, lists[0], lists[1], gone, grace, exited)


def target_progress(programme: _core.Programme | _core.Dataset, as_of: _dt.date,
                    policy: Any = "a_la_carte", client: Any = None,
                    counting: Any = None) -> pd.DataFrame:
    """Every target's progress as of a date, in the programme's target order.

    Columns: id, metric, region, start, end, value, actual, expected (straight-line schedule),
    gap (actual - expected, rounded), run_rate_per_day (last 90 days), projected (at the run
    rate to the end), projected_reach_on (NaT when not in reach). ``start``, ``end`` and
    ``projected_reach_on`` are datetime64 columns.

    ``programme`` may be an okoce.Dataset, run over its partitions as in :func:`funnel`: targets
    are matched by id and their events per day are merged, so the run rate and the day a target
    is reached are the unpartitioned ones exactly. A target is counted from the partitions that
    carry it: ``okoce.save(..., partition_by=)`` gives every partition all the targets, and
    ``okoce.synth.indonesia`` gives each province the targets set inside it. A target carried by
    two partitions with different definitions raises okoce.Error.
    """
    kinds = _counting(counting)
    cols, _ = _summed(programme, client, "target_progress", {}, as_of=_date(as_of, "as_of"),
                      policy=_text(policy, "policy"), counting=kinds)
    frame = pd.DataFrame(cols)
    # The licence rule of the "licensed" targets, as given (the partial holds it as an option).
    frame.attrs["counting"] = "IUMK+SKU+NIB" if kinds is None else "+".join(kinds)
    return frame


def cascade(programme: _core.Programme, target_id: str, weights: Any = "equal",
            as_of: _dt.date | None = None,
            population: Mapping[Any, float] | None = None) -> pd.DataFrame:
    """A target's value split over the children of its region so that the parts add up.

    ``weights``: "equal", "population" (needs ``population`` = {child code: weight}) or
    "registrations" (participants registered in each child by ``as_of``). Largest-remainder
    rounding. Columns: region (dotted code), value.
    """
    day = _date(as_of, "as_of") if as_of is not None else _dt.date.today()
    if not isinstance(target_id, str):
        raise TypeError(f"argument 'target_id': expected a target id (str); "
                        f"got {type(target_id).__name__} {target_id!r}")
    pop = None if population is None else {str(k): float(v) for k, v in population.items()}
    return pd.DataFrame(_core._cascade(programme, target_id, _text(weights, "weights"), day, pop))


@dataclass(frozen=True)
class Assignment:
    """The result of :func:`assign_mentors`.

    ``pairs``: new pairs (participant, mentor, cost, distance, sector_match, phase_match,
    phase). ``unassigned``: participants left without a mentor and why. ``shortfall``: per
    kecamatan, demand, spare_capacity, assigned_locally, unassigned, shortfall,
    additional_mentors. ``caseloads``: per mentor, capacity, existing, spare, assigned, active (the mentor's term
    includes ``as_of``; an inactive mentor takes no new pairs).
    ``total_cost``: the sum of the pairs' costs. ``demand``: the rule that decided who needed a
    mentor ("next_step", "until_pathway_done" or "all_active"), ``demand_description`` the same
    in words for a figure's label, ``demand_count`` how many needed one under it (pairs plus
    unassigned) and ``active_without_pair`` how many active participants had no current pair
    at all.
    """

    pairs: pd.DataFrame
    unassigned: pd.DataFrame
    shortfall: pd.DataFrame
    caseloads: pd.DataFrame
    total_cost: int
    demand: str = "next_step"
    demand_description: str = ""
    demand_count: int = 0
    active_without_pair: int = 0


def assign_mentors(programme: _core.Programme, as_of: _dt.date,
                   costs: _core.AssignmentCosts | Mapping[str, int] | None = None,
                   rules: _core.PhaseRules | None = None,
                   new_mentor_capacity: int = 25, demand: Any = "next_step") -> Assignment:
    """Pairs each participant who needs a mentor with an active mentor with a free place.

    Who needs a mentor is the ``demand`` rule; each starts from the participants active on
    ``as_of`` with no current pair:

    - ``"next_step"`` (default): whose next step on their phase pathway (the ``next_step`` of
      :func:`phases`; registration counts as P1) is P3 Pendampingan (mentoring);
    - ``"until_pathway_done"``: whose next step is P3 or a later one, from the point P3 is next
      until the pathway is done;
    - ``"all_active"``: all of them (the old rule, for comparison).

    First as many as capacity allows, then the least total cost (see AssignmentCosts; a dict of
    its fields also works). Current pairs are kept. ``new_mentor_capacity`` sizes the
    additional mentors suggested per kecamatan; the shortfall's ``demand`` follows the rule.
    """
    if costs is None:
        c = _core.AssignmentCosts()
    elif isinstance(costs, _core.AssignmentCosts):
        c = costs
    elif isinstance(costs, Mapping):
        fields = ["same_kecamatan", "same_kota", "same_province", "sector_mismatch",
                  "phase_mismatch", "community_mentor"]
        unknown = sorted(str(k) for k in costs if k not in fields)
        if unknown:
            raise TypeError(f"argument 'costs': unknown cost key {unknown[0]!r}; expected "
                             f"some of {', '.join(fields)} (see okoce.AssignmentCosts)")
        for k, v in costs.items():
            if isinstance(v, bool) or not hasattr(v, "__index__"):
                raise TypeError(f"argument 'costs': {k} expects a whole number (int); "
                                f"got {type(v).__name__} {v!r}")
        c = _core.AssignmentCosts(**{k: int(v) for k, v in costs.items()})
    else:
        raise TypeError(f"argument 'costs': expected an okoce.AssignmentCosts or a dict of its "
                        f"fields; got {type(costs).__name__}")
    raw = _core._assign_mentors(programme, _date(as_of, "as_of"), c,
                                rules or _core.PhaseRules(),
                                _count(new_mentor_capacity, "new_mentor_capacity"),
                                _text(demand, "demand"))
    return Assignment(pd.DataFrame(raw["pairs"]), pd.DataFrame(raw["unassigned"]),
                      pd.DataFrame(raw["shortfall"]), pd.DataFrame(raw["caseloads"]),
                      int(raw["total_cost"]), str(raw["demand"]),
                      str(raw["demand_description"]), int(raw["demand_count"]),
                      int(raw["active_without_pair"]))


def phase_mix(programme: _core.Programme | _core.Dataset, as_of: _dt.date, by: Any = None,
              rules: _core.PhaseRules | None = None, suppress_below: int = 0,
              client: Any = None) -> pd.DataFrame:
    """Participants active on a date by phase, per group (the report's phase mix).

    Active: registered on or before ``as_of`` and not exited on or before it. ``by`` as for
    :func:`funnel`; groups nobody falls in are left out (except "all"). Columns: ``group``,
    ``name``, ``starting``, ``mid_stage``, ``stalled``, ``total`` and ``insufficient_data`` (of
    the mid-stage, those whose verdict is "insufficient monitoring data": old enough to be
    stalled, but the reports cannot show growth either way); each -1 where below
    ``suppress_below``. ``programme`` may be an okoce.Dataset, run over its partitions as in
    :func:`funnel`.
    """
    # PhaseRules do not pickle: the default is made where the task runs.
    extra = {} if rules is None else {"rules": rules}
    cols, named = _summed(programme, client, "phase_mix",
                          {"suppress_below": _count(suppress_below, "suppress_below")}, by,
                          as_of=_date(as_of, "as_of"), by=_by(by), **extra)
    count = np.asarray(cols["count"])
    data: dict[str, Any] = {"group": list(cols["group"])}
    for k, name in enumerate(_PHASES):
        data[name] = count[:, k]
    data["total"] = np.asarray(cols["total"])
    data["insufficient_data"] = np.asarray(cols["insufficient_data"])
    return named(pd.DataFrame(data))


def reached_dates(programme: _core.Programme, as_of: _dt.date, milestone: Any = "licensed",
                  policy: Any = "a_la_carte", counting: Any = None) -> pd.DataFrame:
    """The day each participant first reached a milestone by ``as_of``; one row per participant.

    ``milestone="licensed"`` is "first licensed on": the earliest issue date of an IUMK, SKU or
    NIB licence that was in force on some day from registration on, and never before the
    registration date (a licence held before joining counts from the day of joining); an
    expired licence still marks when the participant was first licensed. A step "P1".."P7"
    uses the step ``policy`` ("a_la_carte" or "sequential") with registration counting as P1,
    so "P1" gives the registration curve. Columns: ``id``, ``reached_on`` (datetime64, NaT when
    not reached by ``as_of``). ``frame.attrs["milestone"]`` names the milestone.
    """
    cols = _core._reached_dates(programme, _date(as_of, "as_of"), _text(milestone, "milestone"),
                                _text(policy, "policy"), _counting(counting))
    name = str(cols.pop("milestone"))
    out = _frames.frame(cols, programme)
    out.attrs["milestone"] = name
    return out


# ---- outcome measures (okoce/outcomes.hpp) -------------------------------------------------

_SIZES = ["micro", "small", "medium", "large", "unknown"]


def _exposure(exposure: Any) -> list[str]:
    """The steps of an exposure split: None (no split), a step ("P3") or several."""
    if exposure is None:
        return []
    items = [exposure] if isinstance(exposure, (str, _enum.Enum)) else list(exposure)
    return [_text(s, "exposure") for s in items]


def _outcome_frame(cols: Mapping[str, Any], columns: list[str],
                   named: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """The per-group columns of an outcome measure as a frame (every outcome takes
    ``suppress_below``, 0 = off: a group of fewer participants shows each count as -1 and each
    rate as NaN). A split by exposure gives each
    group two rows: ``group`` then holds the group and ``exposed`` whether those participants
    had reached the exposure steps; the rules go into ``attrs``."""
    labels = [str(g) for g in cols["group"]]
    data: dict[str, Any] = {"group": [g.split("\t")[0] for g in labels]}
    if cols["exposure"]:
        data["exposed"] = np.array([g.split("\t")[1].startswith("reached") for g in labels],
                                   dtype=bool)
    for c in columns:
        data[c] = np.asarray(cols[c])
    frame = named(pd.DataFrame(data))
    frame.attrs["exposure"] = cols["exposure"]
    frame.attrs["comparison"] = cols["comparison"]
    return frame


@dataclass(frozen=True)
class NaikKelas:
    """The result of :func:`naik_kelas`.

    ``summary``: per group (and exposure, when split), participants, up, down, same and
    unclassified (no class at either date). ``matrix``: per group, one row per pair of classes:
    ``from``, ``to`` (micro, small, medium, large, unknown) and ``count``. ``participants``:
    ``id``, ``from`` and ``to`` per participant, by id. ``regime``, the laws applied at each date
    (``law_start``, ``law_end``: "UU 20/2008" or "PP 7/2021") and the ``turnover`` rule say what
    was counted; ``mixes_laws`` is True when the two dates were classified under different laws
    (regime "each_date" across 2021-02-02), where a change of thresholds counts as movement.
    """
    summary: pd.DataFrame
    matrix: pd.DataFrame
    participants: pd.DataFrame
    regime: str
    law_start: str
    law_end: str
    turnover: str
    mixes_laws: bool


def naik_kelas(programme: Any, start: Any, end: Any = None,
               regime: Any = "later", by: Any = None, turnover: Any = "four_quarters",
               exposure: Any = None, participants: bool = True, suppress_below: int = 0,
               client: Any = None) -> NaikKelas:
    """Naik kelas: who moved up a size class between ``start`` and ``end``.

    Participants registered by ``start``, grouped as of ``end``. A class on a date is by annual
    turnover: the revenue of the four quarters to the latest quarter ended by that date (reports
    count by their quarter, whenever they arrived). ``turnover``: "four_quarters" (fewer than four reports: unknown) or
    "annualise" (one to three: their sum x 4 / n). ``regime`` names the law:
    "later" (default: both dates under the law in force on ``end``, so a change of thresholds
    is not movement), "each_date" (each date under its own law; flagged ``mixes_laws``),
    "uu20_2008" (micro up to Rp300 juta, small Rp2.5 miliar, medium Rp50 miliar) or
    "pp7_2021" (micro up to Rp2 miliar, small Rp15 miliar, medium Rp50 miliar; in force from
    2021-02-02). ``exposure`` (e.g. "P3") splits each group by whether the steps were reached
    by ``end``: a descriptive comparison, not an effect. ``participants=False`` leaves the
    per-participant frame empty (the counts only, faster). ``suppress_below`` hides the counts
    of groups of fewer participants (-1). ``programme`` may be an okoce.Dataset,
    run over its partitions as in :func:`funnel`.

    ``naik_kelas(before, after)`` with two okoce.SizeClass values is the comparison of one
    participant's classes: True when ``after`` is a larger class.
    """
    if isinstance(programme, _core.SizeClass):
        return _core.naik_kelas(programme, start)  # type: ignore[return-value]
    if end is None:
        raise TypeError("naik_kelas: expected (programme, start, end) or (before, after) "
                        "with two okoce.SizeClass values")
    cols, named = _summed(programme, client, "naik_kelas",
                          {"suppress_below": _count(suppress_below, "suppress_below")}, by,
                          start=_date(start, "start"), end=_date(end, "end"),
                          regime=_text(regime, "regime"), by=_by(by),
                          turnover=_text(turnover, "turnover"), exposure=_exposure(exposure),
                          participants=bool(participants))
    summary = _outcome_frame(cols, ["participants", "up", "down", "same", "unclassified"],
                             named)
    matrix = np.asarray(cols["matrix"]).reshape(-1, 5, 5)
    rows = []
    for g, m in zip(summary["group"] + (
            ("\t" + summary["exposed"].astype(str)) if "exposed" in summary else ""), matrix):
        for a in range(5):
            for b in range(5):
                rows.append((g, _SIZES[a], _SIZES[b], int(m[a, b])))
    long = pd.DataFrame(rows, columns=["group", "from", "to", "count"])
    if "exposed" in summary:
        parts = long["group"].str.split("\t", expand=True)
        long["group"] = parts[0]
        long.insert(1, "exposed", parts[1] == "True")
    sizes = pd.CategoricalDtype(_SIZES, ordered=True)
    long["from"] = long["from"].astype(sizes)
    long["to"] = long["to"].astype(sizes)
    people = pd.DataFrame({"id": list(cols["id"]),
                           "from": pd.Categorical.from_codes(np.asarray(cols["from"]), dtype=sizes),
                           "to": pd.Categorical.from_codes(np.asarray(cols["to"]), dtype=sizes)})
    for f in (summary, long, people):
        f.attrs.update(regime=cols["regime"], law_start=cols["law_start"],
                       law_end=cols["law_end"], turnover=cols["turnover"],
                       mixes_laws=bool(cols["mixes_laws"]))
    return NaikKelas(summary, long, people, str(cols["regime"]), str(cols["law_start"]),
                     str(cols["law_end"]), str(cols["turnover"]), bool(cols["mixes_laws"]))


def jobs(programme: _core.Programme | _core.Dataset, as_of: _dt.date, by: Any = None,
         exposure: Any = None, suppress_below: int = 0, client: Any = None) -> pd.DataFrame:
    """Jobs created and lost, per group, as SBDC scorecards report them.

    Over participants registered by ``as_of``: the baseline is the employees of the first
    report of the participant's first two quarters (the registration quarter and the next);
    now is the employees of the latest report for one of the four quarters to the latest
    quarter ended by ``as_of`` (and later than the baseline's).
    Columns: ``group``, ``name``, ``participants``, ``with_data`` (both reports),
    ``baseline_employees``, ``employees_now``, ``jobs_created`` (the sum of the positive
    changes), ``jobs_lost`` (of the negative ones) and ``net``. ``exposure`` as for
    :func:`naik_kelas` (descriptive, not an effect); ``programme`` may be an okoce.Dataset.
    """
    cols, named = _summed(programme, client, "jobs",
                          {"suppress_below": _count(suppress_below, "suppress_below")}, by, as_of=_date(as_of, "as_of"),
                          by=_by(by), exposure=_exposure(exposure))
    return _outcome_frame(cols, ["participants", "with_data", "baseline_employees",
                                 "employees_now", "jobs_created", "jobs_lost", "net"], named)


def sales_growth(programme: _core.Programme | _core.Dataset, as_of: _dt.date, by: Any = None,
                 exposure: Any = None, suppress_below: int = 0, client: Any = None) -> pd.DataFrame:
    """Year-on-year revenue growth of the same quarter, per group.

    The latest quarter ended by ``as_of`` against the same quarter a year before. Columns: ``group``, ``name``, ``participants``, ``with_data`` (both
    reports, revenue above zero a year before), ``growing``, ``falling``, ``flat``,
    ``from_zero`` (both reports, revenue zero a year before: no rate), ``share_growing``,
    ``share_falling`` and ``median_growth`` ((now - before) / before; NaN without data).
    ``frame.attrs["quarter"]`` names the quarter. ``exposure`` as for :func:`naik_kelas`;
    ``programme`` may be an okoce.Dataset (the median merges exactly).
    """
    cols, named = _summed(programme, client, "sales_growth",
                          {"suppress_below": _count(suppress_below, "suppress_below")}, by,
                          as_of=_date(as_of, "as_of"), by=_by(by), exposure=_exposure(exposure))
    frame = _outcome_frame(cols, ["participants", "with_data", "growing", "falling", "flat",
                                  "from_zero", "share_growing", "share_falling",
                                  "median_growth"], named)
    frame.attrs["quarter"] = cols["quarter"]
    return frame


def business_starts(programme: _core.Programme | _core.Dataset, as_of: _dt.date,
                    by: Any = None, exposure: Any = None, suppress_below: int = 0,
                    client: Any = None) -> pd.DataFrame:
    """Participants with no business at registration who started one by ``as_of``.

    No business at registration: ``business_started_on`` empty or after ``registered_on``. A
    start is the earlier of ``business_started_on`` (by ``as_of``) and the first day of the
    first quarter with revenue above zero (a quarter ended by ``as_of``; never before
    registration). Columns: ``group``, ``name``, ``participants``, ``without_business``,
    ``started``, ``by_date`` (a start date was recorded), ``by_revenue_only``,
    ``share_started`` (of ``without_business``) and ``median_days_to_start`` from
    registration. ``exposure`` as for :func:`naik_kelas`; ``programme`` may be an okoce.Dataset.
    """
    cols, named = _summed(programme, client, "business_starts",
                          {"suppress_below": _count(suppress_below, "suppress_below")}, by,
                          as_of=_date(as_of, "as_of"), by=_by(by), exposure=_exposure(exposure))
    return _outcome_frame(cols, ["participants", "without_business", "started", "by_date",
                                 "by_revenue_only", "share_started", "median_days_to_start"],
                          named)


def new_entrepreneurs(programme: _core.Programme | _core.Dataset, as_of: _dt.date,
                      by: Any = None, exposure: Any = None, suppress_below: int = 0,
                    client: Any = None) -> pd.DataFrame:
    """"New entrepreneurs" under four named rules side by side, per group.

    Over participants registered by ``as_of`` (column ``participants``):
    ``licensed_okoce``: first licensed by ``as_of`` with an IUMK or SKU (OK OCE's 2018 P4
    indicator); ``licensed``: with an IUMK, SKU or NIB; ``capital``: reached P7 (access to
    capital, the DPRD's reading of the programme's result); ``verified_in_business``: since
    registration holds a licence (IUMK, SKU or NIB), or has a report for a quarter ended by ``as_of``
    with revenue above zero or at least one employee (the SBA's rule for a business start since
    October 2023). ``exposure`` as for :func:`naik_kelas`; ``programme`` may be an
    okoce.Dataset.
    """
    cols, named = _summed(programme, client, "new_entrepreneurs",
                          {"suppress_below": _count(suppress_below, "suppress_below")}, by,
                          as_of=_date(as_of, "as_of"), by=_by(by), exposure=_exposure(exposure))
    return _outcome_frame(cols, ["participants", "licensed_okoce", "licensed", "capital",
                                 "verified_in_business"], named)


__all__ = ["Assignment", "Monitoring", "NaikKelas", "PhaseHistory", "TimeTo", "assign_mentors",
           "business_starts", "cascade", "cohorts", "funnel", "jobs", "kaplan_meier",
           "monitoring", "naik_kelas", "new_entrepreneurs", "phase_history", "phases",
           "phase_mix", "reached_dates", "regions", "sales_growth", "target_progress",
           "time_to"]


def partial_from_bytes(data: bytes) -> Any:
    """The partial result that ``data`` holds (what a partial's ``to_bytes()`` gives), of
    whichever kind the bytes name, with every length, enum, date, count and label checked: bad
    bytes raise okoce.Error. Partials pickle through this function too.

    Partials from a source you do not trust (a file, a worker you did not start, the network)
    must come through here, never through ``pickle.loads``: unpickling runs whatever code the
    pickle names, before any check of okoce's can look at it."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"argument 'data': expected bytes; got {type(data).__name__}")
    return _core.partial_from_bytes(bytes(data))


def merge(*partials: Any) -> Any:
    """The merge of partial results of one analysis (``okoce._core.FunnelPartial`` and its
    kin, made per part of a partitioned programme), as a new partial; the arguments are left
    as they are. Merging is exact, associative and commutative, so parts may be merged in any
    order (on Dask workers or on the client). Raises okoce.Error when the partials were made
    with different options (another as_of, grouping, policy, milestone, grace period or phase
    rules), when a merged count would overflow, or for an instance never made by an analysis.

    Partials that arrive as bytes from elsewhere (a Dask worker, a file, the network) are data,
    not code: read them with :func:`partial_from_bytes`, which checks every length, enum, date,
    count and label and raises okoce.Error for anything else. Never ``pickle.loads`` bytes you
    do not trust: unpickling runs whatever code the bytes name, before any check can refuse
    them."""
    if not partials:
        raise ValueError("merge: expected at least one partial")
    out = partials[0].copy()
    for other in partials[1:]:
        out.merge(other)
    return out
