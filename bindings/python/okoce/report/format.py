"""Numbers, shares, dates and quarters in the reader's conventions, through Babel.

One :class:`Formats` serves the cards, the tables, the summary lines and the chart axes, so a
figure reads the same everywhere: ``1.234.567``, ``56,4%`` and ``30 September 2022`` in
Indonesian. Counts of people and of days are whole numbers; shares are percentages.
"""

from __future__ import annotations

import copy
import datetime as _dt
import math
from typing import Any

import pandas as pd
from babel import Locale
from babel.dates import format_date

from .. import _core

_ROMAN = ("I", "II", "III", "IV")


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


class Formats:
    """Formatting in one Babel locale; ``quarter_pattern`` names a quarter, with ``{number}``,
    ``{roman}`` and ``{year}`` (a catalogue entry, see text.Words)."""

    def __init__(self, lang: str, quarter_pattern: str) -> None:
        self.locale = Locale.parse(lang)
        self.quarter_pattern = quarter_pattern

    def _number(self, pattern: Any, value: float, digits: int) -> str:
        # The locale's own pattern (grouping, symbols, where the % goes) with a fixed number of
        # decimals.
        p = copy.copy(pattern)
        p.frac_prec = (digits, digits)
        return str(p.apply(value, self.locale))

    def count(self, value: Any) -> str:
        """A whole number, rounded: people, days, rupiah. Missing is empty."""
        if _missing(value):
            return ""
        return self._number(self.locale.decimal_formats[None], round(float(value)), 0)

    def decimal(self, value: Any, digits: int = 1) -> str:
        if _missing(value):
            return ""
        return self._number(self.locale.decimal_formats[None], float(value), digits)

    def signed(self, value: Any) -> str:
        """A whole number with its sign, for a gap: +1.234 or -1.234."""
        if _missing(value):
            return ""
        v = round(float(value))
        return ("+" if v > 0 else "-" if v < 0 else "") + self.count(abs(v))

    def percent(self, share: Any, digits: int = 1) -> str:
        """A share (0.564) as a percentage (56,4%)."""
        if _missing(share) or math.isinf(float(share)):
            return ""
        return self._number(self.locale.percent_formats[None], float(share), digits)

    def date(self, value: Any) -> str:
        if _missing(value):
            return ""
        return str(format_date(pd.Timestamp(value).date(), "long", locale=self.locale))

    def month(self, value: Any) -> str:
        """A month for a chart axis: Sep 2022."""
        return str(format_date(pd.Timestamp(value).date(), "MMM y", locale=self.locale))

    def quarter(self, value: _core.Quarter | str) -> str:
        q = value if isinstance(value, _core.Quarter) else _core.Quarter.parse(str(value))
        return self.quarter_pattern.format(number=q.number, roman=_ROMAN[q.number - 1],
                                           year=q.year)

    def quarter_of(self, day: _dt.date) -> str:
        return self.quarter(_core.Quarter.of(day))
