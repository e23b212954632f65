"""Inject one defect per rule id into a clean series and say exactly which findings it must cause.

``inject(series, kind, at=i, rng=rng)`` returns a new list (the input is not changed) and the
``Expected`` findings, named by the 总第 number the defective issue carries (its hidden number
for ``header_complete``). The findings are exact under the conventions of ``contract``; where
a defect cannot help tripping a second rule, both are listed:

* value_valid → also share_consistent (120.5% implies another total), ytd_monotonic on the next
  issue of the same year (its share is lower again) and, on a year's first issue, ytd_year_reset.
* ytd_ge_week → also ytd_reconciles on the same issue (ytd = previous ytd + week cannot hold),
  unless the issue is the first of the series and not 第1期.
* serial_sequential (an issue removed) → also period_contiguous, and, depending on the year,
  issue_no_sequential and ytd_reconciles for each weekly metric, all on the issue after the gap.
* issue_no_sequential → also numbering_consistent; numbering_consistent → also serial_sequential.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from audit.generate.contract import reconcile_mismatches, same_year, walk
from audit.generate.model import Expected, IssueSpec, Paragraph, Section, sort_expected

Series = list[IssueSpec]
Injector = Callable[[Series, int, random.Random], list[Expected]]


def _need(condition: bool, kind: str, why: str) -> None:
    if not condition:
        raise ValueError(f"cannot inject {kind} here: {why}")


def _replace_paragraph(
    sections: tuple[Section, ...], target: Paragraph, new: Paragraph
) -> tuple[Section, ...]:
    """Return ``sections`` with the paragraph object ``target`` replaced by ``new``."""
    return tuple(
        replace(
            s,
            paragraphs=tuple(new if p is target else p for p in s.paragraphs),
            subsections=_replace_paragraph(s.subsections, target, new),
        )
        for s in sections
    )


def _header_complete(s: Series, at: int, rng: random.Random) -> list[Expected]:
    s[at] = replace(s[at], omit=s[at].omit | {"serial_no"})
    return [Expected(s[at].serial_no, "header_complete")]


def _period_valid(s: Series, at: int, rng: random.Random) -> list[Expected]:
    # The editor typed the dates the wrong way round: "（9月1日—8月28日）".
    s[at] = replace(s[at], period_start=s[at].period_end, period_end=s[at].period_start)
    return [Expected(s[at].serial_no, "period_valid")]


def _published_after_period(s: Series, at: int, rng: random.Random) -> list[Expected]:
    s[at] = replace(s[at], published=s[at].period_end - timedelta(days=1))
    # Keep publication dates increasing: move earlier issues to their earliest clean date as needed.
    j = at - 1
    while j >= 0 and s[j].published >= s[j + 1].published:
        s[j] = replace(s[j], published=s[j].period_end + timedelta(days=3))
        j -= 1
    return [Expected(s[at].serial_no, "published_after_period")]


def _as_of_matches_period(s: Series, at: int, rng: random.Random) -> list[Expected]:
    s[at] = replace(s[at], as_of=s[at].period_end - timedelta(days=1))
    return [Expected(s[at].serial_no, "as_of_matches_period")]


def _year_consistent(s: Series, at: int, rng: random.Random) -> list[Expected]:
    # Last year's number left in the header, the commonest slip in January.
    s[at] = replace(s[at], year=s[at].year - 1)
    return [Expected(s[at].serial_no, "year_consistent")]


def _value_valid(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(
        s[at].value("manual.share") is not None, "value_valid", "the issue states no 占比 (2023 layout only)"
    )
    s[at] = s[at].with_value("manual.share", "ytd", round(rng.uniform(101, 140), 1))
    out = [Expected(s[at].serial_no, "value_valid", "manual.share")]
    others = [x for i, x in enumerate(s) if i != at and x.value("manual.share") is not None]
    if len(others) >= 2:
        out.append(Expected(s[at].serial_no, "share_consistent", "manual.share"))
    if at + 1 < len(s) and same_year(s[at], s[at + 1]) and s[at + 1].value("manual.share") is not None:
        out.append(Expected(s[at + 1].serial_no, "ytd_monotonic", "manual.share"))
    if at >= 1 and not same_year(s[at - 1], s[at]) and s[at - 1].value("manual.share") is not None:
        # A first issue of the year above every December share looks like a counter that was not reset.
        out.append(Expected(s[at].serial_no, "ytd_year_reset", "manual.share"))
    return out


def _completed_le_accepted(s: Series, at: int, rng: random.Random) -> list[Expected]:
    accepted = s[at].value("admin_license.accepted")
    room = 500
    if at + 1 < len(s) and same_year(s[at], s[at + 1]):
        # The next issue's completed figure must stay above the new one, or ytd_monotonic would fire.
        room = min(room, s[at + 1].value("admin_license.completed") - accepted - 1)
    _need(room >= 1, "completed_le_accepted", "no room below the next issue's completed figure")
    s[at] = s[at].with_value("admin_license.completed", "ytd", accepted + rng.randint(1, room))
    return [Expected(s[at].serial_no, "completed_le_accepted", "admin_license.completed")]


def _ytd_ge_week(s: Series, at: int, rng: random.Random) -> list[Expected]:
    metric = "window.accepted"
    week, ytd = s[at].value(metric, "week"), s[at].value(metric)
    _need(week is not None, "ytd_ge_week", "the issue states no 综窗 figures (2023 layout only)")
    s[at] = s[at].with_value(metric, "week", ytd + rng.randint(1, max(1, week)))
    out = [Expected(s[at].serial_no, "ytd_ge_week", metric)]
    if metric in reconcile_mismatches(s[at - 1] if at else None, s[at]):
        out.append(Expected(s[at].serial_no, "ytd_reconciles", metric))
    return out


def _enumeration_count(s: Series, at: int, rng: random.Random) -> list[Expected]:
    listed = [p for p in walk(s[at].sections) if p.enumeration is not None]
    _need(bool(listed), "enumeration_count", "the issue has no enumeration")
    target = rng.choice(listed)
    e = target.enumeration
    # One item fewer than listed contradicts the list with or without 等.
    new = replace(target, enumeration=replace(e, count=len(e.items) - 1))
    s[at] = replace(s[at], sections=_replace_paragraph(s[at].sections, target, new))
    return [Expected(s[at].serial_no, "enumeration_count")]


def _heading_sequence(s: Series, at: int, rng: random.Random) -> list[Expected]:
    sections = s[at].sections
    _need(len(sections) >= 2, "heading_sequence", "fewer than two top-level sections")
    j = min(2, len(sections) - 1)
    bumped = sections[:j] + tuple(replace(x, number=x.number + 1) for x in sections[j:])
    s[at] = replace(s[at], sections=bumped)
    return [Expected(s[at].serial_no, "heading_sequence")]


def _dates_in_period(s: Series, at: int, rng: random.Random) -> list[Expected]:
    dated = [p for p in walk(s[at].sections) if p.dates]
    _need(bool(dated), "dates_in_period", "the issue has no dated paragraph")
    target = rng.choice(dated)
    new = replace(target, dates=(s[at].period_start - timedelta(days=21),))
    s[at] = replace(s[at], sections=_replace_paragraph(s[at].sections, target, new))
    return [Expected(s[at].serial_no, "dates_in_period")]


def _serial_sequential(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(0 < at < len(s) - 1, "serial_sequential", "the removed issue needs a neighbour on both sides")
    prev, later = s[at - 1], s[at + 1]
    del s[at]
    sn = later.serial_no
    out = [Expected(sn, "serial_sequential"), Expected(sn, "period_contiguous")]
    if later.issue_no != (prev.issue_no + 1 if same_year(prev, later) else 1):
        out.append(Expected(sn, "issue_no_sequential"))
    out += [Expected(sn, "ytd_reconciles", m) for m in reconcile_mismatches(prev, later)]
    return out


def _issue_no_sequential(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(
        at >= 1 and same_year(s[at - 1], s[at]),
        "issue_no_sequential",
        "needs a previous issue of the same year",
    )
    # The counter stuck once (第12期 twice) and carried on from there for the rest of the year.
    for i in range(at, len(s)):
        if not same_year(s[at], s[i]):
            break
        s[i] = replace(s[i], issue_no=s[i].issue_no - 1)
    sn = s[at].serial_no
    return [Expected(sn, "issue_no_sequential"), Expected(sn, "numbering_consistent")]


def _numbering_consistent(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(
        at >= 1 and same_year(s[at - 1], s[at]),
        "numbering_consistent",
        "needs a previous issue of the same year",
    )
    # 总第 jumped by two while 第N期 went on by one; the rest of the series keeps the shifted 总第.
    for i in range(at, len(s)):
        s[i] = replace(s[i], serial_no=s[i].serial_no + 1)
    sn = s[at].serial_no
    return [Expected(sn, "serial_sequential"), Expected(sn, "numbering_consistent")]


def _published_monotonic(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(at >= 1, "published_monotonic", "needs a previous issue")
    # The previous issue went out late, after this one.
    s[at - 1] = replace(s[at - 1], published=s[at].published + timedelta(days=rng.randint(1, 4)))
    return [Expected(s[at].serial_no, "published_monotonic")]


def _period_contiguous(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(at >= 1, "period_contiguous", "needs a previous issue")
    # Starts on the previous period's Thursday: two days counted twice.
    s[at] = replace(s[at], period_start=s[at - 1].period_end - timedelta(days=1))
    return [Expected(s[at].serial_no, "period_contiguous")]


def _ytd_monotonic(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(at >= 1 and same_year(s[at - 1], s[at]), "ytd_monotonic", "needs a previous issue of the same year")
    prev, cur = s[at - 1], s[at]
    room = prev.value("public_service.accepted") - cur.value("public_service.completed")
    if room >= 1:
        # Still at or above this issue's completed figure, so completed_le_accepted stays quiet.
        metric = "public_service.accepted"
        value = prev.value(metric) - rng.randint(1, min(50000, room))
    else:
        metric = "public_service.completed"
        value = max(0, prev.value(metric) - rng.randint(1, 5000))
    s[at] = cur.with_value(metric, "ytd", value)
    return [Expected(s[at].serial_no, "ytd_monotonic", metric)]


def _ytd_reconciles(s: Series, at: int, rng: random.Random) -> list[Expected]:
    metric = "window.consultations"
    _need(
        s[at].value(metric) is not None,
        "ytd_reconciles",
        "the issue states no 综窗 figures (2023 layout only)",
    )
    _need(at >= 1 or s[at].issue_no == 1, "ytd_reconciles", "nothing to reconcile the first issue with")
    delta = rng.randint(1, 9)
    # The running total drifted by a few and the editors carried the drift on until the year's end.
    for i in range(at, len(s)):
        if not same_year(s[at], s[i]):
            break
        if s[i].value(metric) is not None:
            s[i] = s[i].with_value(metric, "ytd", s[i].value(metric) + delta)
    return [Expected(s[at].serial_no, "ytd_reconciles", metric)]


def _neighbour_share(s: Series, i: int, at: int) -> float | None:
    if 0 <= i < len(s) and same_year(s[i], s[at]):
        return s[i].value("manual.share")
    return None


def _share_consistent(s: Series, at: int, rng: random.Random) -> list[Expected]:
    ytd, share = s[at].value("manual.items"), s[at].value("manual.share")
    _need(share is not None and ytd, "share_consistent", "the issue states no 占比 (2023 layout only)")
    others = [x for i, x in enumerate(s) if i != at and x.value("manual.share") is not None]
    _need(len(others) >= 2, "share_consistent", "at least two other issues must fix the series' total")
    total = round(ytd * 100 / share)
    before, after = _neighbour_share(s, at - 1, at), _neighbour_share(s, at + 1, at)
    chosen = None
    # Another total, at least 2% off, preferably one that keeps the shares increasing.
    for factor in (0.9, 1.1, 0.95, 1.05, 0.97, 1.03, 0.98, 1.02):
        new = round(min(ytd / round(total * factor) * 100, 100.0), 2)
        if new == share or new >= 100:
            continue
        if chosen is None:
            chosen = new
        if (before is None or new >= before) and (after is None or new <= after):
            chosen = new
            break
    _need(chosen is not None, "share_consistent", "no other total gives a distinct share below 100%")
    s[at] = s[at].with_value("manual.share", "ytd", chosen)
    out = [Expected(s[at].serial_no, "share_consistent", "manual.share")]
    if before is not None and chosen < before:
        out.append(Expected(s[at].serial_no, "ytd_monotonic", "manual.share"))
    if after is not None and after < chosen:
        out.append(Expected(s[at + 1].serial_no, "ytd_monotonic", "manual.share"))
    return out


def _ytd_year_reset(s: Series, at: int, rng: random.Random) -> list[Expected]:
    _need(
        at >= 1 and not same_year(s[at - 1], s[at]), "ytd_year_reset", "needs the first issue of a new year"
    )
    metric = "admin_license.accepted"
    carried = s[at - 1].value(metric)
    # The counter was not reset: last year's total stays under every figure of the new year.
    for i in range(at, len(s)):
        if not same_year(s[at], s[i]):
            break
        s[i] = s[i].with_value(metric, "ytd", s[i].value(metric) + carried)
    return [Expected(s[at].serial_no, "ytd_year_reset", metric)]


DEFECTS: dict[str, Injector] = {
    "header_complete": _header_complete,
    "period_valid": _period_valid,
    "published_after_period": _published_after_period,
    "as_of_matches_period": _as_of_matches_period,
    "year_consistent": _year_consistent,
    "value_valid": _value_valid,
    "completed_le_accepted": _completed_le_accepted,
    "ytd_ge_week": _ytd_ge_week,
    "enumeration_count": _enumeration_count,
    "heading_sequence": _heading_sequence,
    "dates_in_period": _dates_in_period,
    "serial_sequential": _serial_sequential,
    "issue_no_sequential": _issue_no_sequential,
    "numbering_consistent": _numbering_consistent,
    "published_monotonic": _published_monotonic,
    "period_contiguous": _period_contiguous,
    "ytd_monotonic": _ytd_monotonic,
    "ytd_reconciles": _ytd_reconciles,
    "share_consistent": _share_consistent,
    "ytd_year_reset": _ytd_year_reset,
}
DEFECT_KINDS: tuple[str, ...] = tuple(DEFECTS)


def inject(
    series: list[IssueSpec], defect: str, *, at: int, rng: random.Random
) -> tuple[list[IssueSpec], list[Expected]]:
    """Return a copy of ``series`` with one ``defect`` injected at index ``at``, and its exact findings."""
    if defect not in DEFECTS:
        raise ValueError(f"unknown defect {defect!r}; known: {', '.join(DEFECT_KINDS)}")
    if not 0 <= at < len(series):
        raise ValueError(f"at={at} outside a series of {len(series)} issues")
    out = list(series)
    expected = DEFECTS[defect](out, at, rng)
    return out, sort_expected(expected)
