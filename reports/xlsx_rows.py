"""Rows of text and numbers written to a constant-memory sheet in one piece, as xlsxwriter writes them.

xlsxwriter spends several microseconds on each cell: the argument checks of ``write_number``, a
cell tuple, then the cell's XML built attribute by attribute. The Facts sheet of a 2,000-issue
archive holds half a million cells, so that alone took seconds. ``RowSheet.write_cells`` writes
a whole row of plain text and numbers as one string instead, each distinct text escaped once
(a sentence fills many rows), with xlsxwriter's own escaping: tests compare the sheet's XML with
xlsxwriter's cell-by-cell output byte for byte. A row holding anything else (a flag, a date
without a format) is left to xlsxwriter.

It leans on how xlsxwriter 3 writes a constant-memory sheet (``previous_row``, ``row_info``,
``_write_single_row``); the byte-for-byte tests fail if a later version writes otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

#: One cell: its column (0-based), its value and its format (or None).
Cell = tuple[int, Any, Format | None]


class RowSheet(Worksheet):
    """A worksheet that also takes whole rows of text and numbers at once (constant-memory mode only).

    Column formats must be set before the first row is written, as constant-memory mode wants anyway.
    """

    def __init__(self) -> None:
        super().__init__()
        self._texts: dict[str, str] = {}  # a text as the inside of its <is> element
        self._styles: dict[Format, str] = {}  # a format as the cell's s attribute
        self._letters: list[str] = []
        self._formatted: set[int] | None = None  # columns with a format of their own

    def write_cells(self, row: int, cells: Sequence[Cell]) -> bool:
        """Write row ``row`` (0-based) from ``cells`` in column order; return False, writing nothing, if it cannot.

        Only text, finite int or float values, formatted dates and blanks are written this way (a blank
        without a format is no cell at all, as for xlsxwriter); rows must come in order.
        """
        if not self.constant_memory or not cells or row < self.previous_row or self.table.get(row):
            return False
        if self._formatted is None:
            self._formatted = {c for c, info in self.col_info.items() if info.column_format is not None}
        letters, texts, styles = self._letters, self._texts, self._styles
        if cells[-1][0] >= len(letters):
            letters.extend(xl_col_to_name(c) for c in range(len(letters), cells[-1][0] + 1))
        number = str(row + 1)
        parts = []
        for column, value, fmt in cells:
            if fmt is None:
                if column in self._formatted:
                    return False  # the column's format would apply: xlsxwriter knows how
                style = ""
            else:
                style = styles.get(fmt)
                if style is None:
                    style = styles[fmt] = f' s="{fmt._get_xf_index()}"'
            kind = value.__class__
            if kind is str and value:
                inner = texts.get(value)
                if inner is None:
                    if len(value) > self.xls_strmax // 2:
                        return False  # may need cutting to Excel's limit: xlsxwriter does it
                    inner = texts[value] = self._inline(value)
                parts.append(f'<c r="{letters[column]}{number}"{style} t="inlineStr"><is>{inner}</is></c>')
            elif kind is int or (kind is float and math.isfinite(value)):
                parts.append(f'<c r="{letters[column]}{number}"{style}><v>{value:.16G}</v></c>')
            elif value is None or (kind is str and not value):
                if fmt is not None:  # a blank with a fill or a border
                    parts.append(f'<c r="{letters[column]}{number}"{style}/>')
            elif (kind is date or kind is datetime) and fmt is not None:
                serial = self._convert_date_time(value)
                parts.append(f'<c r="{letters[column]}{number}"{style}><v>{serial:.16G}</v></c>')
            else:
                return False
        info = self.row_info.get(row)
        if info is not None and info.row_format is not None:
            return False
        if self._check_dimensions(row, cells[0][0]) or self._check_dimensions(row, cells[-1][0]):
            return False
        if row > self.previous_row:
            self._write_single_row(row)  # what is pending of earlier rows
        self._write_row(row, None, info)
        parts.append("</row>")
        self.fh.write("".join(parts))
        # The row is written: xlsxwriter must not write it again (as an empty row with a height).
        self.previous_row = row + 1
        return True

    def _inline(self, text: str) -> str:
        """Return the inside of the <is> element of ``text``, escaped as xlsxwriter escapes it."""
        text = self._escape_control_characters(text)
        preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
        return f"<t{preserve}>{self._escape_data(text)}</t>"
