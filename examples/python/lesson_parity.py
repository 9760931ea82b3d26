"""Lesson parity: a C++ lesson and its Python twin must print the same figures.

Usage: lesson_parity.py <C++ lesson program> <Python lesson script>. Both are run; the lines
each prints through its lesson_check helper ("= <what>: <value>", trailing blanks dropped - the
one normalisation) are compared in order, and any difference is shown with its line number.
Text between the figures (tables, prose) may differ with each language's way of printing.
Exit 0 when the figures match and there are some, 1 otherwise.
"""

import subprocess
import sys


def figures(command: list[str]) -> list[str]:
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({run.returncode}):\n{run.stderr}")
    return [line.rstrip() for line in run.stdout.splitlines() if line.startswith("= ")]


def main() -> int:
    cpp = figures([sys.argv[1]])
    py = figures([sys.executable, sys.argv[2]])
    if not cpp:
        print("the C++ lesson printed no figures")
        return 1
    bad = 0
    for k in range(max(len(cpp), len(py))):
        a = cpp[k] if k < len(cpp) else "(none)"
        b = py[k] if k < len(py) else "(none)"
        if a != b:
            bad += 1
            print(f"figure {k + 1}:\n  C++:    {a}\n  Python: {b}")
    print(f"{len(cpp)} C++ figures, {len(py)} Python figures, {bad} different")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
