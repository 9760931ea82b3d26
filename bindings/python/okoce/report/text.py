"""The report's words, read from gettext catalogues: ``locale/<lang>/LC_MESSAGES/okoce-report``.

Message ids are keys (``card.registered``), and every language, English included, has its own
catalogue, so a third language is one more ``.po`` file translated from ``en.po``. Messages
are ``str.format`` patterns whose values arrive already formatted (see :mod:`.format`); the
rule thresholds in them are the library's own (``PhaseRules``), never repeated here.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from .. import _core
from .format import Formats

DOMAIN = "okoce-report"
LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LANG = "id"  # the office works in Bahasa Indonesia


def languages() -> tuple[str, ...]:
    """The languages that have a compiled catalogue, the default first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return tuple(sorted(found, key=lambda lang: lang != DEFAULT_LANG))


class Words:
    """The report's wording in one language; ``lang`` is also the Babel locale."""

    def __init__(self, lang: str, rules: _core.PhaseRules | None = None) -> None:
        if lang not in languages():
            raise ValueError(f"lang: expected one of {', '.join(languages())}; got {lang!r}")
        self.lang = lang
        self._catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
        self.rules = rules or _core.PhaseRules()
        # Babel's Indonesian quarter is "Kuartal ke-3"; the office writes "Triwulan III", so the
        # quarter's pattern is a catalogue entry.
        self.f = Formats(lang, self("format.quarter"))

    def __call__(self, key: str, **values: object) -> str:
        text = self._catalogue.gettext(key)
        if text == key:
            raise KeyError(f"report text {key!r} is missing from the {self.lang} catalogue")
        return text.format(**values) if values else text

    def step(self, code: str) -> str:
        s = _core.Step(code)
        return self("label.step", code=code, label_id=s.label_id, label_en=s.label_en)

    def phase(self, value: str) -> str:
        if value == "(absent)":
            return self("phase.absent")
        p = _core.Phase(value)
        return self("label.phase", label_id=p.label_id, label_en=p.label_en)

    def rule(self, value: str) -> str:
        """The phase rule in words, with the thresholds the library's rules use."""
        r = self.rules
        bp = r.growth_threshold_bp  # basis points: 1000 is 10%
        growth = self.f.percent(bp / 10_000, digits=0 if bp % 100 == 0 else 2)
        return self(f"rule.{_core.PhaseRule(value).value}", starting=r.starting_below_months,
                    stalled=r.stalled_from_months, growth=growth)

    def demand(self, rule: str) -> str:
        """Who needs a mentor under the assignment's demand rule, in words."""
        return self(f"demand.{rule}")

    def metric(self, value: str) -> str:
        if value in ("registered", "licensed"):
            return self(f"metric.{value}")
        return self.step(value)
