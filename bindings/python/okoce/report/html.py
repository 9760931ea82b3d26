"""The HTML side: tables of formatted cells, charts as embedded PNGs, and the page rendered from
Jinja2 templates (``templates/``) with autoescape on, so no text of the data reaches the page
unescaped."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from typing import Any, Callable

import jinja2
import pandas as pd

from .format import Formats

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("okoce.report", "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)


@dataclass
class Table:
    """A table as the page shows it: headers, rows of formatted cells, which columns are numbers
    (right-aligned), and how many rows there were before ``max_rows`` cut it."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    total: int = 0
    total_text: str = ""  # the counts of the "first n of m rows" note, formatted
    shown_text: str = ""


# How a column's values are written: the name of a Formats method, or "text".
Column = tuple[str, Any, str]


def table(columns: list[Column], f: Formats, max_rows: int = 60) -> Table:
    """``columns`` are (header, values, kind): kind is "text", "count", "percent", "days",
    "decimal", "signed" or "date"."""
    write: dict[str, Callable[[Any], str]] = {
        "text": lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v),
        "count": f.count, "days": f.count, "percent": f.percent, "decimal": f.decimal,
        "signed": f.signed, "date": f.date}
    values = [list(v) for _, v, _ in columns]
    total = len(values[0]) if values else 0
    rows = [[write[kind](values[c][r]) for c, (_, _, kind) in enumerate(columns)]
            for r in range(min(total, max_rows))]
    numeric = [kind not in ("text", "date") for _, _, kind in columns]
    return Table([h for h, _, _ in columns], rows, numeric, total, f.count(total),
                 f.count(len(rows)))


def png(fig: Any, alt: str) -> dict[str, str]:
    """A matplotlib figure as an <img> the page embeds (base64), so the file works offline."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    plt.close(fig)
    return {"alt": alt, "src": "data:image/png;base64,"
            + base64.b64encode(buf.getvalue()).decode("ascii")}


@dataclass
class Part:
    """One section's content for its template, and its lines for the terminal summary."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)


def render(template: str, **values: Any) -> str:
    return _ENV.get_template(template).render(**values)
