"""Numbers as printed in figure statements: value, unit, precision, and what makes one unreadable.

A value keeps the digits as printed (``raw``). An approximate value (约, 近, 超过, …余, …多,
左右, or a decimal of 万) is an interval ``low``–``high``; an exact one has ``low == high ==
value``. A number the reader cannot turn into a value — an invisible format character inside the
digits, an exponent, an apostrophe grouping, a sign on a count, more than 2^53 — is ``unreadable``
and carries ``problem``: it is reported, never dropped or corrected.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from audit.extract.normalize import GAP
from audit.extract.numbers import CN_NUMERAL, MAX_VALUE, chinese_to_int

#: Count units a figure or a stated count may carry (longest first, as the pattern tries them in order).
UNITS = (
    "人次",
    "件次",
    "户次",
    "个工作日",
    "工作日",
    "小时",
    "分钟",
    "件",
    "个",
    "项",
    "%",
    "条",
    "家",
    "户",
    "名",
    "类",
    "种",
    "批",
    "所",
    "人",
    "次",
    "份",
    "宗",
    "笔",
    "张",
    "本",
    "天",
)
UNIT_PATTERN = _UNIT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
# Characters that hide inside a number: word joiner, soft hyphen, bidi controls, apostrophes.
_HIDDEN = f"{GAP}\u2060\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069'’"
_DIGITS = rf"\d+(?:[{_HIDDEN}]+\d+)*(?:\.\d+)?(?:[eE][+-]?\d+)?"
PREFIX = r"约|近|超过|逾|超|大约|将近|接近"
VALUE = re.compile(
    rf"(?P<prefix>{PREFIX})?(?P<sign>[-+](?=\d))?(?P<num>{_DIGITS}|(?<![{CN_NUMERAL[1:-2]}]){CN_NUMERAL}(?=(?:余|多)?万?(?:{_UNIT})(?!事)))"
    rf"(?P<suffix>余|多)?(?P<wan>万|亿)?(?P<suffix2>余|多)?(?P<unit>{_UNIT})?(?P<around>左右)?"
)
_CLEAN = re.compile(r"\d+(?:\.\d+)?")


class Value(NamedTuple):
    """One printed number: where it is in its text, its value or why it has none."""

    start: int
    end: int
    num_start: int
    num_end: int
    raw: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    approx: bool
    problem: str = ""


def _place(text: str) -> float:
    """Return the place value of the last significant digit of ``text`` (3000 -> 1000, 33.24 -> 0.01)."""
    whole, _, decimals = text.partition(".")
    if decimals:
        return 10.0 ** -len(decimals)
    stripped = whole.rstrip("0")
    return 10.0 ** (len(whole) - len(stripped)) if stripped else 1.0


_HIDDEN_CHAR = re.compile(rf"[{_HIDDEN}]")
_SCALES = {"万": 10_000.0, "亿": 100_000_000.0}


def read_value(match: re.Match[str]) -> Value:
    """Return the value of a match of ``VALUE`` (or of a pattern that holds it)."""
    num = match["num"]
    wan = match["wan"]
    scale = _SCALES[wan] if wan else 1.0
    unit = match["unit"] or ""
    sign = match["sign"]
    prefix, suffix = match["prefix"] or "", match["suffix"] or match["suffix2"] or ""
    problem = ""
    value: float | None = None
    clean = num.isascii() and bool(_CLEAN.fullmatch(num))
    if clean:
        # A sign on a count (受理+12件) marks a change, not the count itself.
        if sign and unit and unit != "%":
            problem = "sign"
        else:
            value = (-1.0 if sign == "-" else 1.0) * float(num) * scale
    elif GAP in num:
        problem = "gap"
    elif _HIDDEN_CHAR.search(num):
        problem = "hidden"
    elif "e" in num or "E" in num:
        problem = "exponent"
    else:
        parsed = chinese_to_int(num)
        value = None if parsed is None else float(parsed) * scale
        problem = "" if value is not None else "numeral"
    if value is not None and (not math.isfinite(value) or value > MAX_VALUE):
        value, problem = None, "too_large"
    if value is not None and scale != 1.0:
        value = round(value, 4)
    approx = bool(prefix or suffix or match["around"] or (wan and clean))
    low = high = value
    if value is not None and approx:
        place = _place(num) * scale if clean else scale
        if suffix or prefix in ("超过", "逾", "超"):
            low, high = value, value + (place if suffix else math.inf)
        elif prefix in ("近", "将近", "接近"):
            low, high = value - place, value
        else:
            low, high = value - place / 2, value + place / 2
    start = match.start("num") - (1 if sign else 0)
    return Value(
        match.start(),
        match.end(),
        start,
        match.end("wan") if wan else match.end("num"),
        match[0],
        value,
        low,
        high,
        unit,
        approx,
        problem,
    )
