"""The quarterly programme report: a terminal summary and one self-contained HTML file.

``python3 -m okoce report [DATA] [--as-of DATE] [--out DIR]`` runs it; :func:`build_report`
is the same from Python. Every chart is a PNG embedded in the HTML (base64), so the file can be
mailed or opened offline; every chart has a table beside it with the same numbers.

Every figure comes from the library (first-licensed and registration dates from
``reached_dates``, the funnel, the phase mix, the mentoring demand); this module only draws and
words them, and each summary line says what it counts: registration is P1, "licensed" is a
counting licence (IUMK/SKU/NIB) issued by the date, the funnel's P4 is the recorded P4 step
under the sequential policy, and mentoring demand names its rule.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import _core
from . import analysis as _an

# Step labels as the programme writes them, with the English beside.
STEP_LABELS = {
    "P1": "P1 Pendaftaran (registration)",
    "P2": "P2 Pelatihan (training)",
    "P3": "P3 Pendampingan (mentoring)",
    "P4": "P4 Perizinan (licensing)",
    "P5": "P5 Pemasaran (marketing)",
    "P6": "P6 Pelaporan Keuangan (financial reporting)",
    "P7": "P7 Permodalan (capital access)",
}
# How the headline "licensed" is counted (reached_dates' "licensed" milestone, the library
# default licence counting).
_LICENSED_RULE = "first licensed: an IUMK/SKU/NIB licence issued by then, counted from registration"


@dataclass
class Report:
    """What :func:`build_report` produced: the summary lines and the HTML file's path."""

    summary: list[str]
    html_path: str
    sections: list[str] = field(default_factory=list)


def default_as_of(programme: _core.Programme) -> _dt.date:
    """The last quarter end on or before the latest registration in the data."""
    reg = programme.participants()["registered_on"]
    if len(reg) == 0:
        return _dt.date.today()
    latest = pd.Timestamp(reg.max()).date()
    q = _core.Quarter.of(latest)
    return latest if latest == q.last_day() else q.previous().last_day()


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return ('<img alt="chart" src="data:image/png;base64,'
            + base64.b64encode(buf.getvalue()).decode("ascii") + '">')


def _table(frame: pd.DataFrame, max_rows: int = 60) -> str:
    shown = frame.head(max_rows)
    out = shown.to_html(index=False, float_format=lambda v: f"{v:,.3f}", na_rep="",
                        border=0, classes="t")
    if len(frame) > max_rows:
        out += f"<p class='note'>First {max_rows} of {len(frame):,} rows.</p>"
    return out


def _kota_names(programme: _core.Programme) -> dict[str, str]:
    regions = programme.regions()
    names = dict(zip(regions["code"].astype(str), regions["name"].astype(str)))
    return {c: n.replace("Kota Administrasi ", "").replace("Kabupaten Administrasi ", "")
            for c, n in names.items()}


# --- sections -------------------------------------------------------------------------------

def _registrations(p: _core.Programme, as_of: _dt.date, plt: Any) -> tuple[str, list[str]]:
    # Registration is P1: the P1 dates are the registration curve.
    reg = _an.reached_dates(p, as_of, "P1")["reached_on"].dropna()
    monthly = reg.dt.to_period("M").value_counts().sort_index().cumsum()
    first = _an.reached_dates(p, as_of, "licensed")["reached_on"].dropna()
    licensed = first.dt.to_period("M").value_counts().sort_index().cumsum()
    registered = int(_an.funnel(p, as_of)["P1"].iloc[0])

    progress = _an.target_progress(p, as_of)
    fig, ax = plt.subplots(figsize=(9, 4))
    if len(monthly):
        ax.plot(monthly.index.to_timestamp(), monthly.values, label="registered (P1)")
    if len(licensed):
        ax.plot(licensed.index.to_timestamp(), licensed.values,
                label="first licensed (IUMK/SKU/NIB)")
    # The current province-wide registration target: its straight-line schedule and the
    # projection at the last 90 days' rate.
    current = progress[(progress["metric"].astype(str) == "registered")
                       & (pd.to_datetime(progress["start"]) <= pd.Timestamp(as_of))]
    if len(current):
        t = current.iloc[-1]
        start, end = pd.Timestamp(t["start"]), pd.Timestamp(t["end"])
        base = int((reg < start).sum())
        ax.plot([start, end], [base, base + int(t["value"])], "--", color="grey",
                label=f"target {t['id']} ({int(t['value']):,})")
        ax.plot([pd.Timestamp(as_of), end], [base + int(t["actual"]),
                                             base + float(t["projected"])], ":",
                color="black", label="projection at the 90-day rate")
    ax.set_ylabel("participants (cumulative)")
    ax.set_title(f"Registrations and licences up to {as_of}")
    ax.legend(loc="upper left")
    cols = ["id", "metric", "region", "start", "end", "value", "actual", "expected", "gap",
            "run_rate_per_day", "projected", "projected_reach_on"]
    shown = progress[[c for c in cols if c in progress.columns]]
    # Only targets whose period has begun are worth a line in the table.
    shown = shown[pd.to_datetime(shown["start"]) <= pd.Timestamp(as_of)]
    lines = [f"registered by {as_of} (registration is P1): {registered:,}; "
             f"{len(first):,} {_LICENSED_RULE}"]
    if len(current):
        t = current.iloc[-1]
        lines.append(f"target {t['id']}: {int(t['actual']):,} of {int(t['value']):,} "
                     f"(expected {float(t['expected']):,.0f} by now; projected "
                     f"{float(t['projected']):,.0f} at the period end)")
    body = _png(fig) + "<h3>Targets</h3>" + _table(shown.sort_values("gap").reset_index(drop=True))
    return body, lines


def _funnel(p: _core.Programme, as_of: _dt.date, plt: Any,
            names: dict[str, str]) -> tuple[str, list[str]]:
    parts = []
    lines = []
    for policy in ("sequential", "a_la_carte"):
        f = _an.funnel(p, as_of, policy=policy, by="kota")
        f.insert(1, "kota", f["group"].map(names).fillna(f["group"]))
        parts.append((policy, f))
    fig, axes = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
    for ax, (policy, f) in zip(axes, parts):
        steps = list(STEP_LABELS)
        x = np.arange(len(steps))
        width = 0.8 / max(len(f), 1)
        for k, (_, row) in enumerate(f.iterrows()):
            ax.bar(x + k * width, [max(int(row[s]), 0) for s in steps], width, label=row["kota"])
        ax.set_xticks(x + 0.4 - width / 2, steps)
        ax.set_yscale("log")
        ax.set_title(f"{policy.replace('_', '-')} policy")
    axes[0].set_ylabel("participants (log scale)")
    axes[1].legend(fontsize=7)
    total = parts[0][1][list(STEP_LABELS)].clip(lower=0).sum()
    lines.append("funnel P1..P7 (sequential policy: a step counts once the steps before it are "
                 "done; P1 is registration, P4 is the recorded P4 step, not the licence): "
                 + " / ".join(f"{int(total[s]):,}" for s in STEP_LABELS))
    body = _png(fig) + "<p>" + "; ".join(STEP_LABELS.values()) + ".</p>"
    for policy, f in parts:
        body += f"<h3>{policy.replace('_', '-')} policy</h3>" + _table(f.drop(columns=["group"]))
    return body, lines


def _phases(p: _core.Programme, as_of: _dt.date, plt: Any) -> tuple[str, list[str]]:
    ph = _an.phases(p, as_of)
    ph = ph[ph["active"]]
    mix = _an.phase_mix(p, as_of).iloc[0][["starting", "mid_stage", "stalled"]]
    end = _core.Quarter.of(as_of)
    if end.last_day() != as_of:
        end = end.previous()
    hist = _an.phase_history(p, end - 4, end)
    moves = hist.transitions
    last = moves[moves["to_quarter"].astype(str) == str(end)]
    matrix = last.pivot_table(index="from", columns="to", values="count", aggfunc="sum",
                              fill_value=0)
    per_q = hist.phases.groupby(["quarter", "phase"], observed=True).size().unstack(fill_value=0)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    axes[0].bar(mix.index.astype(str), mix.values, color=["#4c72b0", "#55a868", "#c44e52"])
    axes[0].set_title(f"Phase mix on {as_of} (active participants)")
    per_q.index = per_q.index.astype(str)
    per_q.plot(kind="bar", stacked=True, ax=axes[1], rot=0)
    axes[1].set_title("Phase at each quarter end")
    lines = ["phases of the active participants: "
             + ", ".join(f"{k} {int(v):,}" for k, v in mix.items())]
    rules = ph["rule"].astype(str).value_counts().rename_axis("rule").reset_index(name="count")
    body = (_png(fig) + "<h3>Deciding rules</h3>" + _table(rules)
            + f"<h3>Moves between phases into {end}</h3>"
            + _table(matrix.reset_index()))
    return body, lines


def _time_to_licence(p: _core.Programme, as_of: _dt.date, plt: Any,
                     names: dict[str, str]) -> tuple[str, list[str]]:
    km = _an.time_to(p, as_of, milestone="licensed", by="kota")
    fig, ax = plt.subplots(figsize=(9, 4))
    for group, curve in km.curves.groupby("group", sort=True):
        ax.step(curve["time"] / 30.4375, 1 - curve["survival"], where="post",
                label=names.get(str(group), str(group)))
    ax.set_xlabel("months since registration")
    ax.set_ylabel("share licensed (1 - S)")
    ax.set_title("Time from registration to licence (Kaplan-Meier)")
    ax.legend(fontsize=7)
    med = km.medians.copy()
    med.insert(1, "kota", med["group"].map(names).fillna(med["group"]))
    # Where the median is NaN, the shares by 12 and 24 months and the restricted mean (all from
    # the library) are the figures that exist.
    shares = km.reached.pivot(index="group", columns="months", values="share")
    for months in (12.0, 24.0):
        if months in shares.columns:
            med[f"licensed by {months:g} months"] = med["group"].map(shares[months])
    rmst = km.restricted_mean.set_index("group")
    med["mean days unlicensed of first 24 months"] = med["group"].map(rmst["mean_days"])
    note = ""
    if med["median"].isna().any():
        note = ("<p>A median of NaN means fewer than half of that kota were licensed within the "
                "time observed, so the Kaplan-Meier curve never falls to one half; the share "
                "licensed by 12 and 24 months after registration (a month is 30.4375 days) and "
                "the mean days spent unlicensed within the first 24 months are given "
                "instead.</p>")
    lines = [_time_to_line(_an.time_to(p, as_of, milestone="licensed"))]
    return _png(fig) + note + _table(med.drop(columns=["group"])), lines


def _time_to_line(km: Any) -> str:
    """One summary line for the whole programme: the median if it exists, else why not and
    the shares and restricted mean that do."""
    head = "time to licence (IUMK/SKU/NIB, from registration): "
    median = km.medians["median"].iloc[0]
    if not pd.isna(median):
        return head + f"median {median:g} days"
    shares = km.reached.set_index("months")["share"]
    r = km.restricted_mean.iloc[0]
    # NaN: nobody has been in the programme that long yet.
    parts = [f"{shares[m]:.1%} licensed by {m:g} months" if not pd.isna(shares[m])
             else f"nobody followed {m:g} months yet" for m in shares.index if m in (12.0, 24.0)]
    parts.append(f"on average {r['mean_days']:.0f} of the first {r['horizon_days']:g} days "
                 "spent unlicensed" if not pd.isna(r["mean_days"]) else
                 f"no mean time to licence within {r['horizon_months']:g} months yet")
    return (head + "no median (fewer than half are licensed within the time observed); "
            + "; ".join(parts))


def _mentors(p: _core.Programme, as_of: _dt.date, plt: Any) -> tuple[str, list[str]]:
    result = _an.assign_mentors(p, as_of)
    short = result.shortfall.sort_values("shortfall", ascending=False)
    fig, ax = plt.subplots(figsize=(12, 4))
    key = short.columns[0]
    ax.bar(short[key].astype(str), short["shortfall"])
    ax.set_title("Mentor places short per kecamatan (after assignment)")
    ax.tick_params(axis="x", labelrotation=90, labelsize=6)
    lines = [f"mentors: {result.demand_count:,} {result.demand_description} "
             f"(demand rule {result.demand}; {result.active_without_pair:,} active participants "
             f"have no mentor): {len(result.pairs):,} new pairs (total cost "
             f"{result.total_cost:,}), {len(result.unassigned):,} left without a mentor, "
             f"{int(short['additional_mentors'].sum()):,} more mentors would close the gap"]
    body = (_png(fig) + "<h3>Shortfall per kecamatan</h3>"
            + f"<p class='note'>demand: {html.escape(result.demand_description)} and without a "
            f"mentor (rule {html.escape(result.demand)}), counted where they live.</p>"
            + _table(short)
            + "<h3>Mentor caseloads</h3>"
            + _table(result.caseloads.sort_values(result.caseloads.columns[0])))
    return body, lines


def _monitoring(p: _core.Programme, as_of: _dt.date, plt: Any) -> tuple[str, list[str]]:
    mon = _an.monitoring(p, as_of, by="kecamatan")
    grace = mon.grace_days
    s = mon.summary.sort_values("on_time_rate")
    fig, ax = plt.subplots(figsize=(12, 4))
    ax.bar(s[s.columns[0]].astype(str), s["on_time_rate"])
    ax.set_ylim(0, 1)
    ax.set_title(f"Quarterly reports received on time (within {grace} days grace) / owed, "
                 "per kecamatan")
    ax.tick_params(axis="x", labelrotation=90, labelsize=6)
    expected = int(s["expected"].sum())
    received = int(s["received"].sum())
    on_time = int(s["received_on_time"].sum())
    if expected:
        lines = [f"monitoring: {received:,} of {expected:,} quarterly reports owed were received "
                 f"({received / expected:.1%}), {on_time:,} on time within {grace} days grace "
                 f"({on_time / expected:.1%}); {len(mon.overdue_by_kecamatan):,} active "
                 f"participants overdue, {mon.exited_with_missing:,} exited with reports missing"]
    else:
        lines = [f"monitoring: no reports due yet (a report is due {grace} days after its "
                 "quarter ends)"]
    body = (_png(fig) + _table(s) + "<h3>Overdue active participants, by kecamatan (counts)</h3>"
            + _table(mon.overdue_by_kecamatan.groupby(mon.overdue_by_kecamatan.columns[0])
                     .size().rename("overdue").reset_index()
                     if len(mon.overdue_by_kecamatan) else pd.DataFrame()))
    return body, lines


_CSS = """body{font-family:sans-serif;max-width:1200px;margin:auto;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2em} table.t{border-collapse:collapse;font-size:12px}
table.t td,table.t th{padding:2px 8px;border-bottom:1px solid #eee;text-align:right}
.note{color:#666;font-size:12px} img{max-width:100%}"""


def build_report(programme: _core.Programme, as_of: _dt.date | None = None,
                 out_dir: str = "okoce-report", source: str = "",
                 progress: Callable[[str], None] | None = None) -> Report:
    """Computes every section as of ``as_of`` and writes ``<out_dir>/report-<as_of>.html``.

    ``as_of`` defaults to :func:`default_as_of`. ``progress`` is called with each section's
    title before it is computed (the command line passes a tqdm bar).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    day = as_of if as_of is not None else default_as_of(programme)
    names = _kota_names(programme)
    sections: list[tuple[str, Callable[[], tuple[str, list[str]]]]] = [
        ("Registrations and licences against targets", lambda: _registrations(programme, day, plt)),
        ("The seven-step funnel by kota (7 PAS)", lambda: _funnel(programme, day, plt, names)),
        ("Phases and the moves between them", lambda: _phases(programme, day, plt)),
        ("Time to licence by kota", lambda: _time_to_licence(programme, day, plt, names)),
        ("Mentor caseloads and shortfall", lambda: _mentors(programme, day, plt)),
        ("Monitoring compliance per kecamatan", lambda: _monitoring(programme, day, plt)),
    ]
    summary = [f"okoce programme report as of {day}" + (f" ({source})" if source else ""),
               f"participants in the data: {programme.participant_count:,}"]
    body = []
    for title, make in sections:
        if progress:
            progress(title)
        content, lines = make()
        summary.extend(lines)
        body.append(f"<h2>{html.escape(title)}</h2>{content}")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"report-{day}.html")
    doc = (f"<!doctype html><html><head><meta charset='utf-8'><title>okoce report {day}"
           f"</title><style>{_CSS}</style></head><body><h1>Programme report as of {day}</h1>"
           + "<pre>" + html.escape("\n".join(summary)) + "</pre>" + "".join(body)
           + "</body></html>")
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)
    return Report(summary, path, [t for t, _ in sections])


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python3 -m okoce report``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python3 -m okoce report",
                                     description="Quarterly programme report (HTML + summary).")
    parser.add_argument("data", nargs="?", help="CSV folder or SQLite file; default: the "
                        "built-in synthetic Jakarta programme")
    parser.add_argument("--as-of", help="YYYY-MM-DD; default: the last quarter end in the data")
    parser.add_argument("--out", default="okoce-report", help="output folder (default: %(default)s)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size of the built-in programme (1.0 = Jakarta, default)")
    parser.add_argument("--seed", type=int, default=2017, help="seed of the built-in programme")
    args = parser.parse_args(argv)
    try:
        as_of = None
        if args.as_of:
            try:
                as_of = _dt.date.fromisoformat(args.as_of)
            except ValueError:
                raise _core.ValidationError(f"--as-of: bad value '{args.as_of}'; expected a "
                                            "date YYYY-MM-DD") from None
        from tqdm import tqdm

        bar = tqdm(total=7, file=sys.stderr, disable=not sys.stderr.isatty(), unit="step")
        bar.set_description("loading")
        if args.data:
            programme = _core.load(args.data)
            source = args.data
        else:
            from . import synth

            until = as_of or _dt.date(2022, 10, 31)
            programme = synth.jakarta(seed=args.seed, scale=args.scale, until=until)
            source = f"synthetic Jakarta programme, seed {args.seed}, scale {args.scale}"
        bar.update()

        def step(title: str) -> None:
            bar.set_description(title[:40])
            bar.update()

        report = build_report(programme, as_of, args.out, source, step)
        bar.close()
    except (_core.Error, OSError) as e:
        print(f"okoce report: error: {e}", file=sys.stderr)
        return 2
    print("\n".join(report.summary))
    print(f"\nHTML report: {os.path.abspath(report.html_path)}")
    return 0
