"""The workbook read back: python-calamine's values read as openpyxl's, escapes and error values kept."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from audit.readback import Values, value
from audit.review import read_previous, write_review_workbook
from tests.reports.test_xlsx import FINDINGS, result


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("", None),
        (3.0, 3),
        (2.5, 2.5),
        (-0.0, 0),
        (date(2024, 5, 21), datetime(2024, 5, 21)),
        (datetime(2024, 5, 21, 9, 30), datetime(2024, 5, 21, 9, 30)),
        (time(9, 30), time(9, 30)),
        (True, True),
        ("张三", "张三"),
        (" ", " "),
    ],
)
def test_values_read_as_openpyxl_reads_them(cell: Any, read: Any) -> None:
    assert (value(cell), type(value(cell))) == (read, type(read))


def _edit(path: Path, **cells: Any) -> None:
    """Write ``cells`` (review column header → value) on the first finding row, as Excel saves them."""
    book = openpyxl.load_workbook(path)
    sheet = book["问题清单"]
    header = [c.value for c in sheet[1]]
    for name, written in cells.items():
        sheet.cell(2, header.index(name) + 1, written)
    book.save(path)


def _values(path: Path, sheet: str) -> list[list[Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        values = Values(path, book, lambda: AssertionError("unreadable"))
        rows = values.rows(sheet)
        values.close()
    finally:
        book.close()
    return rows


def test_rows_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(result(FINDINGS), path)
    _edit(path, 复核人=1234, 复核日期=datetime(2024, 5, 21), 备注=3.5)
    expected = [list(row) for row in openpyxl.load_workbook(path)["问题清单"].iter_rows(values_only=True)]
    assert _values(path, "问题清单") == expected
    assert expected[1][-3:] == [1234, datetime(2024, 5, 21), 3.5]


def test_a_sheet_with_an_error_value_keeps_it_as_text(tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(result(FINDINGS), path)
    _edit(path, 备注="#N/A")  # an error value, as Excel stores #N/A typed into a cell
    assert _values(path, "问题清单")[1][-1] == "#N/A"
    previous = read_previous(path)
    assert previous is not None
    assert [row["note"] for row in previous.findings.values()] == ["#N/A", None]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("_x005F_x000D_ 见附件", "_x000D_ 见附件"),  # the text "_x000D_" typed by a reviewer
        ("第一行_x000D_\n第二行", "第一行\r\n第二行"),  # a carriage return pasted from Windows text
    ],
)
def test_a_note_survives_reruns_unchanged(tmp_path: Path, stored: str, shown: str) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(result(FINDINGS), path)
    _edit(path, 备注=stored)
    for _ in range(2):
        write_review_workbook(result(FINDINGS), path)
        previous = read_previous(path)
        assert previous is not None
        assert previous.findings["0000000000000001"]["note"] == shown
