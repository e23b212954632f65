"""Measure suggested corrections on generated typing slips (not part of the test run).

Usage: python benchmarks/bench_suggestions.py [--slips 600] [--issues 70] [--seed 0] [--around 16]

Generates a clean series with the project's generator (2023 layout, across a New Year), writes
it as Markdown and extracts it once with the real readers. Then, SLIPS times, one printed figure
(a count, week or year to date) is given one slip — two adjacent digits swapped, a digit dropped,
a digit doubled, a neighbouring key, a 万 (×10,000) slip — and the issue and the next are checked
with the rules, against AROUND issues either side (the plausibility rules judge a figure by
the issues around it, as a run over the archive does). Prints:

- suggestions on the clean series: any there is a false one;
- detected: the slips that break a relation (a new finding of a rule that relates figures), and
  those a plausibility rule flags (increment_outlier, ratio_outlier, info or warning);
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
from audit.suggest import PLAUSIBILITY, RELATIONS
from audit.tables import Tables
from checks.typos import neighbours
from schemas.settings import Settings

SLIPS = ("swap", "drop", "double", "neighbour", "wan")


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
    related: bool
    plausibility: bool
    suggested: bool
    correct: bool

    @property
    def detected(self) -> bool:
        return self.related or self.plausibility


def _asked(findings):  # type: ignore[no-untyped-def]
    """Return the findings a suggestion may be made for."""
    judged = findings["rule"].isin(PLAUSIBILITY.keys()) & (findings["variant"] != "calendar")
    return findings[findings["rule"].isin(RELATIONS.keys()) | judged]


def run_case(
    tables: Tables,
    order: list[str],
    index: int,
    rng: random.Random,
    settings: Settings,
    around: int,
    known: set[str],
    verbose: bool = False,
) -> Outcome | None:
    """Return what the rules say about one slip in a figure of issue ``order[index]``."""
    source = order[index]
    facts = tables.facts
    own = facts[(facts["source"] == source) & (facts["unit"] != "%")]
    row = own.iloc[rng.randrange(len(own))]
    true = int(row["value"])
    kind = rng.choice(SLIPS)
    typed = slip(true, kind, rng)
    if typed is None:
        return None
    window = set(order[max(0, index - around) : index + around + 1])
    part = facts[facts["source"].isin(window)].copy()
    at = (part["source"] == source) & (part["metric"] == row["metric"]) & (part["scope"] == row["scope"])
    # An exact figure's bounds are its value: the rules that read them must see the slip too.
    part.loc[at, ["value", "low", "high", "raw"]] = [float(typed), float(typed), float(typed), str(typed)]
    sub = Tables(
        issues=tables.issues[tables.issues["source"].isin(window)],
        facts=part,
        headings=tables.headings[tables.headings["source"].isin(window)],
        dates=tables.dates[tables.dates["source"].isin(window)],
        enumerations=tables.enumerations[tables.enumerations["source"].isin(window)],
    )
    # A slip shows in its issue and the next (the next issue's figures are compared with it).
    findings = evaluate(sub, settings, targets=order[index : index + 2])
    asked = _asked(findings)
    made = asked[asked["suggested"].notna()]
    correct = bool(len(made)) and all(
        value == str(true) and f"{typed} 应为 {true}" in text
        for value, text in zip(made["suggested"], made["suggestion_zh"], strict=True)
    )
    new = asked[~asked["fingerprint"].isin(known)]  # what the clean series says too is no detection
    if verbose and not correct:
        rules = sorted(zip(new["rule"], new["severity"], strict=True))
        print("  miss:", kind, row["metric"], row["scope"], true, "->", typed, rules, list(made["suggested"]))
    return Outcome(
        related=bool(new["rule"].isin(RELATIONS.keys()).any()),
        plausibility=bool(new["rule"].isin(PLAUSIBILITY.keys()).any()),
        suggested=bool(len(made)),
        correct=correct,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slips", "--cases", dest="slips", type=int, default=600)
    parser.add_argument("--issues", type=int, default=70)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--around", type=int, default=16, help="issues either side checked with the slip")
    parser.add_argument("--verbose", action="store_true", help="print each slip without the right suggestion")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-suggest-") as folder:
        series = generate_series(args.issues, seed=args.seed, start=date(2023, 6, 5))
        for spec in series:
            write_issue(Path(folder) / file_name(spec, "md"), spec, "md", ())
        tables = extract([folder]).tables
    order = list(tables.issues.sort_values("serial_no")["source"])
    settings = Settings()
    clean = _asked(evaluate(tables, settings))
    false = clean[clean["suggested"].notna()]
    known = set(clean["fingerprint"])
    print(f"suggestions on the clean series: {len(false)} (of {len(clean)} findings that could carry one)")
    began = time.perf_counter()
    outcomes: list[Outcome] = []
    while len(outcomes) < args.slips:
        index = rng.randrange(len(order))
        found = run_case(tables, order, index, rng, settings, args.around, known, args.verbose)
        if found is not None:
            outcomes.append(found)
    counts = Counter((o.detected, o.suggested, o.correct) for o in outcomes)
    total = len(outcomes)
    related = sum(o.related for o in outcomes)
    detected = sum(o.detected for o in outcomes)
    suggested = sum(o.suggested for o in outcomes)
    correct = sum(o.correct for o in outcomes)
    print(f"{total} slips in {args.issues} generated issues, checked in {time.perf_counter() - began:.0f} s")
    print(
        f"detected: {detected} ({detected / total:.3f}); a relation broken: {related} ({related / total:.3f}); "
        f"by a plausibility rule alone: {detected - related}"
    )
    print(f"suggestions made: {suggested}, right: {correct}")
    print(f"precision: {correct / max(suggested, 1):.3f}")
    print(
        f"recall over all slips: {correct / total:.3f}; over detected slips: {correct / max(detected, 1):.3f}"
    )
    print("outcomes (detected, suggested, right):", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
