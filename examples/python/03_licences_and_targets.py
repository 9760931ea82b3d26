"""Licences and targets: the Python twin of examples/03_licences_and_targets.cpp.

Registration alone never counted. The 2017 campaign's success indicator was step P4
(Perizinan): a participant holding a business licence (IUMK, from the camat) or a business
statement (SKU, from the lurah); since risk-based OSS started on 2021-07-02 the NIB has replaced
both for low-risk micro firms. The library counts IUMK, SKU and NIB by default; a P-IRT (home
food production certificate) never counts on its own.

This lesson reads the licences of tests/data/small, asks who is licensed, measures the targets
against a straight-line schedule (on paper first, then on the synthetic Jakarta) and splits a
target over the kota. check() exits 1 when the library disagrees with the hand-worked numbers.
"""

import datetime
import sys
from pathlib import Path

import okoce

date = datetime.date


def check(ok: bool, what: str) -> None:
    if not ok:
        sys.exit(f"example check failed: {what}")


# The analytics reach the Python module after the value types. A build without them reports
# this lesson as skipped (exit code 77, which ctest knows) instead of failing or passing it.
if not all(hasattr(okoce, name) for name in ('target_progress', 'cascade')):
    print("skipped: this okoce has no okoce.target_progress, okoce.cascade yet")
    sys.exit(77)


def small_data() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "small"


# 1. The licences on file. A licence is in force from issued_on through valid_until inclusive;
#    an empty valid_until is open-ended (no IUMK validity period was ever published).
small = okoce.load(small_data())
licences = small.licences()
print("1. Licences in tests/data/small")
print(licences[["participant", "kind", "issued_on", "valid_until"]].to_string(index=False))
check(len(licences) == 3, "three licence records")

# 2. Licensed (P4) at the end of 2019:
#    P001 SKU 2018-09-10 and IUMK 2018-11-20        licensed
#    P003 only a P-IRT                              not: P-IRT does not count
#    P004 step P4 recorded, but no licence on file  not (the load warns about it)
#    P002, P005 nothing                             not
end_2019 = date(2019, 12, 31)
licensed = [pid for pid in small.participants()["id"] if small.licensed_as_of(str(pid), end_2019)]
print(f"\n2. Licensed at the end of 2019: {', '.join(licensed)}")
check(licensed == ["P001"], "only P001")

# 3. Targets, as of 2018-10-31:
#    T-2018-DKI: registered in 2018 so far: P001 (Feb), P002 (Mar), P003 (Aug) = 3.
#    T-2018-TEBET-TIMUR (200 IUMK/SKU from 2018-09-01 to 2018-12-31): P001, first licensed on
#    2018-09-10, is the one event. 61 of the period's 122 days have passed, so the schedule
#    expects 200 * 61 / 122 = 100 and the gap is -99; at 1 event per 61 days, with 61 days to
#    go, the projection is 2.
progress = okoce.target_progress(small, date(2018, 10, 31)).set_index("id")
print("\n3. Targets as of 2018-10-31")
print(progress[["metric", "region", "value", "actual", "expected", "gap", "projected"]]
      .to_string(float_format=lambda x: f"{x:.1f}"))
check(progress.loc["T-2018-DKI", "actual"] == 3, "3 registered in 2018")
tebet = progress.loc["T-2018-TEBET-TIMUR"]
check(tebet["actual"] == 1 and tebet["gap"] == -99, "1 licence, 99 behind")
check(abs(tebet["expected"] - 100) < 1e-9 and abs(tebet["projected"] - 2) < 1e-9,
      "expected 100, projected 2")

# 4. The synthetic Jakarta at 1% scale, whose targets are scaled too: 400 registrations a year
#    and 2 IUMK/SKU per kelurahan. T-REG-2018's actual is checked against a count straight
#    from the participants table.
jakarta = okoce.synth.jakarta(seed=2017, scale=0.01)
synthetic = okoce.target_progress(jakarta, date(2018, 12, 31))
registered = jakarta.participants()["registered_on"]
in_2018 = int((registered.dt.year == 2018).sum())
reg_2018 = synthetic[synthetic["id"] == "T-REG-2018"].iloc[0]
per_kelurahan = synthetic[synthetic["metric"] == "licensed"]
met = int((per_kelurahan["actual"] >= per_kelurahan["value"]).sum())
print(f"\n4. Synthetic Jakarta (1%), {len(jakarta)} participants, as of 2018-12-31")
print(f"   T-REG-2018: {reg_2018['actual']} registered of {reg_2018['value']}")
print(f"   kelurahan that reached 2 IUMK/SKU in Sep-Dec 2018: {met} of {len(per_kelurahan)}")
check(reg_2018["value"] == 400, "40,000 scaled by 1%")
check(reg_2018["actual"] == in_2018, "T-REG-2018 counts the 2018 registrations")
check(len(per_kelurahan) == 267, "one licence target per kelurahan")

# 5. Cascading a target over the kota. T-REG-2018 (400 here) split equally over six kota is
#    66.67 each: every kota gets 66, and the 4 left over go to the largest remainders - all
#    equal, so to the smaller codes first: 31.01, 31.71, 31.72 and 31.73 get 67.
parts = okoce.cascade(jakarta, "T-REG-2018", "equal", as_of=date(2018, 12, 31))
print("\n5. T-REG-2018 split over the kota")
print(parts.to_string(index=False))
check(list(parts["value"]) == [67, 67, 67, 67, 66, 66], "67 67 67 67 66 66")
weighted = okoce.cascade(jakarta, "T-REG-2018", "registrations", as_of=date(2018, 12, 31))
check(int(weighted["value"].sum()) == 400, "weighted parts add up to 400 too")
