"""Programme analytics as pandas DataFrames.

Each function calls one C++ analysis of ``okoce._core`` (which runs without the GIL) and shapes
its columns into DataFrames. Options given as text are checked: an unknown policy, grouping,
milestone or weighting raises ValueError; a ``datetime.datetime`` where a date is expected
raises TypeError (pass ``.date()``). Group labels are strings: dotted region codes
("31.74.01"), sector and phase codes, quarters ("2019Q3"), community ids, or "all".
"""

from __future__ import annotations

import datetime as _dt
import enum as _enum
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from . import _core, _frames

_STEPS = [f"P{k}" for k in range(1, 8)]
_PHASES = ["starting", "mid_stage", "stalled"]


def _text(value: Any, name: str) -> str:
    """An option given as text or as an okoce enum member (whose value is its text)."""
    if isinstance(value, _enum.Enum):
        value = value.value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _by(by: Any) -> str:
    return "none" if by is None else _text(by, "by")


def _date(value: Any, name: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        raise TypeError(f"{name} takes datetime.date, not datetime.datetime ({value!r}); "
                        "pass .date() if dropping the time of day is intended")
    if not isinstance(value, _dt.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


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
    suppressed, see :func:`phase_history`).
    """

    phases: pd.DataFrame
    transitions: pd.DataFrame


def phase_history(programme: _core.Programme, start: _core.Quarter | str,
                  end: _core.Quarter | str,
                  rules: _core.PhaseRules | None = None,
                  suppress_below: int = 0) -> PhaseHistory:
    """The phase mix from quarter to quarter, from ``start`` to ``end`` inclusive.

    A participant is present at a quarter's end when registered by its last day and not
    exited by then; the verdict uses that last day as the as-of date. ``suppress_below``: each
    transition, entry and exit count from 1 to ``suppress_below`` - 1 shows as -1 (0, the
    default, is off; zeros are never suppressed); the per-participant ``phases`` are not
    counts and are never suppressed. Raises ValidationError (a ValueError) when ``end`` is
    before ``start``, and ValueError for a negative ``suppress_below``.
    """
    cols = _core._phase_history(programme, start, end, rules or _core.PhaseRules(),
                                int(suppress_below))
    quarters = list(cols["quarter"])
    matrix = np.asarray(cols["phase"])
    # Long form from codes: a quarter ordinal, a participant row and a phase code per entry, so
    # that a quarter million participants over several quarters make no Python object each.
    k_idx, p_idx = np.nonzero(matrix != 255)
    ordinals = pd.PeriodIndex(quarters, freq="Q").asi8
    long = pd.DataFrame({
        "quarter": pd.arrays.PeriodArray(ordinals[k_idx], freq="Q"),
        "id": _frames.column(("categorical", p_idx, "participants", False), programme),
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


def funnel(programme: _core.Programme, as_of: _dt.date, policy: Any = "sequential",
           by: Any = None, suppress_below: int = 0) -> pd.DataFrame:
    """How many participants reached each of the seven steps by a date, per group.

    ``policy``: "sequential" (OK OCE: a step counts once every step before it is done) or
    "a_la_carte" (JakPreneur). ``by``: None (one row, "all") or a grouping such as "kota",
    "kecamatan", "sector", "phase", "registration_quarter", "community", "mentor_kind".
    Columns: ``group``, ``P1``..``P7`` (counts; -1 where below ``suppress_below``), and
    ``conv_P2``..``conv_P7`` (share of the previous stage; NaN when undefined or suppressed).
    """
    cols = _core._funnel(programme, _date(as_of, "as_of"), _text(policy, "policy"), _by(by),
                         int(suppress_below))
    reached = np.asarray(cols["reached"])
    conversion = np.asarray(cols["conversion"])
    data: dict[str, Any] = {"group": list(cols["group"])}
    for k, s in enumerate(_STEPS):
        data[s] = reached[:, k]
    for k, s in enumerate(_STEPS[1:], start=1):
        data[f"conv_{s}"] = conversion[:, k]
    return pd.DataFrame(data)


def cohorts(programme: _core.Programme, as_of: _dt.date, milestone: Any = "licensed",
            policy: Any = "a_la_carte", max_quarters: int = 12,
            suppress_below: int = 0) -> pd.DataFrame:
    """Registration cohorts followed quarter by quarter.

    One row per registration quarter (index ``cohort``, a quarterly Period); column ``size``;
    columns ``reached_0``..``reached_N`` (members who reached the milestone by the end of
    quarter cohort + k; -2 when that quarter has not ended by ``as_of``, -1 when suppressed)
    and ``share_0``..``share_N`` (reached / size, NaN when not yet observed or suppressed).
    ``milestone``: "licensed" or a step "P1".."P7" (reached under ``policy``).

    ``suppress_below`` (0, the default, is off): a cohort smaller than it shows ``size`` -1
    and every observed cell -1, zeros included; in larger cohorts each observed count from 1
    to ``suppress_below`` - 1 shows as -1. A negative value raises ValueError.
    """
    cols = _core._cohorts(programme, _date(as_of, "as_of"), _text(milestone, "milestone"),
                          _text(policy, "policy"), int(max_quarters), int(suppress_below))
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
    """Kaplan-Meier curves: ``curves`` (one row per group and observed time: group, time,
    at_risk, events, censored, survival, std_err, ci_lower, ci_upper) and ``medians`` (one row
    per group: n, n_events, median, median_lower, median_upper; times in days)."""

    curves: pd.DataFrame
    medians: pd.DataFrame


def _curves(raw: list[dict[str, Any]]) -> TimeTo:
    parts = []
    meds = []
    for c in raw:
        part = pd.DataFrame({k: c[k] for k in ("time", "at_risk", "events", "censored",
                                              "survival", "std_err", "ci_lower", "ci_upper")})
        part.insert(0, "group", c["group"])
        if len(part):  # a withheld (suppressed) group has no rows, only its medians row
            parts.append(part)
        meds.append({k: c[k] for k in ("group", "n", "n_events", "median", "median_lower",
                                       "median_upper")})
    columns = ["group", "time", "at_risk", "events", "censored", "survival", "std_err",
               "ci_lower", "ci_upper"]
    curves = (pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns))
    medians = pd.DataFrame(meds, columns=["group", "n", "n_events", "median", "median_lower",
                                          "median_upper"])
    return TimeTo(curves, medians)


def time_to(programme: _core.Programme, as_of: _dt.date, milestone: Any = "licensed",
            by: Any = None, policy: Any = "a_la_carte", alpha: float = 0.05,
            suppress_below: int = 0) -> TimeTo:
    """Days from registration to a milestone, as Kaplan-Meier curves per group.

    Participants who have not reached it are censored at ``as_of`` (or when they exited).
    Estimates, Greenwood standard errors, log(-log) intervals and the median follow
    statsmodels' SurvfuncRight. ``milestone``: "licensed" or "P1".."P7" under ``policy``.

    ``suppress_below`` (0, the default, is off): a group with fewer participants is withheld:
    it has no rows in ``curves`` and its ``medians`` row shows n and n_events -1 and NaN
    medians. In the groups shown, each at_risk, events and censored count, and n_events, from
    1 to ``suppress_below`` - 1 shows as -1; survival, std_err, the intervals and the medians
    are estimates and are kept. A negative value raises ValueError.
    """
    raw = _core._time_to(programme, _date(as_of, "as_of"), _text(milestone, "milestone"),
                         _text(policy, "policy"), _by(by), float(alpha), int(suppress_below))
    return _curves(list(raw))


def kaplan_meier(time: Any, event: Any, alpha: float = 0.05) -> TimeTo:
    """The Kaplan-Meier estimator over durations and 0/1 event flags (one group, "all")."""
    return _curves(list(_core._kaplan_meier(np.asarray(time, dtype=float),
                                            np.asarray(event, dtype=np.uint8), alpha)))


@dataclass(frozen=True)
class Monitoring:
    """Quarterly-report compliance as of a date.

    ``summary``: per group, participants, reports expected and received, and rate.
    ``participants``: per participant registered by the date, ``id``, ``expected``,
    ``received``, ``last_report`` (the latest quarter reported by the date, owed or not, as a
    quarterly ``Period``; NaT when none) and ``missing`` (the owed quarters without a report,
    comma-separated, oldest first; "" when none). ``overdue_by_mentor`` /
    ``overdue_by_kecamatan``: participants whose latest owed report is missing (``group``,
    ``id``, ``quarters_missing``, ``last_report``), sorted by group, then id; the group is their
    current mentor's id ("(none)" without one) or their kecamatan code. Ids, groups and
    ``missing`` are categoricals.
    """

    summary: pd.DataFrame
    participants: pd.DataFrame
    overdue_by_mentor: pd.DataFrame
    overdue_by_kecamatan: pd.DataFrame


def monitoring(programme: _core.Programme, as_of: _dt.date, by: Any = None,
               suppress_below: int = 0) -> Monitoring:
    """Reports owed and received as of a date, with the overdue lists for follow-up.

    A report is owed for each full quarter after the registration quarter that ended by
    ``as_of`` while the participant was in the programme. ``by`` groups the summary as in
    :func:`funnel`.
    """
    day = _date(as_of, "as_of")
    summary = pd.DataFrame(_core._compliance_summary(programme, day, _by(by),
                                                     int(suppress_below)))
    per = _frames.frame(_core._compliance(programme, day), programme)
    by_mentor = _frames.frame(_core._overdue(programme, day, "mentor"), programme)
    by_kec = _frames.frame(_core._overdue(programme, day, "kecamatan"), programme)
    return Monitoring(summary, per, by_mentor, by_kec)


def target_progress(programme: _core.Programme, as_of: _dt.date,
                    policy: Any = "a_la_carte") -> pd.DataFrame:
    """Every target's progress as of a date, in the programme's target order.

    Columns: id, metric, region, start, end, value, actual, expected (straight-line schedule),
    gap (actual - expected, rounded), run_rate_per_day (last 90 days), projected (at the run
    rate to the end), projected_reach_on (None when not in reach).
    """
    return pd.DataFrame(_core._target_progress(programme, _date(as_of, "as_of"),
                                               _text(policy, "policy")))


def cascade(programme: _core.Programme, target_id: str, weights: Any = "equal",
            as_of: _dt.date | None = None,
            population: Mapping[Any, float] | None = None) -> pd.DataFrame:
    """A target's value split over the children of its region so that the parts add up.

    ``weights``: "equal", "population" (needs ``population`` = {child code: weight}) or
    "registrations" (participants registered in each child by ``as_of``). Largest-remainder
    rounding. Columns: region (dotted code), value.
    """
    day = _date(as_of, "as_of") if as_of is not None else _dt.date.today()
    pop = None if population is None else {str(k): float(v) for k, v in population.items()}
    return pd.DataFrame(_core._cascade(programme, target_id, _text(weights, "weights"), day, pop))


@dataclass(frozen=True)
class Assignment:
    """The result of :func:`assign_mentors`.

    ``pairs``: new pairs (participant, mentor, cost, distance, sector_match, phase_match,
    phase). ``unassigned``: participants left without a mentor and why. ``shortfall``: per
    kecamatan, demand, spare_capacity, assigned_locally, unassigned, shortfall,
    additional_mentors. ``caseloads``: per mentor, capacity, existing, spare, assigned.
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
        c = _core.AssignmentCosts(**dict(costs))
    else:
        raise TypeError(f"costs must be an AssignmentCosts or a dict, not {type(costs).__name__}")
    raw = _core._assign_mentors(programme, _date(as_of, "as_of"), c,
                                rules or _core.PhaseRules(), int(new_mentor_capacity),
                                _text(demand, "demand"))
    return Assignment(pd.DataFrame(raw["pairs"]), pd.DataFrame(raw["unassigned"]),
                      pd.DataFrame(raw["shortfall"]), pd.DataFrame(raw["caseloads"]),
                      int(raw["total_cost"]), str(raw["demand"]),
                      str(raw["demand_description"]), int(raw["demand_count"]),
                      int(raw["active_without_pair"]))


def phase_mix(programme: _core.Programme, as_of: _dt.date, by: Any = None,
              rules: _core.PhaseRules | None = None, suppress_below: int = 0) -> pd.DataFrame:
    """Participants active on a date by phase, per group (the report's phase mix).

    Active: registered on or before ``as_of`` and not exited on or before it. ``by`` as for
    :func:`funnel`; groups nobody falls in are left out (except "all"). Columns: ``group``,
    ``starting``, ``mid_stage``, ``stalled``, ``total`` (each -1 where below
    ``suppress_below``).
    """
    cols = _core._phase_mix(programme, _date(as_of, "as_of"), _by(by),
                            rules or _core.PhaseRules(), int(suppress_below))
    count = np.asarray(cols["count"])
    data: dict[str, Any] = {"group": list(cols["group"])}
    for k, name in enumerate(_PHASES):
        data[name] = count[:, k]
    data["total"] = np.asarray(cols["total"])
    return pd.DataFrame(data)


def reached_dates(programme: _core.Programme, as_of: _dt.date, milestone: Any = "licensed",
                  policy: Any = "a_la_carte") -> pd.DataFrame:
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
                                _text(policy, "policy"))
    name = str(cols.pop("milestone"))
    out = _frames.frame(cols, programme)
    out.attrs["milestone"] = name
    return out


__all__ = ["Assignment", "Monitoring", "PhaseHistory", "TimeTo", "assign_mentors", "cascade",
           "cohorts", "funnel", "kaplan_meier", "monitoring", "phase_history", "phases",
           "target_progress", "time_to"]
__all__ += ["phase_mix", "reached_dates"]
