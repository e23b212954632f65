"""Reference semantics of ``increment_outlier`` on IssueSpecs (the contract's plain-Python twin).

Every count an issue states is a weekly rate: a week figure per official working day of its
period; a year-to-date figure's increase over the previous issue stating it, per working day
since that issue's period end (the first issue of a year: since 1 January). A span of no
working day counts as 1.5 days; a span that runs backwards or a year the holiday calendar does
not know gives no rate. Within one metric, scope and year, in series order, each rate's log is
compared with the median of the logs 13 places either side (itself included, at least 8 of
them), in units of 1.4826 × the median of those places' own deviations (at least 0.12). Above
10 it is a warning.

``ratio_outlier`` reads, for each ``not_above`` relation of the built-in profile (办结 ≤ 受理), the
ratio of the two figures' increases: of a week's figures as printed; of year-to-date figures since
the previous issue stating both (the first issue of a year: since 1 January, the figures
themselves). Its log is judged as above, within the relation, scope and year, in units of at
least 0.05. Above 10 it is a warning.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from audit.generate.model import Expected, IssueSpec
from audit.profiles import builtin_profiles

WINDOW = 13
LEAST = 8
FLOOR = 0.12
RATIO_FLOOR = 0.05
WARNING = 10.0
FULL_WEEK = 5.0
HOLIDAY_DAYS = 1.5


@lru_cache(maxsize=4096)
def _working_days(start: date, end: date) -> float | None:
    if start > end:
        return None
    days = 0
    for i in range((end - start).days + 1):
        try:
            days += bool(chinese_calendar.is_workday(start + timedelta(days=i)))
        except NotImplementedError:
            return None
    return max(float(days), HOLIDAY_DAYS)


def _local_median(values: list[float | None], i: int) -> float | None:
    near = [v for v in values[max(0, i - WINDOW) : i + WINDOW + 1] if v is not None]
    return statistics.median(near) if len(near) >= LEAST else None


def _scores(logs: list[float | None], floor: float = FLOOR) -> list[float | None]:
    centres = [_local_median(logs, i) for i in range(len(logs))]
    deviations = [None if v is None or c is None else abs(v - c) for v, c in zip(logs, centres, strict=True)]
    out: list[float | None] = []
    for i, deviation in enumerate(deviations):
        mad = _local_median(deviations, i)
        out.append(None if deviation is None or mad is None else deviation / max(1.4826 * mad, floor))
    return out


def outlier_findings(issues: Sequence[IssueSpec], cycle: object) -> list[Expected]:
    """Return the increment_outlier warnings over placed ``issues`` (``cycle`` gives each one's year)."""
    groups: dict[tuple[str, str, int], list[tuple[int, float | None]]] = defaultdict(list)
    last: dict[str, IssueSpec] = {}
    for spec in issues:
        year = cycle(spec)  # type: ignore[operator]
        for fact in spec.facts:
            if fact.unit == "%":
                continue
            if fact.scope == "week":
                days = _working_days(spec.period_start, spec.period_end)
                rate = None if days is None else fact.value / days
                groups[(fact.metric, "week", year)].append((spec.serial_no, rate))
                continue
            prev = last.get(fact.metric)
            last[fact.metric] = spec
            if prev is None:
                continue
            if cycle(prev) == year:  # type: ignore[operator]
                increase = fact.value - prev.require(fact.metric)
                days = _working_days(prev.period_end + timedelta(days=1), spec.period_end)
            else:
                increase = fact.value
                days = _working_days(date(year, 1, 1), spec.period_end)
            groups[(fact.metric, "ytd", year)].append(
                (spec.serial_no, None if days is None else increase / days)
            )
    out = []
    for (metric, _scope, _year), rows in groups.items():
        logs = [math.log(r) if r is not None and r > 0 else None for _, r in rows]
        for (serial, _), score in zip(rows, _scores(logs), strict=True):
            if score is not None and score > WARNING:
                out.append(Expected(serial, "increment_outlier", metric))
    return out


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 and part > 0 else None


def ratio_findings(issues: Sequence[IssueSpec], cycle: object) -> list[Expected]:
    """Return the ratio_outlier warnings over placed ``issues`` (``cycle`` gives each one's year)."""
    out = []
    for relation in builtin_profiles()[-1].relations.not_above:
        metric, limit = relation.metric, relation.limit
        groups: dict[tuple[str, int], list[tuple[int, float | None, float | None]]] = defaultdict(list)
        last: dict[str, IssueSpec] = {}
        for spec in issues:
            year = cycle(spec)  # type: ignore[operator]
            week = (spec.value(metric, "week"), spec.value(limit, "week"))
            if week[0] is not None and week[1] is not None:
                days = _working_days(spec.period_start, spec.period_end)
                groups[("week", year)].append((spec.serial_no, _ratio(week[0], week[1]), days))
            part, whole = spec.value(metric), spec.value(limit)
            prev_part, prev_whole = last.get(metric), last.get(limit)
            if part is not None:
                last[metric] = spec
            if whole is not None:
                last[limit] = spec
            if part is None or whole is None or prev_part is None or prev_part is not prev_whole:
                continue
            if cycle(prev_part) == year:  # type: ignore[operator]
                rate = _ratio(part - prev_part.require(metric), whole - prev_part.require(limit))
                days = _working_days(prev_part.period_end + timedelta(days=1), spec.period_end)
            else:
                rate = _ratio(part, whole)
                days = _working_days(date(year, 1, 1), spec.period_end)
            groups[("ytd", year)].append((spec.serial_no, rate, days))
        for rows in groups.values():
            logs = [math.log(r) if r is not None and d is not None else None for _, r, d in rows]
            for (serial, _, days), score in zip(rows, _scores(logs, RATIO_FLOOR), strict=True):
                if (
                    score is not None
                    and score * math.sqrt(min(days or FULL_WEEK, FULL_WEEK) / FULL_WEEK) > WARNING
                ):
                    out.append(Expected(serial, "ratio_outlier", metric))
    return out
