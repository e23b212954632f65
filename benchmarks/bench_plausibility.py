"""Measure ``increment_outlier`` and ``ratio_outlier`` on generated series (not part of the test run).

Usage: python benchmarks/bench_plausibility.py [--years 5] [--cases 240] [--ratio-cases 200] [--seed 0]

Generates a clean series of YEARS years (2023 layout, ``variation="seasonal"``: seasons, holiday
weeks, a slow start in January) from January 2021, so every year is in the holiday calendar,
writes it as Markdown and extracts it once with the real readers. Prints:

- false outliers: the ``increment_outlier`` and ``ratio_outlier`` findings of the clean archive,
  by severity (the target is no warning), and the suggested corrections made there (all false);
- recall: CASES times, one count figure (a week or year-to-date figure of a random issue) gets
  an extra, a dropped or a doubled digit, and the issues around it are checked again. A case is
  flagged when ``increment_outlier`` (info or warning) names that figure's metric in its issue
  or the next (a dropped digit makes the year to date fall, so the jump shows in the next
  issue's increase); the share at warning level is printed too, and the share flagged by any
  rule (a finding on that metric in those issues that the clean archive does not have);
- ratio recall: RATIO_CASES times, one figure of a pair the profile relates by ``not_above``
  (a completed or an accepted year-to-date figure, in turn) gets a wrong digit (a neighbouring
  key), an extra or a dropped digit. A case is flagged when ``ratio_outlier`` names the pair in
  that issue or the next. A wrong last digit moves a ratio by a hair and no rule can see it, so
  recall is also given over the ratio breaks: the slips that change the ratio of the pair's
  increases, in that issue or the next, by a factor of 1.5 or more (or make an increase fall).
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
from audit.profiles import relations
from audit.tables import Tables
from checks.typos import neighbours
from schemas.settings import Settings

SLIPS = ("extra", "dropped", "doubled")
RATIO_SLIPS = ("wrong digit", "extra", "dropped")
#: A ratio of increases moved by this factor (either way) is a ratio break.
BREAK = 1.5
#: Issues either side of the mistyped one that are checked with it (the rule's window is 13).
AROUND = 16


def slip(value: int, kind: str, rng: random.Random) -> int | None:
    """Return ``value`` with one digit added, dropped or doubled; None when that cannot change it."""
    digits = str(value)
    at = rng.randrange(len(digits))
    if kind == "extra":
        at = rng.randrange(len(digits) + 1)
        typed = digits[:at] + rng.choice("0123456789") + digits[at:]
    elif kind == "wrong digit":
        typed = digits[:at] + rng.choice(neighbours(digits[at])) + digits[at + 1 :]
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


def _ratio_steps(facts, order: list[str], at: int, metric: str, limit: str) -> list[float | None]:  # type: ignore[no-untyped-def]
    """Return the ratio of ``metric``'s to ``limit``'s year-to-date increase into issues ``at`` and
    ``at + 1`` (None where an increase is not positive)."""
    ytd = facts[facts["scope"] == "ytd"].set_index(["source", "metric"])["value"]
    out: list[float | None] = []
    for i in (at, at + 1):
        try:
            part = ytd[(order[i], metric)] - ytd[(order[i - 1], metric)]
            whole = ytd[(order[i], limit)] - ytd[(order[i - 1], limit)]
        except (KeyError, IndexError):
            out.append(None)
            continue
        out.append(part / whole if part > 0 and whole > 0 else None)
    return out


def _broken(before: list[float | None], after: list[float | None]) -> bool:
    """Return True when a slip moved a ratio of increases by ``BREAK`` or made an increase fall."""
    for old, new in zip(before, after, strict=True):
        if old is None:
            continue
        if new is None or max(new / old, old / new) >= BREAK:
            return True
    return False


def increment_recall(tables: Tables, order: list[str], known: set[str], args, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Print how often an extra, dropped or doubled digit is flagged by ``increment_outlier``."""
    settings = Settings()
    issues = tables.issues.set_index("source")
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
        near = _near(tables, order, at, row["metric"], row["scope"], typed, settings, known)
        near = near[near["metric"] == row["metric"]]
        outlier = near[near["rule"] == "increment_outlier"]
        warned = bool((outlier["severity"] == "warning").any())
        seen = bool(len(outlier))
        warned_total += warned
        flagged += seen
        caught += bool(len(near))
        by_slip[(kind, seen)] += 1
        if args.verbose and not seen:
            scores = near.loc[near["rule"] == "increment_outlier", "message_en"].tolist()
            number = issues.loc[source, "issue_no"]
            print(
                "  missed:", kind, row["metric"], row["scope"], int(row["value"]), "->", typed, number, scores
            )
    print(f"{total} injected digits ({', '.join(SLIPS)}), checked in {time.perf_counter() - began:.0f} s")
    print(f"outlier recall (increment_outlier, info or warning): {flagged}/{total} = {flagged / total:.3f}")
    print(f"  of which at warning level: {warned_total}/{total} = {warned_total / total:.3f}")
    print(
        f"flagged by any rule (a new finding on the figure's metric): {caught}/{total} = {caught / total:.3f}"
    )
    print("by slip (kind, flagged):", dict(sorted(by_slip.items())))


def _near(
    tables: Tables,
    order: list[str],
    at: int,
    metric: str,
    scope: str,
    typed: int,
    settings: Settings,
    known: set[str],
):  # type: ignore[no-untyped-def]
    """Return the new findings in issue ``at`` and the next once its ``metric`` figure of ``scope``
    is printed ``typed``."""
    source = order[at]
    window = set(order[max(0, at - AROUND) : at + AROUND + 1])
    facts = tables.facts[tables.facts["source"].isin(window)].copy()
    hit = (facts["source"] == source) & (facts["metric"] == metric) & (facts["scope"] == scope)
    # An exact figure's bounds are its value: the rules that read them must see the slip too.
    facts.loc[hit, ["value", "low", "high", "raw"]] = [float(typed), float(typed), float(typed), str(typed)]
    findings = evaluate(subset(tables, window, facts), settings, targets=order[at : at + 2])
    near = findings[findings["source"].isin(order[at : at + 2])]
    return near[~near["fingerprint"].isin(known)]  # what the clean archive says is no news


def ratio_recall(tables: Tables, order: list[str], known: set[str], args, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Print how often a slip in one figure of a related pair is flagged by ``ratio_outlier``."""
    settings = Settings()
    pairs = [(r.metric, r.limit) for r in relations().not_above]
    ytd = tables.facts[tables.facts["scope"] == "ytd"]
    total = flagged = warned = breaks = broken_flagged = by_increment = either = only_ratio_warns = 0
    by_slip: Counter[tuple[str, bool]] = Counter()
    began = time.perf_counter()
    while total < args.ratio_cases:
        at = rng.randrange(1, len(order) - 1)
        metric, limit = rng.choice(pairs)
        figure = (metric, limit)[total % 2]  # completed and accepted in turn
        value = ytd[(ytd["source"] == order[at]) & (ytd["metric"] == figure)]["value"]
        if value.empty:
            continue
        kind = rng.choice(RATIO_SLIPS)
        typed = slip(int(value.iloc[0]), kind, rng)
        if typed is None:
            continue
        total += 1
        before = _ratio_steps(ytd, order, at, metric, limit)
        changed = ytd.copy()
        changed.loc[(changed["source"] == order[at]) & (changed["metric"] == figure), "value"] = float(typed)
        broke = _broken(before, _ratio_steps(changed, order, at, metric, limit))
        near = _near(tables, order, at, figure, "ytd", typed, settings, known)
        ratio = near[(near["rule"] == "ratio_outlier") & (near["metric"] == metric)]
        increment = near[(near["rule"] == "increment_outlier") & (near["metric"] == figure)]
        seen = bool(len(ratio))
        flagged += seen
        warned += bool((ratio["severity"] == "warning").any())
        breaks += broke
        broken_flagged += broke and seen
        by_increment += bool(len(increment))
        either += seen or bool(len(increment))
        ratio_warns = bool((ratio["severity"] == "warning").any())
        only_ratio_warns += ratio_warns and not (increment["severity"] == "warning").any()
        by_slip[(kind, seen)] += 1
        if args.verbose and broke and not seen:
            print("  missed break:", kind, figure, int(value.iloc[0]), "->", typed, order[at])
    print(
        f"{total} slips in a figure of a related pair ({', '.join(RATIO_SLIPS)}), checked in "
        f"{time.perf_counter() - began:.0f} s"
    )
    print(f"ratio recall (ratio_outlier, info or warning): {flagged}/{total} = {flagged / total:.3f}")
    print(f"  of which at warning level: {warned}/{total} = {warned / total:.3f}")
    print(
        f"  over the ratio breaks (a ratio of increases moved {BREAK}x or more): "
        f"{broken_flagged}/{breaks} = {broken_flagged / max(breaks, 1):.3f}"
    )
    print(
        f"increment_outlier on the mistyped figure: {by_increment}/{total} = {by_increment / total:.3f}; "
        f"either rule: {either}/{total} = {either / total:.3f}"
    )
    print(f"a warning from ratio_outlier where increment_outlier gives none: {only_ratio_warns}/{total}")
    print("by slip (kind, flagged):", dict(sorted(by_slip.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--cases", type=int, default=240)
    parser.add_argument("--ratio-cases", type=int, default=200)
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
    print(
        f"clean archive: {len(order)} issues ({years}), {len(tables.facts)} figures, checked in "
        f"{time.perf_counter() - began:.1f} s"
    )
    for rule in ("increment_outlier", "ratio_outlier"):
        outliers = clean[clean["rule"] == rule]
        print(f"false {rule} by severity:", dict(Counter(outliers["severity"])) or "none")
    plausibility = clean["rule"].isin(["increment_outlier", "ratio_outlier"])
    other = clean[clean["severity"].isin(["warning", "error"]) & ~plausibility]
    print("other warnings or errors on the clean archive:", dict(Counter(other["rule"])) or "none")
    print("suggested corrections on the clean archive:", int(clean["suggested"].notna().sum()))
    known = set(clean["fingerprint"])
    if args.cases:
        increment_recall(tables, order, known, args, rng)
    if args.ratio_cases:
        ratio_recall(tables, order, known, args, rng)


if __name__ == "__main__":
    main()
