"""Reference semantics of ``increment_outlier`` on IssueSpecs (the contract's plain-Python twin).

Every count an issue states is a weekly rate: a week figure per official working day of its
period; a year-to-date figure's increase over the previous issue stating it, per working day
since that issue's period end (the first issue of a year: since 1 January). A span of no
working day counts as 1.5 days; a span that runs backwards or a year the holiday calendar does
not know gives no rate. Within one metric, scope and year, in series order, each rate's log is
compared with the median of the logs 13 places either side (itself included, at least 8 of
them), in units of 1.4826 × the median of those places' own deviations (at least 0.12). Above
10 it is a warning.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

import chinese_calendar

from audit.generate.model import Expected, IssueSpec

WINDOW = 13
LEAST = 8
FLOOR = 0.12
WARNING = 10.0
HOLIDAY_DAYS = 1.5


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


def _scores(logs: list[float | None]) -> list[float | None]:
    centres = [_local_median(logs, i) for i in range(len(logs))]
    deviations = [None if v is None or c is None else abs(v - c) for v, c in zip(logs, centres, strict=True)]
    out: list[float | None] = []
    for i, deviation in enumerate(deviations):
        mad = _local_median(deviations, i)
        out.append(None if deviation is None or mad is None else deviation / max(1.4826 * mad, FLOOR))
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
