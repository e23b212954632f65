"""Dates as printed: 2023年9月11日, 9月1日 (year from context), and ranges 5月11日至13日."""

from __future__ import annotations

import re
from datetime import date, timedelta

from audit.extract.numbers import MONTH_DAY as MD
from audit.extract.numbers import YEAR, numeral_value

FULL_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
# Guarded by its first character (a digit): scanning a body, the engine passes every other position on one test.
MONTH_DAY = re.compile(r"(?=\d)(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
RANGE_DASH = "[—\\-～至到]+"
# 8月28日—9月1日, 2024年12月30日—2025年1月3日, 5月11日至13日, 8.28-9.1, 八月二十八日至九月一日
_PERIOD = (
    rf"(?:(?P<y1>{YEAR})[年.])?(?P<m1>{MD})[月.](?P<d1>{MD})日?{RANGE_DASH}"
    rf"(?:(?P<y2>{YEAR})[年.])?(?:(?P<m2>{MD})[月.])?(?P<d2>{MD})日?"
)
#: What a labelled period line calls the period: 统计时间：…至…, 报告期：…, 统计周期 …
PERIOD_LABEL = (
    "(?:本期)?(?:统计(?:时间|时段|周期|区间|期间|日期)|报告(?:期|时段|期间|时间)|数据(?:时间|时段|期间)|时间范围)"
    "(?:为|是)?：?"
)
# （8月28日—9月1日）, also with the label inside (（统计时间：8月28日至9月1日）) or a note after
# the dates (（8月28日至9月1日，共5个工作日）)
PERIOD = re.compile(rf"（(?:{PERIOD_LABEL})?{_PERIOD}(?:[，；][^（）]{{0,20}})?）")
# 统计时间：2023年8月28日至9月1日 (no brackets: the label says what the dates are)
LABELLED_PERIOD = re.compile(rf"{PERIOD_LABEL}{_PERIOD}(?!\d)")

#: What follows the date a 版记 says the issue was printed: …2023年9月11日印发.
IMPRINT_WORD = "(?:印发|编印|编发|印制|印)(?![\u4e00-\u9fff])"

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
    m1, d1, d2 = (numeral_value(match[k]) or 0 for k in ("m1", "d1", "d2"))
    m2 = numeral_value(match["m2"]) or 0 if match["m2"] else m1
    y1, y2 = numeral_value(match["y1"]), numeral_value(match["y2"])
    if y2 is not None:
        end = make_date(y2, m2, d2)
    elif y1 is not None:
        end = make_date(y1 + (m2 < m1), m2, d2)
    elif published is not None:
        end = nearest(m2, d2, published - timedelta(days=7))
    elif year is not None:
        end = make_date(year, m2, d2)
    else:
        end = None
    if y1 is not None:
        start = make_date(y1, m1, d1)
    elif end is not None:
        start = make_date(end.year - (m1 > m2), m1, d1)
    else:
        start = None
    return start, end
