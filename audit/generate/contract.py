"""Reference semantics of every rule id, evaluated on IssueSpecs: the contract behind ``Expected``.

This is not the checker (which reads rendered text); it states, on the generator's own records,
what each rule means, so that ``inject`` can promise exact findings and tests can verify them:
a clean series yields no finding, and a series with one injected defect yields exactly the
``Expected`` entries ``inject`` returned. Conventions a checker must share:

* Issues are compared in series order (ascending 总第); cross-issue findings go on the later issue.
* An issue's year is the year of the later of its two period dates, never the header year.
* A value missing from an issue (e.g. the dropped 总第 number) leaves it out of the rules needing it.
* An issue whose period fails ``period_valid`` is left out of ``as_of_matches_period``,
  ``published_after_period``, ``dates_in_period`` and ``period_contiguous``: its bounds are unknown.
* ``ytd_reconciles``: within a year ytd = previous ytd + week; for the first issue of a year
  (or the first issue of a series when it is 第1期) ytd = week.
* ``ytd_monotonic`` and ``ytd_year_reset`` apply to every ytd-scope figure, manual.share included.
* ``share_consistent``: the series' total is the integer T that makes the most issues satisfy
  share = round(ytd / T * 100, 2) (at least two must agree); issues disagreeing with T are findings.
* Only ``other_powers`` may complete more than it accepted, and only with the carry-over note.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from audit.generate.model import (
    CATEGORIES,
    WEEKLY_METRICS,
    Expected,
    IssueSpec,
    Paragraph,
    Section,
    sort_expected,
)

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
    "serial_sequential",
    "issue_no_sequential",
    "numbering_consistent",
    "published_monotonic",
    "period_contiguous",
    "ytd_monotonic",
    "ytd_reconciles",
    "share_consistent",
    "ytd_year_reset",
)


def year_of(spec: IssueSpec) -> int:
    """Return the year an issue belongs to: that of the later of its period dates."""
    return max(spec.period_start, spec.period_end).year


def same_year(a: IssueSpec, b: IssueSpec) -> bool:
    """Return True when both issues belong to the same year."""
    return year_of(a) == year_of(b)


def period_ok(spec: IssueSpec) -> bool:
    """Return True when the period's start is not after its end."""
    return spec.period_start <= spec.period_end


def serial_of(spec: IssueSpec) -> int | None:
    """Return the 总第 number as the text states it, or None when the header omits it."""
    return None if "serial_no" in spec.omit else spec.serial_no


def walk(sections: Sequence[Section]) -> Iterator[Paragraph]:
    """Yield every paragraph in document order (a section's paragraphs, then its subsections)."""
    for s in sections:
        yield from s.paragraphs
        yield from walk(s.subsections)


def _sequence_breaks(numbers: Sequence[int]) -> int:
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

    if spec.omit & {"serial_no", "period", "published"} or not spec.title or not spec.publisher:
        add("header_complete")
    valid = period_ok(spec)
    if not valid:
        add("period_valid")
    if valid and "published" not in spec.omit and spec.published <= spec.period_end:
        add("published_after_period")
    if valid and spec.as_of != spec.period_end:
        add("as_of_matches_period")
    if spec.year != year_of(spec):
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
    for p in walk(spec.sections):
        e = p.enumeration
        if e is not None and (e.count < len(e.items) if e.deng else e.count != len(e.items)):
            add("enumeration_count")
        if valid:
            for d in p.dates:
                if not spec.period_start <= d <= spec.period_end:
                    add("dates_in_period")
    out += [Expected(sn, "heading_sequence")] * heading_breaks(spec.sections)
    return out


def next_monday(day: date) -> date:
    """Return the Monday after ``day``: where the next period must start."""
    return day + timedelta(days=7 - day.weekday())


def reconcile_mismatches(prev: IssueSpec | None, cur: IssueSpec) -> list[str]:
    """Return the weekly metrics of ``cur`` whose ytd does not equal previous ytd + week (or week)."""
    out = []
    for metric in WEEKLY_METRICS:
        week, ytd = cur.value(metric, "week"), cur.value(metric)
        if week is None or ytd is None:
            continue
        if prev is None:
            if cur.issue_no == 1 and ytd != week:
                out.append(metric)
        elif not same_year(prev, cur):
            if ytd != week:
                out.append(metric)
        else:
            before = prev.value(metric)
            if before is not None and ytd != before + week:
                out.append(metric)
    return out


def ytd_metrics(spec: IssueSpec) -> list[str]:
    """Return the metrics ``spec`` states with a year-to-date scope, in fact order."""
    return [f.metric for f in spec.facts if f.scope == "ytd"]


def pair_findings(prev: IssueSpec, cur: IssueSpec) -> list[Expected]:
    """Return the cross-issue findings of the pair (prev, cur), reported on ``cur``."""
    out: list[Expected] = []
    sn = cur.serial_no

    def add(rule: str, metric: str | None = None) -> None:
        out.append(Expected(sn, rule, metric))

    s_prev, s_cur = serial_of(prev), serial_of(cur)
    year = same_year(prev, cur)
    if s_prev is not None and s_cur is not None and s_cur != s_prev + 1:
        add("serial_sequential")
    if (year and cur.issue_no != prev.issue_no + 1) or (not year and cur.issue_no != 1):
        add("issue_no_sequential")
    if year and s_prev is not None and s_cur is not None and s_cur - s_prev != cur.issue_no - prev.issue_no:
        add("numbering_consistent")
    if "published" not in prev.omit | cur.omit and cur.published <= prev.published:
        add("published_monotonic")
    if period_ok(prev) and period_ok(cur) and cur.period_start != next_monday(prev.period_end):
        add("period_contiguous")
    for metric in ytd_metrics(cur):
        before, now = prev.value(metric), cur.value(metric)
        if before is None or now is None:
            continue
        if year and now < before:
            add("ytd_monotonic", metric)
        if not year and now >= before:
            add("ytd_year_reset", metric)
    for metric in reconcile_mismatches(prev, cur):
        add("ytd_reconciles", metric)
    return out


def share_total(series: Sequence[IssueSpec]) -> int | None:
    """Return the total T most issues' 占比 agree with, or None when fewer than two agree."""
    pairs = [(s.value("manual.items"), s.value("manual.share")) for s in series]
    pairs = [(y, sh) for y, sh in pairs if y is not None and sh is not None and y > 0 and sh > 0]
    # The largest running totals pin T down best; their neighbourhoods hold every plausible candidate.
    precise = sorted(pairs, reverse=True)[:20]
    candidates = sorted(
        {t for y, sh in precise for t in range(round(y * 100 / sh) - 3, round(y * 100 / sh) + 4)}
    )
    best_total, best_votes = None, 1
    for t in candidates:
        if t <= 0:
            continue
        votes = sum(share_matches(y, sh, t) for y, sh in pairs)
        if votes > best_votes:
            best_total, best_votes = t, votes
    return best_total


def share_matches(ytd: float, share: float, total: int) -> bool:
    """Return True when ``share`` is ``ytd`` over ``total`` in percent, rounded to 2 decimals."""
    return abs(round(min(ytd / total * 100, 100.0), 2) - share) < 0.005


def reference_findings(series: Sequence[IssueSpec]) -> list[Expected]:
    """Return every finding the contract gives for ``series``, sorted."""
    out: list[Expected] = []
    for i, spec in enumerate(series):
        out += issue_findings(spec)
        if i == 0:
            out += [Expected(spec.serial_no, "ytd_reconciles", m) for m in reconcile_mismatches(None, spec)]
        else:
            out += pair_findings(series[i - 1], spec)
    total = share_total(series)
    if total is not None:
        for spec in series:
            y, sh = spec.value("manual.items"), spec.value("manual.share")
            if y is not None and sh is not None and not share_matches(y, sh, total):
                out.append(Expected(spec.serial_no, "share_consistent", "manual.share"))
    return sort_expected(out)
