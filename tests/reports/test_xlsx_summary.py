"""The Summary sheet: each table's counts under their own headings, read back by header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reports.xlsx import write_workbook
from tests.reports.test_xlsx import FINDINGS, GENERATED, column, finding, result


def summary_table(path: Path, title: str, sheet: str = "概览") -> list[dict[str, Any]]:
    """Return the table under the heading ``title`` of the Summary sheet as dicts keyed by its header."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == title)
    header = rows[start + 1]
    table = []
    for row in rows[start + 2 :]:
        if not row or all(v is None for v in row):
            break
        table.append({h: v for h, v in zip(header, row, strict=False) if h is not None})
    return table


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "audit.xlsx"
    data = result([*FINDINGS, finding("0000000000000003", waived=True, waiver="口径说明（张三）")])
    write_workbook(data, path, generated=GENERATED)
    return path


def test_issue_table_counts_sit_under_their_headings(workbook: Path) -> None:
    table = summary_table(workbook, "各期状态")
    assert [
        (r["期次"], r["状态"], r["错误"], r["警告"], r["提示"], r["已豁免"], r["文件"]) for r in table
    ] == [
        ("2022年第14期（总第389期）", "错误", 1, 0, 0, 1, "a.txt"),
        ("2022年第15期（总第390期）", "警告", 0, 1, 0, 0, "b.txt"),
    ]


def test_rule_table_counts_sit_under_their_headings(workbook: Path) -> None:
    table = {r["规则"]: r for r in summary_table(workbook, "按规则统计")}
    assert (table["completed_le_accepted"]["错误"], table["completed_le_accepted"]["已豁免"]) == (1, 1)
    assert (table["serial_sequential"]["警告"], table["serial_sequential"]["类别"]) == (1, "跨期")
    assert table["value_valid"]["说明"] == "数值有效"
    assert [table["value_valid"][h] for h in ("错误", "警告", "提示", "已豁免")] == [0, 0, 0, 0]


def test_count_columns_are_narrow_and_centred(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["概览"]
    widths = {letter: column(sheet, letter).width for letter in "CDEF"}
    assert all(width <= 10 for width in widths.values()), widths
    header = next(row for row in sheet.iter_rows() if row[0].value == "期次")
    first = sheet[header[0].row + 1]
    assert [c.alignment.horizontal for c in header[2:6]] == ["center"] * 4
    assert [c.alignment.horizontal for c in first[2:6]] == ["center"] * 4


def test_english_tables_too(tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(result(FINDINGS), path, "en", generated=GENERATED)
    table = summary_table(path, "Status by issue", "Summary")
    assert [(r["Issue"], r["Error"], r["Warning"]) for r in table] == [
        ("2022 No. 14 (serial 389)", 1, 0),
        ("2022 No. 15 (serial 390)", 0, 1),
    ]
