"""The review cycle: reviews survive re-runs, gone findings move to Resolved, writes are atomic and safe."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from audit.errors import ConfigError, OutputError, UnreadableInput
from audit.pipeline import check
from audit.review import carry_over, read_previous, read_result, waiver_entries, write_review_workbook
from audit.waivers import load_waivers
from reports.xlsx_layout import Review

SEEDS = Path("/work/shared/seeds")
SEED_FILES = sorted(SEEDS.glob("*.txt"))
TODAY = date(2024, 6, 1)
pytestmark = pytest.mark.skipif(len(SEED_FILES) < 2, reason="the seed reports are not available")


@pytest.fixture(scope="module")
def both() -> dict[str, Any]:
    """The result of checking both seed issues: two findings on the second, one on the first."""
    return check(SEED_FILES[:2]).to_dict("zh")


@pytest.fixture(scope="module")
def first_only() -> dict[str, Any]:
    return check(SEED_FILES[:1]).to_dict("zh")


def _rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _review(
    path: Path, fingerprint: str, status: str, reviewer: str | None, note: str | None, reviewed: Any = None
) -> None:
    """Edit the workbook as a reviewer in Excel would: status, name, date and note on one row."""
    book = openpyxl.load_workbook(path)
    sheet = book["问题清单"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("指纹")].value == fingerprint:
            row[header.index("复核状态")].value = status
            row[header.index("复核人")].value = reviewer
            row[header.index("复核日期")].value = reviewed
            row[header.index("备注")].value = note
    book.save(path)


def test_review_data_survives_a_rerun(tmp_path: Path, both: dict[str, Any]) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(both, path, today=TODAY)
    target = both["findings"][1]["fingerprint"]
    _review(path, target, "已确认", "张三", "已与数据科核对", datetime(2024, 5, 30))
    write_review_workbook(both, path, today=TODAY)
    rows = {r["指纹"]: r for r in _rows(path, "问题清单")}
    assert sorted(rows) == sorted(f["fingerprint"] for f in both["findings"])
    assert [rows[target][k] for k in ("复核状态", "复核人", "复核日期", "备注")] == [
        "已确认",
        "张三",
        datetime(2024, 5, 30),
        "已与数据科核对",
    ]
    others = [r["复核状态"] for fp, r in rows.items() if fp != target]
    assert others == ["待复核"] * (len(rows) - 1)


def test_reviews_carry_over_into_the_other_language(tmp_path: Path, both: dict[str, Any]) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(both, path, today=TODAY)
    target = both["findings"][0]["fingerprint"]
    _review(path, target, "误报", "李四", "结转件")
    write_review_workbook(both, path, "en", today=TODAY)
    rows = {r["Fingerprint"]: r for r in _rows(path, "Findings")}
    assert (rows[target]["Review status"], rows[target]["Reviewer"], rows[target]["Note"]) == (
        "False positive",
        "李四",
        "结转件",
    )


def test_a_finding_that_disappears_moves_to_resolved(
    tmp_path: Path, both: dict[str, Any], first_only: dict[str, Any]
) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(both, path, today=TODAY)
    gone = {f["fingerprint"] for f in both["findings"]} - {f["fingerprint"] for f in first_only["findings"]}
    target = sorted(gone)[0]
    _review(path, target, "已确认", "王五", "已通知编辑部更正")
    write_review_workbook(first_only, path, today=TODAY)
    resolved = _rows(path, "已解决")
    assert sorted(r["指纹"] for r in resolved) == sorted(gone)
    row = next(r for r in resolved if r["指纹"] == target)
    assert (row["解决日期"], row["复核状态"], row["复核人"], row["备注"]) == (
        datetime(2024, 6, 1),
        "已确认",
        "王五",
        "已通知编辑部更正",
    )
    assert {r["指纹"] for r in _rows(path, "问题清单")} == {f["fingerprint"] for f in first_only["findings"]}
    # A further run keeps it there; when the finding comes back it leaves Resolved with its review.
    write_review_workbook(first_only, path, today=date(2024, 6, 8))
    assert [(r["指纹"], r["解决日期"]) for r in _rows(path, "已解决") if r["指纹"] == target] == [
        (target, datetime(2024, 6, 1))
    ]
    write_review_workbook(both, path, today=TODAY)
    assert _rows(path, "已解决") == []
    back = next(r for r in _rows(path, "问题清单") if r["指纹"] == target)
    assert (back["复核状态"], back["复核人"]) == ("已确认", "王五")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("已豁免", "waived"),
        ("Waived", "waived"),
        (" 误报 ", "false_positive"),
        ("待定", "待定"),
        (None, "pending"),
        ("", "pending"),
    ],
)
def test_carry_over_keeps_statuses(status: Any, expected: str) -> None:
    from audit.review import Previous

    previous = Previous(findings={"f1": {"fingerprint": "f1", "status": status, "reviewer": "张三"}})
    reviews, resolved = carry_over({"findings": [{"fingerprint": "f1"}]}, previous, TODAY)
    assert (reviews, resolved) == ({"f1": Review(expected, "张三", None, None)}, [])


def test_failed_write_leaves_the_previous_workbook_intact(
    tmp_path: Path, both: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(both, path, today=TODAY)
    before = path.read_bytes()

    def broken(data: Any, target: Path, *args: Any, **kwargs: Any) -> None:
        Path(target).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("audit.review.write_workbook", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        write_review_workbook(both, path, today=TODAY)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.xlsx"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,value\n1,2\n", "is not an Excel workbook"),
        (b"", "is not an Excel workbook"),
        (None, "is not an audit workbook"),
    ],
)
def test_a_file_that_is_not_ours_is_never_overwritten(
    tmp_path: Path, both: dict[str, Any], content: bytes | None, message: str
) -> None:
    path = tmp_path / "budget.xlsx"
    if content is None:
        book = openpyxl.Workbook()
        book.active["A1"] = "预算"
        book.save(path)
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(OutputError, match=message) as caught:
        write_review_workbook(both, path)
    assert "move it away" in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("lock", ["~$audit.xlsx", ".~lock.audit.xlsx#"])
def test_a_workbook_open_elsewhere_is_an_output_error(
    tmp_path: Path, both: dict[str, Any], lock: str
) -> None:
    (tmp_path / lock).write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="is open in Excel, WPS or LibreOffice"):
        write_review_workbook(both, tmp_path / "audit.xlsx")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("audit.csv", "must end in .xlsx"),
        ("file.txt/audit.xlsx", "cannot write here"),
        ("folder.xlsx", "is a folder"),
    ],
)
def test_unwritable_targets_are_output_errors(
    tmp_path: Path, both: dict[str, Any], name: str, message: str
) -> None:
    (tmp_path / "file.txt").write_text("", encoding="utf-8")
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(OutputError, match=message):
        write_review_workbook(both, tmp_path / name)


def test_read_previous_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert read_previous(tmp_path / "new.xlsx") is None


@pytest.mark.parametrize(
    ("text", "message"), [("{", "is not a JSON file"), ('{"findings": []}', "is not an audit result")]
)
def test_read_result_rejects_other_json(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "result.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableInput, match=message):
        read_result(path)


def test_waiver_entries_from_reviewed_rows(tmp_path: Path, both: dict[str, Any]) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(both, path, today=TODAY)
    first, second, third = (f["fingerprint"] for f in both["findings"])
    _review(path, first, "已豁免", "张三", "结转件，已核实")
    _review(path, second, "已豁免", None, "同上")
    _review(path, third, "已确认", "张三", None)
    entries = waiver_entries(path, approved_by="审核组", expires=date(2025, 1, 1))
    finding = both["findings"][0]
    issue = next(i for i in both["issues"] if i["source"] == finding["source"])
    # Keyed on the issue (series and serial number), not on the file: renaming keeps the waiver.
    assert entries[0] == {
        "rule": finding["rule"],
        "series": "窗口工作周报",
        "publisher": issue["publisher"],
        "serial_no": finding["serial_no"],
        "metric": finding["metric"],
        "fingerprint": first,
        "reason": "结转件，已核实",
        "approved_by": "张三",
        "expires": date(2025, 1, 1),
    }
    assert [(e["fingerprint"], e["approved_by"]) for e in entries] == [(first, "张三"), (second, "审核组")]


@pytest.mark.parametrize(
    ("reviewer", "note", "approved_by", "message"),
    [
        ("张三", None, None, "row 2 is marked waived without a reason in 备注"),
        ("张三", "  ", "审核组", "row 2 is marked waived without a reason in 备注"),
        (None, "结转", None, r"row 2 is marked waived without 复核人 \(or give --approved-by\)"),
    ],
)
def test_waiver_rows_need_a_reason_and_an_approver(
    tmp_path: Path,
    both: dict[str, Any],
    reviewer: str | None,
    note: str | None,
    approved_by: str | None,
    message: str,
) -> None:
    path = tmp_path / "audit.xlsx"
    write_review_workbook(both, path, today=TODAY)
    _review(path, both["findings"][0]["fingerprint"], "已豁免", reviewer, note)
    with pytest.raises(ConfigError, match=message) as caught:
        waiver_entries(path, approved_by)
    assert "问题清单" in str(caught.value) and "\n" not in str(caught.value)


def test_waivers_from_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not an Excel workbook"):
        waiver_entries(path)


def test_exported_waivers_load(tmp_path: Path, both: dict[str, Any]) -> None:
    from audit.review import export_waivers

    path = tmp_path / "audit.xlsx"
    write_review_workbook(both, path, today=TODAY)
    _review(path, both["findings"][0]["fingerprint"], "已豁免", "张三", "结转件")
    assert export_waivers(path, tmp_path / "waivers.yaml", expires=date(2030, 1, 1)) == 1
    (waiver,) = load_waivers(tmp_path / "waivers.yaml")
    assert (waiver.rule, waiver.fingerprint, waiver.reason, waiver.approved_by, waiver.expires) == (
        both["findings"][0]["rule"],
        both["findings"][0]["fingerprint"],
        "结转件",
        "张三",
        date(2030, 1, 1),
    )
