"""Cells as xlsxwriter writes them: each value by its type, text inert, rows in order, page headers that fit."""

from __future__ import annotations

import html
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from reports.xlsx_cells import HEADER_LIMIT, Book, Sheet, page_header


def _written(tmp_path: Path, values: list[Any]) -> list[Any]:
    """Write ``values`` as one row through ``Sheet.cell`` and return the cells openpyxl reads back."""
    path = tmp_path / "cells.xlsx"
    book = Book(path)
    sheet = Sheet(book, "cells")
    sheet.add([sheet.cell(value) for value in values])
    sheet.finish()
    book.close()
    return list(openpyxl.load_workbook(path)["cells"][1])[: len(values)]


@pytest.mark.parametrize(
    ("value", "read", "kind", "number_format"),
    [
        (12, 12, "n", "General"),
        (2.5, 2.5, "n", "General"),
        (np.int64(7), 7, "n", "General"),
        (np.float64(0.25), 0.25, "n", "General"),
        (True, True, "b", "General"),
        (date(2024, 5, 20), datetime(2024, 5, 20), "d", "yyyy-mm-dd"),
        (datetime(2024, 5, 20, 9, 30), datetime(2024, 5, 20, 9, 30), "d", "yyyy-mm-dd hh:mm:ss"),
        ("窗口工作周报", "窗口工作周报", "s", "General"),
        (Decimal("1.5"), 1.5, "n", "General"),
        (complex(1, 2), "(1+2j)", "s", "General"),  # no number a cell holds: kept as printed
        ("", None, "n", "General"),  # an empty text is no value
        (None, None, "n", "General"),
    ],
)
def test_each_value_is_written_by_its_type(
    tmp_path: Path, value: Any, read: Any, kind: str, number_format: str
) -> None:
    (cell,) = _written(tmp_path, [value])
    assert (cell.value, cell.data_type, cell.number_format) == (read, kind, number_format)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_formula_text_is_text_with_a_quote_prefix(tmp_path: Path, text: str) -> None:
    (cell,) = _written(tmp_path, [text])
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_rows_are_written_in_order_with_gaps(tmp_path: Path) -> None:
    path = tmp_path / "rows.xlsx"
    book = Book(path)
    sheet = Sheet(book, "rows")
    for row in (["a", 1], [], [None, "b"], ["c"]):
        sheet.add(row)
    sheet.finish(freeze=False)
    book.close()
    rows = list(openpyxl.load_workbook(path)["rows"].iter_rows(values_only=True))
    assert rows == [("a", 1), (None, None), (None, "b"), ("c", None)]


def _header(tmp_path: Path, centre: str) -> str:
    path = tmp_path / "header.xlsx"
    book = Book(path)
    sheet = Sheet(book, "header")
    sheet.add(["x"])
    sheet.finish()
    page_header(
        sheet.ws, "窗口工作周报统计审计 · 问题清单", centre, "生成时间 2024-05-20 09:30", "第&P页 共&N页"
    )
    book.close()
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    found = re.search(r"<oddHeader>(.*?)</oddHeader>", xml)
    assert found, "no page header written"
    return html.unescape(found[1])


@pytest.mark.parametrize(
    ("centre", "printed"),
    [
        ("窗口工作周报 2024年第45期 — 2025年第4期", "&C&9 窗口工作周报 2024年第45期 — 2025年第4期&R"),
        ("A&B 周报", "&C&9 A&&B 周报&R"),  # a literal & is doubled
        ("R&G 周报", "&C&9 R＆G 周报&R"),  # "&G" would read as a picture: printed full-width
        ("周报" * 200, "&C&9 周报周报周报"),  # longer than Excel holds: shortened, not dropped
        ("周报&" * 100, "&C&9 周报&&周报&&"),
    ],
    ids=["plain", "ampersand", "picture code", "too long", "too long with ampersands"],
)
def test_the_page_header_is_escaped_and_fits(tmp_path: Path, centre: str, printed: str) -> None:
    header = _header(tmp_path, centre)
    assert printed in header
    assert header.count("…") == (len(centre) > 100)
    assert len(header.encode("utf-16-le")) // 2 <= HEADER_LIMIT
    assert header.startswith("&L&9 窗口工作周报统计审计 · 问题清单&C&9 ")
    assert header.endswith("&R&9 生成时间 2024-05-20 09:30")
    # No code is left half: every & of the text is doubled, so the & that remain start &L, &C, &R, &9.
    assert re.sub(r"&&|&[LCR]&9 ", "", header).count("&") == 0
