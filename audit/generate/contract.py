"""Reference semantics of every rule id, evaluated on IssueSpecs: the contract behind ``Expected``.

This is not the checker (which reads rendered text); it states, on the generator's own records,
what each rule means, so that ``inject`` can promise exact findings and tests can verify them:
a clean series yields no finding, and one injected defect yields exactly the ``Expected`` entries
``inject`` returned. It follows the semantics of the rule catalogue in ``schemas/rules/``:

* A series is ordered by 总第 number; an issue without one cannot be placed and takes no part in
  the cross-issue rules (its neighbours are compared with each other). Findings go on the later issue.
* An issue's cycle (the year its numbering and ytd figures belong to) is its header year when that
  agrees with the period end (or, for a December week published in January, the publication
  year), else the year of the period end.
* ``dates_in_period``: a body date must lie between the period start and the publication date.
* ``published_after_period``: not before the period end and at most 30 days after it.
* ``period_contiguous``: no overlap with the previous period; between 总第-consecutive issues no
  working weekday left uncovered.
* Year-to-date pairs join each figure to the previous issue stating the same metric, within one
  cycle: ``ytd_monotonic`` (never lower), ``ytd_reconciles`` (= previous ytd + week, only between
  总第-consecutive issues with adjoining periods). ``ytd_year_reset``: the first issue of a cycle
  (第1期 or 总第-consecutive) must be below the previous cycle's last figure.
* ``share_consistent``: the totals implied by two consecutive stated 占比 (each an interval, as
  the share is rounded to its printed decimals) must overlap.
* ``increment_outlier`` and ``ratio_outlier``: see ``audit.generate.outliers`` (warnings only).
* Only ``other_powers`` may complete more than it accepted, and only with the carry-over note.
* ``metric_missing``: a figure the previous placed issue stated and the next one does not.
* An ``Addendum`` sentence causes the finding it names (figure_conflict, figure_unreadable,
  figure_unclear, approx_consistent): it is written to be in doubt, and to cause nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from itertools import pairwise

import chinese_calendar

from audit.generate.model import (
    CATEGORIES,
    WEEKLY_METRICS,
    Expected,
    IssueSpec,
    Paragraph,
    Section,
    sort_expected,
)
from audit.generate.outliers import outlier_findings, ratio_findings

MAX_PERIOD_DAYS = 21
MAX_PUBLISH_DELAY_DAYS = 30
SHARE_DECIMALS = 2

RULES: tuple[str, ...] = (
    "header_complete",
    "period_valid",
    "published_after_period",
    "as_of_matches_period",
    "year_consistent",
    "value_valid",
    "completed_le_accepted",
    "ytd_ge_week",
    "enumeration_count",
    "heading_sequence",
    "dates_in_period",
    "table_total",
    "read_incomplete",
    "serial_sequential",
    "issue_no_sequential",
    "numbering_consistent",
    "published_monotonic",
    "period_contiguous",
    "ytd_monotonic",
    "ytd_reconciles",
    "share_consistent",
    "ytd_year_reset",
    "increment_outlier",
    "ratio_outlier",
    "figure_conflict",
    "figure_unreadable",
    "figure_unclear",
    "approx_consistent",
    "metric_missing",
)


def cycle(spec: IssueSpec) -> int:
    """Return the year an issue's numbering and year-to-date figures belong to."""
    end_year = spec.period_end.year
    january = "published" not in spec.omit and spec.published.month == 1 and spec.period_end.month == 12
    agrees = spec.year == end_year or (january and spec.year == spec.published.year)
    # One mistyped header year must not look like a New Year to the series rules.
    return spec.year if agrees else end_year


def same_year(a: IssueSpec, b: IssueSpec) -> bool:
    """Return True when both issues belong to the same cycle."""
    return cycle(a) == cycle(b)


def placed(series: Sequence[IssueSpec]) -> list[IssueSpec]:
    """Return the issues that state their 总第 number, in series order."""
    return [s for s in series if "serial_no" not in s.omit]


def walk(sections: Sequence[Section]) -> Iterator[Paragraph]:
    """Return an iterator over every paragraph in document order (a section's paragraphs, then its subsections)."""
    for s in sections:
        yield from s.paragraphs
        yield from walk(s.subsections)


def _sequence_breaks(numbers: Sequence[int]) -> int:
    """Return how many numbers do not follow their predecessor, starting from 1."""
    expected, breaks = 1, 0
    for n in numbers:
        if n != expected:
            breaks += 1
        expected = n + 1
    return breaks


def heading_breaks(sections: Sequence[Section]) -> int:
    """Return how many headings or list markers do not follow their predecessor (一、二、四、 → 1)."""
    breaks = _sequence_breaks([s.number for s in sections])
    for s in sections:
        breaks += _sequence_breaks([p.number for p in s.paragraphs if p.number is not None])
        breaks += heading_breaks(s.subsections)
    return breaks


def issue_findings(spec: IssueSpec) -> list[Expected]:
    """Return the per-issue findings of one issue."""
    out: list[Expected] = []
    sn = spec.serial_no

    def add(rule: str, metric: str | None = None) -> None:
        out.append(Expected(sn, rule, metric))

    if spec.omit or not spec.title or not spec.publisher:
        add("header_complete")
    days = (spec.period_end - spec.period_start).days + 1
    if spec.period_start > spec.period_end or days > MAX_PERIOD_DAYS:
        add("period_valid")
    if "published" not in spec.omit:
        delay = (spec.published - spec.period_end).days
        if delay < 0 or delay > MAX_PUBLISH_DELAY_DAYS:
            add("published_after_period")
    if spec.as_of != spec.period_end:
        add("as_of_matches_period")
    if spec.year != cycle(spec):
        add("year_consistent")
    for f in spec.facts:
        if f.value < 0 or (f.unit == "%" and f.value > 100):
            add("value_valid", f.metric)
    for cat in CATEGORIES:
        accepted, completed = spec.value(f"{cat}.accepted"), spec.value(f"{cat}.completed")
        exempt = cat == "other_powers" and spec.carryover_note
        if accepted is not None and completed is not None and completed > accepted and not exempt:
            add("completed_le_accepted", f"{cat}.completed")
    for metric in WEEKLY_METRICS:
        week, ytd = spec.value(metric, "week"), spec.value(metric)
        if week is not None and ytd is not None and ytd < week:
            add("ytd_ge_week", metric)
    latest = spec.period_end if "published" in spec.omit else spec.published
    for p in walk(spec.sections):
        e = p.enumeration
        if e is not None and (e.count < len(e.items) if e.deng else e.count != len(e.items)):
            add("enumeration_count")
        for d in p.dates:
            if not spec.period_start <= d <= latest:
                add("dates_in_period")
    out += [Expected(sn, "heading_sequence")] * heading_breaks(spec.sections)
    if spec.form.has_total and spec.form.total_error and not spec.form.ragged:
        add("table_total")
    if spec.form.has_total and spec.form.ragged:
        add("read_incomplete")
    out += [Expected(sn, a.rule, a.metric) for a in spec.addenda]
    return out


def missing_findings(prev: IssueSpec, cur: IssueSpec) -> list[Expected]:
    """Return metric_missing findings: figures the previous placed issue stated and this one does not."""
    stated = {(f.metric, f.scope) for f in cur.facts}
    return [
        Expected(cur.serial_no, "metric_missing", f.metric)
        for f in prev.facts
        if (f.metric, f.scope) not in stated
    ]


def _holiday(day: date) -> bool:
    """Return True on an official holiday (never outside the calendar's years)."""
    try:
        return bool(chinese_calendar.is_holiday(day))
    except NotImplementedError:
        return False


def uncovered(prev_end: date, start: date) -> list[date]:
    """Return the working weekdays strictly between a period end and the next period's start."""
    days = (prev_end + timedelta(days=i) for i in range(1, (start - prev_end).days))
    return [d for d in days if d.weekday() < 5 and not _holiday(d)]


def pair_findings(prev: IssueSpec, cur: IssueSpec) -> list[Expected]:
    """Return the findings of two neighbouring placed issues on their numbers, dates and periods."""
    out: list[Expected] = []
    sn = cur.serial_no

    def add(rule: str) -> None:
        out.append(Expected(sn, rule))

    consecutive = cur.serial_no == prev.serial_no + 1
    same = cycle(cur) == cycle(prev)
    new_cycle = cycle(cur) == cycle(prev) + 1
    if not consecutive:
        add("serial_sequential")
    expected_no = 1 if new_cycle and consecutive else prev.issue_no + 1 if same else None
    if expected_no is not None and cur.issue_no != expected_no:
        add("issue_no_sequential")
    if same:
        offset: int | None = prev.serial_no - prev.issue_no
    elif new_cycle and cur.issue_no == 1:
        # Across New Year the offset grows by the old year's last 第N期 number.
        offset = prev.serial_no + 1 - cur.issue_no
    else:
        offset = None
    if offset is not None and cur.serial_no - cur.issue_no != offset:
        add("numbering_consistent")
    if "published" not in prev.omit | cur.omit and cur.published <= prev.published:
        add("published_monotonic")
    if cur.period_start <= prev.period_end or (consecutive and uncovered(prev.period_end, cur.period_start)):
        add("period_contiguous")
    return out


def ytd_findings(series: Sequence[IssueSpec]) -> list[Expected]:
    """Return ytd_monotonic, ytd_reconciles and ytd_year_reset findings over placed issues."""
    out: list[Expected] = []
    issues = placed(series)
    metrics = dict.fromkeys(f.metric for s in issues for f in s.facts if f.scope == "ytd")
    for metric in metrics:
        carriers = [s for s in issues if s.value(metric) is not None]
        for prev, cur in pairwise(carriers):
            before, now = prev.require(metric), cur.require(metric)
            if same_year(prev, cur):
                if now < before:
                    out.append(Expected(cur.serial_no, "ytd_monotonic", metric))
                week = cur.value(metric, "week")
                adjoining = cur.period_start > prev.period_end and not uncovered(
                    prev.period_end, cur.period_start
                )
                # Only directly consecutive issues reconcile: a missing issue in between breaks the sum.
                if (
                    week is not None
                    and cur.serial_no == prev.serial_no + 1
                    and adjoining
                    and now != before + week
                ):
                    out.append(Expected(cur.serial_no, "ytd_reconciles", metric))
            elif (
                cycle(cur) == cycle(prev) + 1
                and (cur.issue_no == 1 or cur.serial_no == prev.serial_no + 1)
                and now >= before
            ):
                out.append(Expected(cur.serial_no, "ytd_year_reset", metric))
    return out


def share_interval(ytd: float, share: float, decimals: int = SHARE_DECIMALS) -> tuple[float, float]:
    """Return the range of totals a printed share (rounded to ``decimals``) of ``ytd`` can imply."""
    half = 0.5 * 10.0**-decimals
    return ytd * 100 / (share + half), ytd * 100 / max(share - half, 1e-9)


def shares_agree(prev: IssueSpec, cur: IssueSpec) -> bool:
    """Return True when the totals implied by two issues' 占比 overlap."""
    low, high = share_interval(cur.require("manual.items"), cur.require("manual.share"))
    prev_low, prev_high = share_interval(prev.require("manual.items"), prev.require("manual.share"))
    return low <= prev_high and prev_low <= high


def share_findings(series: Sequence[IssueSpec]) -> list[Expected]:
    """Return share_consistent findings: each issue against the previous one stating a share."""
    carriers = [
        s
        for s in placed(series)
        if s.value("manual.items") is not None and s.value("manual.share") is not None
    ]
    return [
        Expected(cur.serial_no, "share_consistent", "manual.share")
        for prev, cur in pairwise(carriers)
        if not shares_agree(prev, cur)
    ]


def reference_findings(series: Sequence[IssueSpec]) -> list[Expected]:
    """Return every finding the contract gives for ``series``, sorted."""
    out: list[Expected] = []
    for spec in series:
        out += issue_findings(spec)
    issues = placed(series)
    for prev, cur in pairwise(issues):
        out += pair_findings(prev, cur)
        out += missing_findings(prev, cur)
    out += ytd_findings(series)
    out += share_findings(series)
    out += outlier_findings(issues, cycle)
    out += ratio_findings(issues, cycle)
    return sort_expected(out)
