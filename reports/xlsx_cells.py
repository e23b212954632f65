"""Cells for write-only sheets: untrusted text kept inert, fills, widths that fit Chinese, print setup.

A write-only sheet streams its rows, so each sheet is collected as a list of rows first: the column
widths must be known before the first row is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

# Excel's own limit; a longer string makes Excel "repair" the file.
MAX_TEXT = 32767
# Spreadsheet programs read these leading characters as the start of a formula when a cell is edited.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold at all (openpyxl's list misses the last two), and lone surrogates,
# which no UTF-8 file can (a result saved as JSON may carry them as \ud800 escapes).
_XML_ILLEGAL = re.compile(ILLEGAL_CHARACTERS_RE.pattern + "|[\ud800-\udfff\ufffe\uffff]")
# East Asian wide and full-width characters take two character widths in a column.
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)

FILLS = {
    "error": PatternFill("solid", start_color="FFC7CE"),
    "warning": PatternFill("solid", start_color="FFEB9C"),
    "info": PatternFill("solid", start_color="DDEBF7"),
    "pass": PatternFill("solid", start_color="C6EFCE"),
    "header": PatternFill("solid", start_color="D9D9D9"),
    "mark": PatternFill("solid", start_color="FCE4D6"),
    "review": PatternFill("solid", start_color="FFF2CC"),
}
FONTS = {
    "error": Font(color="9C0006", bold=True),
    "warning": Font(color="9C5700", bold=True),
    "info": Font(color="1F4E78"),
    "pass": Font(color="006100"),
    "header": Font(bold=True),
    "heading": Font(bold=True, size=14),
}
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
ALIGNS = {
    "left": Alignment(horizontal="left", vertical="top"),
    "center": Alignment(horizontal="center", vertical="top"),
}
THIN = Border(bottom=Side(style="thin", color="808080"))
DATE_FORMAT = "yyyy-mm-dd"
WIDTH_SAMPLE = 500
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def clean_text(text: str) -> str:
    """Return ``text`` with the control characters a workbook cannot hold shown as control pictures."""
    text = _XML_ILLEGAL.sub(lambda m: chr(0x2400 + ord(m[0])) if ord(m[0]) < 32 else "\ufffd", text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def display_width(value: Any) -> int:
    """Return how many character widths ``value`` takes, CJK counting double."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    text = value if isinstance(value, str) else str(value)
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return len(longest) + len(_WIDE.findall(longest))


class Sheet:
    """A write-only sheet collected row by row, then written with widths, heights, filter and print setup.

    ``wrapped`` columns (1-based) get their full width and rows tall enough for their text;
    ``hidden`` columns are grouped and hidden, so they are neither seen at first nor printed.
    """

    def __init__(self, workbook: Workbook, title: str) -> None:
        self.ws: WriteOnlyWorksheet = workbook.create_sheet(title)
        self.rows: list[list[Any]] = []
        self.caps: dict[int, int] = {}
        self.wrapped: set[int] = set()
        self.hidden: set[int] = set()
        self.styles: dict[tuple[Any, ...], StyleArray] = {}
        self.heading: list[Any] = []  # the cells of the last header row, for the hidden column ids

    def cell(
        self,
        value: Any,
        *,
        fill: str | None = None,
        font: str | None = None,
        wrap: bool = False,
        comment: str | None = None,
        align: str | None = None,
        number_format: str | None = None,
    ) -> Any:
        """Return ``value`` ready for a row: text made inert, styled or commented when asked."""
        risky = isinstance(value, str) and value.startswith(FORMULA_START)
        if isinstance(value, str):
            value = clean_text(value)
        if number_format is not None:
            pass
        elif isinstance(value, datetime) and value.time() != datetime.min.time():
            number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            number_format = DATE_FORMAT
        if not (risky or fill or font or wrap or comment or number_format or align):
            return value
        cell = WriteOnlyCell(self.ws, value)
        if risky:
            # Stored as text, never a formula; the quote prefix keeps it text when someone edits the cell.
            cell.data_type = "s"
        cell._style = copy(self._style(fill, font, wrap, number_format, risky, align))
        if comment:
            cell.comment = Comment(clean_text(comment), "audit", width=240, height=100)
        return cell

    def _style(
        self,
        fill: str | None,
        font: str | None,
        wrap: bool,
        number_format: str | None,
        quote: bool,
        align: str | None = None,
    ) -> StyleArray:
        """Return the style of a combination, made once: assigning styles cell by cell costs seconds."""
        key = (fill, font, wrap, number_format, quote, align)
        if key not in self.styles:
            cell = WriteOnlyCell(self.ws)
            if fill:
                cell.fill = FILLS[fill]
            if font:
                cell.font = FONTS[font]
            if wrap:
                cell.alignment = WRAP
            elif align:
                cell.alignment = ALIGNS[align]
            if number_format:
                cell.number_format = number_format
            if quote:
                cell.quotePrefix = True
            self.styles[key] = cell._style
        return self.styles[key]

    def header(self, titles: Iterable[str], centred: Iterable[int] = ()) -> list[Any]:
        """Return a header row: bold, grey, underlined; the ``centred`` positions sit over centred numbers."""
        row = []
        middle = set(centred)
        for index, title in enumerate(titles):
            cell = WriteOnlyCell(self.ws, clean_text(title))
            cell.font, cell.fill, cell.border = FONTS["header"], FILLS["header"], THIN
            cell.alignment = (
                Alignment(wrap_text=True, vertical="top", horizontal="center") if index in middle else WRAP
            )
            row.append(cell)
        self.heading = row
        return row

    def add(self, row: Sequence[Any]) -> int:
        """Append a row to the sheet and return its 1-based number."""
        self.rows.append(list(row))
        return len(self.rows)

    def finish(self, *, header_row: int = 1, filter_row: int | None = None, freeze: bool = True) -> None:
        """Write the rows, with fitted widths, frozen header, autofilter and print setup."""
        width = max((len(row) for row in self.rows), default=1)
        for index in range(1, width + 1):
            # Widths from the first rows: measuring every cell of a 30,000-row sheet costs seconds,
            # and the widths are capped anyway.
            widest = max(
                (
                    display_width(_value(row[index - 1]))
                    for row in self.rows[:WIDTH_SAMPLE]
                    if len(row) >= index
                ),
                default=0,
            )
            cap = self.caps.get(index, 40)
            # A wrapped column keeps its full width: the row heights below are computed for it.
            fitted = cap if index in self.wrapped and widest > cap else min(widest, cap)
            dimension = self.ws.column_dimensions[get_column_letter(index)]
            dimension.width = max(6, fitted + 2)
            if index in self.hidden:
                dimension.outlineLevel, dimension.hidden = 1, True
        self._heights(header_row)
        if freeze:
            self.ws.freeze_panes = f"A{header_row + 1}"
        if filter_row is not None:
            self.ws.auto_filter.ref = (
                f"A{filter_row}:{get_column_letter(width)}{max(len(self.rows), filter_row)}"
            )
        setup_print(self.ws, header_row)
        # Write-only sheets leave out <dimension>, so every reader (openpyxl, pandas) would parse the
        # sheet twice; the rows are all known here, so state it.
        reference = f"A1:{get_column_letter(width)}{max(len(self.rows), 1)}"
        self.ws.calculate_dimension = lambda: reference  # type: ignore[attr-defined]
        for row in self.rows:
            self.ws.append(row)
        self._stamp()

    def _stamp(self) -> None:
        from reports.xlsx_keep import stamp  # the hidden ids of the sheet and its columns

        number = next(
            (i for i, row in enumerate(self.rows, 1) if self.heading and row[:1] == self.heading[:1]), 1
        )
        stamp(self.ws.parent, self.ws.title, self.heading, number)

    def _heights(self, header_row: int) -> None:
        """Size each row to show its wrapped text whole: spreadsheet programs do not fit a row on opening."""
        columns = sorted(i for i in self.wrapped if i not in self.hidden)
        if not columns:
            return
        widths = {i: self.ws.column_dimensions[get_column_letter(i)].width for i in columns}
        for number, row in enumerate(self.rows, start=1):
            lines = max(
                (wrapped_lines(_value(row[i - 1]), widths[i]) for i in columns if i <= len(row)), default=1
            )
            if lines > 1 or number == header_row:
                self.ws.row_dimensions[number].height = LINE_HEIGHT * max(lines, 1) + 3


# Points per line of 11 pt text with CJK fonts (Noto Sans CJK, SimSun), measured in LibreOffice.
LINE_HEIGHT = 14.5


def wrapped_lines(value: Any, width: float) -> int:
    """Return how many lines ``value`` takes in a wrapped column ``width`` character widths wide."""
    if value is None:
        return 1
    text = value if isinstance(value, str) else str(value)
    # Padding and the words wrapped whole cost some of the width: count on 90 % of it.
    usable = int(max(1.0, (width - 1) * 0.9))
    if 2 * len(text) <= usable:  # fits even if every character is wide: most cells, no need to measure
        return 1
    return sum(max(1, -(-display_width(part) // usable)) for part in text.split("\n"))


def _value(item: Any) -> Any:
    return item.value if isinstance(item, Cell) else item


def setup_print(ws: WriteOnlyWorksheet, header_row: int) -> None:
    """Print A4 landscape, one page wide, narrow margins, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25


def _escape(text: str) -> str:
    """Return ``text`` for a page header: ``&`` starts a code there (&P, &N), so a literal one is doubled."""
    return clean_text(text).replace("&", "&&")


def page_header(
    ws: WriteOnlyWorksheet, left: str, centre: str, right: str, pages: str, footer_left: str = ""
) -> None:
    """Print ``left``, ``centre`` and ``right`` at the top of every page; ``pages`` (with &P, &N) at the bottom."""
    ws.oddHeader.left.text = _escape(left)
    ws.oddHeader.center.text = _escape(centre)
    ws.oddHeader.right.text = _escape(right)
    for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right):
        part.size = 9
    ws.oddFooter.left.text = _escape(footer_left)
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = pages
    ws.oddFooter.right.size = 9
