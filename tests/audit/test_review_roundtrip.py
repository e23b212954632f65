"""The whole review cycle, as compliance staff and CI run it, on the bundled examples.

check --report → audit report → mark 已豁免 in the workbook → audit waivers → check --waivers →
rename and convert the file → still waived.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import yaml
from click.testing import CliRunner

from audit.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DRAFT = "2024-第49期-总第494期.md"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _mark_waived(path: Path, rule: str, source_part: str) -> int:
    """Mark the Findings rows of ``rule`` on ``source_part`` 已豁免, as a reviewer would; return how many."""
    book = openpyxl.load_workbook(path)
    sheet = book["问题清单"]
    header = [c.value for c in sheet[1]]
    marked = 0
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("规则")].value == rule and source_part in row[header.index("文件")].value:
            row[header.index("复核状态")].value = "已豁免"
            row[header.index("复核人")].value = "张三"
            row[header.index("备注")].value = "含上年结转，统计口径说明见附件"
            marked += 1
    book.save(path)
    return marked


def _findings(result_json: Path) -> list[tuple[str, str, bool]]:
    data = json.loads(result_json.read_text(encoding="utf-8"))
    return [(f["rule"], Path(f["source"]).name, f["waived"]) for f in data["findings"]]


def test_review_round_trip_survives_renaming_the_file(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(EXAMPLES, archive, ignore=shutil.ignore_patterns("*.json"))
    workbook, result = tmp_path / "audit.xlsx", tmp_path / "result.json"

    code, _, _ = _run(
        "check",
        str(archive),
        "--format",
        "json",
        "-o",
        str(result),
        "--report",
        str(workbook),
        "--lang",
        "zh",
    )
    assert code == 1
    assert ("completed_le_accepted", DRAFT, False) in _findings(result)

    code, _, stderr = _run("report", str(result), "-o", str(workbook), "--lang", "zh")
    assert code == 0, stderr
    assert _mark_waived(workbook, "completed_le_accepted", "第49期") == 1

    waivers = tmp_path / "waivers.yaml"
    code, _, stderr = _run("waivers", str(workbook), "-o", str(waivers), "--lang", "en")
    assert (code, stderr.strip()) == (0, f"audit: 1 waiver written to {waivers}")
    (entry,) = yaml.safe_load(waivers.read_text(encoding="utf-8"))["waivers"]
    assert {k: entry[k] for k in ("rule", "series", "serial_no", "metric")} == {
        "rule": "completed_le_accepted",
        "series": "窗口工作周报",
        "serial_no": 494,
        "metric": "admin_license.completed",
    }
    assert "source" not in entry

    checked = tmp_path / "checked.json"
    args = ("check", str(archive), "--waivers", str(waivers), "--format", "json", "-o", str(checked))
    code, _, _ = _run(*args)
    assert code == 0
    assert ("completed_le_accepted", DRAFT, True) in _findings(checked)

    # Renamed and converted to GB18030 text: the same issue, another file.
    renamed = archive / "2024-第49期-定稿.txt"
    renamed.write_bytes((archive / DRAFT).read_text(encoding="utf-8").encode("gb18030"))
    (archive / DRAFT).unlink()
    code, _, _ = _run(*args)
    assert code == 0
    found = _findings(checked)
    assert ("completed_le_accepted", renamed.name, True) in found
    assert not [f for f in found if f[0] == "waiver"], found
