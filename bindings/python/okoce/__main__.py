"""``python3 -m okoce report ...``: the command-line entry points."""

import sys


def _main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python3 -m okoce report [DATA] [--as-of DATE] [--out DIR] [--lang id|en]\n"
              "  report   the quarterly programme report (see: python3 -m okoce report --help)")
        return 0 if argv else 2
    if argv[0] == "report":
        from .report import main

        return main(argv[1:])
    print(f"python3 -m okoce: unknown command '{argv[0]}' (try: report)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
