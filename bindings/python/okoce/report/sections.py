"""The report's sections, in one registry: each has a key (its ``<section id>`` and its template
``templates/sections/<key>.html``), a heading in the catalogues, and a function that turns the
library's results into that template's values and the terminal's summary lines.

Every figure is the library's; this module picks, orders, words and draws them. The progress
bar and the tests take the list of sections from :data:`SECTIONS`.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import _core
from .. import analysis as _an
from .html import Part, Table, png, table
from .text import Words

# One colour per phase in every chart.
PHASE_COLOURS = {"starting": "#4c72b0", "mid_stage": "#55a868", "stalled": "#c44e52",
                 "(absent)": "#bbbbbb"}
PHASES = tuple(p.value for p in _core.Phase)
# The horizons (months after registration) the time-to-licence table reports; the last one is
# also the window of the mean days spent unlicensed.
HORIZONS = (12, 24)
# The licence kinds "licensed" counts unless the report is told otherwise (the library's
# default_counting, read from it: reached_dates and time_to count these without counting=).
DEFAULT_COUNTING = tuple(k.value for k in _core.default_counting)
# The rules of "new entrepreneur" the results section shows side by side, in the columns of
# okoce.new_entrepreneurs (catalogue keys results.rule.<name> and results.rule.<name>.what).
NEW_ENTREPRENEUR_RULES = ("licensed_okoce", "licensed", "capital", "verified_in_business")
# Naik kelas is measured from this many years before the as-of date to the as-of date.
NAIK_KELAS_YEARS = 2
# The size classes in the order of okoce.naik_kelas's matrix (catalogue keys size.<name>).
SIZES = ("micro", "small", "medium", "large", "unknown")
# The terms the glossary explains (catalogue keys term.<name> and gloss.<name>), in the order
# a reader meets them.
GLOSSARY = ("p1", "licence", "target_schedule", "run_rate", "projection", "seven_steps",
            "sequential", "a_la_carte", "phase", "phase_move", "kaplan_meier", "median",
            "unlicensed_days", "demand", "spare_capacity", "shortfall", "grace",
            "new_entrepreneur", "naik_kelas", "jobs_created", "yoy_growth")


class Names:
    """Region names from the library's region table, shortened for charts."""

    def __init__(self, programme: _core.Programme) -> None:
        regions = _an.regions(programme)
        self.full = dict(zip(regions["code"].astype(str), regions["name"].astype(str)))

    def short(self, code: Any) -> str:
        name: str = self.full.get(str(code), str(code))
        return name.replace("Kota Administrasi ", "").replace("Kabupaten Administrasi ", "")

    def labelled(self, code: Any) -> str:
        """"Name (code)": the name to read, the code to join on."""
        c = str(code)
        return f"{self.short(c)} ({c})" if c in self.full else c


@dataclass
class Shared:
    """The library results the headline cards and several sections share (computed once)."""

    registered: int
    licensed: int
    reg_dates: pd.Series
    lic_dates: pd.Series
    targets: pd.DataFrame
    assignment: _an.Assignment
    monitoring: _an.Monitoring
    monitoring_by: _an.Monitoring

    @staticmethod
    def compute(p: _core.Programme, day: _dt.date, counting: list[str] | None = None) -> Shared:
        """``counting``: the licence kinds "licensed" counts (None: IUMK, SKU or NIB)."""
        reg = _an.reached_dates(p, day, "P1")["reached_on"].dropna()
        lic = _an.reached_dates(p, day, "licensed", counting=counting)["reached_on"].dropna()
        return Shared(int(_an.funnel(p, day)["P1"].iloc[0]), len(lic), reg, lic,
                      _an.target_progress(p, day, counting=counting), _an.assign_mentors(p, day),
                      _an.monitoring(p, day), _an.monitoring(p, day, by="kecamatan"))


@dataclass
class Context:
    """What every section is built from."""

    programme: _core.Programme
    day: _dt.date
    w: Words
    names: Names
    shared: Shared
    plt: Any  # matplotlib.pyplot, on the Agg backend
    counting: list[str] | None = None  # the licence kinds "licensed" counts; None: the default

    @property
    def kinds(self) -> str:
        """The licence rule in the report's words: the kinds that count, "IUMK/SKU/NIB"."""
        return licence_kinds(self.counting)


def licence_kinds(counting: list[str] | None) -> str:
    """The kinds of ``counting`` (None: the library's default, IUMK, SKU or NIB) as the report
    names them, in the library's order of licence kinds."""
    chosen = DEFAULT_COUNTING if counting is None else counting
    return "/".join(k.value for k in _core.LicenceKind if k.value in chosen)


def parse_counting(text: str | None) -> list[str] | None:
    """``--counting IUMK,SKU`` as the kinds the analyses' ``counting=`` takes; a kind the
    library does not know raises okoce.ValidationError naming it."""
    if text is None:
        return None
    known = [k.value for k in _core.LicenceKind]
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    for k in kinds:
        if k not in known:
            raise _core.ValidationError(f"--counting: bad licence kind '{k}'; expected a list "
                                        f"of {', '.join(known)} separated by commas")
    if not kinds:
        raise _core.ValidationError(f"--counting: bad value '{text}'; expected a list of "
                                    f"{', '.join(known)} separated by commas")
    return kinds


@dataclass(frozen=True)
class Section:
    key: str
    build: Callable[[Context], Part]

    def title(self, w: Words) -> str:
        return w(f"section.{self.key}")


SECTIONS: list[Section] = []


def section(key: str) -> Callable[[Callable[[Context], Part]], Callable[[Context], Part]]:
    """Registers a section builder; the report shows the sections in registration order."""
    def add(build: Callable[[Context], Part]) -> Callable[[Context], Part]:
        SECTIONS.append(Section(key, build))
        return build
    return add


# --- charts in the reader's number conventions ---------------------------------------------

def _axis(axis: Any, write: Callable[[float], str]) -> None:
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: write(v)))
    axis.set_minor_formatter(NullFormatter())


def _month_axis(axis: Any, w: Words) -> None:
    import matplotlib.dates as mdates

    _axis(axis, lambda v: w.f.month(mdates.num2date(v)))


def _legend_below(ax: Any, ncol: int = 3) -> None:
    # Below the axes, so that it never covers data.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=ncol, fontsize=8,
              frameon=False)


# --- headline cards ---------------------------------------------------------------------------

def target_state(targets: pd.DataFrame, day: _dt.date) -> pd.Series:
    """"in_force", "expired" or "upcoming" for each target, by its period and the as-of date."""
    t = pd.Timestamp(day)
    start, end = pd.to_datetime(targets["start"]), pd.to_datetime(targets["end"])
    return pd.Series(np.where(end < t, "expired", np.where(start > t, "upcoming", "in_force")),
                     index=targets.index)


def main_target(targets: pd.DataFrame, day: _dt.date) -> pd.Series | None:
    """The target the headline card shows: in force, preferring registrations, then the widest
    region (the shortest code)."""
    live = targets[target_state(targets, day) == "in_force"]
    if not len(live):
        return None
    order = live.assign(_reg=live["metric"].astype(str) != "registered",
                        _len=live["region"].astype(str).str.len())
    return live.loc[order.sort_values(["_reg", "_len"]).index[0]]


@dataclass
class Card:
    key: str
    title: str
    value: str
    note: str
    data: str  # the unformatted figure, for a machine reading the page (data-value)


def cards(ctx: Context) -> tuple[list[Card], list[str]]:
    s, day, w, f = ctx.shared, ctx.day, ctx.w, ctx.w.f
    on = f.date(day)
    out = [Card("registered", w("card.registered"), f.count(s.registered),
                w("card.registered.note", day=on), str(s.registered)),
           Card("licensed", w("card.licensed"), f.count(s.licensed),
                w("card.licensed.note", day=on, kinds=ctx.kinds), str(s.licensed))]
    t = main_target(s.targets, day)
    if t is not None:
        out.append(Card("target", w("card.target", id=t["id"]),
                        w("card.target.value", actual=f.count(t["actual"]),
                          value=f.count(t["value"])),
                        w("card.target.note", metric=w.metric(str(t["metric"])),
                          region=ctx.names.labelled(t["region"]), start=f.date(t["start"]),
                          end=f.date(t["end"]), expected=f.count(t["expected"]),
                          projected=f.count(t["projected"]),
                          window=f.count(_core.run_rate_window_days)),
                        str(int(t["actual"]))))
    else:
        out.append(Card("target", w("card.no_target"), "-", w("card.no_target.note", day=on), ""))
    a = s.assignment
    out.append(Card("demand", w("card.demand"),
                    w("card.demand.value", demand=f.count(a.demand_count),
                      short=f.count(len(a.unassigned))),
                    w("card.demand.note", who=w.demand(a.demand),
                      mentors=f.count(a.shortfall["additional_mentors"].sum())),
                    str(a.demand_count)))
    row = s.monitoring.summary.iloc[0]
    grace = f.count(s.monitoring.grace_days)
    if int(row["expected"]):
        value = w("card.monitoring.value", rate=f.percent(row["on_time_rate"]),
                  on_time=f.count(row["received_on_time"]), expected=f.count(row["expected"]))
        raw = f"{float(row['on_time_rate']):.6f}"
    else:
        value, raw = w("card.monitoring.none"), ""
    out.append(Card("monitoring", w("card.monitoring"), value,
                    w("card.monitoring.note", grace=grace), raw))
    line = w("line.registered", day=on, registered=f.count(s.registered),
             licensed=f.count(s.licensed), kinds=ctx.kinds)
    return out, [line]


# --- the sections -----------------------------------------------------------------------------

def _monthly_at_month_end(dates: pd.Series, day: _dt.date) -> pd.Series:
    """Cumulative counts of the dates, each month's total plotted at the month's last day (the
    current month's at the as-of date), so the line reaches the as-of date."""
    if not len(dates):
        return pd.Series(dtype=float)
    counts = dates.dt.to_period("M").value_counts().sort_index()
    months = pd.period_range(counts.index.min(), pd.Period(day, "M"), freq="M")
    cum = counts.reindex(months, fill_value=0).cumsum()
    ends = months.to_timestamp(how="end").normalize()
    ends = ends.where(ends <= pd.Timestamp(day), pd.Timestamp(day))
    first = months[0].to_timestamp()
    return pd.concat([pd.Series([0], index=[first]), pd.Series(cum.values, index=ends)])


@section("targets")
def _targets(ctx: Context) -> Part:
    s, day, w, f, names = ctx.shared, ctx.day, ctx.w, ctx.w.f, ctx.names
    window = f.count(_core.run_rate_window_days)
    reg = _monthly_at_month_end(s.reg_dates, day)
    lic = _monthly_at_month_end(s.lic_dates, day)
    fig, ax = ctx.plt.subplots(figsize=(10, 4))
    if len(reg):
        ax.plot(reg.index, reg.values, color="#1f77b4", label=w("targets.line.registered"))
    if len(lic):
        ax.plot(lic.index, lic.values, color="#ff7f0e", label=w("targets.line.licensed", kinds=ctx.kinds))
    t = main_target(s.targets, day)
    if t is not None and str(t["metric"]) == "registered":
        start, end = pd.Timestamp(t["start"]), pd.Timestamp(t["end"])
        # The curve's level when the target period began, so the schedule sits on the curve.
        base = float(reg[reg.index < start].iloc[-1]) if (reg.index < start).any() else 0.0
        ax.plot([start, end], [base, base + int(t["value"])], "--", color="grey",
                label=w("targets.line.schedule", id=t["id"], value=f.count(t["value"])))
        ax.plot([pd.Timestamp(day), end], [base + int(t["actual"]),
                                           base + float(t["projected"])], ":",
                color="black", label=w("targets.line.projection", window=window))
    ax.set_ylabel(w("targets.axis"))
    chart_title = w("targets.chart", day=f.date(day))
    ax.set_title(chart_title)
    _axis(ax.yaxis, f.count)
    _month_axis(ax.xaxis, w)
    _legend_below(ax, ncol=4)

    state = target_state(s.targets, day)

    def listing(rows: pd.DataFrame, max_rows: int = 60) -> Table:
        headers = w("targets.columns").split("|")
        kinds = ["text", "text", "text", "date", "date", "count", "count", "count", "signed",
                 "decimal", "count", "date"]
        cols = [rows["id"], rows["metric"].astype(str).map(w.metric),
                rows["region"].astype(str).map(names.labelled), rows["start"], rows["end"],
                rows["value"], rows["actual"], rows["expected"], rows["gap"],
                rows["run_rate_per_day"], rows["projected"], rows["projected_reach_on"]]
        return table(list(zip(headers, cols, kinds)), f, max_rows)

    live = s.targets[state == "in_force"]
    lines = [w("line.target", id=r["id"], metric=w.metric(str(r["metric"])),
               region=names.labelled(r["region"]), start=f.date(r["start"]),
               end=f.date(r["end"]), actual=f.count(r["actual"]), value=f.count(r["value"]),
               expected=f.count(r["expected"]), gap=f.signed(r["gap"]),
               projected=f.count(r["projected"])) for _, r in live.iterrows()]
    old = s.targets[state == "expired"]
    per_year = None
    if len(old):
        lines.append(w("line.expired", n=f.count(len(old))))
        # After its end a target's expected value is its whole value, so gap >= 0 means met.
        years = (old.assign(year=pd.to_datetime(old["end"]).dt.year,
                            metric=old["metric"].astype(str).map(w.metric), met=old["gap"] >= 0)
                 .groupby(["year", "metric"], observed=True)
                 .agg(n=("id", "size"), value=("value", "sum"), actual=("actual", "sum"),
                      met=("met", "sum")).reset_index())
        per_year = table(list(zip(w("targets.expired.columns").split("|"),
                                  [years["year"].astype(str), years["metric"], years["n"],
                                   years["value"], years["actual"], years["met"]],
                                  ["text", "text", "count", "count", "count", "count"])), f)
    return Part({"chart": png(fig, chart_title), "day": f.date(day), "window": window,
                 "live": listing(live) if len(live) else None,
                 "upcoming": listing(s.targets[state == "upcoming"]),
                 "per_year": per_year, "expired": listing(old, 100_000),
                 "n_expired": f.count(len(old))}, lines)


@section("funnel")
def _funnel(ctx: Context) -> Part:
    p, day, w, f, names = ctx.programme, ctx.day, ctx.w, ctx.w.f, ctx.names
    steps = [s.value for s in _core.Step]
    parts = [(policy.value, _an.funnel(p, day, policy=policy.value, by="kota"))
             for policy in _core.StepPolicy]
    fig, axes = ctx.plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    for ax, (policy, fr) in zip(axes, parts):
        x = np.arange(len(steps))
        width = 0.8 / max(len(fr), 1)
        for k, (_, row) in enumerate(fr.iterrows()):
            ax.bar(x + k * width, [max(int(row[s]), 0) for s in steps], width,
                   label=names.short(row["group"]))
        ax.set_xticks(x + 0.4 - width / 2, [w.step(s).replace(" ", "\n") for s in steps],
                      fontsize=7)
        ax.set_yscale("log")
        _axis(ax.yaxis, f.count)
        ax.set_title(w(f"policy.{policy}"))
    axes[0].set_ylabel(w("funnel.axis"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=6,
               fontsize=8, frameon=False)
    total = _an.funnel(p, day, policy="sequential").iloc[0]
    lines = [w("line.funnel", values=" / ".join(f.count(total[s]) for s in steps))]
    tables = []
    for policy, fr in parts:
        cols = [(w("col.kota"), fr["group"].map(names.short), "text"),
                (w("col.code"), fr["group"].astype(str), "text")]
        cols += [(w.step(s), fr[s], "count") for s in steps]
        tables.append({"title": w(f"policy.{policy}"), "table": table(cols, f)})
    return Part({"chart": png(fig, w("section.funnel")), "tables": tables}, lines)


@section("phases")
def _phases(ctx: Context) -> Part:
    p, day, w, f = ctx.programme, ctx.day, ctx.w, ctx.w.f
    ph = _an.phases(p, day)
    ph = ph[ph["active"]]
    mix = _an.phase_mix(p, day).iloc[0]
    # How many mid-stage verdicts rest on too few reports, counted by the library.
    insufficient = int(mix["insufficient_data"])
    end = _core.Quarter.of(day)
    if end.last_day() != day:
        end = end.previous()
    hist = _an.phase_history(p, end - 4, end)
    moves = hist.transitions
    last = moves[moves["to_quarter"].astype(str) == str(end)]
    order = list(PHASES) + ["(absent)"]
    matrix = (last.assign(**{"from": last["from"].astype(str), "to": last["to"].astype(str)})
              .pivot_table(index="from", columns="to", values="count", aggfunc="sum",
                           fill_value=0)
              .reindex(index=order, columns=order, fill_value=0))
    # The mix at each quarter's end, from the library (the quarters phase_history moved over).
    quarters = [end - k for k in range(4, -1, -1)]
    per_q = pd.DataFrame([_an.phase_mix(p, q.last_day()).iloc[0][list(PHASES)] for q in quarters],
                         index=[str(q) for q in quarters])

    fig, axes = ctx.plt.subplots(1, 2, figsize=(12, 4.5))
    labels = [textwrap.fill(w.phase(k), 16) for k in PHASES]
    axes[0].bar(labels, [int(mix[k]) for k in PHASES], color=[PHASE_COLOURS[k] for k in PHASES])
    # The insufficient-data part of mid-stage, hatched over the mid-stage bar, not hidden in it.
    axes[0].bar([labels[1]], [insufficient], color=PHASE_COLOURS["mid_stage"], hatch="//",
                edgecolor="white", label=w("phases.insufficient"))
    axes[0].set_ylabel(w("phases.axis"))
    axes[0].set_title(w("phases.mix", day=f.date(day)))
    axes[0].tick_params(axis="x", labelsize=8)
    _legend_below(axes[0], ncol=1)
    bottom = np.zeros(len(per_q))
    qs = [f.quarter(q).replace(" ", "\n", 1) for q in per_q.index]
    for k in PHASES:
        axes[1].bar(qs, per_q[k].values, bottom=bottom, color=PHASE_COLOURS[k],
                    label=w.phase(k))
        bottom += per_q[k].values
    axes[1].set_title(w("phases.history"))
    axes[1].set_ylabel(w("phases.axis"))
    axes[1].tick_params(axis="x", labelsize=8)
    for ax in axes:
        _axis(ax.yaxis, f.count)
    _legend_below(axes[1], ncol=3)
    values = ", ".join(f"{w.phase(k)} {f.count(mix[k])}" for k in PHASES)
    lines = [w("line.phases", values=values, insufficient=f.count(insufficient))]

    rule = ph["rule"].astype(str)
    counts = rule.value_counts()
    phase_of = ph.groupby(rule)["phase"].first().astype(str)
    rules = table([(w("col.phase"), [w.phase(phase_of[r]) for r in counts.index], "text"),
                   (w("col.rule"), [w.rule(r) for r in counts.index], "text"),
                   (w("col.count"), counts.values, "count")], f)
    a, b = f.quarter(end - 1), f.quarter(end)
    cols = [(w("phases.moves.corner"), [w("phases.moves.from", q=a, phase=w.phase(k))
                                        for k in order], "text")]
    cols += [(w("phases.moves.to", q=b, phase=w.phase(k)), matrix[k].values, "count")
             for k in order]
    return Part({"chart": png(fig, w("section.phases")), "rules": rules, "from": a, "to": b,
                 "moves": table(cols, f)}, lines)


@section("time")
def _time_to_licence(ctx: Context) -> Part:
    p, day, w, f, names = ctx.programme, ctx.day, ctx.w, ctx.w.f, ctx.names
    horizon = HORIZONS[-1]
    km = _an.time_to(p, day, milestone="licensed", by="kota", horizons_months=HORIZONS,
                     restricted_mean_months=horizon, counting=ctx.counting)
    fig, ax = ctx.plt.subplots(figsize=(10, 4))
    for group, curve in km.curves.groupby("group", sort=True, observed=True):
        ax.step(curve["time"] / _core.days_per_month, 1 - curve["survival"], where="post",
                label=names.short(group))
    ax.set_xlabel(w("time.axis.months"))
    ax.set_ylabel(w("time.axis.share"))
    chart_title = w("time.chart")
    ax.set_title(chart_title)
    _axis(ax.yaxis, lambda v: f.percent(v, 0))
    _axis(ax.xaxis, f.count)
    _legend_below(ax, ncol=6)
    med = km.medians
    shares = km.reached.pivot(index="group", columns="months", values="share")
    rmst = km.restricted_mean.set_index("group")
    cols = [(w("col.kota"), med["group"].map(names.short), "text"),
            (w("col.code"), med["group"].astype(str), "text"),
            (w("time.col.n"), med["n"], "count"),
            (w("time.col.licensed"), med["n_events"], "count"),
            (w("time.col.median"), med["median"], "days")]
    cols += [(w("time.col.share", months=f.count(m)), med["group"].map(shares[float(m)]),
              "percent") for m in HORIZONS]
    cols.append((w("time.col.unlicensed", months=f.count(horizon)),
                 med["group"].map(rmst["mean_days"]), "days"))
    values = {"chart": png(fig, chart_title), "table": table(cols, f),
              "no_median": bool(med["median"].isna().any()),
              "days_per_month": f.decimal(_core.days_per_month, 4),
              "horizons": [f.count(m) for m in HORIZONS], "horizon": f.count(horizon)}
    whole = _an.time_to(p, day, milestone="licensed", horizons_months=HORIZONS,
                        restricted_mean_months=horizon, counting=ctx.counting)
    return Part(values, [time_to_line(whole, w, ctx.kinds)])


def time_to_line(km: _an.TimeTo, w: Words, kinds: str = "/".join(DEFAULT_COUNTING)) -> str:
    """One summary line for the whole programme: the median if it exists, else why not and
    the shares and restricted mean that do. ``kinds``: the licence rule, "IUMK/SKU/NIB"."""
    f = w.f
    median = km.medians["median"].iloc[0]
    if not pd.isna(median):
        return w("line.time.median", median=f.count(median), kinds=kinds)
    shares = km.reached.set_index("months")["share"]
    r = km.restricted_mean.iloc[0]
    # NaN: nobody has been in the programme that long yet.
    parts = [w("line.time.share", share=f.percent(shares[m]), months=f.count(m))
             if not pd.isna(shares[m]) else w("line.time.nobody", months=f.count(m))
             for m in shares.index]
    parts.append(w("line.time.unlicensed", mean=f.count(r["mean_days"]),
                   days=f.decimal(r["horizon_days"], 1), months=f.count(r["horizon_months"]))
                 if not pd.isna(r["mean_days"])
                 else w("line.time.unlicensed.none", months=f.count(r["horizon_months"])))
    return w("line.time.none", parts="; ".join(parts), kinds=kinds)


@section("mentors")
def _mentors(ctx: Context) -> Part:
    p, day, w, f, names = ctx.programme, ctx.day, ctx.w, ctx.w.f, ctx.names
    a = ctx.shared.assignment
    short = a.shortfall.sort_values("shortfall", ascending=False)
    key = short.columns[0]
    top = short[short["shortfall"] > 0].head(15)
    chart = None
    if len(top):
        fig, ax = ctx.plt.subplots(figsize=(10, 0.35 * len(top) + 1.2))
        ax.barh([names.labelled(c) for c in top[key]][::-1], top["shortfall"].values[::-1],
                color="#8172b2")
        ax.set_xlabel(w("mentors.axis"))
        ax.set_title(w("mentors.chart"))
        _axis(ax.xaxis, f.count)
        chart = png(fig, w("mentors.chart"))
    who = w.demand(a.demand)
    lines = [w("line.mentors", demand=f.count(a.demand_count), who=who,
               without=f.count(a.active_without_pair), pairs=f.count(len(a.pairs)),
               cost=f.count(a.total_cost), unassigned=f.count(len(a.unassigned)),
               mentors=f.count(short["additional_mentors"].sum()))]
    cols = [(w("col.kecamatan"), short[key].map(names.short), "text"),
            (w("col.code"), short[key].astype(str), "text")]
    cols += [(label, short[c], "count") for c, label in
             zip(["demand", "spare_capacity", "assigned_locally", "unassigned", "shortfall",
                  "additional_mentors"], w("mentors.columns").split("|"))]
    mentors = p.mentors().set_index("id")
    cl = a.caseloads.sort_values(a.caseloads.columns[0])
    ids = cl[cl.columns[0]].astype(str)
    active = pd.Series(cl["active"].to_numpy(), index=ids)
    headers = w("mentors.caseload.columns").split("|")
    caseloads = table(list(zip(headers, [
        ids, ids.map(mentors["kind"].astype(str)).map(lambda k: w(f"mentor.{k}")),
        ids.map(mentors["kecamatan"].astype(str)).map(names.labelled),
        ids.map(active).map({True: w("answer.yes"), False: w("answer.no")}),
        cl["capacity"], cl["existing"], cl["spare"], cl["assigned"]],
        ["text"] * 4 + ["count"] * 4)), f, max_rows=100_000)
    return Part({"chart": chart, "who": who, "table": table(cols, f), "caseloads": caseloads,
                 "day": f.date(day), "n_mentors": f.count(len(ids)),
                 "n_active": f.count(ids.map(active).sum())}, lines)


@section("monitoring")
def _monitoring(ctx: Context) -> Part:
    s, w, f, names = ctx.shared, ctx.w, ctx.w.f, ctx.names
    mon = s.monitoring_by
    grace = f.count(mon.grace_days)
    by = mon.summary.sort_values("on_time_rate", na_position="first")
    fig, ax = ctx.plt.subplots(figsize=(10, 0.22 * len(by) + 1.5))
    labels = [names.labelled(g) for g in by["group"]]
    ax.barh(labels, by["received_rate"].fillna(0), color="#c6dbef",
            label=w("monitoring.received"))
    ax.barh(labels, by["on_time_rate"].fillna(0), color="#2171b5",
            label=w("monitoring.on_time"))
    ax.set_xlim(0, 1)
    _axis(ax.xaxis, lambda v: f.percent(v, 0))
    ax.tick_params(axis="y", labelsize=7)
    chart_title = w("monitoring.chart", grace=grace)
    ax.set_title(chart_title)
    _legend_below(ax, ncol=2)
    row = s.monitoring.summary.iloc[0]
    if int(row["expected"]):
        lines = [w("line.monitoring", received=f.count(row["received"]),
                   expected=f.count(row["expected"]), grace=grace,
                   received_rate=f.percent(row["received_rate"]),
                   on_time=f.count(row["received_on_time"]),
                   on_time_rate=f.percent(row["on_time_rate"]),
                   overdue=f.count(len(s.monitoring.overdue_by_kecamatan)),
                   exited=f.count(s.monitoring.exited_with_missing))]
    else:
        lines = [w("line.monitoring.none", grace=grace)]
    cols = [(w("col.kecamatan"), by["group"].map(names.short), "text"),
            (w("col.code"), by["group"].astype(str), "text")]
    cols += [(label, by[c], kind) for c, label, kind in
             zip(["participants", "expected", "received", "received_on_time", "missing",
                  "received_rate", "on_time_rate"], w("monitoring.columns").split("|"),
                 ["count"] * 5 + ["percent"] * 2)]
    over = s.monitoring.overdue_by_kecamatan
    overdue = None
    if len(over):
        counts = over.groupby(over["group"].astype(str)).size()
        overdue = table([(w("col.kecamatan"), counts.index.map(names.short), "text"),
                         (w("col.code"), counts.index, "text"),
                         (w("monitoring.overdue"), counts.values, "count")], f)
    return Part({"chart": png(fig, chart_title), "table": table(cols, f), "overdue": overdue,
                 "exited": f.count(s.monitoring.exited_with_missing)}, lines)


def years_before(day: _dt.date, years: int) -> _dt.date:
    """The same day ``years`` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@section("results")
def _results(ctx: Context) -> Part:
    """What became of the businesses: the library's outcome measures, whole programme and by
    kota, each said in words with the rule it counts by."""
    p, day, w, f, names = ctx.programme, ctx.day, ctx.w, ctx.w.f, ctx.names
    on = f.date(day)
    # New entrepreneurs under four rules, side by side.
    ne = _an.new_entrepreneurs(p, day).iloc[0]
    rules = table([(w("results.new.col.rule"), [w(f"results.rule.{r}")
                                                for r in NEW_ENTREPRENEUR_RULES], "text"),
                   (w("results.new.col.what"), [w(f"results.rule.{r}.what")
                                                for r in NEW_ENTREPRENEUR_RULES], "text"),
                   (w("results.new.col.n"), [ne[r] for r in NEW_ENTREPRENEUR_RULES], "count")],
                  f)
    lines = [w("line.results.new", day=on, participants=f.count(ne["participants"]),
               values="; ".join(f"{w(f'results.rule.{r}')}: {f.count(ne[r])}"
                                for r in NEW_ENTREPRENEUR_RULES))]
    # Naik kelas between two dates, both under one law (regime "later").
    start = years_before(day, NAIK_KELAS_YEARS)
    nk = _an.naik_kelas(p, start, day, regime="later", participants=False)
    row = nk.summary.iloc[0]
    matrix = (nk.matrix.assign(**{"from": nk.matrix["from"].astype(str),
                                  "to": nk.matrix["to"].astype(str)})
              .pivot_table(index="from", columns="to", values="count", aggfunc="sum",
                           fill_value=0)
              .reindex(index=list(SIZES), columns=list(SIZES), fill_value=0))
    a, b = f.date(start), on
    cols = [(w("results.naik.corner", start=a, end=b), [w(f"size.{k}") for k in SIZES], "text")]
    cols += [(w(f"size.{k}"), matrix[k].values, "count") for k in SIZES]
    law = {"start": a, "end": b, "law_start": nk.law_start, "law_end": nk.law_end,
           "years": f.count(NAIK_KELAS_YEARS), "turnover": w(f"turnover.{nk.turnover}")}
    naik = {**law, "up": f.count(row["up"]), "down": f.count(row["down"]),
            "same": f.count(row["same"]), "unclassified": f.count(row["unclassified"]),
            "participants": f.count(row["participants"])}
    # Regime "later" classifies both dates under one law (never mixes_laws).
    law_text = w("results.naik.law", **law)
    lines.append(w("line.results.naik", **naik))
    # Jobs and revenue growth, whole programme and by kota.
    jobs = _an.jobs(p, day)
    jobs_by = _an.jobs(p, day, by="kota")
    j = jobs.iloc[0]
    jobs_values = {"created": f.count(j["jobs_created"]), "lost": f.count(j["jobs_lost"]),
                   "net": f.signed(j["net"]), "with_data": f.count(j["with_data"]),
                   "participants": f.count(j["participants"]), "day": on}
    lines.append(w("line.results.jobs", **jobs_values))
    growth = _an.sales_growth(p, day)
    growth_by = _an.sales_growth(p, day, by="kota")
    g = growth.iloc[0]
    quarter = _core.Quarter.parse(str(growth.attrs["quarter"]))
    growth_values = {"quarter": f.quarter(quarter), "before": f.quarter(quarter - 4),
                     "median": f.percent(g["median_growth"]),
                     "growing": f.percent(g["share_growing"]),
                     "falling": f.percent(g["share_falling"]),
                     "with_data": f.count(g["with_data"]), "from_zero": f.count(g["from_zero"]),
                     "participants": f.count(g["participants"])}
    lines.append(w("line.results.growth" if int(g["with_data"]) else "line.results.growth.none",
                   **growth_values))

    def by_kota(frame: pd.DataFrame, columns: list[tuple[str, str]], header: str) -> Table:
        out = [(w("col.kota"), frame["group"].map(names.short), "text"),
               (w("col.code"), frame["group"].astype(str), "text")]
        out += [(label, frame[c], kind) for (c, kind), label in
                zip(columns, w(header).split("|"))]
        return table(out, f)

    jobs_table = by_kota(jobs_by, [("participants", "count"), ("with_data", "count"),
                                   ("baseline_employees", "count"), ("employees_now", "count"),
                                   ("jobs_created", "count"), ("jobs_lost", "count"),
                                   ("net", "signed")], "results.jobs.columns")
    growth_table = by_kota(growth_by, [("participants", "count"), ("with_data", "count"),
                                       ("median_growth", "percent"),
                                       ("share_growing", "percent"),
                                       ("share_falling", "percent")], "results.growth.columns")
    text = {"counting": w("results.counting", kinds=ctx.kinds),
            "new": w("results.new.note", day=on, participants=f.count(ne["participants"])),
            "naik_title": w("results.naik.title", start=a, end=b),
            "naik": w("results.naik.note", law=law_text, **naik),
            "jobs": w("results.jobs.note", **jobs_values),
            "growth": w("results.growth.note" if int(g["with_data"])
                        else "results.growth.note.none", **growth_values)}
    return Part({"text": text, "rules": rules, "matrix": table(cols, f),
                 "jobs_table": jobs_table, "growth_table": growth_table}, lines)


@section("glossary")
def _glossary(ctx: Context) -> Part:
    w = ctx.w
    r = w.rules
    values = {"starting": r.starting_below_months, "stalled": r.stalled_from_months,
              "window": w.f.count(_core.run_rate_window_days),
              "grace": w.f.count(ctx.shared.monitoring.grace_days)}
    return Part({"terms": [(w(f"term.{t}"), w(f"gloss.{t}", **values)) for t in GLOSSARY]})
