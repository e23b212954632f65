"""Chinese numerals as the report writes them in headings and counts (一、 十一 二十三)."""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """Return ``n`` (1–99) in Chinese numerals: 9 → 九, 12 → 十二, 20 → 二十."""
    if not 0 < n < 100:
        raise ValueError(f"cn_number supports 1..99, got {n}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGITS[units]
    head = "" if tens == 1 else DIGITS[tens]
    return head + "十" + (DIGITS[units] if units else "")
