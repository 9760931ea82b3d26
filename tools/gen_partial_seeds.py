"""Writes tests/fuzz/corpus/partials/: one seed per partial kind, the kind's index (as
fuzz_partials.cpp numbers them) followed by the bytes of a partial made on a small synthetic
programme; and one pair per kind, the index, the first partial's length (4 bytes little-endian),
its bytes and a second partial's (of another programme), which the target merges. Run with the built module: PYTHONPATH=build/python /usr/bin/python3 tools/gen_partial_seeds.py"""

import datetime as dt
import pathlib

import okoce
from okoce import _core

AS_OF = dt.date(2019, 12, 31)
p = okoce.synth.jakarta(seed=3, scale=0.002, until=dt.date(2020, 6, 30))


def partials(p: okoce.Programme) -> list:
    return [
        _core._funnel_partial(p, AS_OF, "sequential", "kota"),
        _core._cohorts_partial(p, AS_OF, "licensed", "a_la_carte", 4),
        _core._compliance_summary_partial(p, AS_OF, "kota", 30),
        _core._overdue_partial(p, AS_OF, "kecamatan", 30),
        _core._exited_missing_partial(p, AS_OF, 30),
        _core._target_progress_partial(p, AS_OF, "a_la_carte"),
        _core._phase_mix_partial(p, AS_OF, "sector"),
        _core._phase_history_partial(p, "2019Q1", "2019Q4"),
        _core._time_to_partial(p, AS_OF, "licensed", "a_la_carte", "kota"),
        _core._naik_kelas_partial(p, dt.date(2018, 12, 31), AS_OF, "each_date", "kota",
                                  "annualise", ["P3"]),
        _core._jobs_partial(p, AS_OF, "kota", []),
        _core._sales_growth_partial(p, AS_OF, "kota", ["P2"]),
        _core._business_starts_partial(p, AS_OF, "none", []),
        _core._new_entrepreneurs_partial(p, AS_OF, "kota", ["P3"]),
    ]


out = pathlib.Path(__file__).resolve().parent.parent / "tests/fuzz/corpus/partials"
out.mkdir(parents=True, exist_ok=True)
other = okoce.synth.jakarta(seed=4, scale=0.002, until=dt.date(2020, 6, 30))
for k, (part, second) in enumerate(zip(partials(p), partials(other))):
    (out / f"{type(part).__name__}.bin").write_bytes(bytes([k]) + part.to_bytes())
    first = part.to_bytes()
    (out / f"pair-{type(part).__name__}.bin").write_bytes(
        bytes([k]) + len(first).to_bytes(4, "little") + first + second.to_bytes())
