"""The quarterly programme report: a terminal summary and one self-contained HTML file.

``python3 -m okoce report [DATA] [--as-of DATE] [--out DIR] [--lang id|en] [--counting IUMK,SKU]``
runs it (see
:mod:`.cli`); :func:`build_report` is the same from Python. Every chart is a PNG embedded in
the HTML (base64), so the file can be mailed or opened offline, and every chart has a table
beside it with the same numbers. The office works in Bahasa Indonesia, so ``id`` is the default.

The package's parts: :mod:`.text` (the wording, from gettext catalogues), :mod:`.format`
(numbers, shares, dates and quarters through Babel), :mod:`.sections` (the registry of
sections, each turning the library's results into a template's values), :mod:`.html` (Jinja2
templates, autoescaped) and :mod:`.cli`. Every figure comes from the library; the report only
orders, draws and words them.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
from markupsafe import Markup

from .. import _core
from .html import render
from .sections import SECTIONS, Context, Names, Shared, cards, parse_counting
from .text import DEFAULT_LANG, Words, languages

__all__ = ["Report", "build_report", "default_as_of", "languages", "main", "progress_steps"]


@dataclass
class Report:
    """What :func:`build_report` produced: the summary lines and the HTML file's path."""

    summary: list[str]
    html_path: str
    sections: list[str] = field(default_factory=list)  # the headings, in order
    lang: str = DEFAULT_LANG


def default_as_of(programme: _core.Programme) -> _dt.date:
    """The last quarter end on or before the latest registration in the data."""
    reg = programme.participants()["registered_on"]
    if len(reg) == 0:
        return _dt.date.today()
    latest: _dt.date = pd.Timestamp(reg.max()).date()
    q = _core.Quarter.of(latest)
    return latest if latest == q.last_day() else q.previous().last_day()


def progress_steps() -> int:
    """How many times :func:`build_report` calls ``progress``: the headline, then each section."""
    return 1 + len(SECTIONS)


def build_report(programme: _core.Programme, as_of: _dt.date | None = None,
                 out_dir: str = "okoce-report", source: str = "",
                 progress: Callable[[str], None] | None = None,
                 lang: str = DEFAULT_LANG, counting: str | list[str] | None = None) -> Report:
    """Computes every section as of ``as_of`` and writes ``<out_dir>/report-<as_of>-<lang>.html``.

    ``as_of`` defaults to :func:`default_as_of`. ``lang`` is one of :func:`languages` ("id",
    Bahasa Indonesia, the default, or "en"). ``progress`` is called with each step's title
    before it is computed (the command line passes a tqdm bar).

    ``counting``: the licence kinds "licensed" counts in the cards, targets and time to
    licence ("IUMK,SKU" or ["IUMK", "SKU"]: OK OCE's 2018 rule; None: IUMK, SKU or NIB); every
    figure of a licence names the rule. A kind the library does not know raises
    okoce.ValidationError.
    """
    w = Words(lang)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    day = as_of if as_of is not None else default_as_of(programme)
    step = progress or (lambda _title: None)
    step(w("card.registered"))
    kinds = parse_counting(counting) if isinstance(counting, str) else (
        None if counting is None else parse_counting(",".join(counting)))
    ctx = Context(programme, day, w, Names(programme), Shared.compute(programme, day, kinds),
                  plt, kinds)
    headline, summary = cards(ctx)
    summary = [w("title", day=w.f.date(day)),
               w("data", source=source or "-", n=w.f.count(programme.participant_count)),
               *summary]
    shown = []
    for s in SECTIONS:
        title = s.title(w)
        step(title)
        part = s.build(ctx)
        summary.extend(part.lines)
        body = Markup(render(f"sections/{s.key}.html", _=w, p=part.values))
        shown.append({"key": s.key, "title": title, "body": body})
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"report-{day}-{lang}.html")
    page = render("page.html", _=w, lang=lang, title=summary[0], cards=headline,
                  sections=shown)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(page)
    return Report(summary, path, [s["title"] for s in shown], lang)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python3 -m okoce report``."""
    from .cli import main as run

    return run(argv)
