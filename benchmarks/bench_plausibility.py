"""Measure ``increment_outlier`` on generated series (not part of the test run).

Usage: python benchmarks/bench_plausibility.py [--years 5] [--cases 240] [--seed 0]

Generates a clean series of YEARS years (2023 layout, ``variation="seasonal"``: seasons, holiday
weeks, a slow start in January) from January 2021, so every year is in the holiday calendar,
writes it as Markdown and extracts it once with the real readers. Prints:

- false outliers: the ``increment_outlier`` findings of the clean archive, by severity (the
  target is no warning);
- recall: CASES times, one count figure (a week or year-to-date figure of a random issue) gets
  an extra, a dropped or a doubled digit, and the issues around it are checked again. A case is
  flagged when ``increment_outlier`` (info or warning) names that figure's metric in its issue
  or the next (a dropped digit makes the year to date fall, so the jump shows in the next
  issue's increase); the share at warning level is printed too, and the share flagged by any
  rule (a finding on that metric in those issues that the clean archive does not have).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from audit.findings import evaluate
from audit.generate import generate_series
from audit.generate.corpus import file_name, write_issue
from audit.pipeline import extract
from audit.tables import Tables
from schemas.settings import Settings

SLIPS = ("extra", "dropped", "doubled")
#: Issues either side of the mistyped one that are checked with it (the rule's window is 13).
AROUND = 16


def slip(value: int, kind: str, rng: random.Random) -> int | None:
    """Return ``value`` with one digit added, dropped or doubled; None when that cannot change it."""
    digits = str(value)
    at = rng.randrange(len(digits))
    if kind == "extra":
        at = rng.randrange(len(digits) + 1)
        typed = digits[:at] + rng.choice("0123456789") + digits[at:]
    elif kind == "dropped":
        typed = digits[:at] + digits[at + 1 :]
    else:
        typed = digits[: at + 1] + digits[at:]
    if not typed or typed.startswith("0") or int(typed) == value:
        return None
    return int(typed)


def subset(tables: Tables, sources: set[str], facts=None) -> Tables:  # type: ignore[no-untyped-def]
    def keep(frame):  # type: ignore[no-untyped-def]
        return frame[frame["source"].isin(sources)]

    return Tables(
        issues=keep(tables.issues),
        facts=keep(tables.facts if facts is None else facts),
        headings=keep(tables.headings),
        dates=keep(tables.dates),
        enumerations=keep(tables.enumerations),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--cases", type=int, default=240)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="print each case that is not flagged")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="bench-plausibility-") as folder:
        series = generate_series(
            52 * args.years + 1,
            seed=args.seed,
            start=date(2021, 1, 4),
            start_serial=300,
            variation="seasonal",
        )
        for spec in series:
            write_issue(Path(folder) / file_name(spec, "md"), spec, "md", ())
        tables = extract([folder]).tables
    issues = tables.issues.sort_values("serial_no")
    order = list(issues["source"])
    years = f"{issues['year'].min()}–{issues['year'].max()}"

    began = time.perf_counter()
    clean = evaluate(tables, settings)
    outliers = clean[clean["rule"] == "increment_outlier"]
    print(
        f"clean archive: {len(order)} issues ({years}), {len(tables.facts)} figures, checked in "
        f"{time.perf_counter() - began:.1f} s"
    )
    print("false outliers by severity:", dict(Counter(outliers["severity"])) or "none")
    other = clean[clean["severity"].isin(["warning", "error"]) & (clean["rule"] != "increment_outlier")]
    print("other warnings or errors on the clean archive:", dict(Counter(other["rule"])) or "none")

    known = set(clean["fingerprint"])
    counts = tables.facts[tables.facts["unit"] != "%"]
    flagged = warned_total = caught = total = 0
    by_slip: Counter[tuple[str, bool]] = Counter()
    began = time.perf_counter()
    while total < args.cases:
        at = rng.randrange(1, len(order) - 1)
        source = order[at]
        own = counts[counts["source"] == source]
        row = own.iloc[rng.randrange(len(own))]
        kind = rng.choice(SLIPS)
        typed = slip(int(row["value"]), kind, rng)
        if typed is None:
            continue
        total += 1
        window = set(order[max(0, at - AROUND) : at + AROUND + 1])
        facts = tables.facts[tables.facts["source"].isin(window)].copy()
        hit = (
            (facts["source"] == source)
            & (facts["metric"] == row["metric"])
            & (facts["scope"] == row["scope"])
        )
        facts.loc[hit, ["value", "raw"]] = [float(typed), str(typed)]
        findings = evaluate(subset(tables, window, facts), settings, targets=order[at : at + 2])
        near = findings[(findings["metric"] == row["metric"]) & findings["source"].isin(order[at : at + 2])]
        near = near[~near["fingerprint"].isin(known)]  # what the clean archive says there is no news
        outlier = near[near["rule"] == "increment_outlier"]
        warned = bool((outlier["severity"] == "warning").any())
        seen = bool(len(outlier))
        warned_total += warned
        flagged += seen
        caught += bool(len(near))
        by_slip[(kind, seen)] += 1
        if args.verbose and not seen:
            scores = near.loc[near["rule"] == "increment_outlier", "message_en"].tolist()
            print(
                "  missed:",
                kind,
                row["metric"],
                row["scope"],
                int(row["value"]),
                "->",
                typed,
                issues.set_index("source").loc[source, "issue_no"],
                scores,
                list(near["rule"]),
            )
    print(f"{total} injected digits ({', '.join(SLIPS)}), checked in {time.perf_counter() - began:.0f} s")
    print(f"outlier recall (increment_outlier, info or warning): {flagged}/{total} = {flagged / total:.3f}")
    print(f"  of which at warning level: {warned_total}/{total} = {warned_total / total:.3f}")
    print(
        f"flagged by any rule (a new finding on the figure's metric): {caught}/{total} = {caught / total:.3f}"
    )
    print("by slip (kind, flagged):", dict(sorted(by_slip.items())))


if __name__ == "__main__":
    main()
