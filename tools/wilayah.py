"""What the region-table generators share: reading a Kemendagri `code,name` CSV strictly and
writing C++ string literals. Imported by gen_region_dki.py and gen_region_indonesia.py, which
are run by hand (not at build time); Python 3 standard library only.
"""

import csv
import re
import sys

# RegionCode's strict dotted form (include/okoce/region.hpp): 2, 2, 2 and 4 digits. A zero part
# and a province below 11 are refused separately, as RegionCode::try_parse refuses them.
CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def fail(tool, message):
    sys.exit(f"{tool}: {message}")


def cxx_string(text, tool):
    """A C++ string literal; the CSV is UTF-8 and so is the source file."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    if any(ord(c) < 0x20 for c in out):
        fail(tool, f"control character in name {text!r}")
    return f'"{out}"'


def code_parts(code):
    """The numeric parts of a code RegionCode would accept, or None."""
    if not CODE.match(code):
        return None
    parts = [int(p) for p in code.split(".")]
    if parts[0] < 11 or 0 in parts:
        return None
    return parts


def read_codes(path, tool, columns=("code", "name")):
    """Rows of a CSV as (line, parts, row dict), each code strict and unique, each name set.

    Exits naming the file, the line and the value for the first bad row, so that a generated
    table never holds a row the library would refuse from a file.
    """
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        for column in columns:
            if reader.fieldnames is None or column not in reader.fieldnames:
                fail(tool, f"{path}: no {column} column")
        rows = list(reader)
    out = []
    seen = set()
    for line, row in enumerate(rows, start=2):
        code, name = row["code"], row["name"]
        parts = code_parts(code)
        if parts is None:
            fail(tool, f"{path}:{line}: bad code {code!r}")
        if code in seen:
            fail(tool, f"{path}:{line}: duplicate code {code}")
        seen.add(code)
        if not name:
            fail(tool, f"{path}:{line}: empty name for {code}")
        out.append((line, parts, row))
    return out
