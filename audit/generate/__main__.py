"""Command line: ``python -m audit.generate examples`` regenerates examples/; ``archive`` writes benchmarks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from audit.generate.corpus import FORMATS, build_archive, build_examples
from audit.generate.defects import DEFECT_KINDS
from audit.generate.noise import ALL as NOISE_KINDS
from audit.generate.series import VARIATIONS
from audit.generate.special_corpus import build_special_run

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def _names(value: str, known: Sequence[str], what: str) -> tuple[str, ...]:
    """Return the comma-separated names in ``value``, all of them ``known``."""
    names = tuple(v for v in value.split(",") if v)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown {what}: {', '.join(unknown)} (known: {', '.join(known)})")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    """Return the exit code of the generator's command line run with ``argv``."""
    parser = argparse.ArgumentParser(prog="python -m audit.generate", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("examples", help="regenerate the bundled examples (byte-identical)")
    ex.add_argument("--out", type=Path, default=EXAMPLES_DIR, help=f"output folder (default {EXAMPLES_DIR})")
    ar = sub.add_parser("archive", help="write series of issues for benchmarks")
    ar.add_argument("out", type=Path)
    ar.add_argument("--issues", type=int, default=52, help="issues per series")
    ar.add_argument("--series", type=int, default=1, help="number of series (publishers)")
    ar.add_argument("--formats", default="md", type=lambda v: _names(v, FORMATS, "formats"))
    ar.add_argument("--seed", type=int, default=0)
    ar.add_argument("--defects", default="", type=lambda v: _names(v, DEFECT_KINDS, "defects"))
    ar.add_argument("--noise", default="", type=lambda v: _names(v, NOISE_KINDS, "noise kinds"))
    ar.add_argument(
        "--variation",
        default="flat",
        choices=VARIATIONS,
        help="week-to-week variation of the volumes: flat (default) or seasonal (seasons, slow January)",
    )
    sp = sub.add_parser(
        "mastheads", help="write a run with every masthead form, a 合刊, a 增刊 and a compilation"
    )
    sp.add_argument("out", type=Path)
    sp.add_argument("--issues", type=int, default=12)
    sp.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "mastheads":
        rows = build_special_run(args.out, args.issues, seed=args.seed)
        print(f"{len(rows)} issues written to {args.out}")
        return 0
    if args.command == "examples":
        build_examples(args.out)
        print(f"examples written to {args.out}")
        return 0
    records = build_archive(
        args.out,
        args.issues,
        args.series,
        args.formats,
        args.seed,
        args.defects,
        noise=args.noise,
        variation=args.variation,
    )
    print(
        f"{args.series} series of {args.issues} issues written to {args.out}; {len(records)} expected findings"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
