#!/usr/bin/env python3
"""Writes the enum part of okoce's stubs (bindings/python/okoce/_core/__init__.pyi) from the
built module, whose enums register_enums.cpp makes by walking each enum's table
(enum_table.hpp): the classes, their order, their members and whether they are labelled are the
tables', so a new enumerator reaches the stubs by running this again.

    PYTHONPATH=build/python /usr/bin/python3 tools/gen_enum_stubs.py          # rewrite
    PYTHONPATH=build/python /usr/bin/python3 tools/gen_enum_stubs.py --check  # is it current?

Only the lines between BEGIN and END in the stub file are written. --check changes nothing and
exits 1, with a diff, when they are not what this would write (ctest python_enum_stubs).

The layout is compact, the members of an enum on one line, since the file is written here
and not by hand: one class a line is easy to scan, and it keeps the stubs from repeating the
same shape of line run after run.
"""
from __future__ import annotations

import argparse
import difflib
import enum
import pathlib
import sys

import okoce._core as core

STUB = pathlib.Path(__file__).resolve().parent.parent / "bindings/python/okoce/_core/__init__.pyi"
BEGIN = "# Generated from the enum tables by tools/gen_enum_stubs.py: do not edit by hand."
END = "# End of the generated enums."

# What the bindings add to an enum beyond its table (register_enums.cpp, register_phase.cpp),
# stubbed by hand since the runtime does not carry their types. A property or method the
# module has and this does not is an error, so none goes unstubbed.
EXTRAS: dict[str, list[str]] = {
    "Step": ["@property", "def number(self) -> int: ..."],
    "PhaseRule": ["def describe(self, rules: PhaseRules = ...) -> str: ..."],
    "TargetMetric": ["@property", "def step(self) -> Step | None: ..."],
}
LABELS = {"label_id", "label_en"}  # every labelled enum has both; stubbed by _Labelled


def own_extras(cls: type[enum.Enum]) -> set[str]:
    """The public names the bindings set on the class itself, besides its members."""
    return {name for name in vars(cls)
            if not name.startswith("_") and name not in cls.__members__} - LABELS


def stub_of(cls: type[enum.Enum]) -> list[str]:
    extras = own_extras(cls)
    written = {line.split("(")[0].removeprefix("def ") for line in EXTRAS.get(cls.__name__, [])
               if line.startswith("def ")}
    if extras != written:
        raise SystemExit(f"{cls.__name__}: the module has {sorted(extras)}, EXTRAS stubs "
                         f"{sorted(written)}; update EXTRAS in {pathlib.Path(__file__).name}")
    bases = ("_Labelled, " if LABELS <= set(vars(cls)) else "") + "str, enum.Enum"
    members = "; ".join(f'{name} = "{member.value}"' for name, member in cls.__members__.items())
    head = f"class {cls.__name__}({bases}):"
    if cls.__name__ not in EXTRAS:
        return [f"{head} {members}"]
    return [head, f"    {members}", *(f"    {line}" for line in EXTRAS[cls.__name__])]


def generated() -> list[str]:
    """The lines between BEGIN and END: every enum of the module, in the order it makes them."""
    enums = [v for v in vars(core).values() if isinstance(v, type) and issubclass(v, enum.Enum)]
    if not enums:
        raise SystemExit("okoce._core has no enums: is PYTHONPATH the build's python folder?")
    missing = set(EXTRAS) - {cls.__name__ for cls in enums}
    if missing:
        raise SystemExit(f"EXTRAS names enums the module lacks: {sorted(missing)}")
    return [line for cls in enums for line in stub_of(cls)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report whether it is current")
    ap.add_argument("--stub", type=pathlib.Path, default=STUB, help="the stub file")
    args = ap.parse_args()
    old = args.stub.read_text(encoding="utf-8").splitlines()
    try:
        start, stop = old.index(BEGIN), old.index(END)
    except ValueError:
        raise SystemExit(f"{args.stub}: no line {BEGIN!r} followed by {END!r}") from None
    new = [*old[:start + 1], *generated(), *old[stop:]]
    if new == old:
        return 0
    if args.check:
        sys.stdout.writelines(difflib.unified_diff(
            [x + "\n" for x in old], [x + "\n" for x in new], str(args.stub), "generated"))
        print(f"{args.stub} is not current: run {pathlib.Path(__file__).name} (see its docstring)")
        return 1
    args.stub.write_text("\n".join(new) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
