"""Tables printed without lines: rows of a PDF whose figures stand in aligned columns.

Word, WPS and LibreOffice export a table whose style has no borders — or rows typed with tab
stops or full-width spaces, no table at all — as bare characters: only their positions show the
grid. A run of consecutive lines each holding at least two figures set apart by wide gaps
(``PageItem.cells``) is a candidate. It is read as a table only when it looks like a statistics
table, so that prose is never cut into cells:

- the columns are the union of the data rows' cells, and no row has two cells in one column;
- at least two columns hold figures, each filled in most rows, and a vertical line passes
  through every figure of a column (right-aligned, centred, left-aligned, or roughly aligned
  with spaces);
- one to three heading rows above: short labels in the table's type size, no sentence
  punctuation, none straddling the label column and the figures, at most one per column;
- three rows at least, headings and figures together.

A heading in an upper row centred over several headings of the row below (受理（件） over
本周 / 今年以来), or left-aligned with the first of them, covers those columns, as the merged
cell it prints does. Rows may run over a page break. A run of lines that prints figures like a
table but fails these tests is left as text, as before, and named in a ``Refusal`` that the
reader turns into a note: what was not read as a table is said, never guessed.

pdfplumber's own text strategy (``find_tables`` with ``vertical_strategy="text"``) was measured on
the same exports and not used: on a whole page it cuts sentences into cells; cropped to the table
it splits centred headings across cells (综窗办 | 件), loses heading rows, finds no column where
fewer than ``min_words_vertical`` words share an edge within a point (tables typed with spaces),
and cannot follow a table over a page break.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from audit.ingest.pdf_layout import Cell, PageItem
from audit.ingest.tabular import MAX_HEADER_ROWS, is_numeric

#: A figure with a remark after it in its cell: 6578（含上年结转）.
_REMARKED = re.compile(r"^[-+]?\d[\d,，.]*\s*(?:万|亿)?\s*(?:%|％)?\s*[（(]")
_SENTENCE = re.compile(r"[。，；：:！？!?]")
# A caption over the table (表1 …情况) is no column heading.
_CAPTION = re.compile(r"^表\s*[\d一二三四五六七八九十]|(?:情况|统计表|一览表|汇总表)$")
#: A heading centred within this share of a character of the middle of the columns it spans; a
#: heading left-aligned with its first column within one character (a typist aligns with spaces).
_ALIGN_SHARE = 0.75
#: A column heading is a short label; a line with a longer piece is prose.
_HEADING_CHARS = 20
#: Heading rows differ from the figures' type size by no more than this share.
_SIZE_SHARE = 0.15


@dataclass(frozen=True)
class Grid:
    """A borderless table: ``count`` consecutive items from ``first`` are its rows.

    ``rows`` is the grid with a heading spread over the columns it spans; ``printed`` the cells
    of each row as printed, left to right.
    """

    first: int
    count: int
    rows: tuple[tuple[str, ...], ...]
    printed: tuple[tuple[str, ...], ...]
    header_rows: int


@dataclass(frozen=True)
class Refusal:
    """``count`` items from ``first`` print figures like a table that could not be read as one."""

    first: int
    count: int
    message_zh: str
    message_en: str


def is_figure(text: str) -> bool:
    """Return True for a cell holding a figure, alone or with a remark after it."""
    return is_numeric(text) or bool(_REMARKED.match(text))


def _data_row(item: PageItem) -> bool:
    cells = item.cells
    return len(cells) >= 3 and sum(is_figure(cell.text) for cell in cells[1:]) >= 2


def find_grids(items: Sequence[PageItem]) -> tuple[list[Grid], list[Refusal]]:
    """Return the borderless tables among ``items`` (a document's lines in reading order) and the refusals."""
    grids: list[Grid] = []
    refusals: list[Refusal] = []
    floor = index = 0
    while index < len(items):
        if not _data_row(items[index]):
            index += 1
            continue
        end = index + 1
        while end < len(items) and _data_row(items[end]) and _similar(items[end].size, items[index].size):
            end += 1
        found = _read(items, index, end, floor)
        if isinstance(found, Grid):
            grids.append(found)
            end = found.first + found.count
        elif found is not None:
            refusals.append(found)
        # The heading rows of a later table never reach back into a table or a refused run.
        floor = index = end
    return grids, refusals


def _similar(size: float, other: float) -> bool:
    return abs(size - other) <= _SIZE_SHARE * max(size, other)


def _bands(rows: Sequence[PageItem]) -> list[tuple[float, float]]:
    """Return the columns: the union of overlapping cells of the rows, left to right."""
    bands: list[tuple[float, float]] = []
    for cell in sorted((cell for row in rows for cell in row.cells), key=lambda cell: cell.x0):
        if bands and cell.x0 <= bands[-1][1]:
            bands[-1] = (bands[-1][0], max(bands[-1][1], cell.x1))
        else:
            bands.append((cell.x0, cell.x1))
    return bands


def _placed(row: PageItem, bands: list[tuple[float, float]]) -> dict[int, Cell] | None:
    """Return the cell of each column of a data row, None when two cells share a column or one lies outside."""
    placed: dict[int, Cell] = {}
    for cell in row.cells:
        column = next((c for c, (x0, x1) in enumerate(bands) if cell.x0 <= x1 and cell.x1 >= x0), None)
        if column is None or column in placed:
            return None
        placed[column] = cell
    return placed


def _refusal(first: int, count: int, zh: str, en: str) -> Refusal:
    return Refusal(
        first,
        count,
        f"这 {count} 行的数字排成无框表格的样子，但{zh}，未按表格读取，仍按正文读取；请核对其中的数字",
        f"these {count} lines print figures like a table without lines, but {en}; "
        "they were read as text, not as a table: check their figures",
    )


def _read(items: Sequence[PageItem], start: int, end: int, floor: int) -> Grid | Refusal | None:
    data = list(items[start:end])
    size = sorted(item.size for item in data)[len(data) // 2]
    bands = _bands(data)
    placed = [_placed(row, bands) for row in data]
    figures = [c for c in range(1, len(bands)) if any(p and c in p and is_figure(p[c].text) for p in placed)]
    if len(figures) < 2 or any(p is None for p in placed) or not all(_column(placed, c) for c in figures):
        if len(data) < 2:
            return None
        return _refusal(start, len(data), "各列没有对齐", "their columns do not line up")
    # A row with an empty cell (a figure left out) still belongs to the table it sits in.
    while end < len(items) and len(items[end].cells) >= 2 and _similar(items[end].size, size):
        more = _placed(items[end], bands)
        if more is None or not any(is_figure(cell.text) for c, cell in more.items() if c):
            break
        data.append(items[end])
        placed.append(more)
        end += 1
    headings = _headings(items, start, floor, bands, size)
    if headings is None or len(headings[0]) + len(data) < 3:
        if len(data) < 2:
            return None
        return _refusal(
            start, len(data), "上方没有表头行，数字无法归属指标", "no heading row above names their measures"
        )
    heads, head_printed = headings
    rows = heads + [tuple(p[c].text if p and c in p else "" for c in range(len(bands))) for p in placed]
    printed = head_printed + [tuple(cell.text for cell in row.cells) for row in data]
    first = start - len(heads)
    return Grid(first, end - first, tuple(rows), tuple(printed), len(heads))


def _column(placed: list[dict[int, Cell] | None], column: int) -> bool:
    """Return True when ``column`` is a column of figures: filled in most rows, its figures aligned.

    Aligned: a vertical line passes through every figure of the column, whether they are set
    right-aligned, centred, left-aligned or roughly aligned with spaces.
    """
    cells = [p[column] for p in placed if p and column in p and is_figure(p[column].text)]
    return 2 * len(cells) > len(placed) and max(cell.x0 for cell in cells) < min(cell.x1 for cell in cells)


def _headings(
    items: Sequence[PageItem], start: int, floor: int, bands: list[tuple[float, float]], size: float
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]] | None:
    """Return the heading rows above ``start`` (top to bottom, spread) and their cells as printed."""
    positions = list(bands)
    rows: list[tuple[str, ...]] = []
    printed: list[tuple[str, ...]] = []
    index = start - 1
    while index >= floor and len(rows) < MAX_HEADER_ROWS:
        item = items[index]
        if not _heading_row(item, bands, size):
            break
        row = _spread(item.cells, positions, last=not rows, size=size)
        if row is None:
            break
        rows.insert(0, row)
        printed.insert(0, tuple(cell.text for cell in item.cells))
        index -= 1
    return (rows, printed) if rows else None


def _heading_row(item: PageItem, bands: list[tuple[float, float]], size: float) -> bool:
    cells = item.cells
    if (
        item.is_table
        or not cells
        or len(cells) > len(bands)
        or not _similar(item.size, size)
        or _data_row(item)
    ):
        return False
    if any(_SENTENCE.search(cell.text) or _CAPTION.search(cell.text) for cell in cells):
        return False
    labels, figures = bands[0][1], bands[1][0]
    # Prose runs from the label column into the figures; a heading stands in one or over the other.
    return (
        all(
            len(cell.text) <= _HEADING_CHARS
            and cell.x0 >= bands[0][0] - size
            and not (cell.x0 < labels and cell.x1 > figures)
            for cell in cells
        )
        and any(cell.x0 > labels for cell in cells)
        and not all(is_figure(cell.text) for cell in cells)
    )


def _anchor(cell: Cell, positions: list[tuple[float, float]]) -> int:
    """Return the column a heading cell stands over: the one it overlaps most, else the nearest."""
    overlaps = [min(cell.x1, x1) - max(cell.x0, x0) for x0, x1 in positions]
    best = max(range(len(positions)), key=lambda c: overlaps[c])
    if overlaps[best] > 0:
        return best
    return min(range(len(positions)), key=lambda c: abs(cell.centre - sum(positions[c]) / 2))


def _spread(
    cells: tuple[Cell, ...], positions: list[tuple[float, float]], *, last: bool, size: float
) -> tuple[str, ...] | None:
    """Return a heading row over the columns at ``positions``, a heading spread over the columns it spans.

    ``positions`` (the extent of each column in the row below) is updated for the row above.
    None when two headings stand over one column.
    """
    anchors = [_anchor(cell, positions) for cell in cells]
    if any(b <= a for a, b in pairwise(anchors)):
        return None
    width = len(positions)
    row = [""] * width
    below = list(positions)
    taken = 0
    for i, (cell, anchor) in enumerate(zip(cells, anchors, strict=True)):
        first = last_column = anchor
        if not last and anchor > 0:
            following = anchors[i + 1] if i + 1 < len(anchors) else width
            free = (max(taken, anchors[i - 1] if i else 0), following)
            first, last_column = _span(cell, anchor, free, below, size)
        for column in range(first, last_column + 1):
            row[column] = cell.text
        taken = last_column
        if first == last_column:
            positions[anchor] = (cell.x0, cell.x1)
    return tuple(row)


def _span(
    cell: Cell, anchor: int, free: tuple[int, int], below: list[tuple[float, float]], size: float
) -> tuple[int, int]:
    """Return the columns an upper heading covers among the ``free`` ones (between, exclusive).

    Left-aligned with its column, it runs to the next heading, as Markdown's empty continuation
    cells do; centred, it covers the widest run of columns whose middle it stands over.
    """
    previous, following = free
    if abs(cell.x0 - below[anchor][0]) <= size:
        return anchor, following - 1
    centred = [
        (first, last)
        for first in range(previous + 1, anchor + 1)
        for last in range(anchor, following)
        if abs(cell.centre - (sum(below[first]) + sum(below[last])) / 4) <= _ALIGN_SHARE * size
    ]
    return max(centred, key=lambda span: span[1] - span[0], default=(anchor, anchor))
