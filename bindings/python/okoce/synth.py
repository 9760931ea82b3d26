"""Synthetic programmes for teaching, tests and benchmarks.

``jakarta(seed=2017, scale=1.0, until=date(2022, 10, 31))`` makes a DKI Jakarta programme whose
records are all invented, calibrated to the published OK OCE / JakPreneur figures. At
``scale=1.0`` it holds 332,279 participants and about 2.2 million quarterly reports, and its
2021-10-27 funnel is JakPreneur's published one; the mentors (4 office, 4 PJLP group mentors
and 3 community mentors per kecamatan), communities and regions do not shrink with ``scale``.
Kota and sectors have their own training and licensing rates around the Jakarta totals; see
``help(okoce.synth.jakarta)``. ``truth()`` gives the true effects of training and mentoring
built into it (for tests and lessons; the impact analysis estimates them).

``indonesia(seed=2017, scale=1.0, path=...)`` writes a national programme, one partition per
province (scale 1 is 65 million participants spread by kab/kota population), and returns it
opened as an ``okoce.Dataset``; ``indonesia_province`` makes one of its partitions in memory.
"""

from ._core.synth import indonesia, indonesia_province, jakarta, truth

__all__ = ["indonesia", "indonesia_province", "jakarta", "truth"]
