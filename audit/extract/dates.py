"""Dates as printed: 2023年9月11日, 9月1日 (year from context), and ranges 5月11日至13日."""

from __future__ import annotations

import re
from datetime import date, timedelta

FULL_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
MONTH_DAY = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
RANGE_DASH = "[—\\-～至到]+"
# （8月28日—9月1日）, （2024年12月30日—2025年1月3日）, （5月11日至13日）, （8.28-9.1）
PERIOD = re.compile(
    rf"（(?:(?P<y1>\d{{4}})[年.])?(?P<m1>\d{{1,2}})[月.](?P<d1>\d{{1,2}})日?{RANGE_DASH}"
    rf"(?:(?P<y2>\d{{4}})[年.])?(?:(?P<m2>\d{{1,2}})[月.])?(?P<d2>\d{{1,2}})日?）"
)

# The tables store dates as datetime64[ns] (1677-09-21 to 2262-04-11): a year outside this range is
# a misprint, and reading it would stop the whole run.
MIN_YEAR, MAX_YEAR = 1678, 2261


def make_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when the numbers do not form one the tables can hold."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest(month: int, day: int, reference: date | None) -> date | None:
    """Return month/day in whichever year puts it nearest ``reference`` (New Year aware)."""
    if reference is None:
        return None
    candidates = [make_date(reference.year + shift, month, day) for shift in (-1, 0, 1)]
    valid = [c for c in candidates if c is not None]
    return min(valid, key=lambda c: abs(c - reference)) if valid else None


def period_dates(
    match: re.Match[str], year: int | None, published: date | None
) -> tuple[date | None, date | None]:
    """Return the start and end dates of a period match, resolving missing years.

    The end year comes from the printed year, else from the publication date (a period ends
    shortly before the issue is published), else from the header year; a start month later
    than the end month means the period crossed New Year.
    """
    m1, d1, d2 = int(match["m1"]), int(match["d1"]), int(match["d2"])
    m2 = int(match["m2"]) if match["m2"] else m1
    if match["y2"]:
        end = make_date(int(match["y2"]), m2, d2)
    elif match["y1"]:
        end = make_date(int(match["y1"]) + (m2 < m1), m2, d2)
    elif published is not None:
        end = nearest(m2, d2, published - timedelta(days=7))
    elif year is not None:
        end = make_date(year, m2, d2)
    else:
        end = None
    if match["y1"]:
        start = make_date(int(match["y1"]), m1, d1)
    elif end is not None:
        start = make_date(end.year - (m1 > m2), m1, d1)
    else:
        start = None
    return start, end
