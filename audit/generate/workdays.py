"""Working days from the official Chinese holiday calendar, with a weekday fallback outside its years."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def is_workday(day: date) -> bool:
    """Return True when ``day`` is an official working day (Mon–Fri outside the calendar's years)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        # The calendar only knows published years; far-future benchmarks fall back to plain weekdays.
        return day.weekday() < 5


def workdays(start: date, end: date) -> list[date]:
    """Return the working days from ``start`` to ``end`` inclusive."""
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if is_workday(d)]
