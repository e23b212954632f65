"""Inject one defect per rule id into a clean series and say exactly which findings it must cause.

``inject(series, kind, at=i, rng=rng)`` returns a new list (the input is not changed) and the
``Expected`` findings, named by the 总第 number of the issue they belong to (the hidden number
for ``header_complete``). Each injector states the finding it is for; ``inject`` then takes the
exact list from ``contract`` (the findings the defective series has and the input had not), so
the findings a defect cannot help causing are always listed too. With a clean input those are:

* header_complete (middle issue) → the issue cannot be placed, so its neighbours look apart:
  serial_sequential and usually issue_no_sequential on the next issue.
* period_valid (end typed as the day before the start) → as_of_matches_period (the 截至 date is
  still the real Friday) and period_contiguous on the next issue (its week looks uncovered).
* value_valid → share_consistent on it and on the next issue stating a share, ytd_monotonic on
  the next issue of the year, ytd_year_reset when it opens a year.
* ytd_ge_week → ytd_reconciles on the same issue when its predecessor of the year is adjacent.
* serial_sequential (an issue removed) → issue_no_sequential on the issue after the gap.
* issue_no_sequential → numbering_consistent; numbering_consistent → serial_sequential.
* share_consistent → share_consistent on the next issue stating a share, too (pairwise rule).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from audit.generate.contract import cycle, placed, reference_findings, same_year, shares_agree, walk
from audit.generate.model import Addendum, Expected, IssueSpec, Paragraph, Section, sort_expected
from audit.generate.outliers import outlier_findings, ratio_findings
from audit.profiles import builtin_profiles
from checks.typos import neighbours

Series = list[IssueSpec]
Injector = Callable[[Series, int, random.Random], list[Expected]]


def _need(condition: bool, kind: str, why: str) -> None:
    """Ensure ``condition`` holds, else raise ValueError saying why the defect does not fit."""
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
    """Return the finding after dropping the （总第N期） part of the header."""
    s[at] = replace(s[at], omit=s[at].omit | {"serial_no"})
    return [Expected(s[at].serial_no, "header_complete")]


def _period_valid(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after typing the period end as the day before its start."""
    spec = s[at]
    # A day before the start in the same month: "（12月2日—12月1日）". Across a month boundary
    # "（12月2日—11月29日）" would read as a period over New Year instead.
    _need(
        spec.period_start.day > 1, "period_valid", "the start is the 1st; the day before is in another month"
    )
    s[at] = replace(spec, period_end=spec.period_start - timedelta(days=1))
    return [Expected(spec.serial_no, "period_valid")]


def _published_after_period(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after dating the issue the day before its period ends."""
    spec = s[at]
    published = spec.period_end - timedelta(days=1)
    sections = spec.sections
    # Events cannot follow publication; keep them on or before the new date so only this rule fires.
    for p in [p for p in walk(sections) if p.dates and max(p.dates) > published]:
        sections = _replace_paragraph(sections, p, replace(p, dates=(published,)))
    s[at] = replace(spec, published=published, sections=sections)
    # Keep publication dates increasing: move earlier issues to their earliest clean date as needed.
    j = at - 1
    while j >= 0 and s[j].published >= s[j + 1].published:
        s[j] = replace(s[j], published=s[j].period_end + timedelta(days=3))
        j -= 1
    return [Expected(spec.serial_no, "published_after_period")]


def _as_of_matches_period(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after moving the statistics cut-off (截至) one day early."""
    s[at] = replace(s[at], as_of=s[at].period_end - timedelta(days=1))
    return [Expected(s[at].serial_no, "as_of_matches_period")]


def _year_consistent(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after putting last year in the header."""
    # Last year's number left in the header, the commonest slip in January.
    s[at] = replace(s[at], year=s[at].year - 1)
    return [Expected(s[at].serial_no, "year_consistent")]


def _value_valid(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing a share above 100%."""
    _need(
        s[at].value("manual.share") is not None, "value_valid", "the issue states no 占比 (2023 layout only)"
    )
    s[at] = s[at].with_value("manual.share", "ytd", round(rng.uniform(101, 140), 1))
    return [Expected(s[at].serial_no, "value_valid", "manual.share")]


def _completed_le_accepted(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after letting licences completed exceed those accepted."""
    accepted = int(s[at].require("admin_license.accepted"))
    room = 500
    if at + 1 < len(s) and same_year(s[at], s[at + 1]):
        # The next issue's completed figure must stay above the new one, or ytd_monotonic would fire.
        room = min(room, int(s[at + 1].require("admin_license.completed")) - accepted - 1)
    _need(room >= 1, "completed_le_accepted", "no room below the next issue's completed figure")
    s[at] = s[at].with_value("admin_license.completed", "ytd", accepted + rng.randint(1, room))
    return [Expected(s[at].serial_no, "completed_le_accepted", "admin_license.completed")]


def _ytd_ge_week(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing a weekly 受理 figure above its year-to-date total."""
    metric = "window.accepted"
    _need(
        s[at].value(metric, "week") is not None,
        "ytd_ge_week",
        "the issue states no 综窗 figures (2023 layout only)",
    )
    week, ytd = int(s[at].require(metric, "week")), s[at].require(metric)
    s[at] = s[at].with_value(metric, "week", ytd + rng.randint(1, max(1, week)))
    return [Expected(s[at].serial_no, "ytd_ge_week", metric)]


def _enumeration_count(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after stating one item fewer than an enumeration lists."""
    listed = [p for p in walk(s[at].sections) if p.enumeration is not None]
    _need(bool(listed), "enumeration_count", "the issue has no enumeration")
    target = rng.choice(listed)
    e = target.enumeration
    assert e is not None
    # One item fewer than listed contradicts the list with or without 等.
    new = replace(target, enumeration=replace(e, count=len(e.items) - 1))
    s[at] = replace(s[at], sections=_replace_paragraph(s[at].sections, target, new))
    return [Expected(s[at].serial_no, "enumeration_count")]


def _heading_sequence(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after skipping a top-level heading number (一、二、四、)."""
    sections = s[at].sections
    _need(len(sections) >= 2, "heading_sequence", "fewer than two top-level sections")
    j = min(2, len(sections) - 1)
    bumped = sections[:j] + tuple(replace(x, number=x.number + 1) for x in sections[j:])
    s[at] = replace(s[at], sections=bumped)
    return [Expected(s[at].serial_no, "heading_sequence")]


def _dates_in_period(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after dating an event three weeks before the period."""
    dated = [p for p in walk(s[at].sections) if p.dates]
    _need(bool(dated), "dates_in_period", "the issue has no dated paragraph")
    target = rng.choice(dated)
    new = replace(target, dates=(s[at].period_start - timedelta(days=21),))
    s[at] = replace(s[at], sections=_replace_paragraph(s[at].sections, target, new))
    return [Expected(s[at].serial_no, "dates_in_period")]


def _serial_sequential(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after removing one issue from the series."""
    _need(0 < at < len(s) - 1, "serial_sequential", "the removed issue needs a neighbour on both sides")
    later = s[at + 1]
    del s[at]
    return [Expected(later.serial_no, "serial_sequential")]


def _issue_no_sequential(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the findings after repeating a 第N期 number while 总第 goes on."""
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
    """Return the findings after letting 总第 jump by two while 第N期 goes on by one."""
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
    """Return the finding after publishing the previous issue later than this one."""
    _need(at >= 1, "published_monotonic", "needs a previous issue")
    # The previous issue went out late, after this one.
    s[at - 1] = replace(s[at - 1], published=s[at].published + timedelta(days=rng.randint(1, 4)))
    return [Expected(s[at].serial_no, "published_monotonic")]


def _period_contiguous(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after starting the period inside the previous one."""
    _need(at >= 1, "period_contiguous", "needs a previous issue")
    # Starts on the previous period's Thursday: two days counted twice.
    s[at] = replace(s[at], period_start=s[at - 1].period_end - timedelta(days=1))
    return [Expected(s[at].serial_no, "period_contiguous")]


def _ytd_monotonic(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing a public-service total below last week's."""
    _need(at >= 1 and same_year(s[at - 1], s[at]), "ytd_monotonic", "needs a previous issue of the same year")
    prev, cur = s[at - 1], s[at]
    room = int(prev.require("public_service.accepted") - cur.require("public_service.completed"))
    if room >= 1:
        # Still at or above this issue's completed figure, so completed_le_accepted stays quiet.
        metric = "public_service.accepted"
        value = prev.require(metric) - rng.randint(1, min(50000, room))
    else:
        metric = "public_service.completed"
        value = max(0, prev.require(metric) - rng.randint(1, 5000))
    s[at] = cur.with_value(metric, "ytd", value)
    return [Expected(s[at].serial_no, "ytd_monotonic", metric)]


def _ytd_reconciles(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after putting the 咨询 running total off by a few."""
    metric = "window.consultations"
    _need(
        s[at].value(metric) is not None,
        "ytd_reconciles",
        "the issue states no 综窗 figures (2023 layout only)",
    )
    prev = s[at - 1] if at else None
    _need(
        prev is not None and same_year(prev, s[at]) and prev.value(metric) is not None,
        "ytd_reconciles",
        "needs a previous issue of the same year stating the figure",
    )
    delta = rng.randint(1, 9)
    # The running total drifted by a few and the editors carried the drift on until the year's end.
    for i in range(at, len(s)):
        if not same_year(s[at], s[i]):
            break
        if s[i].value(metric) is not None:
            s[i] = s[i].with_value(metric, "ytd", s[i].require(metric) + delta)
    return [Expected(s[at].serial_no, "ytd_reconciles", metric)]


def _share_carriers(s: Series) -> list[int]:
    """Return the indexes of the issues stating a 占比 and its running total."""
    return [i for i, x in enumerate(s) if x.value("manual.share") is not None and x.value("manual.items")]


def _share_consistent(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing a 占比 computed from another total."""
    carriers = _share_carriers(s)
    _need(at in carriers, "share_consistent", "the issue states no 占比 (2023 layout only)")
    _need(len(carriers) >= 2, "share_consistent", "needs another issue stating a share to compare with")
    k = carriers.index(at)
    prev = s[carriers[k - 1]] if k else None
    after = s[carriers[k + 1]] if k + 1 < len(carriers) else None
    spec = s[at]
    ytd, share = spec.require("manual.items"), spec.require("manual.share")
    total = round(ytd * 100 / share)
    before_share = prev.value("manual.share") if prev is not None and same_year(prev, spec) else None
    after_share = after.value("manual.share") if after is not None and same_year(after, spec) else None
    fallback: IssueSpec | None = None
    neighbour = prev if prev is not None else after
    assert neighbour is not None
    # Another total, clearly off, preferably one that keeps the shares of the year increasing.
    for factor in (0.9, 1.1, 0.93, 1.07, 0.95, 1.05):
        new = round(min(ytd / round(total * factor) * 100, 100.0), 2)
        candidate = spec.with_value("manual.share", "ytd", new)
        if new >= 100 or shares_agree(neighbour, candidate):
            continue
        fallback = fallback or candidate
        if (before_share is None or new >= before_share) and (after_share is None or new <= after_share):
            fallback = candidate
            break
    if fallback is None:
        raise ValueError(
            "cannot inject share_consistent here: no other total gives a detectably different share"
        )
    s[at] = fallback
    flagged = at if prev is not None else carriers[k + 1]
    return [Expected(s[flagged].serial_no, "share_consistent", "manual.share")]


def _ytd_year_reset(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after carrying last year's licence total into the new year."""
    _need(
        at >= 1 and not same_year(s[at - 1], s[at]), "ytd_year_reset", "needs the first issue of a new year"
    )
    metric = "admin_license.accepted"
    carried = s[at - 1].require(metric)
    # The counter was not reset: last year's total stays under every figure of the new year.
    for i in range(at, len(s)):
        if not same_year(s[at], s[i]):
            break
        s[i] = s[i].with_value(metric, "ytd", s[i].require(metric) + carried)
    return [Expected(s[at].serial_no, "ytd_year_reset", metric)]


def _increment_outlier(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after typing one digit too many at the end of a licence total."""
    metric = "admin_license.accepted"
    spec = s[at]
    s[at] = spec.with_value(metric, "ytd", spec.require(metric) * 10 + rng.randrange(10))
    found = Expected(spec.serial_no, "increment_outlier", metric)
    _need(
        found in outlier_findings(placed(s), cycle),
        "increment_outlier",
        "fewer than eight issues of the year around it to judge it by",
    )
    return [found]


def _ratio_outlier(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the findings after typing one digit of a completed total as a neighbouring key.

    Among the slips of that kind, one is taken (in an order drawn from ``rng``) that puts the
    ratio of completed to accepted of this issue out of line and breaks no other rule: the slip
    only the ratio can see. (The next issue's increase is short by what this one has too much:
    its ratio may be out of line too.)
    """
    spec = s[at]
    relations = [r for r in builtin_profiles()[-1].relations.not_above if spec.value(r.metric) is not None]
    _need(bool(relations), "ratio_outlier", "the issue states no completed total")
    after = {s[at + 1].serial_no} if at + 1 < len(s) else set()
    before = ratio_findings(placed(s), cycle)
    slips = [
        (r.metric, i, digit)
        for r in relations
        for i, printed in enumerate(str(int(spec.require(r.metric))))
        for digit in neighbours(printed)
        if i or digit != "0"
    ]
    rng.shuffle(slips)
    everything = reference_findings(s)
    for metric, i, digit in slips:
        digits = str(int(spec.require(metric)))
        s[at] = spec.with_value(metric, "ytd", int(digits[:i] + digit + digits[i + 1 :]))
        found = [
            e
            for e in ratio_findings(placed(s), cycle)
            if e not in before and e.metric == metric and e.serial_no in {spec.serial_no, *after}
        ]
        own = found and found[0].serial_no == spec.serial_no
        if own and [e for e in reference_findings(s) if e not in everything] == found:
            return found
    s[at] = spec
    _need(False, "ratio_outlier", "no slip of a completed total that only the ratio shows")
    return []


def _addendum(s: Series, at: int, rule: str, metric: str | None, text: str) -> list[Expected]:
    s[at] = replace(s[at], addenda=(*s[at].addenda, Addendum(rule, metric, text)))
    return [Expected(s[at].serial_no, rule, metric)]


def _figure_conflict(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing a second, different licences-accepted figure."""
    metric = "admin_license.accepted"
    other = int(s[at].require(metric)) + rng.randint(1, 90)
    return _addendum(s, at, "figure_conflict", metric, f"另据复核，省本级行政许可事项受理{other}件。")


def _figure_unreadable(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing a figure with a word joiner inside its digits."""
    metric = "public_service.accepted"
    digits = str(int(s[at].require(metric)))
    cut = rng.randint(1, len(digits) - 1)
    hidden = digits[:cut] + "\u2060" + digits[cut:]
    return _addendum(s, at, "figure_unreadable", metric, f"其中，公共服务事项受理{hidden}件。")


def _figure_unclear(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing one value after two measures, without 分别."""
    value = rng.randint(10, 99)
    return _addendum(s, at, "figure_unclear", None, f"其中，省本级行政许可事项受理、办结即办件{value}件。")


def _approx_consistent(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after a rounded summary that does not round from the exact figure."""
    metric = "public_service.accepted"
    wrong = round(s[at].require(metric) / 10_000 + rng.choice((-1, 1)) * rng.uniform(1, 9), 2)
    _need(wrong > 0, "approx_consistent", "the figure is too small to misround")
    return _addendum(s, at, "approx_consistent", metric, f"公共服务事项累计受理约{wrong:.2f}万件。")


def _metric_missing(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after leaving the 占比 out of an issue that follows one stating it."""
    _need(at >= 1 and s[at - 1].value("manual.share") is not None, "metric_missing", "needs a share before")
    _need(s[at].value("manual.share") is not None, "metric_missing", "the issue states no 占比")
    s[at] = s[at].without("manual.share", "ytd")
    return [Expected(s[at].serial_no, "metric_missing", "manual.share")]


def _table_total(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing the categories as a table whose 合计 misstates 受理."""
    s[at] = replace(s[at], form=replace(s[at].form, categories="table", total_error=rng.randint(1, 99)))
    return [Expected(s[at].serial_no, "table_total")]


def _read_incomplete(s: Series, at: int, rng: random.Random) -> list[Expected]:
    """Return the finding after printing the categories as a table whose 合计 row lacks a cell."""
    s[at] = replace(s[at], form=replace(s[at].form, categories="table", ragged=True))
    return [Expected(s[at].serial_no, "read_incomplete")]


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
    "table_total": _table_total,
    "read_incomplete": _read_incomplete,
    "serial_sequential": _serial_sequential,
    "issue_no_sequential": _issue_no_sequential,
    "numbering_consistent": _numbering_consistent,
    "published_monotonic": _published_monotonic,
    "period_contiguous": _period_contiguous,
    "ytd_monotonic": _ytd_monotonic,
    "ytd_reconciles": _ytd_reconciles,
    "share_consistent": _share_consistent,
    "ytd_year_reset": _ytd_year_reset,
    "increment_outlier": _increment_outlier,
    "ratio_outlier": _ratio_outlier,
    "figure_conflict": _figure_conflict,
    "figure_unreadable": _figure_unreadable,
    "figure_unclear": _figure_unclear,
    "approx_consistent": _approx_consistent,
    "metric_missing": _metric_missing,
}
DEFECT_KINDS: tuple[str, ...] = tuple(DEFECTS)


def _new_findings(before: list[Expected], after: list[Expected]) -> list[Expected]:
    """Return the findings in ``after`` beyond those already in ``before`` (as multisets)."""
    return list((Counter(after) - Counter(before)).elements())


def inject(
    series: list[IssueSpec], defect: str, *, at: int, rng: random.Random
) -> tuple[list[IssueSpec], list[Expected]]:
    """Return a copy of ``series`` with one ``defect`` injected at index ``at``, and its exact findings."""
    if defect not in DEFECTS:
        raise ValueError(f"unknown defect {defect!r}; known: {', '.join(DEFECT_KINDS)}")
    if not 0 <= at < len(series):
        raise ValueError(f"at={at} outside a series of {len(series)} issues")
    out = list(series)
    intended = DEFECTS[defect](out, at, rng)
    expected = _new_findings(reference_findings(series), reference_findings(out))
    missing = Counter(intended) - Counter(expected)
    if missing:
        raise AssertionError(f"{defect} at {at} did not cause {sorted(missing, key=str)}")
    return out, sort_expected(expected)
