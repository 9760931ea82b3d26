"""The analytics against the same quantities recomputed in pandas (and statsmodels for the
Kaplan-Meier estimate) from the programme's own tables, on a synthetic programme."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import okoce

AS_OF = dt.date(2021, 6, 30)
STEPS = [f"P{k}" for k in range(1, 8)]
COUNTED = {"IUMK", "SKU", "NIB"}  # the default licence counting (DESIGN.md section 3)


@pytest.fixture(scope="module")
def programme() -> okoce.Programme:
    return okoce.synth.jakarta(seed=11, scale=0.02)


@pytest.fixture(scope="module")
def people(programme: okoce.Programme) -> pd.DataFrame:
    p = programme.participants()
    out = pd.DataFrame({
        "id": p["id"].astype(str).to_numpy(),
        "kelurahan": p["kelurahan"].astype(str).to_numpy(),
        "registered_on": pd.to_datetime(p["registered_on"]).to_numpy(),
        "business_started_on": pd.to_datetime(p["business_started_on"]).to_numpy(),
        "exited_on": pd.to_datetime(p["exited_on"]).to_numpy(),
    })
    out["kota"] = out["kelurahan"].str.slice(0, 5)
    out["kecamatan"] = out["kelurahan"].str.slice(0, 8)
    return out


def registered_by(people: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    return people[people["registered_on"] <= pd.Timestamp(day)]


def step_dates(programme: okoce.Programme, people: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """First completion date of each step by `day`, registration standing for P1."""
    s = programme.steps()
    steps = pd.DataFrame({"id": s["participant"].astype(str).to_numpy(),
                          "step": s["step"].astype(str).to_numpy(),
                          "on": pd.to_datetime(s["completed_on"]).to_numpy()})
    steps = steps[steps["on"] <= pd.Timestamp(day)]
    wide = steps.groupby(["id", "step"])["on"].min().unstack()
    wide = wide.reindex(index=people["id"], columns=STEPS)
    reg = people.set_index("id")["registered_on"]
    wide["P1"] = pd.concat([wide["P1"], reg], axis=1).min(axis=1)
    return wide


def reached_steps(dates: pd.DataFrame, policy: str) -> pd.DataFrame:
    done = dates.notna()
    if policy == "sequential":
        return done.cumprod(axis=1).astype(bool)
    return done.apply(lambda col: col & done["P1"])


# --- funnel -----------------------------------------------------------------------------------

@pytest.mark.parametrize("policy", ["sequential", "a_la_carte"])
def test_funnel_by_kota_matches_pandas(programme, people, policy):
    reg = registered_by(people, AS_OF)
    done = reached_steps(step_dates(programme, reg, AS_OF), policy)
    done.index = reg["kota"].to_numpy()
    expected = done.groupby(level=0).sum().astype("int64")

    got = okoce.funnel(programme, AS_OF, policy=policy, by="kota").set_index("group")
    assert list(got.index) == sorted(expected.index)
    for s in STEPS:
        assert (got[s] == expected.loc[got.index, s]).all(), s
    # Conversion is each stage over the one before.
    with np.errstate(divide="ignore", invalid="ignore"):
        conv = expected["P4"] / expected["P3"]
    np.testing.assert_allclose(got["conv_P4"].to_numpy(), conv.loc[got.index].to_numpy())
    if policy == "sequential":
        assert (got[STEPS].diff(axis=1).iloc[:, 1:] <= 0).all().all()


def test_funnel_all_and_suppression(programme, people):
    reg = registered_by(people, AS_OF)
    total = okoce.funnel(programme, AS_OF, policy="a_la_carte")
    assert list(total["group"]) == ["all"]
    assert total["P1"].iloc[0] == len(reg)
    by_kec = okoce.funnel(programme, AS_OF, policy="a_la_carte", by="kecamatan")
    sup = okoce.funnel(programme, AS_OF, policy="a_la_carte", by="kecamatan", suppress_below=5)
    small = (by_kec[STEPS] > 0) & (by_kec[STEPS] < 5)
    assert small.any().any()  # the check below must have something to check
    assert (sup[STEPS] == by_kec[STEPS].mask(small, -1)).all().all()


def test_funnel_errors(programme):
    with pytest.raises(ValueError, match="policy"):
        okoce.funnel(programme, AS_OF, policy="buffet")
    with pytest.raises(ValueError, match="by"):
        okoce.funnel(programme, AS_OF, by="planet")
    with pytest.raises(TypeError):
        okoce.funnel(programme, dt.datetime(2021, 6, 30, 12, 0))
    with pytest.raises(ValueError):
        okoce.funnel(programme, AS_OF, suppress_below=-1)


# --- cohorts ----------------------------------------------------------------------------------

def licensed_on(programme: okoce.Programme, people: pd.DataFrame, day: dt.date) -> pd.Series:
    """When each participant was first licensed, counted from registration (milestone.hpp)."""
    lic = programme.licences()
    lic = pd.DataFrame({"id": lic["participant"].astype(str).to_numpy(),
                        "kind": lic["kind"].astype(str).to_numpy(),
                        "issued_on": pd.to_datetime(lic["issued_on"]).to_numpy(),
                        "valid_until": pd.to_datetime(lic["valid_until"]).to_numpy()})
    lic = lic.merge(people[["id", "registered_on"]], on="id")
    keep = (lic["kind"].isin(COUNTED) & (lic["issued_on"] <= pd.Timestamp(day))
            & (lic["valid_until"].isna() | (lic["valid_until"] >= lic["registered_on"])))
    lic = lic[keep]
    first = lic.groupby("id")["issued_on"].min().reindex(people["id"])
    reg = people.set_index("id")["registered_on"]
    return first.where(first.isna(), np.maximum(first, reg))


def test_cohorts_licensed_match_pandas(programme, people):
    reg = registered_by(people, AS_OF).copy()
    reg["cohort"] = pd.PeriodIndex(reg["registered_on"], freq="Q")
    reg["licensed_on"] = licensed_on(programme, reg, AS_OF).to_numpy()
    got = okoce.cohorts(programme, AS_OF, milestone="licensed", max_quarters=8)
    sizes = reg.groupby("cohort").size()
    assert list(got.index) == list(sizes.index)
    assert (got["size"].to_numpy() == sizes.to_numpy()).all()
    checked = 0
    for cohort, members in reg.groupby("cohort"):
        for k in range(9):
            end = (cohort + k).end_time.normalize()
            cell = got.loc[cohort, f"reached_{k}"]
            if end > pd.Timestamp(AS_OF):
                assert cell == -2 and np.isnan(got.loc[cohort, f"share_{k}"])
                continue
            expected = int((members["licensed_on"] <= end).sum())
            assert cell == expected, (cohort, k)
            assert got.loc[cohort, f"share_{k}"] == pytest.approx(expected / len(members))
            checked += expected
    assert checked > 0


def test_cohorts_step_milestone_and_errors(programme, people):
    reg = registered_by(people, AS_OF).copy()
    dates = step_dates(programme, reg, AS_OF)
    on = dates[STEPS[:4]].max(axis=1).where(dates[STEPS[:4]].notna().all(axis=1))
    reg["on"] = on.to_numpy()
    reg["cohort"] = pd.PeriodIndex(reg["registered_on"], freq="Q")
    got = okoce.cohorts(programme, AS_OF, milestone="P4", policy="sequential", max_quarters=4)
    for cohort, members in reg.groupby("cohort"):
        end = (cohort + 4).end_time.normalize()
        if end <= pd.Timestamp(AS_OF):
            assert got.loc[cohort, "reached_4"] == int((members["on"] <= end).sum())
    with pytest.raises(ValueError, match="milestone"):
        okoce.cohorts(programme, AS_OF, milestone="P9")
    with pytest.raises(ValueError, match="policy"):
        okoce.cohorts(programme, AS_OF, milestone="P4", policy="any")
    with pytest.raises(ValueError):
        okoce.cohorts(programme, AS_OF, max_quarters=-1)
    with pytest.raises(TypeError):
        okoce.cohorts(programme, dt.datetime(2021, 1, 1, 9, 30))


# --- monitoring -------------------------------------------------------------------------------

GRACE = 30  # the default grace period: a quarter's report is due 30 days after it ends


def owed_quarters(people: pd.DataFrame, day: dt.date, grace: int = GRACE) -> pd.DataFrame:
    """(id, quarter, due) for each full quarter after registration that ended while the
    participant was in and whose due date (quarter end + grace days) is by `day`, walked one
    quarter at a time."""
    as_of = pd.Timestamp(day)
    reg = registered_by(people, day)
    rows = []
    for pid, registered, exited in zip(reg["id"], reg["registered_on"], reg["exited_on"]):
        q = pd.Period(registered, freq="Q") + 1
        while True:
            end = q.end_time.normalize()
            due = end + pd.Timedelta(days=grace)
            if due > as_of or (pd.notna(exited) and end >= exited):
                break
            rows.append((pid, q, due))
            q += 1
    return pd.DataFrame(rows, columns=["id", "quarter", "due"])


def known_reports(programme: okoce.Programme, day: dt.date) -> pd.DataFrame:
    """(id, quarter, known) of every report known by `day` (reported_on, else the quarter's
    end)."""
    r = programme.reports()
    rep = pd.DataFrame({"id": r["participant"].astype(str).to_numpy(),
                        "quarter": pd.PeriodIndex(r["quarter"], freq="Q"),
                        "reported_on": pd.to_datetime(r["reported_on"]).to_numpy()})
    rep["known"] = rep["reported_on"].fillna(
        pd.Series(pd.PeriodIndex(rep["quarter"]).end_time.normalize(), index=rep.index))
    return rep.loc[rep["known"] <= pd.Timestamp(day), ["id", "quarter", "known"]]


def owed_and_received(programme: okoce.Programme, people: pd.DataFrame, day: dt.date,
                      grace: int = GRACE) -> pd.DataFrame:
    reg = registered_by(people, day)
    owed = owed_quarters(people, day, grace)
    rep = known_reports(programme, day)
    owed = owed.merge(rep, on=["id", "quarter"], how="left")
    owed["got"] = owed["known"].notna().astype(int)
    owed["on_time"] = (owed["known"] <= owed["due"]).astype(int)
    per = owed.groupby("id").agg(expected=("quarter", "size"), received=("got", "sum"),
                                 received_on_time=("on_time", "sum"))
    per = per.reindex(reg["id"]).fillna(0).astype("int64")
    per["kota"] = reg.set_index("id")["kota"]
    return per


@pytest.mark.parametrize("grace", [GRACE, 0])
def test_monitoring_matches_pandas(programme, people, grace):
    per = owed_and_received(programme, people, AS_OF, grace)
    got = (okoce.monitoring(programme, AS_OF, by="kota") if grace == GRACE
           else okoce.monitoring(programme, AS_OF, by="kota", grace_days=grace))
    assert got.grace_days == grace
    assert got.summary.attrs["grace_days"] == grace
    assert got.overdue_by_kecamatan.attrs["grace_days"] == grace
    p = got.participants.set_index("id")
    assert list(p.index) == list(per.index)
    for col in ("expected", "received", "received_on_time"):
        assert (p[col] == per[col]).all(), col
    assert (p["quarters_missing"] == per["expected"] - per["received"]).all()
    assert per["received"].sum() > 0 and (per["received"] < per["expected"]).any()
    # Some reports arrive late (synthetic reports arrive up to 45 days after the quarter),
    # some on time.
    assert 0 < per["received_on_time"].sum() < per["received"].sum()
    summary = got.summary.set_index("group")
    by_kota = per.groupby("kota")[["expected", "received", "received_on_time"]].sum()
    assert list(summary.index) == list(by_kota.index)
    for col in ("expected", "received", "received_on_time"):
        assert (summary[col] == by_kota[col]).all(), col
    assert (summary["missing"] == by_kota["expected"] - by_kota["received"]).all()
    np.testing.assert_allclose(summary["received_rate"],
                               by_kota["received"] / by_kota["expected"])
    np.testing.assert_allclose(summary["on_time_rate"],
                               by_kota["received_on_time"] / by_kota["expected"])
    # Overdue lists name each participant at most once, under their kecamatan.
    kec = got.overdue_by_kecamatan
    assert kec["id"].is_unique and len(kec) > 0
    home = people.set_index("id")["kecamatan"]
    assert (kec["group"].to_numpy() == home.loc[kec["id"]].to_numpy()).all()
    assert set(got.overdue_by_mentor["id"]) == set(kec["id"])


def test_monitoring_rejects_bad_options(programme):
    with pytest.raises(ValueError, match="by"):
        okoce.monitoring(programme, AS_OF, by="galaxy")
    with pytest.raises(TypeError):
        okoce.monitoring(programme, dt.datetime(2021, 6, 30, 9, 30))
    with pytest.raises(okoce.ArgumentError, match="grace_days"):
        okoce.monitoring(programme, AS_OF, grace_days=-1)
    with pytest.raises(okoce.ArgumentError, match="grace_days"):
        okoce.monitoring(programme, AS_OF, grace_days=366)
    with pytest.raises(TypeError, match="grace_days"):
        okoce.monitoring(programme, AS_OF, grace_days=30.0)  # type: ignore[arg-type]


def test_monitoring_details_and_overdue_lists_match_pandas(programme, people):
    """Missing quarters, the last report, both follow-up lists and the exited participants,
    rebuilt in pandas from the owed quarters and the reports known by the date."""
    as_of = pd.Timestamp(AS_OF)
    reg = registered_by(people, AS_OF)
    owed = owed_quarters(people, AS_OF)
    rep = known_reports(programme, AS_OF)
    got_rows = set(zip(rep["id"], rep["quarter"]))
    owed["got"] = [(i, q) in got_rows for i, q in zip(owed["id"], owed["quarter"])]

    missing = (owed[~owed["got"]].sort_values(["id", "quarter"])
               .groupby("id")["quarter"].agg(lambda qs: ",".join(str(q) for q in qs))
               .reindex(reg["id"]).fillna(""))
    last = rep.groupby("id")["quarter"].max().reindex(reg["id"])

    def same_quarters(a: pd.Series, b: pd.Series) -> bool:
        a, b = a.reset_index(drop=True), b.reset_index(drop=True)
        return bool(((a == b) | (a.isna() & b.isna())).all())

    mon = okoce.monitoring(programme, AS_OF)
    per = mon.participants.set_index("id")
    assert list(per.index) == list(reg["id"])
    assert (per["missing"].astype(str) == missing).all()
    assert (per["missing"] != "").sum() > 0
    assert per["last_report"].isna().sum() > 0 and per["last_report"].notna().sum() > 0
    assert same_quarters(per["last_report"], last)
    active = (reg["exited_on"].isna() | (reg["exited_on"] > as_of)).to_numpy()
    assert (per["active"].to_numpy() == active).all() and not active.all()

    # Follow-up: active on the date, and the latest owed quarter has no known report.
    is_active = dict(zip(reg["id"], active))
    latest = owed.sort_values("quarter").groupby("id").tail(1)
    late_ids = {i for i in latest.loc[~latest["got"], "id"] if is_active[i]}
    counts = owed.groupby("id")["got"].agg(lambda g: int((~g).sum()))
    kec = reg.set_index("id")["kecamatan"]
    expect_kec = sorted((kec[i], i) for i in late_ids)
    got_kec = mon.overdue_by_kecamatan
    assert list(zip(got_kec["group"].astype(str), got_kec["id"].astype(str))) == expect_kec
    assert (got_kec["quarters_missing"].to_numpy()
            == counts.loc[got_kec["id"].astype(str)].to_numpy()).all()
    assert same_quarters(got_kec["last_report"], last.loc[got_kec["id"].astype(str)])

    # Exited by the date with any owed quarter missing: listed apart, sorted by id.
    gone = sorted(i for i, n in counts.items() if n > 0 and not is_active[i])
    assert len(gone) > 0 and mon.exited_with_missing == len(gone)
    ex = mon.exited_missing
    assert list(ex["id"].astype(str)) == gone
    assert (ex["quarters_missing"].to_numpy() == counts.loc[gone].to_numpy()).all()
    exited_on = reg.set_index("id")["exited_on"]
    assert (pd.to_datetime(ex["exited_on"]).to_numpy() == exited_on.loc[gone].to_numpy()).all()
    assert same_quarters(ex["last_report"], last.loc[gone])
    assert not set(gone) & set(got_kec["id"].astype(str))

    # The current mentor: the latest assignment begun by the date and not ended before it.
    a = programme.assignments()
    asg = pd.DataFrame({"id": a["participant"].astype(str).to_numpy(),
                        "mentor": a["mentor"].astype(str).to_numpy(),
                        "from": pd.to_datetime(a["from"]).to_numpy(),
                        "to": pd.to_datetime(a["to"]).to_numpy()})
    live = asg[(asg["from"] <= as_of) & (asg["to"].isna() | (asg["to"] >= as_of))]
    current = live.sort_values("from", kind="stable").groupby("id")["mentor"].last()
    expect_mentor = sorted((current.get(i, "(none)"), i) for i in late_ids)
    got_m = mon.overdue_by_mentor
    assert list(zip(got_m["group"].astype(str), got_m["id"].astype(str))) == expect_mentor
    assert len({g for g, _ in expect_mentor}) > 1


# --- time to a milestone ----------------------------------------------------------------------

def test_time_to_licensed_matches_statsmodels(programme, people):
    survfunc = pytest.importorskip("statsmodels.duration.survfunc")
    reg = registered_by(people, AS_OF).copy()
    on = licensed_on(programme, reg, AS_OF).to_numpy()
    as_of = pd.Timestamp(AS_OF)
    cut = reg["exited_on"].where(reg["exited_on"] < as_of, as_of)
    event = pd.notna(on) & (pd.Series(on, index=reg.index) <= cut)
    end = pd.Series(on, index=reg.index).where(event, cut)
    time = (end - reg["registered_on"]).dt.days.to_numpy(dtype=float)
    status = event.to_numpy().astype(int)
    sf = survfunc.SurvfuncRight(time, status)

    got = okoce.time_to(programme, AS_OF, milestone="licensed")
    curve = got.curves[got.curves["events"] > 0]
    np.testing.assert_array_equal(curve["time"].to_numpy(), sf.surv_times)
    np.testing.assert_allclose(curve["survival"].to_numpy(), sf.surv_prob, rtol=0, atol=1e-9)
    np.testing.assert_allclose(curve["std_err"].to_numpy(), sf.surv_prob_se, rtol=0, atol=1e-9)
    med = got.medians.iloc[0]
    assert med["n"] == len(time) and med["n_events"] == status.sum()
    expected_median = sf.quantile(0.5)
    if np.isnan(expected_median):
        assert np.isnan(med["median"])
    else:
        assert med["median"] == expected_median


DAYS_PER_MONTH = 365.25 / 12  # the horizon convention of okoce.time_to (survival.hpp)


def licence_durations(programme, people, as_of):
    """Days to the first counting licence, censored at exit or as_of, per participant."""
    reg = registered_by(people, as_of).copy()
    on = pd.Series(licensed_on(programme, reg, as_of).to_numpy(), index=reg.index)
    day = pd.Timestamp(as_of)
    cut = reg["exited_on"].where(reg["exited_on"] < day, day)
    event = on.notna() & (on <= cut)
    end = on.where(event, cut)
    reg["time"] = (end - reg["registered_on"]).dt.days.astype(float)
    reg["event"] = event.astype(int)
    return reg


def step_at(times, values, t, before):
    """A right-continuous step function (values from each time on) at t; `before` ahead of it."""
    k = np.searchsorted(times, t, side="right")
    return before if k == 0 else values[k - 1]


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2018, 9, 30)])
def test_time_to_shares_and_restricted_mean_match_statsmodels_and_numpy(programme, people,
                                                                         as_of):
    survfunc = pytest.importorskip("statsmodels.duration.survfunc")
    from scipy.stats import norm
    z = norm.ppf(0.975)
    obs = licence_durations(programme, people, as_of)
    got = okoce.time_to(programme, as_of, milestone="licensed", by="kota")
    reached = got.reached.set_index(["group", "months"])
    rmst = got.restricted_mean.set_index("group")
    nan_seen = finite_seen = 0
    for kota, g in obs.groupby("kota"):
        sf = survfunc.SurvfuncRight(g["time"].to_numpy(), g["event"].to_numpy())
        times, s, se = sf.surv_times, sf.surv_prob, sf.surv_prob_se
        last = g["time"].max()
        for months in (6, 12, 24):
            row = reached.loc[(kota, float(months))]
            days = months * DAYS_PER_MONTH
            assert row["days"] == pytest.approx(days)
            if days > last and (len(s) == 0 or s[-1] > 0):
                # Beyond everyone's follow-up the curve says nothing.
                assert row[["share", "std_err", "ci_lower", "ci_upper"]].isna().all()
                nan_seen += 1
                continue
            finite_seen += 1
            s_t = step_at(times, s, days, 1.0)
            se_t = step_at(times, se, days, 0.0)
            assert row["share"] == pytest.approx(1 - s_t, abs=1e-12)
            assert row["std_err"] == pytest.approx(se_t, abs=1e-12)
            if s_t == 1.0:
                assert row["ci_lower"] == 0 and row["ci_upper"] == 0
            else:
                # The log(-log) interval of S from statsmodels' S and SE, then 1 - it.
                v = z * se_t / (s_t * np.log(s_t))
                assert row["ci_lower"] == pytest.approx(1 - s_t ** np.exp(v), abs=1e-9)
                assert row["ci_upper"] == pytest.approx(1 - s_t ** np.exp(-v), abs=1e-9)
                assert row["ci_lower"] < row["share"] < row["ci_upper"]

        tau = 24 * DAYS_PER_MONTH
        r = rmst.loc[kota]
        assert r["horizon_months"] == 24 and r["horizon_days"] == pytest.approx(tau)
        if tau > last and (len(s) == 0 or s[-1] > 0):
            assert np.isnan(r["mean_days"]) and np.isnan(r["std_err"])
            continue
        # The integral of the step function: S = 1 until the first event time, then each
        # surv_prob until the next event time or tau.
        inside = times <= tau
        edges = np.concatenate([[0.0], times[inside], [tau]])
        levels = np.concatenate([[1.0], s[inside]])
        widths = np.diff(edges)
        assert r["mean_days"] == pytest.approx(np.sum(widths * levels), rel=1e-12)
        # Klein & Moeschberger: A_i, the area from event time i to tau, is the sum of the
        # rectangles after it; terms with n == d have A_i = 0.
        area_after = np.cumsum((widths * levels)[::-1])[::-1][1:]
        n, d = sf.n_risk[inside].astype(float), sf.n_events[inside].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(n > d, area_after ** 2 * d / (n * (n - d)), 0.0)
        assert r["std_err"] == pytest.approx(np.sqrt(terms.sum()), rel=1e-9)
    assert finite_seen > 0
    if as_of < dt.date(2019, 1, 1):
        assert nan_seen > 0  # two years after the first registrations nobody has 24 months


def test_time_to_horizon_options(programme):
    got = okoce.time_to(programme, AS_OF, horizons_months=[3, 36], restricted_mean_months=12)
    assert list(got.reached["months"]) == [3.0, 36.0]
    np.testing.assert_allclose(got.reached["days"], [91.3125, 1095.75])
    assert got.restricted_mean["horizon_days"].iloc[0] == 365.25
    # Within the first 12 months nobody can spend more than 365.25 days unlicensed.
    assert 0 < got.restricted_mean["mean_days"].iloc[0] < 365.25
    with pytest.raises(ValueError, match="horizons_months"):
        okoce.time_to(programme, AS_OF, horizons_months=[6, -1])
    with pytest.raises(ValueError, match="restricted_mean_months"):
        okoce.time_to(programme, AS_OF, restricted_mean_months=0)


def test_time_to_by_kota_and_errors(programme):
    got = okoce.time_to(programme, AS_OF, milestone="P4", policy="a_la_carte", by="kota")
    assert set(got.medians["group"]) == set(got.curves["group"])
    assert all(g.startswith("31.") for g in got.medians["group"])
    with pytest.raises(ValueError, match="milestone"):
        okoce.time_to(programme, AS_OF, milestone="married")
    with pytest.raises(ValueError, match="by"):
        okoce.time_to(programme, AS_OF, by="zodiac")
    with pytest.raises(TypeError):
        okoce.time_to(programme, dt.datetime(2021, 6, 30, 9, 30))


def test_kaplan_meier_by_hand():
    # Times 1, 2, 2, 3 with the 3 censored: S(1) = 3/4, S(2) = 3/4 * 1/3 = 1/4.
    got = okoce.kaplan_meier([1, 2, 2, 3], [1, 1, 1, 0]).curves
    assert list(got["time"]) == [1.0, 2.0, 3.0]
    np.testing.assert_allclose(got["survival"], [0.75, 0.25, 0.25])
    # Days 0 (event), 61 (event), 61 (censored), 200, 200 (events), 400 (censored):
    # S = 5/6 from day 0, 2/3 from 61, 2/9 from 200. By 6 months (day 182.625) 1/3 reached the
    # milestone, by 12 (day 365.25) 7/9; 24 months (day 730.5) is past day 400: NaN.
    # Restricted mean to 12 months: 5/6*61 + 2/3*139 + 2/9*165.25 = 180.2222 days, SE 53.0920
    # (the C++ test works it out).
    km = okoce.kaplan_meier([0, 61, 61, 200, 200, 400], [1, 1, 0, 1, 1, 0],
                            restricted_mean_months=12)
    np.testing.assert_allclose(km.reached["share"], [1 / 3, 7 / 9, np.nan])
    assert list(km.reached["group"]) == ["all"] * 3
    assert km.restricted_mean["mean_days"].iloc[0] == pytest.approx(180.22222222)
    assert km.restricted_mean["std_err"].iloc[0] == pytest.approx(53.0919669, rel=1e-8)
    with pytest.raises(ValueError):
        okoce.kaplan_meier([1, -2], [1, 0])
    with pytest.raises(ValueError):
        okoce.kaplan_meier([1, 2], [1, 2])
    with pytest.raises(ValueError):
        okoce.kaplan_meier([1, 2], [1])


# --- phases -----------------------------------------------------------------------------------

def months_between(start: pd.Timestamp, end: pd.Timestamp) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def test_phases_match_design_rule(programme, people):
    as_of = pd.Timestamp(AS_OF)
    got = okoce.phases(programme, AS_OF)
    reg = registered_by(people, AS_OF)
    assert list(got["id"]) == list(reg["id"])
    r = programme.reports()
    rep = pd.DataFrame({"id": r["participant"].astype(str).to_numpy(),
                        "quarter": pd.PeriodIndex(r["quarter"], freq="Q"),
                        "revenue": np.asarray(r["revenue"], dtype="int64"),
                        "reported_on": pd.to_datetime(r["reported_on"]).to_numpy()})
    rep["known_on"] = rep["reported_on"].fillna(
        pd.Series(pd.PeriodIndex(rep["quarter"]).end_time.normalize(), index=rep.index))
    rep = rep[rep["known_on"] <= as_of]
    by_id = {k: g.set_index("quarter")["revenue"] for k, g in rep.groupby("id")}
    sample = reg.sample(n=min(600, len(reg)), random_state=3)
    expected = {}
    for pid, started in zip(sample["id"], sample["business_started_on"]):
        if pd.isna(started) or months_between(started, as_of) < 12:
            expected[pid] = "starting"
            continue
        if months_between(started, as_of) < 36 or pid not in by_id:
            expected[pid] = "mid_stage"
            continue
        series = by_id[pid]
        latest = series.index.max()
        base = latest - 4
        if base not in series.index:
            expected[pid] = "mid_stage"
            continue
        now, then = int(series[latest]), int(series[base])
        expected[pid] = "stalled" if now * 10 < then * 11 or (now == 0 and then == 0) \
            else "mid_stage"
    mine = got.set_index("id").loc[list(expected), "phase"].astype(str)
    exp = pd.Series(expected)
    assert (mine.to_numpy() == exp.loc[mine.index].to_numpy()).all()
    counts = exp.value_counts()
    assert counts.get("stalled", 0) > 0 and counts.get("starting", 0) > 0
    with pytest.raises(TypeError):
        okoce.phases(programme, dt.datetime(2021, 6, 30, 9, 30))
    with pytest.raises(TypeError, match="argument 'as_of'"):
        okoce.phases(programme, 20210630)  # type: ignore[arg-type]


def test_phase_history_consistent_with_phases(programme):
    hist = okoce.phase_history(programme, "2020Q4", okoce.Quarter(2021, 2))
    last = hist.phases[hist.phases["quarter"] == pd.Period("2021Q2", freq="Q")]
    direct = okoce.phases(programme, AS_OF)
    direct = direct[direct["active"]]
    assert list(last["id"]) == list(direct["id"])
    assert (last["phase"].astype(str).to_numpy() == direct["phase"].astype(str).to_numpy()).all()
    # Transitions into 2021Q2 add up to the phase mix there.
    t = hist.transitions[hist.transitions["to_quarter"] == "2021Q2"]
    into = t[t["to"] != "(absent)"].groupby("to")["count"].sum()
    mix = last["phase"].astype(str).value_counts()
    for phase, n in mix.items():
        assert into[phase] == n
    with pytest.raises(ValueError):
        okoce.phase_history(programme, "2021Q2", "2020Q4")


# --- targets ----------------------------------------------------------------------------------

def test_target_progress_registered_targets(programme, people):
    got = okoce.target_progress(programme, AS_OF)
    t = programme.targets()
    assert list(got["id"]) == list(t["id"].astype(str))
    checked = 0
    for row in got.itertuples():
        if row.metric != "registered":
            continue
        start, end = pd.Timestamp(row.start), pd.Timestamp(row.end)
        seen_end = min(end, pd.Timestamp(AS_OF))
        inside = people["kelurahan"].str.startswith(row.region + ".") | \
            (people["kelurahan"] == row.region)
        n = int((inside & (people["registered_on"] >= start)
                 & (people["registered_on"] <= seen_end)).sum())
        assert row.actual == n, row.id
        checked += 1
    assert checked > 0
    with pytest.raises(ValueError, match="policy"):
        okoce.target_progress(programme, AS_OF, policy="whatever")
    with pytest.raises(TypeError):
        okoce.target_progress(programme, dt.datetime(2021, 6, 30, 9, 30))


def test_cascade_parts_add_up(programme):
    targets = programme.targets()
    tid = str(targets["id"].iloc[0])
    value = int(targets["value"].iloc[0])
    for weights in ("equal", "registrations"):
        parts = okoce.cascade(programme, tid, weights=weights, as_of=AS_OF)
        assert parts["value"].sum() == value
        assert all("." in r for r in parts["region"])
    with pytest.raises(ValueError, match="weights"):
        okoce.cascade(programme, tid, weights="vibes", as_of=AS_OF)
    with pytest.raises(ValueError, match="population"):
        okoce.cascade(programme, tid, weights="population", as_of=AS_OF)
    with pytest.raises(KeyError):
        okoce.cascade(programme, "no-such-target", as_of=AS_OF)
    with pytest.raises(TypeError):
        okoce.cascade(programme, tid, as_of=dt.datetime(2021, 6, 30, 9, 30))


# --- small-count suppression in cohorts, phase history and time to a milestone ----------------

def small(counts: pd.DataFrame | pd.Series, k: int) -> pd.DataFrame | pd.Series:
    """Where the suppression rule hides a count: 0 < count < k (zeros reveal nobody)."""
    return (counts > 0) & (counts < k)


def test_cohorts_suppression_matches_pandas(programme):
    plain = okoce.cohorts(programme, AS_OF, milestone="licensed", max_quarters=8)
    reached = [f"reached_{j}" for j in range(9)]
    shares = [f"share_{j}" for j in range(9)]
    # A threshold above the smallest cohort but below the largest, so both rules have work.
    k = int(plain["size"].min()) + 1
    assert k < plain["size"].max()
    got = okoce.cohorts(programme, AS_OF, milestone="licensed", max_quarters=8,
                        suppress_below=k)

    # The rule applied by pandas to the unsuppressed table: a cohort below k is withheld whole
    # (size and every observed cell, zeros too); elsewhere observed counts 0 < x < k go; cells
    # not yet observed (-2) stay.
    observed = plain[reached] != -2
    tiny = plain["size"] < k
    hide = observed & (small(plain[reached], k) | pd.DataFrame(
        np.repeat(tiny.to_numpy()[:, None], len(reached), axis=1), index=plain.index,
        columns=reached))
    expected = plain[reached].mask(hide, -1)
    assert tiny.any() and (hide & ~tiny.to_numpy()[:, None]).any().any()
    assert (got[reached] == expected).all().all()
    assert (got["size"] == plain["size"].mask(tiny, -1)).all()
    expected_share = (expected.where(expected >= 0).to_numpy()
                      / plain["size"].to_numpy()[:, None])
    np.testing.assert_allclose(got[shares].to_numpy(), expected_share)
    assert list(got.index) == list(plain.index)


def test_phase_history_suppression_matches_pandas(programme):
    plain = okoce.phase_history(programme, "2020Q1", "2021Q2")
    k = 10
    got = okoce.phase_history(programme, "2020Q1", "2021Q2", suppress_below=k)
    hide = small(plain.transitions["count"], k)
    assert hide.any() and (plain.transitions["count"] >= k).any()
    expected = plain.transitions.assign(count=plain.transitions["count"].mask(hide, -1))
    pd.testing.assert_frame_equal(got.transitions, expected)
    # The per-participant phases are not counts and are never suppressed.
    pd.testing.assert_frame_equal(got.phases, plain.phases)


def test_time_to_suppression_matches_pandas(programme):
    plain = okoce.time_to(programme, AS_OF, milestone="licensed", by="kecamatan")
    n = plain.medians.set_index("group")["n"]
    k = int(n.median())
    withheld = n[n < k].index
    assert 0 < len(withheld) < len(n)
    got = okoce.time_to(programme, AS_OF, milestone="licensed", by="kecamatan",
                        suppress_below=k)

    # Every group keeps its medians row; withheld groups show -1 and NaN there.
    med = got.medians.set_index("group")
    assert list(med.index) == list(n.index)
    exp = plain.medians.set_index("group")
    assert (med.loc[withheld, ["n", "n_events"]] == -1).all().all()
    assert med.loc[withheld, ["median", "median_lower", "median_upper"]].isna().all().all()
    shown = n.index.difference(withheld)
    assert (med.loc[shown, "n"] == exp.loc[shown, "n"]).all()
    assert (med.loc[shown, "n_events"]
            == exp.loc[shown, "n_events"].mask(small(exp.loc[shown, "n_events"], k), -1)).all()
    for col in ("median", "median_lower", "median_upper"):
        np.testing.assert_array_equal(med.loc[shown, col].to_numpy(),
                                      exp.loc[shown, col].to_numpy())

    # Withheld groups have no curve rows; in the rest small counts go, estimates stay.
    assert set(got.curves["group"]) == set(shown)
    keep = plain.curves[plain.curves["group"].isin(shown)].reset_index(drop=True)
    curves = got.curves.reset_index(drop=True)
    counts = ["at_risk", "events", "censored"]
    assert (curves[counts] == keep[counts].mask(small(keep[counts], k), -1)).all().all()
    assert (curves[counts] == -1).any().any()
    pd.testing.assert_frame_equal(curves.drop(columns=counts), keep.drop(columns=counts))

    # Shares and restricted means: NaN for withheld groups (their horizons kept), the same
    # estimates as without suppression for the rest.
    for frame, values in ((got.reached, ["share", "std_err", "ci_lower", "ci_upper"]),
                          (got.restricted_mean, ["mean_days", "std_err"])):
        plain_frame = (plain.reached if frame is got.reached else plain.restricted_mean)
        hidden = frame["group"].isin(withheld)
        assert frame.loc[hidden, values].isna().all().all()
        assert hidden.sum() == len(withheld) * (3 if frame is got.reached else 1)
        pd.testing.assert_frame_equal(frame[~hidden], plain_frame[~hidden])
        pd.testing.assert_frame_equal(frame.drop(columns=values), plain_frame.drop(columns=values))


def test_suppression_rejects_negative_thresholds(programme):
    with pytest.raises(ValueError, match="suppress_below"):
        okoce.cohorts(programme, AS_OF, suppress_below=-1)
    with pytest.raises(ValueError, match="suppress_below"):
        okoce.phase_history(programme, "2020Q4", "2021Q2", suppress_below=-3)
    with pytest.raises(ValueError, match="suppress_below"):
        okoce.time_to(programme, AS_OF, suppress_below=-1)
    # 0 is off: the same table as without the keyword.
    pd.testing.assert_frame_equal(okoce.cohorts(programme, AS_OF, suppress_below=0),
                                  okoce.cohorts(programme, AS_OF))


# --- reached dates and phase mix (the report's inputs) -----------------------------------------

def test_reached_dates_match_pandas(programme, people):
    day = AS_OF
    lic = okoce.reached_dates(programme, day)
    assert lic.attrs["milestone"] == "licensed"
    assert list(lic["id"].astype(str)) == list(people["id"])
    expected = licensed_on(programme, people, day)
    got = lic.set_index(lic["id"].astype(str))["reached_on"]
    assert got.notna().sum() == expected.notna().sum() > 0
    both = expected.notna()
    assert (got[both.to_numpy()].to_numpy() == expected[both].to_numpy()).all()
    # Registration is P1: the P1 curve is the earlier of registration and any P1 row, for
    # everyone registered by the day and nobody else.
    dates = step_dates(programme, people, day)
    reg = registered_by(people, day)
    for step in ("P1", "P3"):
        r = okoce.reached_dates(programme, day, milestone=step, policy="a_la_carte")
        mine = r.set_index(r["id"].astype(str))["reached_on"]
        exp = dates[step].where(people.set_index("id")["registered_on"] <= pd.Timestamp(day))
        assert mine.notna().sum() == exp.notna().sum()
        ok = exp.notna()
        assert (mine[ok.to_numpy()].to_numpy() == exp[ok].to_numpy()).all()
    assert okoce.reached_dates(programme, day, "P1")["reached_on"].notna().sum() == len(reg)
    with pytest.raises(ValueError):
        okoce.reached_dates(programme, day, milestone="P9")


def test_phase_mix_matches_pandas(programme, people):
    ph = okoce.phases(programme, AS_OF)
    act = ph[ph["active"]]
    kota = people.set_index("id")["kota"]
    frame = pd.DataFrame({"kota": kota.loc[act["id"].astype(str)].to_numpy(),
                          "phase": act["phase"].astype(str).to_numpy()})
    expected = frame.groupby(["kota", "phase"]).size().unstack(fill_value=0)
    expected = expected.reindex(columns=["starting", "mid_stage", "stalled"], fill_value=0)
    # Active participants recomputed from the raw dates, not from phases().
    day = pd.Timestamp(AS_OF)
    live = people[(people["registered_on"] <= day)
                  & (people["exited_on"].isna() | (people["exited_on"] > day))]
    mix = okoce.phase_mix(programme, AS_OF, by="kota").set_index("group")
    assert mix["total"].sum() == len(live)
    assert (mix["total"] == live.groupby("kota").size().reindex(mix.index)).all()
    for phase in ("starting", "mid_stage", "stalled"):
        assert (mix[phase] == expected.loc[mix.index, phase]).all()
    one = okoce.phase_mix(programme, AS_OF)
    assert list(one["group"]) == ["all"]
    assert int(one["total"].iloc[0]) == len(live)
    small = okoce.phase_mix(programme, AS_OF, by="kecamatan", suppress_below=40)
    full = okoce.phase_mix(programme, AS_OF, by="kecamatan")
    # A count from 1 to 39 is shown as -1; zero stays zero.
    assert ((small["stalled"] == -1) == full["stalled"].between(1, 39)).all()
    assert small["stalled"].eq(-1).any()
    # insufficient_data by DESIGN.md section 3, from the raw reports: 36 months or older, and
    # no report known by the date, or none for the quarter a year before the latest known one.
    r = programme.reports()
    rep = pd.DataFrame({"id": r["participant"].astype(str).to_numpy(),
                        "quarter": pd.PeriodIndex(r["quarter"], freq="Q"),
                        "reported_on": pd.to_datetime(r["reported_on"]).to_numpy()})
    known_on = rep["reported_on"].fillna(
        pd.Series(pd.PeriodIndex(rep["quarter"]).end_time.normalize(), index=rep.index))
    rep = rep[known_on <= day]
    latest = rep.groupby("id")["quarter"].max()
    filed = set(zip(rep["id"], rep["quarter"]))
    insufficient: dict[str, int] = {}
    for pid, started, k in zip(live["id"], live["business_started_on"], live["kota"]):
        if pd.isna(started) or started > day or months_between(started, day) < 36:
            continue
        if pid not in latest.index or (pid, latest[pid] - 4) not in filed:
            insufficient[k] = insufficient.get(k, 0) + 1
    assert sum(insufficient.values()) > 0
    assert (mix["insufficient_data"] == pd.Series(insufficient).reindex(mix.index, fill_value=0)).all()
    assert (mix["insufficient_data"] <= mix["mid_stage"]).all()


def test_registration_is_p1_everywhere():
    """A registrant with no P1 row: steps_done, phases() and the funnel all count P1 done, so
    training (P2) is next for a beginner; before registering, nothing is done."""
    b = okoce.ProgrammeBuilder()
    b.add_participant("X", "31.74.01.1001", okoce.Sector.craft, dt.date(2020, 1, 6))
    p = b.build()
    day = dt.date(2020, 3, 31)
    assert p.steps_done("X", day) == [okoce.Step.p1]
    assert p.steps_done("X", dt.date(2020, 1, 5)) == []
    assert okoce.next_step(okoce.Phase.starting, p.steps_done("X", day), False) == okoce.Step.p2
    assert str(okoce.phases(p, day)["next_step"].iloc[0]) == "P2"
    assert int(okoce.funnel(p, day)["P1"].iloc[0]) == 1
