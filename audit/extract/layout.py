"""Rebuild the logical layout of a document: header lines, paragraphs and sentences.

Exports wrap lines every 30-40 characters and scatter page footers and blank lines inside
sentences, so paragraphs are rebuilt from normalised lines: a line continues the previous
one unless that one ended a sentence or this one opens a numbered heading. Every piece of
text keeps the map back to its original lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from audit.extract.normalize import NormLine, is_footer, normalize_line
from audit.ingest.document import Document

# A list marker such as "1." is a marker only when what follows is not the rest of a
# decimal number: "1.9月1日" is item 1 dated 9月1日, "1.5万件" is a quantity.
MARKER = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]{1,3})、"
    r"|（(?P<cnp>[一二三四五六七八九十]{1,3})）"
    r"|（(?P<arp>\d{1,2})）"
    r"|(?P<ar>\d{1,2})[.、](?=\D|\d{1,2}月|\d{1,2}日)"
    r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))"
)
_TERMINAL = tuple("。！？")
_CONTINUES = tuple("、，“《（〔—-")
_NUMERAL = "[\\d〇零一二两三四五六七八九十百千]"
# Masthead items in any numerals: 2023年第34期, 第三十四期, 总第454期, 第14-15期, 增刊, a lone date
# or period line (bracketed or labelled).
_HEADER_ITEM = re.compile(
    rf"第{_NUMERAL}+(?:[-—～至、]第?{_NUMERAL}+)?期|增刊|特刊|^{_NUMERAL}{{4}}年{_NUMERAL}{{1,2}}月{_NUMERAL}{{1,3}}日$"
    rf"|^（[^）]*{_NUMERAL}月{_NUMERAL}{{1,3}}日[^）]*）$|^(?:统计|报告)(?:时间|时段|周期|期)"
)
_BODY_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|据|本周)|。")
HEADER_SCAN = 16
# Table rows come from .docx tables as "cell | cell | cell" lines (and from Markdown tables).
TABLE_CELL = "|"
TITLE_MAX = 25


@dataclass(frozen=True)
class Span:
    """A run of normalised text drawn from one or more consecutive original lines."""

    text: str
    lines: tuple[NormLine, ...]
    offsets: tuple[int, ...]

    def _at(self, pos: int) -> tuple[int, int]:
        index = bisect_right(self.offsets, pos) - 1
        if index < 0:
            index = 0
        return index, pos - self.offsets[index]

    def line_at(self, pos: int) -> int:
        """Return the original line number of normalised position ``pos``."""
        return self.lines[self._at(pos)[0]].number

    @cached_property
    def evidence(self) -> str:
        """Return the original text of the whole span (computed once: every figure quotes it)."""
        return self.raw(0, len(self.text))

    def raw(self, start: int = 0, end: int | None = None) -> str:
        """Return the original text behind ``text[start:end]``, its lines joined without breaks."""
        end = len(self.text) if end is None else end
        if end <= start:
            return ""
        first, first_pos = self._at(start)
        last, last_pos = self._at(end - 1)
        parts = []
        for index in range(first, last + 1):
            line = self.lines[index]
            lo = line.col(first_pos) if index == first else 0
            hi = line.col(last_pos) + 1 if index == last else len(line.raw)
            parts.append(line.raw[lo:hi])
        return "".join(parts).strip()

    def sub(self, start: int, end: int) -> Span:
        """Return the span of ``text[start:end]``."""
        first, first_pos = self._at(start)
        last, _ = self._at(max(end - 1, start))
        lines = self.lines[first : last + 1]
        offsets = tuple(max(o - start, 0) for o in self.offsets[first : last + 1])
        sub = Span(self.text[start:end], lines, offsets)
        # The first line may begin before ``start``: shift its column map by hand.
        return _Shifted(sub.text, sub.lines, sub.offsets, first_pos) if first_pos else sub


@dataclass(frozen=True)
class _Shifted(Span):
    """A span whose first line starts ``shift`` normalised characters into that line."""

    shift: int = 0

    def _at(self, pos: int) -> tuple[int, int]:
        index, rel = super()._at(pos)
        return index, rel + self.shift if index == 0 else rel


@dataclass(frozen=True)
class Paragraph(Span):
    """A logical paragraph; ``marker`` is its leading heading marker, if any."""

    marker: re.Match[str] | None = None

    @cached_property
    def sentences(self) -> list[Span]:
        """Return the sentences of the paragraph (split after 。！？)."""
        out = []
        start = 0
        for match in re.finditer(r"[。！？]+”?|$", self.text):
            end = match.end()
            if self.text[start:end].strip():
                out.append(self.sub(start, end))
            start = end
        return out


@dataclass(frozen=True)
class Layout:
    """The header lines and body paragraphs of one document."""

    document: Document
    header: Span
    header_lines: tuple[NormLine, ...]
    paragraphs: tuple[Paragraph, ...]
    tail: tuple[NormLine, ...]

    @property
    def sentences(self) -> list[Span]:
        return [s for p in self.paragraphs for s in p.sentences]


def _span(lines: list[NormLine]) -> Span:
    lines = _ungroup(lines)
    # Running totals, not a sum per line: a text without full stops is one paragraph of every line.
    positions = tuple(accumulate((len(line.text) for line in lines), initial=0))[: len(lines)]
    return Span("".join(line.text for line in lines), tuple(lines), positions)


def _paragraph(lines: list[NormLine]) -> Paragraph:
    span = _span(lines)
    return Paragraph(span.text, span.lines, span.offsets, MARKER.match(span.text))


def _header_length(lines: list[NormLine]) -> int:
    """Return how many leading lines form the masthead (title, numbering, dates, period).

    The masthead runs until the body starts (a 一、 heading or a full sentence); when no
    body start shows in the first lines, it ends after the last line that looks like one.
    """
    last_item = 0
    for index, line in enumerate(lines[:HEADER_SCAN]):
        # A sentence is body even when it names an issue (…第3期培训班。).
        if _BODY_START.search(line.text) and ("。" in line.text or not _HEADER_ITEM.search(line.text)):
            return index
        if _HEADER_ITEM.search(line.text):
            last_item = index + 1
    return last_item


_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:，\d{3})+(?![\d.])")


def _drop(line: NormLine, drops: set[int]) -> NormLine:
    """Return ``line`` without the normalised characters at the positions in ``drops``.

    All of a line's separators go in one pass: one pass per separator made a long line of grouped
    digits quadratic.
    """
    columns = [column for start, end in line.kept for column in range(start, end)]
    kept: list[tuple[int, int]] = []
    for pos, column in enumerate(columns):
        if pos in drops:
            continue
        if kept and kept[-1][1] == column:
            kept[-1] = (kept[-1][0], column + 1)
        else:
            kept.append((column, column + 1))
    text = "".join(char for pos, char in enumerate(line.text) if pos not in drops)
    return NormLine(line.number, line.raw, text, tuple(kept))


def _ungroup(lines: list[NormLine]) -> list[NormLine]:
    """Return ``lines`` without the thousands separators of the numbers they spell together."""
    text = "".join(line.text for line in lines)
    commas = [m.start() + i for m in _GROUPED.finditer(text) for i, c in enumerate(m[0]) if c == "，"]
    if not commas:
        return lines
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line.text))
    drops: dict[int, set[int]] = {}
    for pos in commas:
        index = bisect_right(starts, pos) - 1
        drops.setdefault(index, set()).add(pos - starts[index])
    out = list(lines)
    for index, positions in drops.items():
        out[index] = _drop(out[index], positions)
    return out


def _is_title(lines: list[NormLine]) -> bool:
    """Return True for a heading line such as "（二）厅（局）长进大厅" that stands alone."""
    text = lines[0].text
    return (
        len(lines) == 1
        and bool(MARKER.match(text))
        and len(text) <= TITLE_MAX
        and not any(c in text for c in "，。；")
    )


def build_layout(document: Document) -> Layout:
    """Return the layout of ``document``."""
    lines = [normalize_line(n, raw) for n, raw in enumerate(document.lines, start=1)]
    content = [line for line in lines if line.text and not is_footer(line.text)]
    head = _header_length(content)
    header_lines, body = content[:head], content[head:]
    paragraphs: list[list[NormLine]] = []
    for line in body:
        heading_line = line.raw.lstrip().startswith("#")
        if paragraphs:
            previous = paragraphs[-1][-1]
            joins = not previous.text.endswith(_TERMINAL) and not previous.raw.lstrip().startswith("#")
            if (
                heading_line
                or _is_title(paragraphs[-1])
                or TABLE_CELL in line.text
                or TABLE_CELL in previous.text
                or (MARKER.match(line.text) and not previous.text.endswith(_CONTINUES))
            ):
                joins = False
            if joins:
                paragraphs[-1].append(line)
                continue
        paragraphs.append([line])
    return Layout(
        document=document,
        header=_span(header_lines),
        header_lines=tuple(header_lines),
        paragraphs=tuple(_paragraph(p) for p in paragraphs),
        tail=tuple(lines),
    )
