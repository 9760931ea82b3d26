"""A straightforward pandas/numpy Callaway & Sant'Anna ATT(g,t), written from the paper and the
rules in include/okoce/impact.hpp, independently of okoce's C++ (which works by groups of units,
coefficient forms and subset tables): here every cell's influence function is a plain vector
over the units, the bootstrap a dense matrix of weights, the aggregations matrix products. Used
by tests/python/test_impact.py (the oracle) and bench/bench_impact.py (what an analyst would
write).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(z: np.ndarray) -> np.ndarray:
    z = (z + np.uint64(0x9E3779B97F4A7C15)) & M64
    z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & M64
    z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & M64
    return z ^ (z >> np.uint64(31))


def rademacher(seed: int, keys: np.ndarray, draws: int) -> np.ndarray:
    """draws x clusters weights +-1 (int8): bit r % 64 of mix(mix(mix(seed) ^ key) ^ (r // 64))."""
    with np.errstate(over="ignore"):
        seeded = _mix(np.array([seed], dtype=np.uint64))[0]
        k = _mix(np.asarray(keys).astype(np.int64).view(np.uint64) ^ seeded)
        out = np.empty((draws, len(keys)), dtype=np.int8)
        for block in range((draws + 63) // 64):
            words = _mix(k ^ np.uint64(block))
            for j in range(min(64, draws - 64 * block)):
                out[64 * block + j] = ((words >> np.uint64(j)) & np.uint64(1)).astype(np.int8) * 2 - 1
    return out


def att_gt(df, unit, time, cohort, outcome, control="never", base_period="varying",
           anticipation=0, cluster=None, bootstrap=999, alpha=0.05, seed=0):
    wide = df.pivot(index=unit, columns=time, values=outcome).sort_index()
    periods = np.array(sorted(wide.columns))
    wide = wide[periods]
    g_of = df.groupby(unit)[cohort].first().reindex(wide.index).fillna(0).astype(np.int64).to_numpy()
    Y = wide.to_numpy(dtype=float)
    n = len(wide)
    cohorts = np.array(sorted(set(g_of[g_of != 0])))
    cells, IF = [], []
    for g in cohorts:
        bg = periods[periods + anticipation < g].max()
        ts = periods[1:] if base_period == "varying" else periods
        for t in ts:
            post = t >= g
            if post or base_period == "universal":
                b = bg
            else:
                b = periods[periods < t].max()
            it, ib = np.searchsorted(periods, t), np.searchsorted(periods, b)
            dy = Y[:, it] - Y[:, ib]
            seen = ~np.isnan(dy)
            treated = seen & (g_of == g)
            if control == "never":
                ctrl = seen & (g_of == 0)
            else:
                ctrl = seen & ((g_of == 0) | ((g_of > max(t, b) + anticipation) & (g_of != g)))
            mt, mc = dy[treated].mean(), dy[ctrl].mean()
            psi = np.zeros(n)
            psi[treated] = n * (dy[treated] - mt) / treated.sum()
            psi[ctrl] = -n * (dy[ctrl] - mc) / ctrl.sum()
            cells.append({"cohort": g, "period": t, "base_period": b, "post": post,
                          "treated": int(treated.sum()), "controls": int(ctrl.sum()),
                          "att": 0.0 if t == b else mt - mc})
            IF.append(psi)
    table = pd.DataFrame(cells)
    IF = np.array(IF).T  # n x K
    if cluster is None:
        keys = wide.index.to_numpy()
        members = np.arange(n)
    else:
        cl = df.groupby(unit)[cluster].first().reindex(wide.index).to_numpy()
        keys, members = np.unique(cl, return_inverse=True)
    ctx = {"n": n, "g_of": g_of, "cohorts": cohorts, "periods": periods, "members": members,
           "keys": keys, "B": bootstrap, "seed": seed, "alpha": alpha,
           "V": rademacher(seed, keys, bootstrap) if bootstrap else None}
    _fill(table, IF, ctx)
    return table, IF, ctx


def _fill(table, IF, ctx):
    """se, intervals, bootstrap se and uniform band of the columns of IF (n x K)."""
    n, z = ctx["n"], norm.ppf(1 - ctx["alpha"] / 2)
    S = np.zeros((len(ctx["keys"]), IF.shape[1]))
    np.add.at(S, ctx["members"], IF)
    table["se"] = np.sqrt((S ** 2).sum(axis=0)) / n
    table["ci_low"] = table["att"] - z * table["se"]
    table["ci_high"] = table["att"] + z * table["se"]
    if not ctx["B"]:
        return np.nan
    V = ctx["V"]
    draws = np.vstack([V[r:r + 128].astype(float) @ S for r in range(0, len(V), 128)]) / n  # B x K
    q75 = np.quantile(draws, 0.75, axis=0, method="inverted_cdf")
    q25 = np.quantile(draws, 0.25, axis=0, method="inverted_cdf")
    se_b = (q75 - q25) / (norm.ppf(0.75) - norm.ppf(0.25))
    table["se_boot"] = se_b
    use = se_b > 0
    stat = np.abs(draws[:, use]) / se_b[use]
    crit = np.quantile(stat.max(axis=1), 1 - ctx["alpha"], method="inverted_cdf")
    table["band_low"] = table["att"] - crit * se_b
    table["band_high"] = table["att"] + crit * se_b
    return crit


def _weighted(table, IF, ctx, rows, fixed=False):
    """The aggregate over the cells `rows` and its influence function (with the weights' term)."""
    g_of, n = ctx["g_of"], ctx["n"]
    pg = np.array([(g_of == g).sum() / n for g in table["cohort"].to_numpy()[rows]])
    att = table["att"].to_numpy()[rows]
    if fixed:
        w = np.full(len(rows), 1 / len(rows))
        return w @ att, IF[:, rows] @ w
    P = pg.sum()
    w = pg / P
    ind = np.array([(g_of == g).astype(float) for g in table["cohort"].to_numpy()[rows]]).T  # n x k
    dev = ind - pg
    wif = (dev / P - np.outer(dev.sum(axis=1), pg) / P ** 2) @ att
    return w @ att, IF[:, rows] @ w + wif


def aggregate(table, IF, ctx, kind, balance_e=None):
    cohort = table["cohort"].to_numpy()
    period = table["period"].to_numpy()
    post = table["post"].to_numpy()
    e = period - cohort
    keys, est, infs = [], [], []
    if kind == "simple":
        a, f = _weighted(table, IF, ctx, np.flatnonzero(post))
        overall = (a, f)
    elif kind == "dynamic":
        tmax, tmin = ctx["periods"].max(), ctx["periods"].min()
        keep = np.ones(len(table), bool) if balance_e is None else (tmax - cohort >= balance_e)
        for ev in sorted(set(e[keep])):
            if balance_e is not None and (ev > balance_e or ev < balance_e - (tmax - tmin)):
                continue
            a, f = _weighted(table, IF, ctx, np.flatnonzero(keep & (e == ev)))
            keys.append(ev); est.append(a); infs.append(f)
        pos = [j for j, k in enumerate(keys) if k >= 0]
        overall = (np.mean([est[j] for j in pos]), np.mean([infs[j] for j in pos], axis=0))
    elif kind == "group":
        for g in ctx["cohorts"]:
            a, f = _weighted(table, IF, ctx, np.flatnonzero(post & (cohort == g)), fixed=True)
            keys.append(g); est.append(a); infs.append(f)
        g_of, n = ctx["g_of"], ctx["n"]
        pg = np.array([(g_of == g).sum() / n for g in keys])
        P = pg.sum()
        ind = np.array([(g_of == g).astype(float) for g in keys]).T
        dev = ind - pg
        wif = (dev / P - np.outer(dev.sum(axis=1), pg) / P ** 2) @ np.array(est)
        overall = (pg / P @ np.array(est), np.array(infs).T @ (pg / P) + wif)
    else:
        for t in ctx["periods"]:
            rows = np.flatnonzero(post & (period == t))
            if t < ctx["cohorts"].min() or len(rows) == 0:
                continue
            a, f = _weighted(table, IF, ctx, rows)
            keys.append(t); est.append(a); infs.append(f)
        overall = (np.mean(est), np.mean(infs, axis=0))
    rows = pd.DataFrame({"key": keys, "att": est})
    crit = _fill(rows, np.array(infs).T, ctx) if keys else np.nan
    top = pd.DataFrame({"att": [overall[0]]})
    _fill(top, overall[1][:, None], ctx)
    return rows, top.iloc[0].to_dict(), crit


def pretest(table, IF, ctx):
    pre = np.flatnonzero(~table["post"].to_numpy() & (table["se"].to_numpy() > 0))
    S = np.zeros((len(ctx["keys"]), len(pre)))
    np.add.at(S, ctx["members"], IF[:, pre])
    V = S.T @ S / ctx["n"] ** 2
    a = table["att"].to_numpy()[pre]
    W = float(a @ np.linalg.solve(V, a))
    return W, len(pre), float(chi2.sf(W, len(pre)))
