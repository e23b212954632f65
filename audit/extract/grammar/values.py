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
from dataclasses import dataclass

from audit.extract.numbers import CN_NUMERAL, MAX_VALUE, chinese_to_int

#: Count units a figure or a stated count may carry (longest first, as the pattern tries them in order).
UNITS = (
    "人次",
    "件次",
    "户次",
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
    "本次",
)
_UNIT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
# Characters that hide inside a number: word joiner, soft hyphen, bidi controls, apostrophes.
_HIDDEN = "\u2060\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069'’"
_DIGITS = rf"\d+(?:[{_HIDDEN}]+\d+)*(?:\.\d+)?(?:[eE][+-]?\d+)?"
PREFIX = r"约|近|超过|逾|超|大约|将近|接近"
VALUE = re.compile(
    rf"(?P<prefix>{PREFIX})?(?P<sign>[-+](?=\d))?(?P<num>{_DIGITS}|(?<![{CN_NUMERAL[1:-2]}]){CN_NUMERAL}(?=(?:余|多)?万?(?:{_UNIT})(?!事)))"
    rf"(?P<suffix>余|多)?(?P<wan>万|亿)?(?P<suffix2>余|多)?(?P<unit>{_UNIT})?(?P<around>左右)?"
)
_CLEAN = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Value:
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

    @property
    def readable(self) -> bool:
        return not self.problem


def _place(text: str) -> float:
    """Return the place value of the last significant digit of ``text`` (3000 -> 1000, 33.24 -> 0.01)."""
    whole, _, decimals = text.partition(".")
    if decimals:
        return 10.0 ** -len(decimals)
    stripped = whole.rstrip("0")
    return 10.0 ** (len(whole) - len(stripped)) if stripped else 1.0


def read_value(match: re.Match[str], offset: int = 0) -> Value:
    """Return the value of a ``VALUE`` match (positions shifted by ``offset``)."""
    num = match["num"]
    scale = {"万": 10_000.0, "亿": 100_000_000.0}.get(match["wan"] or "", 1.0)
    unit = match["unit"] or ""
    problem = ""
    value: float | None = None
    if re.search(rf"[{_HIDDEN}]", num):
        problem = "hidden"
    elif re.search(r"[eE]", num):
        problem = "exponent"
    elif match["sign"] == "-" and unit and unit != "%":
        problem = "sign"
    elif _CLEAN.fullmatch(num):
        value = float(num) * scale
    else:
        parsed = chinese_to_int(num)
        value = None if parsed is None else float(parsed) * scale
        if value is None:
            problem = "numeral"
    if value is not None and (not math.isfinite(value) or value > MAX_VALUE):
        value, problem = None, "too_large"
    if value is not None and scale != 1.0:
        value = round(value, 4)
    prefix, suffix = match["prefix"] or "", match["suffix"] or match["suffix2"] or ""
    approx = bool(prefix or suffix or match["around"] or (scale != 1.0 and _CLEAN.fullmatch(num)))
    low = high = value
    if value is not None and approx:
        place = _place(num) * scale if _CLEAN.fullmatch(num) else scale
        if suffix or prefix in ("超过", "逾", "超"):
            low, high = value, value + (place if suffix else math.inf)
        elif prefix in ("近", "将近", "接近"):
            low, high = value - place, value
        else:
            low, high = value - place / 2, value + place / 2
    return Value(
        start=offset + match.start(),
        end=offset + match.end(),
        num_start=offset + match.start("num") - (1 if match["sign"] else 0),
        num_end=offset + max(match.end("num"), match.end("wan") if match["wan"] else 0),
        raw=match[0],
        value=value,
        low=low,
        high=high,
        unit=unit,
        approx=approx,
        problem=problem,
    )
