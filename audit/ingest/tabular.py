"""Grids from every reader made into ``Table`` records the same way: padded, headers found, notes kept.

Readers hand over rows of cell texts already spread over merged cells; what is odd about a grid
(a ragged row, a heading row with an empty data column) becomes a ``ReadNote`` naming its line,
so a table read only in part is never a silent pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from audit.ingest.document import ReadNote, Table

# A data cell: a number as offices print it (grouping, decimals, 万, a unit or % after it), or a dash.
_NUMERIC = re.compile(
    r"^[\s　]*[-+]?[\d０-９][\d０-９,，.．\s]*(?:万|亿)?[\s　]*(?:%|％|件|人次|个|项|份|次|人|户|家)?[\s　]*$"
)
_EMPTY_MARKS = frozenset({"", "-", "—", "－", "/", "——"})
#: More leading rows than this without a figure are not all column headings.
MAX_HEADER_ROWS = 3


def is_numeric(text: str) -> bool:
    """Return True for a cell that prints a figure."""
    return bool(_NUMERIC.match(text))


def is_data_table(rows: Sequence[Sequence[str]]) -> bool:
    """Return True for a grid that prints figures under labels, False for a layout grid.

    Editors position a masthead with a borderless table (第34期 | 总第454期); such a grid has no
    cell that is a figure alone, beyond its first column.
    """
    return len(rows) >= 2 and any(is_numeric(cell) for row in rows[1:] for cell in row[1:])


def header_rows(rows: Sequence[Sequence[str]]) -> int:
    """Return how many leading rows are column headings: those with no figure beyond the first column."""
    count = 0
    for row in rows[: MAX_HEADER_ROWS + 1]:
        if any(is_numeric(cell) for cell in row[1:]):
            break
        count += 1
    return min(count, MAX_HEADER_ROWS, max(len(rows) - 1, 0))


def note(line: int, code: str, zh: str, en: str) -> ReadNote:
    return ReadNote(line=line, code=code, message_zh=zh, message_en=en)


def make_table(
    rows: Sequence[Sequence[str]],
    lines: Sequence[int],
    *,
    page: int | None = None,
    headers: int | None = None,
    notes: list[ReadNote] | None = None,
) -> tuple[Table, list[ReadNote]]:
    """Return the ``Table`` of ``rows`` (one Document line per row) and the notes on what was odd.

    ``headers`` is the reader's own count of heading rows (Markdown's separator line); without it
    leading rows without figures are taken as headings.
    """
    found = list(notes or [])
    width = max((len(row) for row in rows), default=0)
    grid: list[tuple[str, ...]] = []
    for row, line in zip(rows, lines, strict=True):
        cells = tuple(cell.strip() for cell in row)
        if len(cells) < width:
            found.append(
                note(
                    line,
                    "table_ragged",
                    f"表格行只有 {len(cells)} 格，少于 {width} 列，缺的格按空白读取",
                    f"table row has {len(cells)} cells, fewer than its {width} columns; the missing cells were read as empty",
                )
            )
            cells = cells + ("",) * (width - len(cells))
        grid.append(cells)
    count = header_rows(grid) if headers is None else min(headers, len(grid))
    if count and width > 1 and len(grid) > count:
        empty = [
            column
            for column in range(1, width)
            if all(grid[r][column] in _EMPTY_MARKS for r in range(count))
            and any(is_numeric(grid[r][column]) for r in range(count, len(grid)))
        ]
        if empty:
            found.append(
                note(
                    lines[0],
                    "table_header",
                    f"表头第 {', '.join(str(c + 1) for c in empty)} 列为空，该列数字无法归属指标，未读取",
                    f"table header of column {', '.join(str(c + 1) for c in empty)} is empty; its figures name no measure and were not read",
                )
            )
    elif count == 0 and is_data_table(grid):
        found.append(
            note(
                lines[0],
                "table_header",
                "表格没有表头行，数字无法归属指标，未读取",
                "table has no heading row; its figures name no measure and were not read",
            )
        )
    return Table(cells=tuple(grid), header_rows=count, lines=tuple(lines), page=page), found
