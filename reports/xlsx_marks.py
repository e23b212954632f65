"""The 【】 mark on a finding's figure in its sentence, in whatever form the sentence prints it.

A finding states its figure as a plain number (10359); the sentence may print it as ｛１０３５９｝
(full-width), 10,359 (thousands separators), 1.0359万 or 一万零三百五十九 (Chinese numerals).
The mark goes on the printed form, so a reader finds the figure where it stands.

``reports`` never imports ``audit``: the few numeral rules needed to recognise a printed number
are kept here rather than borrowed from the extractor.
"""

from __future__ import annotations

import re
import unicodedata

_CN_DIGITS = {
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
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# An Arabic number as printed: ASCII or full-width digits, thousands separators, a decimal part, 万.
_ARABIC = re.compile(r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?(?:\s*万)?")
_CHINESE = re.compile("[零〇一二两三四五六七八九十百千万]+")


def _chinese(text: str) -> int | None:
    """Return the value of a Chinese numeral (十一, 一百零五, 三千二百万, 二〇二三), None when it is none."""
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = _chinese(high) if high else 1
        low_value = _chinese(low) if low else 0
        return None if high_value is None or low_value is None else high_value * 10000 + low_value
    if text and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _arabic(text: str) -> float | None:
    plain = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "")
    wan = plain.rstrip().endswith("万")
    try:
        value = float(plain.rstrip("万").strip())
    except ValueError:
        return None
    return value * 10000 if wan else value


def _number(text: str) -> float | None:
    try:
        return float(unicodedata.normalize("NFKC", text).replace(",", ""))
    except ValueError:
        return None


def _whole(text: str, start: int, end: int) -> bool:
    """Return True when text[start:end] is not part of a longer number."""
    before = text[start - 1 : start]
    after = text[end : end + 2]
    return not (
        before.isdigit() or before == "." or after[:1].isdigit() or (after[:1] == "." and after[1:].isdigit())
    )


def _span(evidence: str, observed: str) -> tuple[int, int] | None:
    """Return where ``observed`` is printed in ``evidence``: as given first, else in any printed form."""
    first = start = evidence.find(observed)
    while start >= 0 and not _whole(evidence, start, start + len(observed)):
        start = evidence.find(observed, start + 1)
    if start >= 0:
        return start, start + len(observed)
    value = _number(observed)
    if value is not None:
        for pattern, read in ((_ARABIC, _arabic), (_CHINESE, _chinese)):
            for match in pattern.finditer(evidence):
                found = read(match[0])
                if found is not None and abs(found - value) < 1e-9:
                    return match.start(), match.end()
    return (first, first + len(observed)) if first >= 0 else None


def mark_evidence(evidence: str | None, observed: str | None) -> str | None:
    """Return ``evidence`` with the printed form of ``observed`` wrapped in 【】.

    A number is matched whole (389 is not found inside 3890) and in any form it is printed in;
    otherwise the first plain occurrence is marked, and evidence without the value is returned unchanged.
    """
    if not evidence or not observed:
        return evidence
    span = _span(evidence, observed)
    if span is None:
        return evidence
    start, end = span
    return f"{evidence[:start]}【{evidence[start:end]}】{evidence[end:]}"
