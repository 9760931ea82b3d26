"""A programme and its participants: the Python twin of examples/01_programme.cpp.

A programme is a set of participants (peserta) who registered in a kelurahan of Jakarta, with
what happened to them afterwards. This lesson builds one by hand, then loads one from a folder
of CSV files (tests/data/small). On the way it meets region codes, the NIK and the business
size class.

Every number printed was worked out by hand from the data here or in tests/data/small. Each
checked figure is printed as "= what: value" by lesson_check.figure, which stops the script
(exit 1) if the library disagrees, so the lesson is also a test; the C++ twin prints the same
figures.
"""

import datetime
import sys
from pathlib import Path

import pandas as pd

import okoce
from lesson_check import check, figure
from okoce import RegionCode, RegionLevel, Sector

date = datetime.date
JUTA = 1_000_000


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
figure("kota/kabupaten", counts[0], 6)
figure("kecamatan", counts[1], 44)
figure("kelurahan", counts[2], 267)

tebet_timur = RegionCode("31.74.01.1001")
code = tebet_timur
while code is not None:  # parent() drops the last part of the code
    print(f"   {code}  {code.level.value}  {dki.name(code)}")
    code = code.parent()
figure("kecamatan of 31.74.01.1001", dki.name(tebet_timur.ancestor(RegionLevel.kecamatan)),
       "Tebet")
figure("Tebet Timur is in Jakarta Selatan", tebet_timur.is_within(RegionCode("31.74")), True)
figure("Tebet Timur is in Jakarta Pusat", tebet_timur.is_within(RegionCode("31.71")), False)
figure("kelurahan in Tebet", len(dki.children("31.74.01")), 7)

# 2. The NIK: province 31, kota 74, kecamatan 01 of first registration, the birth date as
#    DDMMYY with 40 added to the day for women, and a serial. Made up: 45 12 90 is a woman born
#    on 5 December 1990, serial 0007. The reference date (here, registration) picks the century.
nik = okoce.Nik.parse("3174014512900007", date(2019, 3, 1))
print(f"\n2. NIK {nik.masked()}: province {nik.province_code}, kota {nik.kota_code}, "
      f"kecamatan {nik.kecamatan_code}, {nik.sex.name}, born {nik.birth_date}, "
      f"serial {nik.serial}")
figure("NIK province, kota, kecamatan", [nik.province_code, nik.kota_code, nik.kecamatan_code],
       [31, 74, 1])
figure("NIK day 45: a woman", nik.sex == okoce.Sex.female, True)
figure("NIK birth date", str(nik.birth_date), "1990-12-05")  # 45 - 40 = day 5
figure("NIK serial", nik.serial, 7)
# Personal data: masked() keeps the region and the last two digits; digits() must be asked for.
figure("masked NIK", nik.masked(), "3174**********07")

# 3. Business size depends on the date: PP 7/2021 replaced UU 20/2008 on 2021-02-02. Rp400 juta
#    turnover was small under UU 20/2008 (micro ends at Rp300 juta) and is micro under PP 7/2021
#    (micro ends at Rp2 miliar). Without turnover, capital decides: Rp60 juta is above the old
#    Rp50 juta asset limit and far below the new Rp1 miliar capital limit.
before = okoce.size_class(date(2020, 12, 31), turnover=400 * JUTA)
after = okoce.size_class(date(2021, 3, 1), turnover=400 * JUTA)
print(f"\n3. Turnover Rp400 juta: {before.size.value} under {before.regime.value}, "
      f"{after.size.value} under {after.regime.value}")
figure("Rp400 juta turnover in 2020", f"{before.size.value} {before.regime.value}",
       "small UU 20/2008")
figure("Rp400 juta turnover in 2021", f"{after.size.value} {after.regime.value}",
       "micro PP 7/2021")
figure("Rp60 juta capital in 2020",
       okoce.size_class(date(2020, 12, 31), capital=60 * JUTA).size, "small")
figure("Rp60 juta capital in 2021",
       okoce.size_class(date(2021, 3, 1), capital=60 * JUTA).size, "micro")

# 4. A programme built by hand. The builder checks the records against each other and the
#    region table, and makes an immutable Programme.
builder = okoce.ProgrammeBuilder()
builder.add_participant("sari", "31.74.01.1001", Sector.food_beverage, date(2019, 3, 1),
                        nik=nik, sex=okoce.Sex.female, birth_date=date(1990, 12, 5))
builder.add_participant("tono", "31.74.01.1002", Sector.craft, date(2019, 5, 20))  # Tebet Barat
builder.add_participant("yanti", "31.71.01.1001", Sector.retail, date(2019, 6, 3))  # Gambir
mine = builder.build()
print(f"\n4. Built by hand: {len(mine)} participants")
figure("participants built by hand", len(mine), 3)
sari_nik = mine.participant("sari").nik
check(sari_nik is not None, "sari's NIK is stored")
figure("sari's NIK from the store", sari_nik.masked() if sari_nik else "", "3174**********07")
figure("tono gave a NIK", mine.participant("tono").nik is not None, False)

# The builder refuses a kelurahan that is not in DKI Jakarta (Tebet has no 1099), and says
# where. Nothing is built.
bad = okoce.ProgrammeBuilder()
bad.add_participant("x", "31.74.01.1099", Sector.other, date(2019, 1, 2))
try:
    bad.build()
    check(False, "an unknown kelurahan must be refused")
except okoce.ValidationError as e:
    print(f"   refused: {e}")
    figure("refused column", e.column, "kelurahan")

# 5. The same kind of data from files: one CSV per table, only participants.csv required. The
#    load is all or nothing; findings that are not errors come back as warnings. In
#    tests/data/small, P004 has step P4 on record without any licence: one warning.
small, warnings = okoce.load(small_data(), warnings=True)
print(f"\n5. tests/data/small: {len(small)} participants, {len(warnings)} warning(s)")
for w in warnings:
    print(f"   warning: {Path(w.file).name}:{w.line}: {w.message}")
figure("participants in tests/data/small", len(small), 5)
figure("load warnings", len(warnings), 1)  # P004: P4 without a licence

# Participants by kota, rolling each kelurahan up the tree:
#   P001 31.74.01.1001, P002 31.74.01.1003 -> Jakarta Selatan 2
#   P003 31.71.01.1002, P004 31.71.01.1001 -> Jakarta Pusat 2
#   P005 31.73.02.1003                     -> Jakarta Barat 1
people = small.participants()
kota = small.region_table.roll_up(list(people["kelurahan"]), RegionLevel.kota)
by_kota = people.assign(kota=[str(k) for k in kota]).groupby("kota").size()
for code, n in by_kota.items():
    print(f"   {code}  {small.region_table.name(code)}: {n}")
check(list(by_kota.index) == ["31.71", "31.73", "31.74"], "three kota, in code order")
figure("participants in 31.71 31.73 31.74", list(by_kota), [2, 1, 2])

# Active on a day: registered by then and not yet exited. P003 left on 2020-06-30. Date
# columns are datetime64, with NaT for "not exited".
day = pd.Timestamp(2020, 12, 31)
active = (people["registered_on"] <= day) & (people["exited_on"].isna()
                                             | (day < people["exited_on"]))
print(f"   active on {day.date()}: {active.sum()}")
figure("active on 2020-12-31", active.sum(), 4)

# NIKs stay out of the table unless asked for by name; the record view shows them masked here.
for pid in people["id"]:
    p = small.participant(str(pid))
    print(f"   {pid}  {p.nik.masked() if p.nik else '(no NIK)'}")
p001 = small.participant("P001").nik
check(p001 is not None, "P001 has a NIK")
assert p001 is not None
figure("P001's NIK: a man", p001.sex == okoce.Sex.male, True)
figure("P001's birth date", str(p001.birth_date), "1985-07-15")
figure("P004 gave a NIK", small.participant("P004").nik is not None, False)
check("nik" not in people.columns, "no NIK column unless asked for")
