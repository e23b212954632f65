"""Cells for the workbook: untrusted text kept inert, formats made once, widths that fit Chinese.

The workbook is written with xlsxwriter in constant-memory mode: each row goes to disk as soon as
the next one starts, so rows must come in order. Each sheet is therefore collected as a list of
rows first (the column widths and row heights must be known before the first row is written),
then written top to bottom by ``Sheet.finish``.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NamedTuple

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reports.xlsx_rows import RowSheet

# Excel's own limit; a longer string makes Excel "repair" the file.
MAX_TEXT = 32767
# Spreadsheet programs read these leading characters as the start of a formula when a cell is edited.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold at all, and lone surrogates, which no UTF-8 file can (a result
# saved as JSON may carry them as \ud800 escapes).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# East Asian wide and full-width characters take two character widths in a column.
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)

#: Fill colours by use, as six hex digits (``audit.keep`` tells the toolkit's fills from a reviewer's by them).
FILLS = {
    "error": "FFC7CE",
    "warning": "FFEB9C",
    "info": "DDEBF7",
    "pass": "C6EFCE",
    "header": "D9D9D9",
    "mark": "FCE4D6",
    "review": "FFF2CC",
}
FONTS: dict[str, dict[str, Any]] = {
    "error": {"font_color": "#9C0006", "bold": True},
    "warning": {"font_color": "#9C5700", "bold": True},
    "info": {"font_color": "#1F4E78"},
    "pass": {"font_color": "#006100"},
    "header": {"bold": True},
    "heading": {"bold": True, "font_size": 14},
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
WIDTH_SAMPLE = 500
# Pixels per character width of the default font (Calibri 11), as Excel counts a column's width.
_DIGIT_PIXELS = 7
# Text only, never a formula, a number read from text or a link, whatever a cell holds.
_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "nan_inf_to_errors": True,
}


class Style(NamedTuple):
    """How a cell looks: the key of one xlsxwriter format, made once per workbook."""

    fill: str | None = None
    font: str | None = None
    wrap: bool = False
    number_format: str | None = None
    quote: bool = False
    align: str | None = None
    header: bool = False


class Styled(NamedTuple):
    """A cell value with its style and, on the Facts sheet, a comment naming the rules."""

    value: Any
    style: Style
    comment: str | None = None


_STYLES: dict[tuple[Any, ...], Style] = {}


def _properties(style: Style) -> dict[str, Any]:
    """Return the xlsxwriter format properties of a style."""
    found: dict[str, Any] = {}
    if style.fill:
        # A solid pattern: xlsxwriter writes the background colour as the fill's foreground, as Excel does.
        found.update(pattern=1, bg_color="#" + FILLS[style.fill])
    if style.font:
        found.update(FONTS[style.font])
    if style.header:
        found.update(bottom=1, bottom_color="#808080")
    if style.wrap:
        found.update(text_wrap=True, valign="top")
    if style.align:
        found.update(align=style.align, valign="top")
    if style.number_format:
        found["num_format"] = style.number_format
    if style.quote:
        found["quote_prefix"] = True
    return found


class Book:
    """An xlsxwriter workbook in constant-memory mode, with each format made once."""

    def __init__(self, target: str | Path | IO[bytes]) -> None:
        self.xlsx = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), _OPTIONS)
        self.formats: dict[Style, Format] = {}
        self.sheets: list[Worksheet] = []

    def add_sheet(self, title: str) -> RowSheet:
        sheet = self.xlsx.add_worksheet(title, worksheet_class=RowSheet)
        self.sheets.append(sheet)
        return sheet

    def sheet(self, title: str) -> Worksheet:
        return next(sheet for sheet in self.sheets if sheet.get_name() == title)

    def format(self, style: Style) -> Format:
        made = self.formats.get(style)
        if made is None:
            made = self.formats[style] = self.xlsx.add_format(_properties(style))
        return made

    def close(self) -> None:
        self.xlsx.close()


def clean_text(text: str) -> str:
    """Return ``text`` with the control characters a workbook cannot hold shown as control pictures."""
    if _XML_ILLEGAL.search(text):
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
    """A sheet collected row by row, then written with widths, heights, filter and print setup.

    ``wrapped`` columns (1-based) get their full width and rows tall enough for their text;
    ``hidden`` columns are grouped and hidden, so they are neither seen at first nor printed.
    """

    def __init__(self, book: Book, title: str) -> None:
        self.book = book
        self.ws: RowSheet = book.add_sheet(title)
        self.title = title
        self.rows: list[list[Any]] = []
        self.caps: dict[int, int] = {}
        self.wrapped: set[int] = set()
        self.hidden: set[int] = set()
        self.heading: list[Any] = []  # the cells of the last header row, for the hidden column ids
        self.texts: dict[str, str] = {}  # texts as cleaned for the workbook

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
        kind = value.__class__
        plain = not (fill or font or wrap or comment or align or number_format)
        if plain and (value is None or kind is int or kind is float):  # most cells: nothing to do
            return value
        risky = False
        if kind is str:
            risky = value.startswith(FORMULA_START)
            # One sentence or file name fills many cells: each is cleaned once.
            cleaned = self.texts.get(value)
            if cleaned is None:
                cleaned = self.texts[value] = clean_text(value)
            value = cleaned
            if plain and not risky:
                return value
        if number_format is not None:
            pass
        elif isinstance(value, datetime) and value.time() != datetime.min.time():
            number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            number_format = DATE_FORMAT
        if not (risky or fill or font or wrap or comment or number_format or align):
            return value
        # The quote prefix keeps risky text text when someone edits the cell (it is written as text anyway).
        key = (fill, font, wrap, number_format, risky, None if wrap else align)
        style = _STYLES.get(key)
        if style is None:  # a handful of styles fill a whole sheet: each is made once
            style = _STYLES[key] = Style(*key)
        return Styled(value, style, clean_text(comment) if comment else None)

    def header(self, titles: Iterable[str], centred: Iterable[int] = ()) -> list[Any]:
        """Return a header row: bold, grey, underlined; the ``centred`` positions sit over centred numbers."""
        middle = set(centred)
        row = [
            Styled(
                clean_text(title),
                Style("header", "header", True, align="center" if index in middle else None, header=True),
            )
            for index, title in enumerate(titles)
        ]
        self.heading = row
        return row

    def add(self, row: Sequence[Any]) -> int:
        """Append a row to the sheet and return its 1-based number."""
        self.rows.append(list(row))
        return len(self.rows)

    def finish(self, *, header_row: int = 1, filter_row: int | None = None, freeze: bool = True) -> None:
        """Write the rows, with fitted widths, frozen header, autofilter and print setup."""
        width = max((len(row) for row in self.rows), default=1)
        widths = {}
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
            widths[index] = max(6, fitted + 2)
            # Excel's stored width counts the cell padding: set in pixels, it is exactly widths[index].
            options = {"hidden": True, "level": 1} if index in self.hidden else None
            self.ws.set_column_pixels(index - 1, index - 1, widths[index] * _DIGIT_PIXELS, None, options)
        if freeze:
            self.ws.freeze_panes(header_row, 0)
        if filter_row is not None:
            self.ws.autofilter(filter_row - 1, 0, max(len(self.rows), filter_row) - 1, width - 1)
        setup_print(self.ws, header_row)
        self._write(self._heights(header_row, widths))
        self._stamp()

    def _write(self, heights: dict[int, float]) -> None:
        """Write every row in order, as constant-memory mode wants: whole rows of text and numbers at once."""
        ws, book = self.ws, self.book
        for number, row in enumerate(self.rows):
            height = heights.get(number + 1)
            if height is not None:
                ws.set_row(number, height)
            cells = []
            for column, item in enumerate(row):
                if item is None:
                    continue
                if item.__class__ is Styled:
                    value, style, comment = item
                    if comment:
                        ws.write_comment(number, column, comment, _COMMENT)
                    cells.append((column, value, book.format(style)))
                else:
                    cells.append((column, item, None))
            if cells and not ws.write_cells(number, cells):
                for column, value, fmt in cells:
                    _write_value(ws, book, number, column, value, fmt)

    def _stamp(self) -> None:
        from reports.xlsx_keep import stamp  # the hidden ids of the sheet and its columns

        number = next(
            (i for i, row in enumerate(self.rows, 1) if self.heading and row[:1] == self.heading[:1]), 1
        )
        stamp(self.book, self.title, self.heading, number)

    def _heights(self, header_row: int, widths: dict[int, int]) -> dict[int, float]:
        """Size each row to show its wrapped text whole: spreadsheet programs do not fit a row on opening."""
        columns = sorted(i for i in self.wrapped if i not in self.hidden)
        heights: dict[int, float] = {}
        if not columns:
            return heights
        for number, row in enumerate(self.rows, start=1):
            lines = max(
                (wrapped_lines(_value(row[i - 1]), widths[i]) for i in columns if i <= len(row)), default=1
            )
            if lines > 1 or number == header_row:
                heights[number] = LINE_HEIGHT * max(lines, 1) + 3
        return heights


# A comment box as big as the toolkit's comments need (pixels); shown when the cell is pointed at.
_COMMENT = {"author": "audit", "width": 240, "height": 100}


def _write_value(ws: Worksheet, book: Book, row: int, column: int, value: Any, fmt: Format | None) -> None:
    """Write one value by its type: text, a number, a date, a flag, a blank with a fill, anything else."""
    kind = value.__class__
    if kind is str and value:
        ws.write_string(row, column, value, fmt)
    elif kind is int or kind is float:
        ws.write_number(row, column, value, fmt)
    elif value is None or (isinstance(value, str) and not value):  # an empty text is no value, as before
        if fmt is not None:
            ws.write_blank(row, column, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value, fmt)
    elif isinstance(value, date):
        ws.write_datetime(row, column, value, fmt)
    elif isinstance(value, numbers.Real | Decimal):  # numpy and other number types
        ws.write_number(row, column, float(value), fmt)
    else:
        # Never written as a formula or a link, even if it reads like one.
        text = str(value)
        if fmt is None and text.startswith(FORMULA_START):
            fmt = book.format(Style(quote=True))
        ws.write_string(row, column, clean_text(text), fmt)


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
    return item.value if item.__class__ is Styled else item


def setup_print(ws: Worksheet, header_row: int) -> None:
    """Print A4 landscape, one page wide, narrow margins, the header row repeated on every page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    # The header and footer margins come with the header and footer (page_header sets the text).
    ws.set_header("", {"margin": 0.25})
    ws.set_footer("", {"margin": 0.25})


# Excel holds at most 255 characters in a page header or footer (codes included).
HEADER_LIMIT = 255


def _escape(text: str) -> str:
    """Return ``text`` for a page header: ``&`` starts a code there (&P, &N), so a literal one is doubled.

    A literal "&G" would still count as an image placeholder for xlsxwriter, which would then drop the
    whole header: that ampersand is printed full-width instead.
    """
    return clean_text(text).replace("&G", "＆G").replace("&", "&&")


def _units(text: str) -> int:
    """Return the length of ``text`` as Excel counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _shorten(text: str, room: int) -> str:
    """Return escaped header text cut to ``room`` units with an ellipsis, never inside an ``&&`` pair."""
    if _units(text) <= room:
        return text
    cut = text[: max(0, room - 1)]
    while cut and _units(cut) > room - 1:
        cut = cut[:-1]
    if (len(cut) - len(cut.rstrip("&"))) % 2:
        cut = cut[:-1]
    return cut + "…"


def page_header(ws: Worksheet, left: str, centre: str, right: str, pages: str, footer_left: str = "") -> None:
    """Print ``left``, ``centre`` and ``right`` at the top of every page; ``pages`` (with &P, &N) at the bottom.

    Excel holds at most 255 characters in a header: the centre (the series and issues audited, the
    part that grows with the archive) is shortened to fit rather than the header dropped.
    """
    # "&9 " sets the size; the space ends the code, so text starting with a digit is not read as part of it.
    left_part, right_part = f"&L&9 {_escape(left)}", f"&R&9 {_escape(right)}"
    room = HEADER_LIMIT - _units(left_part + right_part + "&C&9 ")
    header = f"{left_part}&C&9 {_shorten(_escape(centre), room)}{right_part}"
    ws.set_header(header, {"margin": 0.25})
    ws.set_footer(f"&L&8 {_escape(footer_left)}&R&9 {pages}", {"margin": 0.25})
