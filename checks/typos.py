"""The single typing slips that could have turned an intended figure into the printed one.

Each function works on plain numbers and strings, so the search can be tested without frames.
``corrections(value)`` lists, for a printed figure, every value one slip away from it with the
kind of slip; ``only_fit`` keeps the one correction that satisfies a condition, when exactly one
does (when several do, nothing can be said).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: Slips in the order their name is preferred when two slips give the same value.
SLIPS = ("swap", "double", "drop", "neighbour", "separator", "wan")
SLIP_LABELS = {
    "swap": ("相邻两位数字对调", "two adjacent digits swapped"),
    "double": ("一位数字重复输入", "a digit typed twice"),
    "drop": ("漏输一位数字", "a digit dropped"),
    "neighbour": ("误按相邻数字键", "a neighbouring key pressed"),
    "separator": ("分隔符位置错误", "a misplaced separator"),
    "wan": ("“万”单位换算错误（相差 10000 倍）", "a 万 (×10,000) slip"),
}

# Keys next to each digit on the top row of a keyboard and on a numeric keypad (7 8 9 / 4 5 6 /
# 1 2 3 / 0): a slip of the finger replaces a digit by one of these.
_ROW = "1234567890"
_PAD = {
    "7": "84",
    "8": "795",
    "9": "86",
    "4": "751",
    "5": "8462",
    "6": "953",
    "1": "420",
    "2": "5130",
    "3": "62",
    "0": "12",
}


def neighbours(digit: str) -> str:
    """Return the digits next to ``digit`` on a keyboard's top row or on a numeric keypad."""
    at = _ROW.index(digit)
    row = {_ROW[i] for i in (at - 1, at + 1) if 0 <= i < len(_ROW)}
    return "".join(sorted(row | set(_PAD[digit])))


@dataclass(frozen=True)
class Correction:
    """A value the figure may have been meant to be, and the slip that would explain the print."""

    value: float
    slip: str


def _digit_edits(digits: str) -> Iterable[tuple[str, str]]:
    """Yield (intended digits, slip) for each single slip that makes ``digits`` from them."""
    n = len(digits)
    for i in range(n - 1):
        if digits[i] != digits[i + 1]:
            yield digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :], "swap"
    for i in range(n - 1):
        if digits[i] == digits[i + 1]:
            yield digits[:i] + digits[i + 1 :], "double"
    for i in range(n + 1):
        for d in "0123456789":
            yield digits[:i] + d + digits[i:], "drop"
    for i, d in enumerate(digits):
        for other in neighbours(d):
            yield digits[:i] + other + digits[i + 1 :], "neighbour"


def corrections(value: float, raw: str = "") -> list[Correction]:
    """Return every value one slip away from the printed ``value``, once each, first slip kept.

    ``raw`` is the figure as printed: a decimal point in a count (3324.07 件) may be a
    misplaced separator, read back as the digits joined.
    """
    found: dict[float, str] = {}
    if value != value or value < 0:  # NaN or negative: nothing typed can be undone
        return []
    if value % 1 == 0:
        digits = str(int(value))
        for text, slip in _digit_edits(digits):
            if text and (text == "0" or not text.startswith("0")):
                found.setdefault(float(int(text)), slip)
    else:
        joined = "".join(c for c in raw if c.isdigit()) or f"{value}".replace(".", "")
        found.setdefault(float(int(joined.lstrip("0") or "0")), "separator")
    found.setdefault(value * 10000, "wan")
    if value % 10000 == 0 and value:
        found.setdefault(value / 10000, "wan")
    found.pop(value, None)
    order = {slip: rank for rank, slip in enumerate(SLIPS)}
    return sorted((Correction(v, s) for v, s in found.items()), key=lambda c: (order[c.slip], c.value))


def fit_all(
    candidates: Iterable[tuple[object, Correction]], fits: Callable[[object, float], bool]
) -> list[tuple[object, Correction]]:
    """Return every (figure, correction) for which ``fits(figure, value)`` holds, once per value."""
    found: dict[tuple[object, float], tuple[object, Correction]] = {}
    for figure, correction in candidates:
        if (figure, correction.value) not in found and fits(figure, correction.value):
            found[(figure, correction.value)] = (figure, correction)
    return list(found.values())


def only_fit(
    candidates: Iterable[tuple[object, Correction]], fits: Callable[[object, float], bool]
) -> tuple[object, Correction] | None:
    """Return the one (figure, correction) for which ``fits(figure, value)`` holds, if exactly one does.

    Two slips giving the same value for the same figure count once.
    """
    found: dict[tuple[object, float], tuple[object, Correction]] = {}
    for figure, correction in candidates:
        if (figure, correction.value) not in found and fits(figure, correction.value):
            found[(figure, correction.value)] = (figure, correction)
            if len(found) > 1:
                return None
    return next(iter(found.values()), None)
