"""One PDF page as a reader sees it: text lines by position, ruled tables as grids, furniture apart.

Exports from LibreOffice, WPS and Word write characters in content-stream order, which can
differ from what the page shows (a period line came out as ``（9 月 4 —日 9 月 8 日）``), so
lines are rebuilt from character positions with pdfplumber: characters clustered into lines
by their vertical position, each line read left to right (``benchmarks/bench_pdf_text.py``
compares this with pdfminer's layout analysis and pypdfium2). Ruled tables are found by
pdfplumber's table finder; a cell spanning several grid columns or rows is spread over them.
Each text line also keeps its pieces set apart by a wide gap (``cells``): the cells of a table
printed without lines, which ``pdf_grid`` recovers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

#: Characters closer than this (points) vertically are on one line; farther apart horizontally, a space.
Y_TOLERANCE = 3.0
X_TOLERANCE = 1.5
#: Top and bottom share of a page where running headers and page numbers sit.
MARGIN_SHARE = 0.09
#: Characters this much smaller than the page's body text are superscripts (footnote marks).
SUPERSCRIPT_SHARE = 0.7
#: Lines this much smaller than the body text at the foot of a page are footnotes.
FOOTNOTE_SHARE = 0.92
#: The footnote separator: a short rule from the left margin, at most this share of the page wide,
#: in the lower half of the page (exporters draw it whatever size they give the notes).
SEPARATOR_SHARE = 0.45
#: A gap this many character widths wide parts the cells of a line: a table's columns (or tab
#: stops, or full-width spaces) leave at least a character's width, a word space a third of one.
CELL_GAP_SHARE = 0.8
_DIGITS = re.compile(r"\d+")
# A page number as exports print it: — 3 —, -3-, 3, 3/5, 第 3 页 共 5 页, Page 3 of 5.
_PAGE_NUMBER = re.compile(
    r"^[—\-－–]*\s*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?|page\s*\d+(?:\s*of\s*\d+)?)\s*[—\-－–]*$",
    re.IGNORECASE,
)
_EDGE = 1.0


@dataclass(frozen=True)
class Cell:
    """A piece of a text line set apart from its neighbours by a wide gap, with its horizontal extent."""

    x0: float
    x1: float
    text: str

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class PageItem:
    """A text line, or a table's rows, at its vertical position on the page.

    ``cells`` are the pieces of a text line parted by gaps of at least ``CELL_GAP_SHARE`` of a
    character: one for a line of prose, several for a row of a table printed without lines.
    ``below_rule`` marks a line under the page's footnote separator.
    """

    top: float
    bottom: float
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    printed: tuple[tuple[str, ...], ...] = ()
    size: float = 0.0
    cells: tuple[Cell, ...] = ()
    below_rule: bool = False

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def page_items(page: Any) -> list[PageItem]:
    """Return the lines and tables of a pdfplumber page, top to bottom."""
    sizes = sorted(char["size"] for char in page.chars)
    body = sizes[len(sizes) // 2] if sizes else 0.0
    # Superscript marks (a footnote reference after 如下：) would glue a digit to the text.
    page = page.filter(
        lambda obj: obj.get("object_type") != "char" or obj["size"] >= SUPERSCRIPT_SHARE * body
    )
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 2]
    boxes = [t.bbox for t in tables]
    items = [_table_item(page, table) for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    text_lines = outside.extract_text_lines(
        return_chars=True, x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE
    )
    margin = min((float(line["x0"]) for line in text_lines), default=0.0)
    rule = _separator(page, margin)
    for line in text_lines:
        if line["text"].strip():
            size = max(char["size"] for char in line["chars"]) if line["chars"] else 0.0
            items.append(
                PageItem(
                    top=float(line["top"]),
                    bottom=float(line["bottom"]),
                    text=line["text"],
                    size=size,
                    cells=line_cells(line["chars"]),
                    below_rule=float(line["top"]) > rule,
                )
            )
    return sorted(items, key=lambda item: item.top)


def _separator(page: Any, margin: float) -> float:
    """Return the top of the page's footnote separator, or infinity when it has none.

    Word and LibreOffice draw a short rule from the left margin above the footnotes, whatever
    type size the notes are given (a document without a footnote style sets them in body size).
    A rule that a vertical line meets is part of a ruled table, not a separator.
    """
    if not (page.rects or page.lines):
        return float("inf")
    verticals = [edge for edge in page.vertical_edges if edge["bottom"] - edge["top"] > 2]
    found = float("inf")
    for edge in page.horizontal_edges:
        top, x0, x1 = float(edge["top"]), float(edge["x0"]), float(edge["x1"])
        if (
            float(page.height) / 2 < top < found
            and abs(x0 - margin) <= 2 * X_TOLERANCE
            and x1 - x0 <= SEPARATOR_SHARE * float(page.width)
            and not any(
                v["top"] - 1 <= top <= v["bottom"] + 1 and x0 - 1 <= v["x0"] <= x1 + 1 for v in verticals
            )
        ):
            found = top
    return found


def line_cells(chars: list[dict[str, Any]]) -> tuple[Cell, ...]:
    """Return the pieces of a line's characters parted by gaps of at least ``CELL_GAP_SHARE`` of a character."""
    cells: list[Cell] = []
    text: list[str] = []
    x0 = x1 = 0.0
    for char in sorted(chars, key=lambda char: char["x0"]):
        if not char["text"].strip():
            continue  # a space, full-width or not, is part of the gap
        if text and char["x0"] - x1 >= CELL_GAP_SHARE * char["size"]:
            cells.append(Cell(x0, x1, "".join(text)))
            text = []
        if not text:
            x0 = float(char["x0"])
        text.append(char["text"])
        x1 = float(char["x1"])
    if text:
        cells.append(Cell(x0, x1, "".join(text)))
    return tuple(cells)


def footnotes(items: list[PageItem], skip: set[int]) -> set[int]:
    """Return the indexes of the footnote lines of a page: under the separator, or smaller type below the last body line."""
    text = [i for i, item in enumerate(items) if not item.is_table and i not in skip]
    sizes = sorted(items[i].size for i in text)
    if not sizes:
        return set()
    body = sizes[len(sizes) // 2]
    found: set[int] = {index for index in text if items[index].below_rule}
    for index in reversed(text):
        if items[index].size >= FOOTNOTE_SHARE * body:
            break
        found.add(index)
    return found


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    position = bisect_left(edges, value - _EDGE)
    return min(position, len(edges) - 1)


def _cell_text(page: Any, bbox: tuple[float, float, float, float]) -> str:
    # A character belongs to the cell holding its centre, as pdfplumber's own table extraction does.
    cropped = page.filter(lambda obj: obj.get("object_type") == "char" and _inside(obj, [bbox]))
    lines = cropped.extract_text_lines(return_chars=False, x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)
    # A cell wraps Chinese text without spaces: its lines join without one.
    return "".join(line["text"].strip() for line in lines)


def _table_item(page: Any, table: Any) -> PageItem:
    """Return the table as a grid with merged cells spread, and its cells as printed per row."""
    xs = _edges([value for cell in table.cells for value in (cell[0], cell[2])])
    ys = _edges([value for cell in table.cells for value in (cell[1], cell[3])])
    width, height = max(len(xs) - 1, 1), max(len(ys) - 1, 1)
    grid = [[""] * width for _ in range(height)]
    printed: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for cell in table.cells:
        x0, x1 = _index(xs, cell[0]), _index(xs, cell[2])
        y0, y1 = _index(ys, cell[1]), _index(ys, cell[3])
        text = _cell_text(page, cell)
        printed[y0].append((x0, text))
        for row in range(y0, max(y1, y0 + 1)):
            for column in range(x0, max(x1, x0 + 1)):
                grid[row][column] = text
    x0, top, x1, bottom = table.bbox
    return PageItem(
        top=float(top),
        bottom=float(bottom),
        rows=tuple(tuple(row) for row in grid),
        printed=tuple(tuple(text for _, text in sorted(row)) for row in printed),
    )


def furniture(pages: list[tuple[float, list[PageItem]]]) -> set[tuple[int, int]]:
    """Return (page index, item index) of running headers and footers: text repeated in the margins.

    A page number in the margins, or a line in the top or bottom margin whose text, digits
    aside, recurs in the margins of another page is page furniture (窗口工作周报 2023年第34期 over every page, 第 2 页 共 3 页),
    and must not split the sentence running from one page to the next.
    """
    seen: dict[str, set[int]] = {}
    where: list[tuple[int, int, str]] = []
    for page_index, (height, items) in enumerate(pages):
        for item_index, item in enumerate(items):
            if item.is_table:
                continue
            if item.bottom < height * MARGIN_SHARE or item.top > height * (1 - MARGIN_SHARE):
                key = _DIGITS.sub("#", "".join(item.text.split()))
                seen.setdefault(key, set()).add(page_index)
                where.append((page_index, item_index, key))
    return {
        (p, i)
        for p, i, key in where
        if len(seen[key]) >= 2 or _PAGE_NUMBER.match(pages[p][1][i].text.strip())
    }
