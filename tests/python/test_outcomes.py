"""Outcome measures (okoce/outcomes.hpp) against pandas: each table recomputed from the
programme's own tables (participants, reports, licences, steps) of a small synthetic programme,
the way an analyst would write it, without reading any okoce figure. The exact merges over parts
and on Dask are in test_partials.py and test_partitioned.py; hand-worked cases in
tests/unit-outcomes.cpp."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import okoce

START = pd.Timestamp("2020-12-31")
AS_OF = pd.Timestamp("2022-06-30")
# Annual turnover limits (inclusive) of micro, small, medium: UU 20/2008 art. 6 and
# PP 7/2021 art. 35, in rupiah.
LIMITS = {"UU 20/2008": (300e6, 2.5e9, 50e9), "PP 7/2021": (2e9, 15e9, 50e9)}


@pytest.fixture(scope="module")
def prog() -> okoce.Programme:
    return okoce.synth.jakarta(seed=11, scale=0.03, until=dt.date(2022, 10, 31))


@pytest.fixture(scope="module")
def tables(prog: okoce.Programme) -> dict[str, pd.DataFrame]:
    people = prog.participants()
    reports = prog.reports()
    q = pd.PeriodIndex(reports["quarter"].astype(str), freq="Q")
    reports = reports.assign(q=q.year * 4 + q.quarter - 1)
    return {"people": people, "reports": reports, "licences": prog.licences(),
            "steps": prog.steps()}


def qindex(day: pd.Timestamp) -> int:
    """The latest quarter ended on or before the day, as year * 4 + quarter - 1."""
    p = pd.Period(day, freq="Q")
    idx = p.year * 4 + p.quarter - 1
    return idx if day == p.end_time.normalize() else idx - 1


def size_classes(reports: pd.DataFrame, ids: pd.Index, day: pd.Timestamp, law: str,
                 annualise: bool) -> pd.Series:
    last = qindex(day)
    window = reports[(reports["q"] <= last) & (reports["q"] >= last - 3)]
    g = window.groupby("participant")["revenue"].agg(["sum", "count"])
    amount = g["sum"].where(g["count"] == 4)
    if annualise:
        amount = amount.fillna(g["sum"] * 4 // g["count"])
    micro, small, medium = LIMITS[law]
    size = pd.cut(amount, [-1, micro, small, medium, np.inf], labels=False)
    return size.reindex(ids).fillna(4).astype(int)


@pytest.mark.parametrize("regime,annualise", [("uu20_2008", False), ("pp7_2021", True),
                                              ("each_date", False), ("later", True)])
def test_naik_kelas(prog: okoce.Programme, tables: dict[str, pd.DataFrame], regime: str,
                    annualise: bool) -> None:
    people = tables["people"]
    people = people[people["registered_on"] <= START].set_index("id")
    laws = {"uu20_2008": ("UU 20/2008",) * 2, "pp7_2021": ("PP 7/2021",) * 2,
            "each_date": ("UU 20/2008", "PP 7/2021"), "later": ("PP 7/2021",) * 2}[regime]
    a = size_classes(tables["reports"], people.index, START, laws[0], annualise)
    b = size_classes(tables["reports"], people.index, AS_OF, laws[1], annualise)
    frame = pd.DataFrame({"kota": people["kota"].astype(str), "a": a, "b": b})
    known = (frame["a"] < 4) & (frame["b"] < 4)
    frame["move"] = np.where(~known, "unclassified",
                             np.where(frame["b"] > frame["a"], "up",
                                      np.where(frame["b"] < frame["a"], "down", "same")))
    want = frame.groupby("kota")["move"].value_counts().unstack(fill_value=0)
    got = okoce.naik_kelas(prog, START.date(), AS_OF.date(), regime=regime, by="kota",
                           turnover="annualise" if annualise else "four_quarters")
    assert got.law_start == laws[0] and got.law_end == laws[1]
    assert got.mixes_laws == (regime == "each_date")
    s = got.summary.set_index("group")
    for col in ("up", "down", "same", "unclassified"):
        expected = want[col] if col in want else 0
        assert (s[col] == pd.Series(expected, index=s.index)).all(), col
    assert (s["participants"] == frame.groupby("kota").size()).all()
    # Each participant's classes, and the matrix.
    per = got.participants.set_index("id")
    assert list(per.index) == sorted(people.index)
    assert (per["from"].cat.codes == a.loc[per.index]).all()
    assert (per["to"].cat.codes == b.loc[per.index]).all()
    m = got.matrix
    counts = frame.groupby(["kota", "a", "b"]).size()
    for (kota, x, y), n in counts.items():
        row = m[(m["group"] == kota) & (m["from"].cat.codes == x) & (m["to"].cat.codes == y)]
        assert int(row["count"].iloc[0]) == n
    assert m["count"].sum() == len(frame)
    assert (got.summary["up"].sum() + got.summary["down"].sum()) > 0 or regime != "uu20_2008"


def test_jobs(prog: okoce.Programme, tables: dict[str, pd.DataFrame]) -> None:
    people = tables["people"]
    people = people[people["registered_on"] <= AS_OF].set_index("id")
    r = tables["reports"].dropna(subset=["employees"])
    r = r.join(people[["registered_on"]], on="participant", how="inner")
    regq = pd.PeriodIndex(r["registered_on"], freq="Q")
    r = r.assign(regq=regq.year * 4 + regq.quarter - 1)
    base = (r[(r["q"] >= r["regq"]) & (r["q"] <= r["regq"] + 1)].sort_values("q")
            .groupby("participant").first())
    last = qindex(AS_OF)
    now = (r[(r["q"] <= last) & (r["q"] >= last - 3)].sort_values("q")
           .groupby("participant").last())
    both = base[["q", "employees"]].join(now[["q", "employees"]], lsuffix="_b", rsuffix="_n",
                                         how="inner")
    both = both[both["q_n"] > both["q_b"]]
    change = (both["employees_n"] - both["employees_b"]).astype(int)
    frame = pd.DataFrame({"kota": people.loc[both.index, "kota"].astype(str),
                          "created": change.clip(lower=0), "lost": (-change).clip(lower=0),
                          "base": both["employees_b"].astype(int),
                          "now": both["employees_n"].astype(int)})
    want = frame.groupby("kota").agg(with_data=("created", "size"), created=("created", "sum"),
                                     lost=("lost", "sum"), base=("base", "sum"),
                                     now=("now", "sum"))
    got = okoce.jobs(prog, AS_OF.date(), by="kota").set_index("group")
    want = want.reindex(got.index, fill_value=0)
    assert (got["with_data"] == want["with_data"]).all()
    assert (got["jobs_created"] == want["created"]).all()
    assert (got["jobs_lost"] == want["lost"]).all()
    assert (got["net"] == want["created"] - want["lost"]).all()
    assert (got["baseline_employees"] == want["base"]).all()
    assert (got["employees_now"] == want["now"]).all()
    assert (got["participants"] == people.groupby(people["kota"].astype(str)).size()).all()
    assert want["created"].sum() > 0 and want["lost"].sum() > 0


def test_sales_growth(prog: okoce.Programme, tables: dict[str, pd.DataFrame]) -> None:
    people = tables["people"]
    people = people[people["registered_on"] <= AS_OF].set_index("id")
    r = tables["reports"]
    r = r[r["participant"].isin(people.index)]
    last = qindex(AS_OF)
    now = r[r["q"] == last].set_index("participant")["revenue"]
    before = r[r["q"] == last - 4].set_index("participant")["revenue"]
    both = pd.concat([now.rename("now"), before.rename("before")], axis=1, join="inner")
    rated = both[both["before"] > 0]
    growth = (rated["now"] - rated["before"]) / rated["before"]
    sector = people["sector"].astype(str)
    frame = pd.DataFrame({"sector": sector.loc[rated.index], "g": growth})
    got = okoce.sales_growth(prog, AS_OF.date(), by="sector").set_index("group")
    assert got.attrs["quarter"] == str(pd.Period(AS_OF, freq="Q"))
    want = frame.groupby("sector")["g"]
    for s, g in want:
        assert got.loc[s, "with_data"] == len(g)
        assert got.loc[s, "median_growth"] == pytest.approx(g.median(), rel=1e-12)
        assert got.loc[s, "share_growing"] == pytest.approx((g > 0).mean())
        assert got.loc[s, "share_falling"] == pytest.approx((g < 0).mean())
    zero = (both["before"] == 0).groupby(sector.loc[both.index]).sum()
    assert (got["from_zero"] == zero.reindex(got.index, fill_value=0)).all()


def test_business_starts(prog: okoce.Programme, tables: dict[str, pd.DataFrame]) -> None:
    people = tables["people"]
    people = people[people["registered_on"] <= AS_OF].set_index("id")
    without = people[people["business_started_on"].isna()
                     | (people["business_started_on"] > people["registered_on"])]
    by_date = without["business_started_on"].where(without["business_started_on"] <= AS_OF)
    r = tables["reports"]
    r = r[(r["revenue"] > 0) & (r["q"] <= qindex(AS_OF)) & r["participant"].isin(without.index)]
    first_q = r.groupby("participant")["q"].min()
    first_day = pd.to_datetime(pd.DataFrame({"year": first_q // 4,
                                             "month": first_q % 4 * 3 + 1, "day": 1}))
    by_revenue = first_day.reindex(without.index)
    by_revenue = by_revenue.where(by_revenue.isna(),
                                  np.maximum(by_revenue, without["registered_on"]))
    start = pd.concat([by_date, by_revenue], axis=1).min(axis=1)
    days = (start - without["registered_on"]).dt.days
    got = okoce.business_starts(prog, AS_OF.date())
    assert got.loc[0, "participants"] == len(people)
    assert got.loc[0, "without_business"] == len(without)
    assert got.loc[0, "started"] == start.notna().sum()
    assert got.loc[0, "by_date"] == by_date.notna().sum()
    assert got.loc[0, "by_revenue_only"] == (by_date.isna() & by_revenue.notna()).sum()
    assert got.loc[0, "median_days_to_start"] == days.dropna().median()
    assert start.notna().sum() > 0


def licensed(tables: dict[str, pd.DataFrame], people: pd.DataFrame, kinds: list[str],
             as_of: pd.Timestamp) -> pd.Index:
    lic = tables["licences"].join(people[["registered_on"]], on="participant", how="inner")
    ok = (lic["kind"].astype(str).isin(kinds) & (lic["issued_on"] <= as_of)
          & (lic["valid_until"].isna() | ((lic["valid_until"] >= lic["registered_on"])
                                          & (lic["valid_until"] >= lic["issued_on"]))))
    return pd.Index(lic.loc[ok, "participant"].unique())


@pytest.mark.parametrize("as_of", [pd.Timestamp("2021-10-27"), AS_OF])
def test_new_entrepreneurs(prog: okoce.Programme, tables: dict[str, pd.DataFrame],
                           as_of: pd.Timestamp) -> None:
    people = tables["people"]
    people = people[people["registered_on"] <= as_of].set_index("id")
    okoce_rule = licensed(tables, people, ["IUMK", "SKU"], as_of)
    any_rule = licensed(tables, people, ["IUMK", "SKU", "NIB"], as_of)
    steps = tables["steps"]
    steps = steps[steps["participant"].isin(people.index) & (steps["completed_on"] <= as_of)]
    capital = pd.Index(steps.loc[steps["step"].astype(str) == "P7", "participant"].unique())
    r = tables["reports"]
    r = r[(r["q"] <= qindex(as_of)) & r["participant"].isin(people.index)]
    active = r[(r["revenue"] > 0) | (r["employees"].fillna(0) > 0)]["participant"].unique()
    verified = any_rule.union(pd.Index(active))
    mentored = set(steps.loc[steps["step"].astype(str) == "P3", "participant"])
    got = okoce.new_entrepreneurs(prog, as_of.date(), exposure="P3")
    assert got.attrs["comparison"].startswith("descriptive")
    for exposed in (False, True):
        ids = {i for i in people.index if (i in mentored) == exposed}
        row = got[got["exposed"] == exposed].iloc[0]
        assert row["participants"] == len(ids)
        assert row["licensed_okoce"] == len(ids & set(okoce_rule))
        assert row["licensed"] == len(ids & set(any_rule))
        assert row["capital"] == len(ids & set(capital))
        assert row["verified_in_business"] == len(ids & set(verified))
    assert len(okoce_rule) < len(any_rule)


def test_bad_options(prog: okoce.Programme) -> None:
    with pytest.raises(ValueError, match="regime"):
        okoce.naik_kelas(prog, "2020-12-31", "2021-12-31", regime="uu_20_2008")
    with pytest.raises(ValueError, match="turnover"):
        okoce.naik_kelas(prog, "2020-12-31", "2021-12-31", turnover="three")
    with pytest.raises(ValueError, match="exposure"):
        okoce.jobs(prog, "2021-12-31", exposure="P8")
    with pytest.raises(okoce.ArgumentError, match="end"):
        okoce.naik_kelas(prog, "2021-12-31", "2020-12-31")
    # The two-class form keeps working.
    assert okoce.naik_kelas(okoce.SizeClass.micro, okoce.SizeClass.small)


def test_licence_rule_is_selectable(prog: okoce.Programme,
                                    tables: dict[str, pd.DataFrame]) -> None:
    """``counting=`` wherever a licence is counted: OK OCE's 2018 rule (IUMK or SKU) against
    pandas' own first-licence dates, each result naming its rule, partials refusing to mix."""
    as_of = pd.Timestamp("2021-10-27")
    people = tables["people"]
    people = people[people["registered_on"] <= as_of].set_index("id")
    want = licensed(tables, people, ["IUMK", "SKU"], as_of)
    got = okoce.reached_dates(prog, as_of.date(), counting=["IUMK", "SKU"])
    assert got.attrs["milestone"] == "licensed (IUMK+SKU)"
    assert set(got.loc[got["reached_on"].notna(), "id"].astype(str)) == set(want)
    default = okoce.reached_dates(prog, as_of.date())
    assert default.attrs["milestone"] == "licensed"
    assert default["reached_on"].notna().sum() == len(licensed(tables, people,
                                                               ["IUMK", "SKU", "NIB"], as_of))
    c = okoce.cohorts(prog, as_of.date(), counting="IUMK,SKU")
    assert c.attrs["milestone"] == "licensed (IUMK+SKU)"
    t = okoce.time_to(prog, as_of.date(), counting=["IUMK", "SKU"])
    assert t.medians["n_events"].sum() == len(want)
    tp = okoce.target_progress(prog, as_of.date(), counting=["IUMK", "SKU"])
    assert tp.attrs["counting"] == "IUMK+SKU"
    a = okoce._core._time_to_partial(prog, as_of.date(), "licensed", "a_la_carte", "none",
                                     ["IUMK", "SKU"])
    b = okoce._core._time_to_partial(prog, as_of.date(), "licensed", "a_la_carte", "none", None)
    with pytest.raises(okoce.Error, match="milestone"):
        a.merge(b)
    with pytest.raises(ValueError, match="counting"):
        okoce.reached_dates(prog, as_of.date(), counting=["SIUP"])
