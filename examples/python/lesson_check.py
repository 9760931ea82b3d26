"""The checking every Python lesson shares (the twin of examples/lesson_check.hpp).

A figure worked out by hand in a lesson's comments is printed on a line of its own,
"= <what>: <value>", and compared with the hand-worked value; a mismatch ends the lesson with
exit code 1, so each lesson is also a test. The C++ twins print the same lines, and the
lesson_parity tests compare the two.

Values are written one way in both languages: integers in decimal, booleans as yes/no, reals
with six decimals and trailing zeros dropped (NaN as "NaN"), sequences space-separated.
"""

import enum
import math
import numbers
import sys
from typing import Any


def format_value(value: Any) -> str:
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            return "NaN"
        s = f"{x:.6f}".rstrip("0").rstrip(".")
        return "0" if s == "-0" else s
    return " ".join(format_value(v) for v in value)


def fail(what: str, detail: str = "") -> None:
    sys.stdout.flush()
    sys.exit(f"example check failed: {what}{detail}")


def check(ok: bool, what: str) -> None:
    """A rule with no figure to print (the builder refused a record; a column is absent)."""
    if not ok:
        fail(what)


def figure(what: str, value: Any, expected: Any, tolerance: float | None = None) -> None:
    """Prints the figure, then requires it to equal the hand-worked value (within ``tolerance``
    for a real; a NaN expects a NaN)."""
    print(f"= {what}: {format_value(value)}")
    if tolerance is not None:
        values = [value] if isinstance(value, numbers.Real) else list(value)
        wanted = [expected] if isinstance(expected, numbers.Real) else list(expected)
        same = len(values) == len(wanted) and all(
            math.isnan(v) if math.isnan(w) else abs(float(v) - w) <= tolerance
            for v, w in zip(values, wanted))
    elif isinstance(value, (str, numbers.Number, enum.Enum)) or expected is None:
        same = bool(value == expected)
    else:
        same = list(value) == list(expected)
    if not same:
        fail(what, f": got {format_value(value)}, expected {format_value(expected)}")


def show(what: str, value: Any) -> None:
    """A figure with no hand-worked value (a count over the synthetic programme): printed only,
    so that the lesson_parity test still requires the two twins to agree on it."""
    print(f"= {what}: {format_value(value)}")
