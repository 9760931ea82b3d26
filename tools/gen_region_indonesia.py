#!/usr/bin/env python3
"""Writes src/region_indonesia.cpp, the embedded table of every Indonesian region with the
population per province and kab/kota, from the reference CSVs.

Run by hand when the regulation changes, not at build time:

    python3 tools/gen_region_indonesia.py ../shared/data/wilayah_indonesia.csv \
        ../shared/data/penduduk_kabkota.csv src/region_indonesia.cpp

With --check in front of the arguments it writes nothing and exits non-zero when the file
differs from what the CSVs give, which is how to confirm that the embedded table still matches
../shared/data (the tests do not read that folder).

The CSVs come from Kepmendagri No 300.2.2-2138 Tahun 2025 via the cahyadsn/wilayah data
(db/wilayah.sql and db/wilayah_penduduk.sql, snapshot b7ad440, MIT licence). 91,599 regions
would make a 4 MB source file written the way region_dki.cpp is, so the names go into a few
string literals instead, one record per region holding the level, the name and, only when it
is not the previous sibling's plus one, the region's own number (see ENCODING below). The
population rows are short and stay one per line. Python 3 standard library only.
"""

import csv
import functools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wilayah import code_parts, cxx_string as _cxx_string, fail as _fail, read_codes  # noqa: E402

TOOL = "gen_region_indonesia"
# Kepmendagri 300.2.2-2138/2025: 38 provinces, 514 kab/kota, 7,285 kecamatan, 83,762
# desa/kelurahan. The generator refuses CSVs that disagree.
EXPECTED = (38, 514, 7285, 83762)
SOURCE = "Kepmendagri 300.2.2-2138/2025 (Indonesia)"

ENCODING = """\
// Encoding of region_chunks: one record per region, in depth-first code order,
//     <level digit 1-4><name>[#<own number>]|
// The own number (the last part of the code) is written only when it is not implied: a first
// child implies 11 for a province, 01 for a kota or kecamatan and 2001 for a desa/kelurahan,
// a later sibling the previous sibling's number plus one. Names never hold '#' or '|'. Records
// never straddle chunks; each chunk stays under the 64 KiB a string literal may have."""
FIRST_NUMBER = {1: 11, 2: 1, 3: 1, 4: 2001}
CHUNK_BYTES = 60_000


# The shared helpers, with this tool's name in their messages.
fail = functools.partial(_fail, TOOL)
cxx_string = functools.partial(_cxx_string, tool=TOOL)


def read_regions(path):
    rows = read_codes(path, TOOL)
    seen = set()
    counts = [0, 0, 0, 0]
    for line, parts, row in rows:
        if len(parts) > 1 and tuple(parts[:-1]) not in seen:
            fail(f"{path}:{line}: {row['code']} comes before (or without) its parent")
        seen.add(tuple(parts))
        counts[len(parts) - 1] += 1
        if "#" in row["name"] or "|" in row["name"]:
            fail(f"{path}:{line}: name {row['name']!r} holds '#' or '|', which the encoding uses")
    if tuple(counts) != EXPECTED:
        fail(f"{path}: counts per level {tuple(counts)}, expected {EXPECTED}")
    # Depth-first order is what the decoder's implied numbers rely on.
    if [p for _, p, _ in rows] != sorted(p for _, p, _ in rows):
        fail(f"{path}: codes are not in depth-first order")
    return [(parts, row["name"]) for _, parts, row in rows]


def read_population(path, regions):
    """{parts: (male, female)} for every province and kab/kota, and the national row."""
    names = {tuple(parts): name for parts, name in regions}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        for column in ("code", "male", "female", "total"):
            if reader.fieldnames is None or column not in reader.fieldnames:
                fail(f"{path}: no {column} column")
        rows = list(reader)
    national = None
    out = {}
    for line, row in enumerate(rows, start=2):
        try:
            male, female, total = (int(row[c]) for c in ("male", "female", "total"))
        except ValueError:
            fail(f"{path}:{line}: counts {row['male']!r}, {row['female']!r}, {row['total']!r}")
        if min(male, female) < 0 or male + female != total or total >= 2**32:
            fail(f"{path}:{line}: male {male} + female {female} != total {total}, or out of range")
        if row["code"] == "0":  # the national row
            national = (male, female)
            continue
        parts = code_parts_of(row["code"], path, line)
        if len(parts) > 2:
            fail(f"{path}:{line}: {row['code']} is below kab/kota level")
        if parts in out:
            fail(f"{path}:{line}: duplicate code {row['code']}")
        if parts not in names:
            fail(f"{path}:{line}: {row['code']} is not a region of the regions CSV")
        out[parts] = (male, female)
    missing = [p for p in names if len(p) <= 2 and p not in out]
    if missing:
        fail(f"{path}: no population for {'.'.join(f'{x:02d}' for x in missing[0])}")
    if national is None:
        fail(f"{path}: no national row (code 0)")
    for province in (p for p in out if len(p) == 1):
        kab = [v for p, v in out.items() if len(p) == 2 and p[0] == province[0]]
        summed = (sum(m for m, _ in kab), sum(f for _, f in kab))
        if summed != out[province]:
            fail(f"{path}: province {province[0]} is {out[province]}, its kab/kota sum {summed}")
    provinces = [v for p, v in out.items() if len(p) == 1]
    if (sum(m for m, _ in provinces), sum(f for _, f in provinces)) != national:
        fail(f"{path}: the national row differs from the sum of the provinces")
    return out, national


def code_parts_of(code, path, line):
    parts = code_parts(code)
    if parts is None:
        fail(f"{path}:{line}: bad code {code!r}")
    return tuple(parts)


def encode(regions):
    """Lines of records: a province or kota on its own line, a kecamatan with its kelurahan."""
    lines = []
    previous = {}  # level -> own number of the latest region at that level
    depth = 0
    for parts, name in regions:
        level, number = len(parts), parts[-1]
        implied = FIRST_NUMBER[level] if level > depth else previous[level] + 1
        record = f"{level}{name}" + ("" if number == implied else f"#{number}") + "|"
        previous[level] = number
        depth = level
        if level == 4:
            lines[-1] += record
        else:
            lines.append(record)
    return lines


def decode(chunks):
    """The decoder of src/region_indonesia.cpp, in Python: the generator checks its output."""
    out = []
    parts = [0, 0, 0, 0, 0]
    depth = 0
    for chunk in chunks:
        for record in chunk.split("|")[:-1]:
            level = int(record[0])
            name, _, number = record[1:].partition("#")
            if number:
                parts[level] = int(number)
            else:
                parts[level] = FIRST_NUMBER[level] if level > depth else parts[level] + 1
            for deeper in range(level + 1, 5):
                parts[deeper] = 0
            depth = level
            out.append((parts[1 : level + 1], name))
    return out


def chunked(lines):
    chunks = [[]]
    size = 0
    for line in lines:
        n = len(line.encode("utf-8"))
        if n > CHUNK_BYTES:
            fail(f"one kecamatan's records take {n} bytes, over a chunk's {CHUNK_BYTES}")
        if size + n > CHUNK_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += n
    return chunks


def render(regions, population, national):
    chunks = chunked(encode(regions))
    if decode("".join(c) for c in chunks) != regions:
        fail("internal error: the encoded table does not decode to the CSV rows")
    names = {tuple(parts): name for parts, name in regions}

    out = []
    emit = out.append
    emit("// Every administrative region of Indonesia, and the population of each province and")
    emit("// kab/kota, embedded so that a national programme needs no data files. Source: Keputusan")
    emit("// Menteri Dalam Negeri (Kepmendagri) No 300.2.2-2138 Tahun 2025, via the cahyadsn/wilayah")
    emit("// data (db/wilayah.sql, db/wilayah_penduduk.sql, snapshot b7ad440; MIT licence), as the")
    emit("// reference CSVs wilayah_indonesia.csv and penduduk_kabkota.csv.")
    emit("// Generated by tools/gen_region_indonesia.py: change the generator or its input, not this")
    emit("// file.")
    emit('#include "okoce/population.hpp"')
    emit('#include "okoce/region.hpp"')
    emit("")
    emit("#include <cstddef>")
    emit("#include <cstdint>")
    emit("#include <iterator>")
    emit("#include <string>")
    emit("#include <string_view>")
    emit("#include <utility>")
    emit("#include <vector>")
    emit("")
    emit("namespace okoce {")
    emit("namespace {")
    emit("")
    emit("using namespace std::string_view_literals;")
    emit("")
    emit(f"constexpr std::size_t region_count = {len(regions)};")
    emit(f"constexpr int first_number[5] = {{0, {', '.join(str(FIRST_NUMBER[l]) for l in range(1, 5))}}};")
    emit("")
    emit(ENCODING)
    emit("// clang-format off")
    emit("// The sv suffix gives each chunk its length, so that no strlen runs at compile time.")
    emit("constexpr std::string_view region_chunks[] = {")
    for chunk in chunks:
        for line in chunk[:-1]:
            emit(f"    {cxx_string(line)}")
        emit(f"    {cxx_string(chunk[-1])}sv,")
    emit("};")
    emit("// clang-format on")
    emit("")
    emit("// Province and kab/kota as numbers (kota 0 for the province itself), male, female.")
    emit("struct PopulationRow {")
    emit("    std::uint8_t province;")
    emit("    std::uint8_t kota;")
    emit("    std::uint32_t male;")
    emit("    std::uint32_t female;")
    emit("};")
    emit("")
    emit("// clang-format off")
    emit("constexpr PopulationRow population_rows[] = {")
    for parts in sorted(population):
        male, female = population[parts]
        kota = parts[1] if len(parts) == 2 else 0
        emit(f"    {{{parts[0]}, {kota}, {male}, {female}}}, // {names[parts]}")
    emit("};")
    emit("// clang-format on")
    emit(f"constexpr std::uint64_t national_male = {national[0]};")
    emit(f"constexpr std::uint64_t national_female = {national[1]};")
    emit("")
    emit("// The source gives each province and the nation as well as each kab/kota: they agree.")
    emit("constexpr bool provinces_are_sums() {")
    emit("    for (const auto& p : population_rows) {")
    emit("        if (p.kota != 0) continue;")
    emit("        std::uint64_t male = 0, female = 0;")
    emit("        for (const auto& k : population_rows)")
    emit("            if (k.province == p.province && k.kota != 0) male += k.male, female += k.female;")
    emit("        if (male != p.male || female != p.female) return false;")
    emit("    }")
    emit("    return true;")
    emit("}")
    emit("constexpr bool nation_is_sum() {")
    emit("    std::uint64_t male = 0, female = 0;")
    emit("    for (const auto& p : population_rows)")
    emit("        if (p.kota == 0) male += p.male, female += p.female;")
    emit("    return male == national_male && female == national_female;")
    emit("}")
    emit("static_assert(provinces_are_sums());")
    emit("static_assert(nation_is_sum());")
    emit(f"static_assert(std::size(population_rows) == {EXPECTED[0] + EXPECTED[1]});")
    emit("")
    emit("} // namespace")
    emit("")
    emit("const RegionTable& RegionTable::indonesia() {")
    emit("    // Built through from_rows so that the embedded rows pass the same checks as a file.")
    emit("    static const RegionTable table = [] {")
    emit("        std::vector<std::pair<RegionCode, std::string>> rows;")
    emit("        rows.reserve(region_count);")
    emit("        int parts[5] = {0, 0, 0, 0, 0}; // [level]: the latest own number at that level")
    emit("        int depth = 0;")
    emit("        for (std::string_view chunk : region_chunks) {")
    emit("            while (!chunk.empty()) {")
    emit("                const std::size_t end = chunk.find('|');")
    emit("                std::string_view record = chunk.substr(1, end - 1);")
    emit("                const int level = chunk[0] - '0';")
    emit("                chunk.remove_prefix(end + 1);")
    emit("                if (const std::size_t hash = record.find('#'); hash != record.npos) {")
    emit("                    int number = 0;")
    emit("                    for (char c : record.substr(hash + 1)) number = number * 10 + (c - '0');")
    emit("                    parts[level] = number;")
    emit("                    record = record.substr(0, hash);")
    emit("                } else {")
    emit("                    parts[level] = level > depth ? first_number[level] : parts[level] + 1;")
    emit("                }")
    emit("                for (int deeper = level + 1; deeper <= 4; ++deeper) parts[deeper] = 0;")
    emit("                depth = level;")
    emit("                rows.emplace_back(RegionCode::from_parts(parts[1], parts[2], parts[3], parts[4]),")
    emit("                                  record);")
    emit("            }")
    emit("        }")
    emit(f'        return from_rows(std::move(rows), "{SOURCE}");')
    emit("    }();")
    emit("    return table;")
    emit("}")
    emit("")
    emit("const PopulationTable& PopulationTable::indonesia() {")
    emit("    static const PopulationTable table = [] {")
    emit("        std::vector<std::pair<RegionCode, Population>> rows;")
    emit("        rows.reserve(std::size(population_rows));")
    emit("        for (const auto& p : population_rows)")
    emit("            rows.emplace_back(RegionCode::from_parts(p.province, p.kota),")
    emit("                              Population{p.male, p.female});")
    emit(f'        return from_rows(std::move(rows), "{SOURCE}");')
    emit("    }();")
    emit("    return table;")
    emit("}")
    emit("")
    emit("} // namespace okoce")
    return "\n".join(out) + "\n"


def main(argv):
    check = len(argv) > 1 and argv[1] == "--check"
    args = argv[2:] if check else argv[1:]
    if len(args) != 3:
        sys.exit(f"usage: {argv[0]} [--check] WILAYAH_INDONESIA_CSV PENDUDUK_KABKOTA_CSV OUTPUT_CPP")
    regions = read_regions(args[0])
    population, national = read_population(args[1], regions)
    text = render(regions, population, national)
    if check:
        with open(args[2], encoding="utf-8", newline="") as f:
            if f.read() != text:
                fail(f"{args[2]} differs from what {args[0]} and {args[1]} give; regenerate it")
        print(f"{TOOL}: {args[2]} matches {args[0]} and {args[1]}")
        return
    with open(args[2], "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv)
