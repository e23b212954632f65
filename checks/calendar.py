"""Working days from the official Chinese holiday calendar (holidays and 调休 make-up days).

One small function over the ``chinese_calendar`` package, so that a maintained calendar with
local overrides can replace it in one place. A year the package does not know gives ``None``:
a count of working days there would be a guess, and a guess must not make an outlier.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


def knows(day: date) -> bool:
    """Return True when the calendar knows the holidays of ``day``'s year."""
    return working_days(date(day.year, 1, 1), date(day.year, 1, 1)) is not None


@lru_cache(maxsize=4096)
def working_days(start: date, end: date) -> int | None:
    """Return the official working days from ``start`` to ``end`` inclusive; None for an unknown year."""
    count = 0
    day = start
    while day <= end:
        try:
            count += bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return None
        day += timedelta(days=1)
    return count
