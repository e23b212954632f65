"""Numbers as printed in reports: Arabic with optional 万, or Chinese numerals (九类, 十一个)."""

from __future__ import annotations

import math
import re

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"
NUMBER = rf"(?:\d+(?:\.\d+)?|{CN_NUMERAL})"
#: A whole number in a masthead: Arabic, or Chinese numerals digit by digit or with 十/百/千.
COUNT = "(?:\\d+|[〇零一二两三四五六七八九十百千]+)"
#: A printed year: four Arabic digits or four Chinese digits (二〇二三).
YEAR = "(?:\\d{4}|[〇零一二三四五六七八九]{4})"
#: A month or a day: 9, 11, 九, 十一, 三十一.
MONTH_DAY = "(?:\\d{1,2}|[一二三四五六七八九十]{1,3})"
#: Larger values are not counts a report prints, and a float no longer holds them exactly.
MAX_VALUE = 2**53
#: Longer runs of numeral characters are not one number (and would recurse once per 万).
_MAX_CN_LENGTH = 20


def chinese_to_int(text: str) -> int | None:
    """Return the value of a Chinese numeral such as 九, 十一, 二十三, 一百零五 or 三千二百万."""
    if (
        not text
        or len(text) > _MAX_CN_LENGTH
        or any(c not in _DIGITS and c not in _UNITS and c != "万" for c in text)
    ):
        return None
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = chinese_to_int(high) if high else 1
        low_value = chinese_to_int(low) if low else 0
        if high_value is None or low_value is None:
            return None
        return high_value * 10000 + low_value
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return total + (digit or 0)


_POSITIONAL = frozenset("十百千万")


def numeral_value(text: str | None) -> int | None:
    """Return a whole number printed in Arabic or Chinese numerals, None when it is none.

    Mastheads write numbers both ways: 454, 四百五十四 (with units) or 四五四 and 二〇二三
    (digit by digit, 〇 or 零 for zero).
    """
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    if any(c in _POSITIONAL for c in text):
        return chinese_to_int(text)
    digits = [_DIGITS.get(c) for c in text]
    if None in digits or len(digits) > _MAX_CN_LENGTH:
        return None
    return int("".join(str(d) for d in digits))


def parse_number(text: str, wan: bool = False) -> float | None:
    """Return the value of an Arabic or Chinese number, times 10,000 when followed by 万."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = float(text)
    else:
        parsed = chinese_to_int(text)
        if parsed is None:
            return None
        value = float(parsed)
    value = round(value * 10000, 4) if wan else value
    # A run of hundreds of digits parses as inf, which no table, rule or JSON output can hold.
    return value if math.isfinite(value) and value <= MAX_VALUE else None
