"""A programme and its participants: the Python twin of examples/01_programme.cpp.

A programme is a set of participants (peserta) who registered in a kelurahan of Jakarta, with
what happened to them afterwards. This lesson builds one by hand, then loads one from a folder
of CSV files (tests/data/small). On the way it meets region codes, the NIK and the business
size class.

Every number printed was worked out by hand from the data here or in tests/data/small; check()
stops the script (exit 1) if the library disagrees, so the lesson is also a test.
"""

import datetime
import sys
from pathlib import Path

import pandas as pd

import okoce
from okoce import RegionCode, RegionLevel, Sector

date = datetime.date
JUTA = 1_000_000


def check(ok: bool, what: str) -> None:
    if not ok:
        sys.exit(f"example check failed: {what}")


def small_data() -> Path:
    """tests/data/small in the source tree, or the folder given on the command line."""
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "small"


# 1. Regions. Jakarta's administrative tree comes with the library, by Kemendagri code: 31 the
#    province, 31.74 Jakarta Selatan, 31.74.01 the kecamatan Tebet, 31.74.01.1001 the kelurahan
#    Tebet Timur. (BPS numbers the cities differently - BPS 3171 is Jakarta Selatan.)
dki = okoce.RegionTable.dki_jakarta()
counts = [dki.count(level) for level in (RegionLevel.kota, RegionLevel.kecamatan,
                                          RegionLevel.kelurahan)]
print(f"1. DKI Jakarta: {counts[0]} kota/kabupaten, {counts[1]} kecamatan, "
      f"{counts[2]} kelurahan")
check(counts == [6, 44, 267], "6 kota, 44 kecamatan, 267 kelurahan")

tebet_timur = RegionCode("31.74.01.1001")
code = tebet_timur
while code is not None:  # parent() drops the last part of the code
    print(f"   {code}  {code.level.value}  {dki.name(code)}")
    code = code.parent()
check(dki.name(tebet_timur.ancestor(RegionLevel.kecamatan)) == "Tebet", "31.74.01 is Tebet")
check(tebet_timur.is_within(RegionCode("31.74")), "Tebet Timur is in Jakarta Selatan")
check(not tebet_timur.is_within(RegionCode("31.71")), "... and not in Jakarta Pusat")
check(len(dki.children("31.74.01")) == 7, "Tebet has 7 kelurahan")

# 2. The NIK: province 31, kota 74, kecamatan 01 of first registration, the birth date as
#    DDMMYY with 40 added to the day for women, and a serial. Made up: 45 12 90 is a woman born
#    on 5 December 1990, serial 0007. The reference date (here, registration) picks the century.
nik = okoce.Nik.parse("3174014512900007", date(2019, 3, 1))
print(f"\n2. NIK {nik.masked()}: province {nik.province_code}, kota {nik.kota_code}, "
      f"kecamatan {nik.kecamatan_code}, {nik.sex.name}, born {nik.birth_date}, "
      f"serial {nik.serial}")
check((nik.province_code, nik.kota_code, nik.kecamatan_code) == (31, 74, 1), "region parts")
check(nik.sex == okoce.Sex.female, "day 45 means a woman")
check(nik.birth_date == date(1990, 12, 5), "45 - 40 = day 5, month 12, year 1990")
check(nik.serial == 7, "serial 0007")
# Personal data: masked() keeps the region and the last two digits; digits() must be asked for.
check(nik.masked() == "3174**********07", "masked NIK")

# 3. Business size depends on the date: PP 7/2021 replaced UU 20/2008 on 2021-02-02. Rp400 juta
#    turnover was small under UU 20/2008 (micro ends at Rp300 juta) and is micro under PP 7/2021
#    (micro ends at Rp2 miliar). Without turnover, capital decides: Rp60 juta is above the old
#    Rp50 juta asset limit and far below the new Rp1 miliar capital limit.
before = okoce.size_class(date(2020, 12, 31), turnover=400 * JUTA)
after = okoce.size_class(date(2021, 3, 1), turnover=400 * JUTA)
print(f"\n3. Turnover Rp400 juta: {before.size.value} under {before.regime.value}, "
      f"{after.size.value} under {after.regime.value}")
check(before.size == okoce.SizeClass.small and before.regime == okoce.SizeRegime.uu_20_2008,
      "small in 2020")
check(after.size == okoce.SizeClass.micro and after.regime == okoce.SizeRegime.pp_7_2021,
      "micro in 2021")
check(okoce.size_class(date(2020, 12, 31), capital=60 * JUTA).size == okoce.SizeClass.small,
      "Rp60 juta capital, 2020")
check(okoce.size_class(date(2021, 3, 1), capital=60 * JUTA).size == okoce.SizeClass.micro,
      "Rp60 juta capital, 2021")

# 4. A programme built by hand. The builder checks the records against each other and the
#    region table, and makes an immutable Programme.
builder = okoce.ProgrammeBuilder()
builder.add_participant("sari", "31.74.01.1001", Sector.food_beverage, date(2019, 3, 1),
                        nik=nik, sex=okoce.Sex.female, birth_date=date(1990, 12, 5))
builder.add_participant("tono", "31.74.01.1002", Sector.craft, date(2019, 5, 20))  # Tebet Barat
builder.add_participant("yanti", "31.71.01.1001", Sector.retail, date(2019, 6, 3))  # Gambir
mine = builder.build()
print(f"\n4. Built by hand: {len(mine)} participants")
check(len(mine) == 3, "three participants")
check(mine.participant("sari").nik.masked() == "3174**********07", "the NIK round-trips")
check(mine.participant("tono").nik is None, "tono gave no NIK")

# The builder refuses a kelurahan that is not in DKI Jakarta (Tebet has no 1099), and says
# where. Nothing is built.
bad = okoce.ProgrammeBuilder()
bad.add_participant("x", "31.74.01.1099", Sector.other, date(2019, 1, 2))
try:
    bad.build()
    check(False, "an unknown kelurahan must be refused")
except okoce.ValidationError as e:
    print(f"   refused: {e}")
    check(e.column == "kelurahan", "the error names the column")

# 5. The same kind of data from files: one CSV per table, only participants.csv required. The
#    load is all or nothing; findings that are not errors come back as warnings. In
#    tests/data/small, P004 has step P4 on record without any licence: one warning.
small, warnings = okoce.load(small_data(), warnings=True)
print(f"\n5. tests/data/small: {len(small)} participants, {len(warnings)} warning(s)")
for w in warnings:
    print(f"   warning: {Path(w.file).name}:{w.line}: {w.message}")
check(len(small) == 5, "five participants")
check(len(warnings) == 1, "one warning (P004: P4 without a licence)")

# Participants by kota, rolling each kelurahan up the tree:
#   P001 31.74.01.1001, P002 31.74.01.1003 -> Jakarta Selatan 2
#   P003 31.71.01.1002, P004 31.71.01.1001 -> Jakarta Pusat 2
#   P005 31.73.02.1003                     -> Jakarta Barat 1
people = small.participants()
kota = small.region_table.roll_up(list(people["kelurahan"]), RegionLevel.kota)
by_kota = people.assign(kota=[str(k) for k in kota]).groupby("kota").size()
for code, n in by_kota.items():
    print(f"   {code}  {small.region_table.name(code)}: {n}")
check(by_kota.to_dict() == {"31.71": 2, "31.73": 1, "31.74": 2}, "2, 1 and 2 by kota")

# Active on a day: registered by then and not yet exited. P003 left on 2020-06-30. Date
# columns are datetime64, with NaT for "not exited".
day = pd.Timestamp(2020, 12, 31)
active = (people["registered_on"] <= day) & (people["exited_on"].isna()
                                             | (day < people["exited_on"]))
print(f"   active on {day.date()}: {active.sum()}")
check(active.sum() == 4, "four active at the end of 2020")

# NIKs stay out of the table unless asked for by name; the record view shows them masked here.
for pid in people["id"]:
    p = small.participant(str(pid))
    print(f"   {pid}  {p.nik.masked() if p.nik else '(no NIK)'}")
p001 = small.participant("P001").nik
check(p001 is not None and p001.sex == okoce.Sex.male and p001.birth_date == date(1985, 7, 15),
      "P001's NIK: a man born 1985-07-15")
check("nik" not in people.columns, "no NIK column unless asked for")
