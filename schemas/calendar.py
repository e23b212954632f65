"""Official working days in mainland China, and the years for which they are known.

Holidays and the make-up working days (调休) that the State Council moves onto weekends come
from the ``chinese-calendar`` package for the years it covers, and from the user's own
schedule (``[tool.audit.calendar]``) for any other year, or to correct one. A day of a year
that neither covers is unknown, never guessed from the weekday: rules leave it out and say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache


@cache
def library_years() -> range:
    """Return the years the installed ``chinese-calendar`` has holidays for."""
    from chinese_calendar.constants import holidays

    return range(min(holidays).year, max(holidays).year + 1)


@cache
def _library_workday(day: date) -> bool:
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


@dataclass(frozen=True)
class Calendar:
    """The library's calendar, with the years a user has given replacing or extending it.

    ``years`` are the years the user's schedule defines: in them a day is a working day when it
    is a listed make-up day (``workdays``), or a weekday that is not a listed holiday.
    """

    years: frozenset[int] = frozenset()
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def covers(self, year: int) -> bool:
        return year in self.years or year in library_years()

    def is_workday(self, day: date) -> bool | None:
        """Return whether ``day`` is an official working day, or None when its year is not known."""
        if day.year in self.years:
            return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)
        if day.year in library_years():
            return _library_workday(day)
        return None

    def working_days(self, start: date, end: date) -> tuple[list[date], list[int]]:
        """Return the working days from ``start`` to ``end`` inclusive, and the years not known."""
        days: list[date] = []
        unknown: list[int] = []
        for day in _days(start, end):
            working = self.is_workday(day)
            if working is None:
                if day.year not in unknown:
                    unknown.append(day.year)
            elif working:
                days.append(day)
        return days, unknown


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
