"""Whole rows written at once give the sheet xlsxwriter itself writes cell by cell, byte for byte.

Whole rows keep their texts in the shared-string table, xlsxwriter's constant-memory cells in the
cell: sheets are compared with each text read from where it is kept.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from reports.xlsx_cells import _OPTIONS
from reports.xlsx_rows import RowSheet

TEXTS = [
    "受理 332407 件",
    "a < b && c > d",
    ' quoted "text" ',
    "line one\nline two",
    "_x0041_ looks like an escape",
    "bell\x07 and tab\t",
    "trailing space ",
    "=1+1",
    "\ufffe",
]
NUMBERS: list[Any] = [0, 7, -3, 332407, 2**53, 0.1, -2.5, 1e20, 1.234567890123456789, 54.91]

ROWS: list[list[Any]] = [
    ["标题", None, "x"],
    [*NUMBERS[:5], *TEXTS[:4]],
    [*TEXTS[4:], *NUMBERS[5:]],
    [None, None, 1],
    ["date", date(2024, 1, 5), datetime(2024, 1, 5, 9, 30)],
    [date(2023, 12, 31), None, None, "unformatted date"],  # the row is left to xlsxwriter
    [True, "flag"],
    [float("nan"), "not a number"],
    ["after", 1.5, None, "gap"],
    ["", "blanks, one with a format", "", None],
]


def _part(path: Path, name: str) -> str | None:
    """Return a part of the workbook as text, None when it has no such part."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8") if name in archive.namelist() else None


def _raw(path: Path, sheet: int) -> str:
    xml = _part(path, f"xl/worksheets/sheet{sheet}.xml")
    assert xml is not None
    return xml


def _sheet_xml(path: Path, sheet: int = 1) -> str:
    """Return the XML of a sheet, each shared text written into its cell as xlsxwriter's inline texts are."""
    xml, table = _raw(path, sheet), _part(path, "xl/sharedStrings.xml")
    if table is None:
        return xml
    texts = re.findall(r"<si>(.*?)</si>", table, flags=re.S)
    return re.sub(r' t="s"><v>(\d+)</v>', lambda m: f' t="inlineStr"><is>{texts[int(m[1])]}</is>', xml)


def _table(path: Path) -> tuple[int, int, list[str]]:
    """Return the shared-string table's count, unique count and texts."""
    table = _part(path, "xl/sharedStrings.xml")
    counts = re.search(r'count="(\d+)" uniqueCount="(\d+)"', table or "")
    assert table is not None and counts is not None
    return int(counts[1]), int(counts[2]), re.findall(r"<si><t[^>]*>(.*?)</t></si>", table, flags=re.S)


def _format(book: xlsxwriter.Workbook, column: int, value: Any) -> Any:
    if isinstance(value, date) and column > 0:
        return book.add_format(
            {"num_format": "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"}
        )
    return (
        book.add_format({"bold": True})
        if column == 0
        else book.add_format({"text_wrap": True})
        if column == 3
        else None
    )


def _write(path: Path, rows: list[list[Any]], *, whole_rows: bool, heights: dict[int, float]) -> None:
    book = xlsxwriter.Workbook(str(path), _OPTIONS)
    sheet = book.add_worksheet("Facts", worksheet_class=RowSheet)
    sheet.set_column(0, 0, 20)
    for number, row in enumerate(rows):
        if number in heights:
            sheet.set_row(number, heights[number])
        if number == 2:
            sheet.write_comment(number, 0, "a comment")
        cells = [(c, v, _format(book, c, v)) for c, v in enumerate(row) if v is not None]
        if whole_rows and sheet.write_cells(number, cells):
            continue
        for column, value, fmt in cells:
            if value == "":
                sheet.write_blank(number, column, None, fmt)
            else:
                sheet.write(number, column, value, fmt)
    book.close()


@pytest.mark.parametrize("heights", [{}, {0: 30, 2: 45.5, 7: 20}, {3: 15}], ids=["none", "some", "default"])
@pytest.mark.parametrize("first", range(len(ROWS)))
def test_rows_match_xlsxwriter(tmp_path: Path, heights: dict[int, float], first: int) -> None:
    # Rotating the rows puts each kind of row first, after a row left to xlsxwriter and last.
    rows = ROWS[first:] + ROWS[:first]
    _write(tmp_path / "cells.xlsx", rows, whole_rows=False, heights=heights)
    _write(tmp_path / "rows.xlsx", rows, whole_rows=True, heights=heights)
    assert _sheet_xml(tmp_path / "rows.xlsx") == _sheet_xml(tmp_path / "cells.xlsx")
    count, unique, texts = _table(tmp_path / "rows.xlsx")
    assert count == _raw(tmp_path / "rows.xlsx", 1).count(' t="s">')
    assert unique == len(texts) == len(set(texts))


@pytest.mark.parametrize(
    ("cells", "written"),
    [
        ([(0, "text", None), (1, 5, None)], True),
        ([(0, date(2024, 1, 5), None)], False),
        ([(0, "x", None), (1, datetime(2024, 1, 5), "format")], True),
        ([(0, True, None)], False),
        ([(0, "", None)], True),
        ([(0, float("inf"), None)], False),
        ([(0, "x" * 20000, None)], False),
        ([], False),
    ],
)
def test_what_a_whole_row_takes(tmp_path: Path, cells: list[Any], written: bool) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet(worksheet_class=RowSheet)
    formatted = [(c, v, book.add_format({"num_format": "yyyy-mm-dd"}) if f else None) for c, v, f in cells]
    assert sheet.write_cells(0, formatted) is written
    book.close()


def test_rows_out_of_order_are_refused(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet(worksheet_class=RowSheet)
    assert sheet.write_cells(3, [(0, "later", None)])
    assert not sheet.write_cells(2, [(0, "earlier", None)])
    book.close()
    assert '<c r="A4" t="s"><v>0</v></c>' in _raw(tmp_path / "a.xlsx", 1)
    assert _table(tmp_path / "a.xlsx") == (1, 1, ["later"])
    assert "earlier" not in _sheet_xml(tmp_path / "a.xlsx")


def test_markup_in_a_text_stays_text(tmp_path: Path) -> None:
    # xlsxwriter would copy a text that starts with <r> and ends with </r> into the sheet as rich-text markup.
    book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet(worksheet_class=RowSheet)
    assert sheet.write_cells(0, [(0, "<r><t>injected</t></r>", None)])
    book.close()
    assert "<t>&lt;r&gt;&lt;t&gt;injected&lt;/t&gt;&lt;/r&gt;</t>" in _sheet_xml(tmp_path / "a.xlsx")


def test_rows_share_each_text_once_across_sheets(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"), {"constant_memory": True})
    first = book.add_worksheet("one", worksheet_class=RowSheet)
    second = book.add_worksheet("two", worksheet_class=RowSheet)
    assert first.write_cells(0, [(0, "受理", None), (1, "办结", None), (2, "受理", None)])
    # Refused for the flag: the new text it met must not be in the table.
    assert not first.write_cells(1, [(0, "never written", None), (1, True, None)])
    assert second.write_cells(0, [(0, "办结", None), (1, "新", None)])
    book.close()
    assert _table(tmp_path / "a.xlsx") == (5, 3, ["受理", "办结", "新"])
    assert '<c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>2</v></c>' in _raw(tmp_path / "a.xlsx", 2)
    assert "never written" not in _sheet_xml(tmp_path / "a.xlsx")
