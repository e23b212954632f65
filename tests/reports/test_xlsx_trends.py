"""The Trends sheet: a block per series, a straight line per year, charts only with three points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reports.xlsx import write_workbook
from tests.reports.test_xlsx import GENERATED, result

OTHER = ("某市政务服务中心", "政务服务周报")


def _issue(source: str, year: int, issue_no: int, serial: int, series: tuple[str, str] | None = None) -> dict:
    publisher, title = series or ("四川省政府政务服务和公共资源交易服务中心", "窗口工作周报")
    return {
        "source": source,
        "publisher": publisher,
        "title": title,
        "year": year,
        "issue_no": issue_no,
        "serial_no": serial,
        "published": None,
        "period_start": None,
        "period_end": None,
        "as_of": None,
        "copies": None,
    }


def _fact(source: str, metric: str, value: float, unit: str = "件") -> dict[str, Any]:
    return {
        "source": source,
        "metric": metric,
        "scope": "ytd",
        "value": value,
        "unit": unit,
        "line": 3,
        "evidence": "",
        "carryover": False,
        "category_count": None,
    }


@pytest.fixture
def sheet(tmp_path: Path) -> Any:
    """Two series: one across New Year (2023 第51–52期, 2024 第1–2期), one with only two issues."""
    issues = [
        _issue("a51.md", 2023, 51, 453),
        _issue("a52.md", 2023, 52, 454),
        _issue("b01.md", 2024, 1, 455),
        _issue("b02.md", 2024, 2, 456),
        _issue("x1.md", 2024, 7, 80, OTHER),
        _issue("x2.md", 2024, 8, 81, OTHER),
    ]
    facts = [
        _fact("a51.md", "admin_license.accepted", 1_201_000),
        _fact("a52.md", "admin_license.accepted", 1_250_000),
        _fact("b01.md", "admin_license.accepted", 1_200),
        _fact("b02.md", "admin_license.accepted", 25_000),
        _fact("a51.md", "manual.share", 54.91, "%"),
        _fact("b01.md", "manual.share", 55.2, "%"),
        _fact("b02.md", "manual.share", 56.0, "%"),
        _fact("x1.md", "admin_license.accepted", 100),
        _fact("x2.md", "admin_license.accepted", 200),
    ]
    data = {**result([]), "issues": issues, "facts": facts}
    path = tmp_path / "audit.xlsx"
    write_workbook(data, path, generated=GENERATED)
    return openpyxl.load_workbook(path)["趋势"]


def _block(sheet: Any, heading: str) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == heading)
    header = [c.value for c in rows[start + 1]]
    block = []
    for row in rows[start + 2 :]:
        if row[0].value is None:
            break
        block.append({h: c for h, c in zip(header, row, strict=False) if h})
    return block


def test_one_block_per_series(sheet: Any) -> None:
    first = _block(sheet, "窗口工作周报 · 四川省政府政务服务和公共资源交易服务中心")
    assert [(r["期次"].value, r["行政许可事项受理"].value) for r in first] == [
        ("2023年第51期", 1_201_000),
        ("2023年第52期", 1_250_000),
        ("2024年第1期", 1_200),
        ("2024年第2期", 25_000),
    ]
    other = _block(sheet, "政务服务周报 · 某市政务服务中心")
    assert [r["期号"].value for r in other] == [7, 8]


def test_counts_with_separators_and_shares_as_percent(sheet: Any) -> None:
    first = _block(sheet, "窗口工作周报 · 四川省政府政务服务和公共资源交易服务中心")
    assert first[0]["行政许可事项受理"].number_format == "#,##0"
    assert first[0]["受理手册编制占比"].number_format == '0.00"%"'
    assert first[1]["受理手册编制占比"].value is None


def test_a_straight_line_per_year_and_charts_only_with_three_points(sheet: Any) -> None:
    charts = sheet._charts
    # First series: both figures have at least three values; the other series has two: no chart.
    assert [type(c).__name__ for c in charts] == ["ScatterChart", "ScatterChart"]
    accepted = charts[0]
    assert [s.tx.strRef.f if s.tx.strRef else s.tx.v for s in accepted.series] == ["2023", "2024"]
    # Straight segments with markers: no series says <c:smooth val="1"/> (absent means not smoothed).
    assert accepted.scatterStyle == "lineMarker"
    assert all(s.smooth is None or s.smooth is False or s.smooth.val is False for s in accepted.series)
    # Each year's line reads its own rows: New Year starts a new line instead of plunging.
    rows = {c.value: c.row for c in sheet["A"] if c.value}
    xs = [s.xVal.numRef.f for s in accepted.series]
    assert xs == [
        f"'趋势'!$C${rows['2023年第51期']}:$C${rows['2023年第52期']}",
        f"'趋势'!$C${rows['2024年第1期']}:$C${rows['2024年第2期']}",
    ]
