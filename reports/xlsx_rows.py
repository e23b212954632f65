"""Rows of text and numbers written to a constant-memory sheet in one piece, as xlsxwriter writes them.

xlsxwriter spends several microseconds on each cell: the argument checks of ``write_number``, a
cell tuple, then the cell's XML built attribute by attribute. The Facts sheet of a 2,000-issue
archive holds half a million cells, so that alone took seconds. ``RowSheet.write_cells`` writes
a whole row of plain text and numbers as one string instead.

Its texts go to the workbook's shared-string table, as xlsxwriter keeps them outside
constant-memory mode (there it writes each text into its cell): a sentence fills many rows of
the Facts sheet, and stored once it leaves a sheet a third of the size to write and zip. Tests
compare the sheet and the table with xlsxwriter's cell-by-cell output byte for byte, texts read
from where each keeps them. A row holding anything else (a flag, a date without a format) is
left to xlsxwriter.

It leans on how xlsxwriter 3 writes a constant-memory sheet (``previous_row``, ``row_info``,
``_write_single_row``) and keeps its string table (``str_table``); the byte-for-byte tests fail
if a later version does otherwise.
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
        self._shared: dict[str, str] = {}  # a text as its index in the shared-string table
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
        letters, shared, styles = self._letters, self._shared, self._styles
        if cells[-1][0] >= len(letters):
            letters.extend(xl_col_to_name(c) for c in range(len(letters), cells[-1][0] + 1))
        table = self.str_table
        new: dict[str, str] = {}  # texts first met in this row: shared only if the row is written
        uses = 0
        number = str(row + 1)
        parts = []
        for column, value, fmt in cells:
            if fmt is None:
                if column in self._formatted:
                    return False  # the column's format would apply: xlsxwriter knows how
                style = ""
            else:
                style = styles.get(fmt, "")
                if not style:
                    style = styles[fmt] = f' s="{fmt._get_xf_index()}"'
            kind = value.__class__
            if kind is str and value:
                index = shared.get(value) or new.get(value)
                if index is None and value in table.string_table:  # shared by another sheet
                    index = shared[value] = str(table.string_table[value])
                if index is None:
                    if len(value) > self.xls_strmax // 2:
                        return False  # may need cutting to Excel's limit: xlsxwriter does it
                    if value.startswith("<r>") and value.endswith("</r>"):
                        # The shared-string table would take it for rich-text markup and copy it in.
                        parts.append(
                            f'<c r="{letters[column]}{number}"{style} t="inlineStr">{self._inline(value)}</c>'
                        )
                        continue
                    index = new[value] = str(table.unique_count + len(new))
                uses += 1
                parts.append(f'<c r="{letters[column]}{number}"{style} t="s"><v>{index}</v></c>')
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
        for value, index in new.items():
            table.string_table[value] = int(index)
        table.unique_count += len(new)
        table.count += uses  # every use, as xlsxwriter counts them
        shared.update(new)
        if row > self.previous_row:
            self._write_single_row(row)  # what is pending of earlier rows
        self._write_row(row, None, info)
        parts.append("</row>")
        self.fh.write("".join(parts))
        # The row is written: xlsxwriter must not write it again (as an empty row with a height).
        self.previous_row = row + 1
        return True

    def _inline(self, text: str) -> str:
        """Return the <is> element of ``text``, escaped as xlsxwriter escapes text, markup included."""
        escaped = self._escape_control_characters(text)
        preserve = ' xml:space="preserve"' if _preserve_whitespace(escaped) else ""
        return f"<is><t{preserve}>{self._escape_data(escaped)}</t></is>"
