"""A short analysis as an analyst would write it; ctest type-checks it with mypy --strict
against okoce's stubs and runs it.

It makes a small synthetic Jakarta, counts the step funnel per kota under both step policies'
simplest reading, looks at revenue by sector, and asks the phase rules about one participant.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

import okoce


def funnel_by_kota(programme: okoce.Programme) -> pd.DataFrame:
    """Participants who completed each step, per kota (a-la-carte reading: each step alone)."""
    people = programme.participants()
    steps = programme.steps()
    kota = people["kelurahan"].astype(str).str.slice(0, 5)
    steps = steps.merge(people[["id"]].assign(kota=kota), left_on="participant", right_on="id")
    firsts = steps.drop_duplicates(["participant", "step"])
    return firsts.pivot_table(index="kota", columns="step", values="participant",
                              aggfunc="count", observed=False)


def revenue_by_sector(programme: okoce.Programme, quarter: okoce.Quarter) -> pd.Series:
    """Median quarterly revenue per sector in one quarter, in whole rupiah."""
    reports = programme.reports()
    people = programme.participants()
    in_quarter = reports[reports["quarter"] == pd.Period(str(quarter), freq="Q")]
    sector = in_quarter["participant"].map(people.set_index("id")["sector"]).to_numpy()
    return in_quarter.groupby(sector)["revenue"].median()


def phase_of_first(programme: okoce.Programme, as_of: dt.date) -> okoce.PhaseVerdict:
    """The phase verdict for the first participant with at least five reports."""
    reports = programme.reports()
    counts = reports["participant"].value_counts()
    pid = str(counts[counts >= 5].index[0])
    mine = reports[reports["participant"] == pid]
    quarters = [okoce.Quarter.parse(str(q)) for q in mine["quarter"]]
    revenue = [int(r) for r in mine["revenue"]]
    started = programme.participant(pid).business_started_on
    return okoce.classify_phase(started, as_of, quarters, revenue, rules=okoce.PhaseRules())


def main() -> None:
    as_of = dt.date(2021, 12, 31)
    programme = okoce.synth.jakarta(seed=2017, scale=0.01, until=as_of)
    print(programme)
    print(funnel_by_kota(programme))
    last = okoce.Quarter.of(as_of).previous()
    medians = revenue_by_sector(programme, last)
    for code, median in medians.items():
        print(f"{okoce.Sector(code).label_en:>20}: {okoce.format_rupiah(int(median))}")
    verdict = phase_of_first(programme, as_of)
    print(verdict, "-", verdict.rule.describe())
    print("next step:", okoce.next_step(verdict.phase, [okoce.Step.p1], licensed=False))
    size = okoce.size_class(as_of, turnover=4 * int(medians.max()))
    print("size of a business at four times the best median:", size.size.value, size.regime.value)


if __name__ == "__main__":
    main()
