"""Markdown pipe tables set in a Word document the ways offices set them: ruled, borderless, or no table.

A ruled table is Word's "Table Grid". Many bulletins exported from Word, WPS or LibreOffice print
their statistics with no lines at all: a table whose style has no borders (headings centred,
figures right-aligned or centred), or no table object whatever — one paragraph per row, the
cells placed by tab stops (right-aligned under each column, a heading centred over the columns
it spans) or by runs of full-width spaces typed by hand. On paper the reader sees columns; in
the exported PDF only the characters' positions say so. Headings spread over several columns
(Markdown's empty continuation cells) become merged cells, or one label centred over the span.
"""

from __future__ import annotations

import re
from typing import Any

#: The text width of python-docx's default page (US Letter, 1.25 in margins), in points.
TEXT_WIDTH = 432.0
#: Tables wider than this many columns are set in 小五 (9 pt) so that every heading fits its cell.
_WIDE = 6
_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _rows(lines: list[str]) -> tuple[list[list[str]], int]:
    """Return the rows of a pipe table, padded to one width, and how many are heading rows."""
    rows = [_cells(line) for line in lines if not _RULE.match(line)]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    headers = 1
    while headers < len(rows) and not any(re.search(r"\d", cell) for cell in rows[headers][1:]):
        headers += 1
    return rows, headers


def _spans(row: list[str], merge: bool) -> list[tuple[int, int, str]]:
    """Return (first column, last column, text) per cell; with ``merge`` (a heading row over
    another) a cell runs over the empty cells after it."""
    spans: list[tuple[int, int, str]] = []
    for column, text in enumerate(row):
        if merge and column > 1 and not text and spans and spans[-1][0] >= 1:
            first, _, label = spans[-1]
            spans[-1] = (first, column, label)
        else:
            spans.append((column, column, text))
    return spans


def add_table(doc: Any, lines: list[str], borders: str = "ruled", index: int = 0) -> None:
    """Add a Markdown pipe table to ``doc`` drawn as ``borders`` (ruled, none, tabs or spaces).

    ``index`` counts the tables of the document: borderless tables alternate centred and
    right-aligned figures, as different editors set them.
    """
    rows, headers = _rows(lines)
    if borders == "tabs":
        _tab_rows(doc, rows, headers)
    elif borders == "spaces":
        _space_rows(doc, rows, headers)
    elif borders in ("ruled", "none"):
        _word_table(doc, rows, headers, ruled=borders == "ruled", right=index % 2 == 1)
    else:
        raise ValueError(f"unknown table borders {borders!r}; use ruled, none, tabs or spaces")


def _size(rows: list[list[str]]) -> float | None:
    return 9.0 if len(rows[0]) > _WIDE else None


def _word_table(doc: Any, rows: list[list[str]], headers: int, *, ruled: bool, right: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    width = len(rows[0])
    table = doc.add_table(rows=len(rows), cols=width)
    size = _size(rows)
    if ruled:
        table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if size:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(size)
            if ruled or c == 0:
                continue
            # Borderless tables are set as offices set them: headings centred, figures centred or right.
            heading = r < headers
            alignment = WD_ALIGN_PARAGRAPH.RIGHT if right and not heading else WD_ALIGN_PARAGRAPH.CENTER
            cell.paragraphs[0].alignment = alignment
    for r in range(headers - 1):
        for first, last, text in _spans(rows[r], merge=True):
            if last > first:
                merged = table.cell(r, first).merge(table.cell(r, last))
                merged.text = text
                if not ruled:
                    merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                if size:
                    for run in merged.paragraphs[0].runs:
                        run.font.size = Pt(size)
    # A first-column heading over an empty cell below it spans the heading rows.
    if headers > 1 and rows[0][0] and not any(rows[r][0] for r in range(1, headers)):
        merged = table.cell(0, 0).merge(table.cell(headers - 1, 0))
        merged.text = rows[0][0]
        if size:
            for run in merged.paragraphs[0].runs:
                run.font.size = Pt(size)


def _columns(rows: list[list[str]], size: float, width: float = TEXT_WIDTH) -> list[tuple[float, float]]:
    """Return (left, right) in points of each column: the label column as wide as its longest label."""
    label = max(_em(row[0]) for row in rows) * size + 2 * size
    step = (width - label) / max(len(rows[0]) - 1, 1)
    return [(0.0, label)] + [(label + step * c, label + step * (c + 1)) for c in range(len(rows[0]) - 1)]


def _em(text: str) -> float:
    """Return the width of ``text`` in ems as a typist counts it: CJK characters one, digits a little over a half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in text)


def _tab_rows(doc: Any, rows: list[list[str]], headers: int) -> None:
    """Add one paragraph per row, cells placed by tab stops: figures right-aligned, headings centred."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    size = _size(rows) or 10.5
    columns = _columns(rows, size)
    pad = size / 2
    for r, row in enumerate(rows):
        paragraph = doc.add_paragraph()
        stops = paragraph.paragraph_format.tab_stops
        texts: list[str] = []
        for first, last, text in _spans(row, merge=r < headers - 1):
            if first == 0:
                texts.append(text)
                continue
            if r < headers:
                centre = (columns[first][0] + columns[last][1]) / 2
                stops.add_tab_stop(Pt(centre), WD_TAB_ALIGNMENT.CENTER)
            else:
                stops.add_tab_stop(Pt(columns[last][1] - pad), WD_TAB_ALIGNMENT.RIGHT)
            texts.append("\t" + text)
        run = paragraph.add_run("".join(texts))
        run.font.size = Pt(size)


def _space_rows(doc: Any, rows: list[list[str]], headers: int) -> None:
    """Add one paragraph per row, every cell padded with full-width spaces to its column, as typed by hand."""
    from docx.shared import Pt

    size = _size(rows) or 10.5
    # Typed columns drift: leave room so that a row still fits on its line.
    starts = [left / size for left, _ in _columns(rows, size, 0.85 * TEXT_WIDTH)]
    for r, row in enumerate(rows):
        text, used = "", 0.0
        for first, _, cell in _spans(row, merge=r < headers - 1):
            if not cell:
                continue
            gap = round(starts[first] - used) if first else 0
            # A typist pads to the column with whole full-width spaces, so columns line up only roughly.
            text += "\u3000" * max(gap, 1 if used else 0) + cell
            used += max(gap, 1 if used else 0) + _em(cell)
        paragraph = doc.add_paragraph()
        paragraph.add_run(text).font.size = Pt(size)
