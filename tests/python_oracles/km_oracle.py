"""Expected values for tests/unit-survival.cpp, computed with statsmodels (an independent
oracle for okoce::kaplan_meier). Run with /usr/bin/python3 (statsmodels 0.13.5, scipy, numpy).

statsmodels' SurvfuncRight lists event times only and has no pointwise interval, so:
- survival, SE, at-risk and events are statsmodels' (surv_prob, surv_prob_se, n_risk,
  n_events) at its surv_times;
- the median and its interval are statsmodels' quantile(0.5) and quantile_ci(0.5) (cloglog);
- the pointwise log-log interval is written here in the power form S ** exp(-+z*se/(S*log S)),
  z = scipy norm.ppf(1 - alpha/2), from statsmodels' S and SE.
"""
import numpy as np
from scipy.stats import norm
from statsmodels.duration.survfunc import SurvfuncRight

DATASETS = {
    # Ties among events, and a censoring at the same time as events (t=3, t=6).
    "ties": ([1, 1, 2, 3, 3, 3, 5, 6, 6, 8, 9, 9], [1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1]),
    # statsmodels' own test data (checked there against R survival): ti1, st1.
    "sm_ti1": ([3, 1, 2, 3, 2, 1, 5, 3], [0, 1, 1, 1, 0, 0, 1, 0]),
    "all_censored": ([2, 4, 4, 7], [0, 0, 0, 0]),
    "all_events": ([1, 2, 2, 3, 5], [1, 1, 1, 1, 1]),
    # Events and a censoring at time 0.
    "zero_events": ([0, 0, 0, 1, 2, 2, 4, 5, 7, 7], [1, 1, 0, 1, 0, 1, 1, 0, 1, 0]),
    # The hand-built programme of the time_to test (days to licensed, as of 2018-12-31).
    "time_to": ([0, 0, 10, 10, 20, 30, 31, 184, 364], [1, 1, 1, 0, 0, 0, 1, 0, 0]),
    # Large enough for a finite median interval.
    "median_ci": ([1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22,
                   25, 30],
                  [1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]),
}


def fmt(xs):
    return "{" + ", ".join(repr(float(x)) for x in xs) + "}"


def main(alpha=0.05):
    z = norm.ppf(1 - alpha / 2)
    print("z =", repr(z))
    for name, (t, e) in DATASETS.items():
        t = np.asarray(t, dtype=float)
        e = np.asarray(e)
        sf = SurvfuncRight(t, e)
        s, se = sf.surv_prob, sf.surv_prob_se
        with np.errstate(divide="ignore", invalid="ignore"):
            v = z * se / (s * np.log(s))  # negative for 0 < S < 1
            lower = s ** np.exp(-v)
            upper = s ** np.exp(v)
        print(f"// {name}")
        print("times", fmt(sf.surv_times))
        print("surv", fmt(s))
        print("se", fmt(se))
        print("n_risk", list(sf.n_risk), "n_events", list(sf.n_events))
        print("lower", fmt(lower))
        print("upper", fmt(upper))
        print("median", repr(float(sf.quantile(0.5))),
              "ci", tuple(repr(float(x)) for x in sf.quantile_ci(0.5, alpha=alpha)))


if __name__ == "__main__":
    main()
    # unit-survival.cpp's alpha option: every dataset again at alpha = 0.1 (the test uses ti1).
    print("// alpha = 0.1")
    main(alpha=0.1)
