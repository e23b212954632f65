"""Split a file that holds several issues (a quarter's export, a compilation) at each masthead.

Each issue becomes a document of its own named ``file.docx#2`` (the 1-based place of the issue
in the file: ``#1`` for the first, so every issue of a compilation says where it came from).
It is read on its own lines, and ``place`` moves every line it cites back to the line of the
file a user opens. A file with one masthead, or none, stays one document under its own name.

A masthead is recognised by its numbering line: 2023年第34期（总第454期）, 第三十四期, 第14-15期,
2023年增刊1, alone on its line or in cells with the title and the date. A 第N期 without a year
or 总第 number counts only beside a title line (窗口工作周报), so that a heading naming a
training session's 第2期 never opens an issue. A new issue starts at a masthead only when body
text (a sentence) stands between it and the previous masthead; it takes with it the title and
text-box lines printed just above its numbering.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from audit.extract.layout import TABLE_CELL
from audit.extract.normalize import normalize_line
from audit.extract.numbering import ISSUE, SERIAL, SUPPLEMENT, Numbering, read_numbering
from audit.extract.records import Extraction, part_source
from audit.ingest.document import Document

TITLE = re.compile(
    r"^[\u4e00-\u9fff（）]{2,20}?(?:周报|简报|月报|快报|专报|通报|动态|信息)(?:（?(?:增刊|特刊|合刊)）?)?$"
)
_DATE_ONLY = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$"
)
_IMPRINT_OR_SENT = re.compile(r"共印|印发$|^(?:报|送|发|抄送|分送)：")
#: Lines above a numbering line that can still belong to its masthead (title, boxes, a slogan).
LEAD_LINES = 6
#: A line above the numbering this long is body text, not part of the masthead.
LEAD_MAX = 40
#: A 第N期 without year or 总第 needs a title line within this many lines.
TITLE_NEAR = 3


def _numbering(text: str) -> tuple[bool, bool] | None:
    """Return (is a masthead numbering line, carries year or serial) for a normalised line."""
    found = [m for pattern in (ISSUE, SERIAL, SUPPLEMENT) for m in pattern.finditer(text)]
    if not found:
        return None
    rest = text
    for match in found:
        rest = rest.replace(match[0], TABLE_CELL)
    cells = [cell.strip("（）") for cell in rest.split(TABLE_CELL)]
    if any(cell and not (TITLE.match(cell) or _DATE_ONLY.match(cell)) for cell in cells):
        return None
    strong = any(m.re is not ISSUE or m["year"] or m.re is SUPPLEMENT for m in found)
    return True, strong


class _Texts:
    """The normalised text of each line, computed only for the lines looked at."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self._lines = lines
        self._done: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index: int) -> str:
        if index not in self._done:
            self._done[index] = normalize_line(index + 1, self._lines[index]).text
        return self._done[index]

    def near(self, index: int, step: int, count: int, floor: int = 0) -> list[int]:
        """Return up to ``count`` non-blank lines from ``index`` + ``step`` on, going by ``step``."""
        found: list[int] = []
        pos = index + step
        while floor <= pos < len(self) and len(found) < count:
            if self[pos]:
                found.append(pos)
            pos += step
        return found


def _titled(texts: _Texts, index: int) -> bool:
    """Return True when a title line stands within ``TITLE_NEAR`` non-blank lines of ``index``."""
    near = texts.near(index, -1, TITLE_NEAR) + texts.near(index, 1, TITLE_NEAR)
    return any(TITLE.match(cell) for pos in near for cell in texts[pos].split(TABLE_CELL))


def _lead(texts: _Texts, index: int, floor: int) -> int:
    """Return the first line of the masthead whose numbering is on line ``index``."""
    start = index
    for pos in texts.near(index, -1, LEAD_LINES, floor):
        text = texts[pos]
        if len(text) > LEAD_MAX or "。" in text or _IMPRINT_OR_SENT.search(text):
            break
        start = pos
    return start


def _same_issue(one: Numbering, other: Numbering) -> bool:
    """Return True when two numberings name the same issue (no number differs, one agrees)."""
    pairs = [(one.kind, other.kind), (one.issue_no, other.issue_no), (one.serial_no, other.serial_no)]
    shared = [(a, b) for a, b in pairs[1:] if a is not None and b is not None]
    return one.kind == other.kind and bool(shared) and all(a == b for a, b in shared)


def _merged(one: Numbering, other: Numbering) -> Numbering:
    """Return the numbering of a masthead spread over two lines (第34期 here, 总第454期 there)."""
    return replace(
        one,
        issue_no=one.issue_no if one.issue_no is not None else other.issue_no,
        serial_no=one.serial_no if one.serial_no is not None else other.serial_no,
    )


def issue_starts(document: Document) -> list[int]:
    """Return the 0-based first line of each issue in ``document`` (``[0]`` for a single issue).

    A masthead that repeats the numbers of the issue before it is a running page header
    (窗口工作周报（第34期） at the top of every page of a PDF), not a new issue.
    """
    lines = document.lines
    # Only lines naming a 期 or a 刊 can be numbering lines; only those are normalised here.
    candidates = [i for i, line in enumerate(lines) if "期" in line or "刊" in line]
    if len(candidates) < 2:
        return [0]
    texts = _Texts(lines)
    # The lines holding a sentence end: body text between two mastheads makes them two issues.
    stops = [i for i, line in enumerate(lines) if "。" in line]
    starts: list[int] = []
    last = -1
    current = Numbering()
    for index in candidates:
        found = _numbering(texts[index])
        if found is None or not (found[1] or _titled(texts, index)):
            continue
        numbering = read_numbering(texts[index])
        if starts and bisect_right(stops, last) == bisect_left(stops, index):
            last, current = index, _merged(current, numbering)  # one masthead over boxes or cells
            continue
        if starts and _same_issue(current, numbering):
            continue
        starts.append(_lead(texts, index, last + 1) if starts else 0)
        last, current = index, numbering
    return starts or [0]


@dataclass(frozen=True)
class Part:
    """One issue of a file: its own lines as a document, and how many lines of the file precede it.

    The part is read like any file (its lines numbered from 1, so that reading it costs its own
    length, not the file's); ``place`` then moves every line number back to the file's.
    """

    document: Document
    offset: int
    whole: Document


def _part(document: Document, number: int, lo: int, hi: int) -> Part:
    def inside(line: int) -> bool:
        return lo < line <= hi

    part = replace(
        document,
        source=part_source(document.source, number, 2),
        lines=document.lines[lo:hi],
        pages=document.pages[lo:hi],
        tables=tuple(
            replace(t, lines=tuple(line - lo for line in t.lines))
            for t in document.tables
            if t.lines and inside(t.lines[0])
        ),
        notes=tuple(replace(n, line=n.line - lo) for n in document.notes if inside(n.line)),
    )
    return Part(part, lo, document)


def split_issues(document: Document) -> list[Part]:
    """Return the issues of ``document``: itself when it holds one, else one part per issue."""
    starts = issue_starts(document)
    if len(starts) == 1:
        return [Part(document, 0, document)]
    bounds = [*starts[1:], len(document.lines)]
    return [
        _part(document, n, lo, hi) for n, (lo, hi) in enumerate(zip(starts, bounds, strict=True), start=1)
    ]


def _is_line(name: str, value: object) -> bool:
    return (
        (name == "line" or name.endswith("_line")) and isinstance(value, int) and not isinstance(value, bool)
    )


def _shifted(record: Any, offset: int) -> Any:
    """Return ``record`` with every line number (``line``, ``*_line``) moved down by ``offset``."""
    moved = {name: value + offset for name, value in vars(record).items() if _is_line(name, value)}
    return replace(record, **moved) if moved else record


def place(extraction: Extraction, part: Part) -> Extraction:
    """Return the extraction of ``part`` with line numbers of the whole file and the part's source.

    Every record field named ``line`` or ``*_line`` is a line of the part's document; the
    document becomes the whole file's under the part's name, so that pages and tables are looked
    up by the file's line numbers.
    """
    if part.document is part.whole:
        return extraction
    changes: dict[str, Any] = {"document": replace(part.whole, source=part.document.source)}
    for item in fields(extraction):
        value = getattr(extraction, item.name)
        if isinstance(value, list):
            changes[item.name] = [_shifted(record, part.offset) for record in value]
        elif item.name != "document" and is_dataclass(value):
            changes[item.name] = _shifted(value, part.offset)
    return replace(extraction, **changes)
