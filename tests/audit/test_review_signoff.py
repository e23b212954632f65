"""The overview's sign-off survives re-runs: kept while the findings are those signed, else moved to history."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from audit.review import write_review_workbook
from reports.xlsx_signoff import findings_digest
from tests.reports.test_xlsx import FINDINGS, result

FIRST = datetime(2024, 5, 20, 9, 30)
SECOND = datetime(2024, 5, 27, 9, 30)


def _sign(path: Path, sheet: str = "概览", **cells: Any) -> None:
    """Fill the sign-off cells as a reviewer does in Excel: the cell right of each label."""
    book = openpyxl.load_workbook(path)
    for row in book[sheet].iter_rows():
        if row[0].value in cells:
            row[1].value = cells[row[0].value]
    book.save(path)


def _pairs(path: Path, sheet: str = "概览") -> dict[Any, Any]:
    pairs = {}
    for row in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True):
        if row and isinstance(row[0], str) and row[0].startswith(("以往签署", "Earlier sign-offs")):
            break
        if row and row[0] is not None:
            pairs[row[0]] = row[1]
    return pairs


def _history(path: Path) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path)["概览"].iter_rows(values_only=True))
    starts = [i for i, row in enumerate(rows) if row and row[0] == "以往签署（签署后问题已变化）"]
    if not starts:
        return []
    header = rows[starts[0] + 1]
    return [
        {h: v for h, v in zip(header, row, strict=False) if h}
        for row in rows[starts[0] + 2 :]
        if row and any(v is not None for v in row)
    ]


SIGNATURE = {"复核结论": "数据已核对，同意发布", "复核人签字": "李四", "日期": datetime(2024, 5, 21)}


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(result(FINDINGS), path, generated=FIRST)
    _sign(path, **SIGNATURE)
    return path


def test_an_unchanged_rerun_keeps_the_sign_off(signed: Path) -> None:
    write_review_workbook(result(FINDINGS), signed, generated=SECOND)
    pairs = _pairs(signed)
    assert {key: pairs[key] for key in SIGNATURE} == SIGNATURE
    assert pairs["签署状态"] == "已签署，签署后问题未变化"
    assert pairs["问题摘要值"] == findings_digest(result(FINDINGS)["findings"])
    assert _history(signed) == []


def test_a_changed_figure_keeps_the_sign_off_in_history_and_unsigns(signed: Path) -> None:
    changed = copy.deepcopy(result(FINDINGS))
    changed["findings"][0]["observed"] = "10360"
    write_review_workbook(changed, signed, generated=SECOND)
    pairs = _pairs(signed)
    assert [pairs[key] for key in SIGNATURE] == [None, None, None]
    assert pairs["签署状态"].startswith("未签署：上次签署后问题已变化")
    old_digest = findings_digest(result(FINDINGS)["findings"])
    assert pairs["问题摘要值"] == findings_digest(changed["findings"]) != old_digest
    assert _history(signed) == [
        {
            "复核结论": "数据已核对，同意发布",
            "复核人签字": "李四",
            "日期": datetime(2024, 5, 21),
            "签署范围": "2 期的 2 条问题（错误 1、警告 1、提示 0、已豁免 0）",
            "问题摘要值": old_digest,
            "失效时间": SECOND,
        }
    ]


def test_history_accumulates_and_a_new_signature_is_kept(signed: Path) -> None:
    changed = copy.deepcopy(result(FINDINGS))
    changed["findings"][0]["observed"] = "10360"
    write_review_workbook(changed, signed, generated=SECOND)
    _sign(signed, **{"复核结论": "已复核", "复核人签字": "王五", "日期": datetime(2024, 5, 28)})
    write_review_workbook(changed, signed, generated=datetime(2024, 5, 29))
    assert _pairs(signed)["复核人签字"] == "王五"
    write_review_workbook(result(FINDINGS[:1]), signed, generated=datetime(2024, 6, 3))
    assert [h["复核人签字"] for h in _history(signed)] == ["王五", "李四"]
    assert _pairs(signed)["复核人签字"] is None


def test_a_sign_off_carries_over_into_the_other_language(signed: Path) -> None:
    write_review_workbook(result(FINDINGS), signed, "en", generated=SECOND)
    pairs = _pairs(signed, "Summary")
    assert (pairs["Reviewed by (signature)"], pairs["Sign-off state"]) == (
        "李四",
        "Signed; the findings are unchanged since",
    )


def test_the_digest_ignores_order_but_not_severity() -> None:
    findings = result(FINDINGS)["findings"]
    assert findings_digest(findings) == findings_digest(list(reversed(findings)))
    demoted = [{**findings[0], "severity": "warning"}, findings[1]]
    assert findings_digest(demoted) != findings_digest(findings)
