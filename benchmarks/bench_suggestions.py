"""Measure suggested corrections on generated typing slips (not part of the test run).

Usage: python benchmarks/bench_suggestions.py [--cases 600] [--issues 70] [--seed 0]

Generates a clean series with the project's generator (2023 layout, across a New Year), writes
it as Markdown and extracts it once with the real readers. Then, CASES times, one printed figure
(a count, week or year to date) is given one slip — two adjacent digits swapped, a digit dropped,
a digit doubled, a neighbouring key, a 万 (×10,000) slip — and the issues around it are checked
with the rules. Prints:

- detected: the slips that break a relation (a finding of a rule that relates figures);
- precision: of the cases where a suggestion is made, the share whose every suggestion is the
  true value of the mistyped figure;
- recall: the share of the slips that get the right suggestion, over all slips and over the
  detected ones.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from audit.findings import evaluate
from audit.generate import generate_series
from audit.generate.corpus import file_name, write_issue
from audit.pipeline import extract
from audit.suggest import RELATIONS
from audit.tables import Tables
from checks.typos import neighbours
from schemas.settings import Settings

SLIPS = ("swap", "drop", "double", "neighbour", "wan")
#: Issues either side of the mistyped one that are checked with it.
WINDOW = 4


def slip(value: int, kind: str, rng: random.Random) -> int | None:
    """Return ``value`` as typed with one slip of ``kind``, or None when that slip cannot change it."""
    digits = str(value)
    n = len(digits)
    if kind == "swap":
        spots = [i for i in range(n - 1) if digits[i] != digits[i + 1]]
        if not spots:
            return None
        i = rng.choice(spots)
        typed = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    elif kind == "drop":
        if n < 2:
            return None
        i = rng.randrange(n)
        typed = digits[:i] + digits[i + 1 :]
    elif kind == "double":
        i = rng.randrange(n)
        typed = digits[: i + 1] + digits[i:]
    elif kind == "neighbour":
        i = rng.randrange(n)
        typed = digits[:i] + rng.choice(neighbours(digits[i])) + digits[i + 1 :]
    else:
        typed = str(value * 10000)
    if typed.startswith("0") or int(typed) == value:
        return None
    return int(typed)


@dataclass
class Outcome:
    detected: bool
    suggested: bool
    correct: bool


def run_case(
    tables: Tables, order: list[str], index: int, rng: random.Random, settings: Settings
) -> Outcome | None:
    """Return what the rules say about one slip in a figure of issue ``order[index]``."""
    source = order[index]
    facts = tables.facts
    own = facts[(facts["source"] == source) & (facts["unit"] != "%")]
    row = own.iloc[rng.randrange(len(own))]
    true = int(row["value"])
    typed = slip(true, rng.choice(SLIPS), rng)
    if typed is None:
        return None
    window = set(order[max(0, index - WINDOW) : index + WINDOW + 1])
    part = facts[facts["source"].isin(window)].copy()
    at = (part["source"] == source) & (part["metric"] == row["metric"]) & (part["scope"] == row["scope"])
    part.loc[at, "value"] = float(typed)
    part.loc[at, "raw"] = str(typed)
    sub = Tables(
        issues=tables.issues[tables.issues["source"].isin(window)],
        facts=part,
        headings=tables.headings[tables.headings["source"].isin(window)],
        dates=tables.dates[tables.dates["source"].isin(window)],
        enumerations=tables.enumerations[tables.enumerations["source"].isin(window)],
    )
    findings = evaluate(sub, settings)
    related = findings[findings["rule"].isin(RELATIONS)]
    made = related[related["suggested"].notna()]
    correct = bool(len(made)) and all(
        value == str(true) and f"{typed} 应为 {true}" in text
        for value, text in zip(made["suggested"], made["suggestion_zh"], strict=True)
    )
    return Outcome(detected=bool(len(related)), suggested=bool(len(made)), correct=correct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--issues", type=int, default=70)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-suggest-") as folder:
        series = generate_series(args.issues, seed=args.seed, start=date(2023, 6, 5))
        for spec in series:
            write_issue(Path(folder) / file_name(spec, "md"), spec, "md", ())
        tables = extract([folder]).tables
    order = list(tables.issues.sort_values("serial_no")["source"])
    settings = Settings()
    began = time.perf_counter()
    outcomes: list[Outcome] = []
    while len(outcomes) < args.cases:
        found = run_case(tables, order, rng.randrange(len(order)), rng, settings)
        if found is not None:
            outcomes.append(found)
    counts = Counter((o.detected, o.suggested, o.correct) for o in outcomes)
    total = len(outcomes)
    detected = sum(o.detected for o in outcomes)
    suggested = sum(o.suggested for o in outcomes)
    correct = sum(o.correct for o in outcomes)
    print(f"{total} slips in {args.issues} generated issues, checked in {time.perf_counter() - began:.0f} s")
    print(f"detected (a relation broken): {detected} ({detected / total:.3f})")
    print(f"suggestions made: {suggested}, right: {correct}")
    print(f"precision: {correct / max(suggested, 1):.3f}")
    print(
        f"recall over all slips: {correct / total:.3f}; over detected slips: {correct / max(detected, 1):.3f}"
    )
    print("outcomes (detected, suggested, right):", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
