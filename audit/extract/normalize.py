"""Line normalisation that real exports need, keeping a map back to the original columns.

A normalised line is the original with full-width forms folded and white space and markdown
decoration removed (thousands separators go once lines are joined into paragraphs, since a
line break may cut a number: 25,60|2). Translation is one character for one
character, and everything else is a deletion, so ``NormLine.col`` maps any position of the
normalised text back to a column of the original line: evidence is cut from the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

# One-for-one folds: full-width ASCII digits/letters/signs to ASCII, while the Chinese
# punctuation that sentences are split on stays (or becomes) full-width.
_FOLD: dict[int, int | str] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        ord("，"): "，",
        ord("："): "：",
        ord("；"): "；",
        ord("！"): "！",
        ord("？"): "？",
        ord("（"): "（",
        ord("）"): "）",
        ord("～"): "～",
        ord(","): "，",
        ord(":"): "：",
        ord(";"): "；",
        ord("!"): "！",
        ord("?"): "？",
        ord("("): "（",
        ord(")"): "）",
        ord("~"): "～",
        ord("〜"): "～",
        ord("｡"): "。",
        ord("〔"): "〔",
        ord("［"): "〔",
        ord("］"): "〕",
        ord("【"): "〔",
        ord("】"): "〕",
        ord("―"): "—",
        ord("–"): "—",
        ord("‒"): "—",
        ord("─"): "—",
        ord("━"): "—",
        ord("−"): "-",
        ord("﹣"): "-",
        ord("‐"): "-",
        ord("‑"): "-",
        ord("〇"): "〇",
        ord("\u3000"): " ",
        ord("\xa0"): " ",
        ord("\u200b"): " ",
        ord("\ufeff"): " ",
    }
)
_TABLE = str.maketrans({k: (chr(v) if isinstance(v, int) else v) for k, v in _FOLD.items()})

_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#{1,6}\s*|[-*+]\s+|>\s*)")
_RULE_LINE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_DELETED = re.compile(r"\*\*|__|\s+")
#: Stands for white space that parts two digits the way table columns do (a tab, a full-width space,
#: two spaces or more). Deleted like other white space, 1220<tab>13663 would read as 122013663: kept as
#: this mark, the figure reader reports the digits as unreadable instead of guessing.
GAP = "\u2063"
_DIGIT_GAP = re.compile(r"(?<=\d)\s+(?=\d)")
_FOOTER = re.compile(
    r"^(?:[—\-]+\d{1,4}[—\-]+|[—\-]*第\d{1,4}页(?:[，/]?共\d{1,4}页)?[—\-]*|\d{1,4}/\d{1,4}|\d{1,3}|"
    r"[—\-]{1,2}\d{1,4}|\d{1,4}[—\-]{1,2})$"
)


@dataclass(frozen=True)
class NormLine:
    """A normalised line and where each kept character came from in the original."""

    number: int
    raw: str
    text: str
    kept: tuple[tuple[int, int], ...]

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return (0, *accumulate(end - start for start, end in self.kept))

    def col(self, pos: int) -> int:
        """Return the column in ``raw`` of normalised position ``pos`` (end positions allowed)."""
        if not self.kept:
            return 0
        index = bisect_right(self._starts, pos) - 1
        if index >= len(self.kept):
            return self.kept[-1][1]
        return self.kept[index][0] + pos - self._starts[index]


def _deletions(text: str) -> list[tuple[int, int]]:
    # Emphasis marks and white space never share a character: one pass finds both, in order.
    spans = [m.span() for m in _DELETED.finditer(text)]
    prefix = _MARKDOWN_PREFIX.match(text)
    if prefix:
        spans.append(prefix.span())
        spans.sort()
    return spans


def _gap(raw: str, match: re.Match[str]) -> str:
    """Return a digit gap with its first character made ``GAP`` when the gap is a wide one."""
    gap = raw[match.start() : match.end()]
    wide = len(gap) > 1 or gap in ("\t", "\u3000")
    return GAP + match[0][1:] if wide else match[0]


def normalize_line(number: int, raw: str) -> NormLine:
    """Return the normalised form of one original line."""
    folded = raw.translate(_TABLE)
    if _RULE_LINE.match(folded):
        return NormLine(number, raw, "", ())
    folded = _DIGIT_GAP.sub(lambda m: _gap(raw, m), folded)
    deletions = _deletions(folded)
    if not deletions:
        return NormLine(number, raw, folded, ((0, len(folded)),) if folded else ())
    kept: list[tuple[int, int]] = []
    pos = 0
    for start, end in deletions:
        if start > pos:
            kept.append((pos, start))
        if end > pos:
            pos = end
    if pos < len(folded):
        kept.append((pos, len(folded)))
    text = "".join(folded[start:end] for start, end in kept)
    return NormLine(number, raw, text, tuple(kept))


def is_footer(text: str) -> bool:
    """Return True for a page-number line such as ``— 3 —``, ``-3-`` or ``第3页``."""
    return bool(_FOOTER.match(text))
