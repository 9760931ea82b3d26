"""``python3 -m okoce report``: the command line over :func:`okoce.report.build_report`."""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys

from .. import _core
from .text import DEFAULT_LANG, Words, languages


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python3 -m okoce report",
                                     description="Quarterly programme report (HTML + summary).")
    parser.add_argument("data", nargs="?", help="CSV folder or SQLite file; default: the "
                        "built-in synthetic Jakarta programme")
    parser.add_argument("--as-of", help="YYYY-MM-DD; default: the last quarter end in the data")
    parser.add_argument("--out", default="okoce-report",
                        help="output folder (default: %(default)s)")
    parser.add_argument("--lang", choices=languages(), default=DEFAULT_LANG,
                        help="language of the report: id (Bahasa Indonesia, default) or en")
    parser.add_argument("--counting", metavar="KINDS",
                        help="licence kinds that count as licensed, e.g. IUMK,SKU (OK OCE's "
                        "2018 rule); default: IUMK, SKU or NIB")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size of the built-in programme (1.0 = Jakarta, default)")
    parser.add_argument("--seed", type=int, default=2017, help="seed of the built-in programme")
    return parser


def main(argv: list[str] | None = None) -> int:
    from . import build_report, progress_steps

    args = _parser().parse_args(argv)
    w = Words(args.lang)
    try:
        as_of = None
        if args.as_of:
            try:
                as_of = _dt.date.fromisoformat(args.as_of)
            except ValueError:
                raise _core.ValidationError(f"--as-of: bad value '{args.as_of}'; expected a "
                                            "date YYYY-MM-DD") from None
        from .sections import parse_counting

        counting = parse_counting(args.counting)
        from tqdm import tqdm

        # Progress only for a person watching: quiet when stderr is not a terminal. Loading
        # is one step, then the report's own.
        bar = tqdm(total=1 + progress_steps(), file=sys.stderr, disable=not sys.stderr.isatty(),
                   unit="step")
        bar.set_description("loading")
        if args.data:
            programme = _core.load(args.data)
            source = args.data
        else:
            from .. import synth

            until = as_of or _dt.date(2022, 10, 31)
            programme = synth.jakarta(seed=args.seed, scale=args.scale, until=until)
            source = w("synthetic", seed=args.seed, scale=w.f.decimal(args.scale, 2))
        bar.update()

        def step(title: str) -> None:
            bar.set_description(title[:40])
            bar.update()

        report = build_report(programme, as_of, args.out, source, step, args.lang, counting)
        bar.close()
    except (_core.Error, OSError) as e:
        print(f"okoce report: error: {e}", file=sys.stderr)
        return 2
    print("\n".join(report.summary))
    print("\n" + w("html_at", path=os.path.abspath(report.html_path)))
    return 0
