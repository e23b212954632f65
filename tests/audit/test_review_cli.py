"""``audit report`` and ``audit waivers``: the review round trip through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.cli.report import report_command
from audit.cli.waivers import waivers_command

SEEDS = Path("/work/shared/seeds")
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed reports are not available")


@pytest.fixture(autouse=True)
def chinese_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compliance staff run under a Chinese locale: the workbook and messages come out in Chinese."""
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding copies of the seed issues."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, reports)
    return reports


def _check(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, ["check", *args, "--format", "json", "-q"])
    return outcome.exit_code, outcome.stdout


def _mark(path: Path, row: int, status: str, reviewer: str | None, note: str | None) -> None:
    """Edit one Findings row as a reviewer would in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book["问题清单"]
    header = [c.value for c in sheet[1]]
    for key, value in (("复核状态", status), ("复核人", reviewer), ("备注", note)):
        sheet.cell(row=row, column=header.index(key) + 1, value=value)
    book.save(path)


def test_report_builds_the_workbook_from_saved_json(folder: Path, tmp_path: Path) -> None:
    code, text = _check(str(folder))
    (tmp_path / "result.json").write_text(text, encoding="utf-8")
    outcome = CliRunner().invoke(
        report_command, [str(tmp_path / "result.json"), "--report", str(tmp_path / "a.xlsx"), "--lang", "en"]
    )
    assert (outcome.exit_code, outcome.output) == (0, "")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["Findings"]
    header = [c.value for c in sheet[1]]
    column = header.index("Fingerprint")
    seen = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(seen) == sorted(f["fingerprint"] for f in json.loads(text)["findings"])
    assert code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [('{"tool": {}}', "is not an audit result"), ("not json", "is not a JSON file")],
)
def test_report_rejects_what_is_not_a_result(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "result.json").write_text(content, encoding="utf-8")
    outcome = CliRunner().invoke(
        report_command, [str(tmp_path / "result.json"), "--report", str(tmp_path / "a.xlsx")]
    )
    assert outcome.exit_code == 2
    assert outcome.stderr.count("\n") == 1 and message in outcome.stderr
    assert not (tmp_path / "a.xlsx").exists()


def test_check_report_refuses_to_overwrite_a_foreign_file(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes.xlsx"
    target.write_text("my notes", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["check", str(folder), "-q", "--report", str(target)])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("audit: ") and "请移走它或换一个文件名" in outcome.stderr
    assert target.read_text(encoding="utf-8") == "my notes"


def test_waived_in_the_workbook_is_waived_in_the_next_check(folder: Path, tmp_path: Path) -> None:
    workbook, waivers = tmp_path / "audit.xlsx", tmp_path / "waivers.yaml"
    code, text = _check(str(folder), "--report", str(workbook))
    first = json.loads(text)["findings"][0]
    assert (code, first["waived"]) == (1, False)
    _mark(workbook, 2, "已豁免", "张三", "结转件，已与数据科核实")
    outcome = CliRunner().invoke(waivers_command, [str(workbook), "-o", str(waivers)])
    assert (outcome.exit_code, outcome.stderr) == (0, f"audit: 已将 1 条豁免写入 {waivers}\n")
    code, text = _check(str(folder), "--waivers", str(waivers), "--report", str(workbook))
    findings = {f["fingerprint"]: f for f in json.loads(text)["findings"]}
    assert findings[first["fingerprint"]]["waived"] is True
    assert findings[first["fingerprint"]]["waiver"] == "结转件，已与数据科核实（张三）"
    assert [f["rule"] for f in findings.values() if f["rule"] == "waiver"] == []
    # The review stays on the rewritten workbook.
    sheet = openpyxl.load_workbook(workbook)["问题清单"]
    assert [c.value for c in sheet[2]][-4:] == ["已豁免", "张三", None, "结转件，已与数据科核实"]


def test_waivers_without_a_reason_name_the_row(folder: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "audit.xlsx"
    _check(str(folder), "--report", str(workbook))
    _mark(workbook, 3, "已豁免", "张三", None)
    outcome = CliRunner().invoke(waivers_command, [str(workbook), "-o", str(tmp_path / "waivers.yaml")])
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"audit: {workbook} (问题清单): 第 3 行标为已豁免但备注中没有理由；请填写后重新运行\n"
    )
    assert not (tmp_path / "waivers.yaml").exists()


def test_waivers_to_stdout_with_approver_and_expiry(folder: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "audit.xlsx"
    _check(str(folder), "--report", str(workbook))
    _mark(workbook, 2, "已豁免", None, "结转件")
    outcome = CliRunner().invoke(
        waivers_command, [str(workbook), "--approved-by", "审核组", "--expires", "2030-12-31"]
    )
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0].startswith("# Waivers exported by `audit waivers` from audit.xlsx")
    assert (
        "  approved_by: 审核组" in lines and "  expires: 2030-12-31" in lines and "  reason: 结转件" in lines
    )
