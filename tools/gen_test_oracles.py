#!/usr/bin/env python3
"""Writes the region and population fixtures the C++ tests compare the library against.

Run by hand when the reference data changes, not at build or test time, so that a clone of
the project alone runs its whole test suite:

    python3 tools/gen_test_oracles.py ../shared/data tests/data

Source: Kepmendagri No 300.2.2-2138 Tahun 2025 (Kemendagri codes and names) and its
population per kabupaten/kota, as extracted from the MIT-licensed cahyadsn/wilayah repository
(db/wilayah.sql and db/wilayah_penduduk.sql, snapshot b7ad440) into ../shared/data. Writes:

- regions_dki_oracle.csv: every DKI Jakarta region (318) as `code,name,level,parent,population`,
  the level and parent worked out here from the code alone, the population (total) given for
  the province and the six kota/kabupaten and empty below. The oracle of the embedded table
  (src/region_dki.cpp), of NIK prefixes and of population-weighted splits.
- regions_national_sample.csv: `code,name` as RegionTable::from_csv reads it: the 38 provinces,
  all of DKI Jakarta, and the chain down to four kelurahan/desa whose names test the reader
  (Keude Bakongan, the first desa of Aceh; two names with commas, quoted; one with a U+2019).

Each output is refused unless it has the counts of the regulation. Python 3 standard library
only; running it again on the same input reproduces the committed files byte for byte.
"""

import csv
import pathlib
import sys

DKI = "31"
LEVELS = {2: "province", 5: "kota", 8: "kecamatan", 13: "kelurahan"}
# Kepmendagri 300.2.2-2138/2025: DKI has 1 province, 6 kota/kabupaten, 44 kecamatan and 267
# kelurahan; Indonesia has 38 provinces.
DKI_COUNTS = {"province": 1, "kota": 6, "kecamatan": 44, "kelurahan": 267}
PROVINCES = 38
SAMPLE_LEAVES = ["11.01.01.2001", "12.07.28.1007", "14.02.09.2010", "53.07.01.2021"]


def fail(message):
    sys.exit(f"gen_test_oracles: {message}")


def read_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def level(code):
    if len(code) not in LEVELS:
        fail(f"code {code!r} has no level")
    return LEVELS[len(code)]


def parent(code):
    return code.rsplit(".", 1)[0] if "." in code else ""


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    print(f"wrote {path}: {len(rows)} rows")


def main(source, target):
    source, target = pathlib.Path(source), pathlib.Path(target)
    header, dki = read_rows(source / "wilayah_dki.csv")
    if header != ["code", "name"]:
        fail(f"wilayah_dki.csv header is {header}")
    header, people = read_rows(source / "penduduk_kabkota.csv")
    if header != ["code", "name", "male", "female", "total"]:
        fail(f"penduduk_kabkota.csv header is {header}")
    population = {row[0]: row[4] for row in people}

    counts = {name: 0 for name in DKI_COUNTS}
    oracle = []
    for code, name in sorted(dki):
        lv = level(code)
        counts[lv] += 1
        people_here = population.get(code, "") if lv in ("province", "kota") else ""
        if lv in ("province", "kota") and not people_here:
            fail(f"no population for {code}")
        oracle.append([code, name, lv, parent(code), people_here])
    if counts != DKI_COUNTS:
        fail(f"DKI counts {counts}, expected {DKI_COUNTS}")
    write(target / "regions_dki_oracle.csv", ["code", "name", "level", "parent", "population"],
          oracle)

    header, national = read_rows(source / "wilayah_indonesia.csv")
    if header != ["code", "name"]:
        fail(f"wilayah_indonesia.csv header is {header}")
    names = dict(national)
    keep = {code for code in names if level(code) == "province" or code.startswith(DKI)}
    for leaf in SAMPLE_LEAVES:
        code = leaf
        while code:
            if code not in names:
                fail(f"{code} is not in wilayah_indonesia.csv")
            keep.add(code)
            code = parent(code)
    sample = [[code, names[code]] for code in sorted(keep)]
    provinces = sum(1 for code, _ in sample if level(code) == "province")
    if provinces != PROVINCES:
        fail(f"{provinces} provinces, expected {PROVINCES}")
    write(target / "regions_national_sample.csv", ["code", "name"], sample)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
