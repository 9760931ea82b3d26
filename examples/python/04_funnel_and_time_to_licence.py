"""The funnel and the time to a licence: the Python twin of
examples/04_funnel_and_time_to_licence.cpp.

A funnel counts, for each step P1..P7, the participants who reached it by a date, under a
policy: sequential (OK OCE: a step counts once every step before it is done) or a-la-carte
(JakPreneur: only registration is required). Time to licence is a survival question: those
still waiting, or gone, are censored rather than dropped (Kaplan-Meier). When fewer than half
are ever licensed there is no median; the share licensed by a horizon and the restricted mean
time up to one still say how fast licensing goes.

Six participants are built by hand; every figure was worked out on paper in the comments. Each
is printed as "= what: value" by lesson_check.figure, which exits 1 if the library disagrees;
the C++ twin prints the same figures.
"""

import datetime
import math

import okoce
from lesson_check import check, figure
from okoce import LicenceKind, Sector, Step

date = datetime.date


# 1. Six participants of 2019 in Tebet Timur. Registration is step P1.
#      ani    P2 P3 P4   SKU 30 days after registering
#      bayu   P2         trained, then nothing yet
#      candra P4         straight to licensing: IUMK 90 days after registering
#      dedi   P2 P3      left on 2019-04-10, unlicensed
#      eka    P5 P4      marketing first, then an SKU 183 days after registering
#      fitri  -          registered in October
b = okoce.ProgrammeBuilder()
for pid, registered, exited in [("ani", date(2019, 1, 1), None),
                                ("bayu", date(2019, 1, 1), None),
                                ("candra", date(2019, 2, 1), None),
                                ("dedi", date(2019, 3, 1), date(2019, 4, 10)),
                                ("eka", date(2019, 6, 1), None), ("fitri", date(2019, 10, 1), None)]:
    b.add_participant(pid, "31.74.01.1001", Sector.food_beverage, registered, exited_on=exited)
for pid, step, on in [("ani", Step.p2, date(2019, 1, 10)), ("ani", Step.p3, date(2019, 1, 20)),
                      ("ani", Step.p4, date(2019, 1, 31)), ("bayu", Step.p2, date(2019, 2, 1)),
                      ("candra", Step.p4, date(2019, 5, 2)), ("dedi", Step.p2, date(2019, 3, 10)),
                      ("dedi", Step.p3, date(2019, 3, 20)), ("eka", Step.p5, date(2019, 9, 1)),
                      ("eka", Step.p4, date(2019, 12, 1))]:
    b.add_step(pid, step, on)
b.add_licence("ani", LicenceKind.sku, date(2019, 1, 31))
b.add_licence("candra", LicenceKind.iumk, date(2019, 5, 2))
b.add_licence("eka", LicenceKind.sku, date(2019, 12, 1))
programme = b.build()
as_of = date(2019, 12, 31)

# 2. The funnel under both policies (exited participants count: dedi reached P2 and P3).
#                 P1 P2 P3 P4 P5 P6 P7
#    a-la-carte    6  3  2  3  1  0  0   P4 (ani candra eka) outnumbers P3 (ani dedi)
#    sequential    6  3  2  1  0  0  0   only ani did P2 and P3 before P4
steps = [f"P{k}" for k in range(1, 8)]
alc = okoce.funnel(programme, as_of, "a_la_carte")
seq = okoce.funnel(programme, as_of, "sequential")
table = alc[steps].copy()
table.loc[1] = seq.loc[0, steps]
table.index = ["a_la_carte", "sequential"]
print(f"Funnel as of {as_of}\n{table.to_string()}")
print(f"\nP2 conversion (P2 / P1): {alc.loc[0, 'conv_P2']}")
check(len(alc) == 1 and alc.loc[0, "group"] == "all", "one group, 'all'")
figure("a-la-carte funnel P1..P7", list(alc.loc[0, steps]), [6, 3, 2, 3, 1, 0, 0])
figure("sequential funnel P1..P7", list(seq.loc[0, steps]), [6, 3, 2, 1, 0, 0, 0])
figure("P2 conversion", alc.loc[0, "conv_P2"], 0.5, tolerance=1e-12)  # 3 of 6 trained

# 3. Days to licence: ani 30 (event), dedi 40 (censored: left), candra 90 (event), fitri 91
#    (censored: still waiting), eka 183 (event), bayu 364 (censored).
#      t =  30: 6 at risk, 1 event   S = 5/6
#      t =  90: 4 at risk, 1 event   S = 5/6 * 3/4  = 15/24
#      t = 183: 2 at risk, 1 event   S = 15/24 * 1/2 = 15/48
#    The median is the first event time with S below one half: 183 days. (Dropping the
#    censored three would give 30, 90, 183 and a median of 90: too fast.)
km = okoce.time_to(programme, as_of)
curve, median = km.curves, km.medians.iloc[0]
print("\nDays to licence (Kaplan-Meier)")
print(curve[["time", "at_risk", "events", "censored", "survival"]].to_string(
    index=False, float_format=lambda x: f"{x:.4f}"))
print(f"median: {median['median']:g} days, {median['n_events']} licensed of {median['n']}")
figure("observed, licensed", [median["n"], median["n_events"]], [6, 3])
figure("times", list(curve["time"]), [30, 40, 90, 91, 183, 364], tolerance=0)
figure("at risk", list(curve["at_risk"]), [6, 5, 4, 3, 2, 1])
# A censoring (days 40, 91, 364) leaves S unchanged.
figure("S(t)", list(curve["survival"]), [5 / 6, 5 / 6, 15 / 24, 15 / 24, 15 / 48, 15 / 48],
       tolerance=1e-12)
figure("median days", median["median"], 183.0, tolerance=1e-12)
# Greenwood's standard error at the first event: S * sqrt(1 / (6 * 5)).
figure("Greenwood SE at t = 30", curve["std_err"][0], 5 / 6 * math.sqrt(1 / 30), tolerance=1e-12)

# 4. Two figures that exist even without a median. Horizons are months of 365.25 / 12 =
#    30.4375 days (default 6, 12, 24; here 6, 7, 12). The share licensed by a horizon is 1 - S:
#      6 months = day 182.625: S = 15/24 (eka's day 183 is just after), share 9/24 = 0.375
#      7 months = day 213.0625: S = 15/48, share 33/48 = 0.6875
#      12 months = day 365.25: nobody was followed that long (bayu, 364 days): NaN
#    Its interval is 1 - S's log(-log) interval: at 6 months S = 0.625, SE 0.213478, S's
#    interval 0.1419 .. 0.8931, so 0.1069 .. 0.8581.
#    The restricted mean to 6 months is the area under S up to day 182.625:
#      1 * 30 + 5/6 * 60 + 15/24 * 92.625 = 137.890625 days before the licence,
#    SE sqrt(A_30^2 / (6 * 5) + A_90^2 / (4 * 3)) with A_30 = 107.890625, A_90 = 57.890625
#    (the areas from each event day to the horizon) = 25.8320 days.
by = okoce.time_to(programme, as_of, horizons_months=[6, 7, 12], restricted_mean_months=6)
print("\nShare licensed by a horizon (a month is 30.4375 days)")
print("months      days   share  95% interval")
for _, h in by.reached.iterrows():
    print(f"{h['months']:6.0f}{h['days']:10.4f}{h['share']:8.4f}  {h['ci_lower']:.4f} .. "
          f"{h['ci_upper']:.4f}")
rm = by.restricted_mean.iloc[0]
print(f"restricted mean to {rm['horizon_months']:.0f} months ({rm['horizon_days']:.4f} days): "
      f"{rm['mean_days']:.4f} days before the licence, SE {rm['std_err']:.4f}")
figure("share licensed by 6, 7, 12 months", list(by.reached["share"]),
       [9 / 24, 33 / 48, math.nan], tolerance=1e-12)
figure("its 95% interval at 6 months", [by.reached["ci_lower"][0], by.reached["ci_upper"][0]],
       [0.1069, 0.8581], tolerance=1e-4)
figure("restricted mean to 6 months, days", rm["mean_days"], 137.890625, tolerance=1e-12)
figure("its SE", rm["std_err"], math.sqrt(107.890625 ** 2 / 30 + 57.890625 ** 2 / 12),
       tolerance=1e-12)

# 5. A stricter milestone - P4 reached under the sequential policy - has one event (ani, day
#    30) in six: S never falls below one half, so there is no median (NaN), as for licensing
#    across Jakarta, where fewer than half are ever licensed. The figures of step 4 remain:
#    S = 5/6 from day 30, so 1/6 by 6 months, and a restricted mean to 6 months of
#    30 + 5/6 * 152.625 = 157.1875 days, SE sqrt(127.1875^2 / 30) = 23.2212.
sk = okoce.time_to(programme, as_of, milestone="P4", policy="sequential",
                   horizons_months=[6, 7, 12], restricted_mean_months=6)
strict, srm = sk.medians.iloc[0], sk.restricted_mean.iloc[0]
print(f"P4 (sequential): {strict['n_events']} of {strict['n']}, median: {strict['median']}, "
      f"share by 6 months: {sk.reached['share'][0]:.4f}, restricted mean to 6 months: "
      f"{srm['mean_days']:.4f} days (SE {srm['std_err']:.4f})")
figure("P4 (sequential) reached", strict["n_events"], 1)  # only ani, in order
figure("P4 (sequential) median", strict["median"], math.nan, tolerance=0)
figure("P4 (sequential) share by 6 months", sk.reached["share"][0], 1 / 6, tolerance=1e-12)
figure("P4 (sequential) restricted mean, days", srm["mean_days"], 157.1875, tolerance=1e-12)
figure("its SE", srm["std_err"], 127.1875 / math.sqrt(30), tolerance=1e-12)
