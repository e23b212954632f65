"""``audit gx run``: one line per failed expectation, exit codes as ``audit check``, a polite missing extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli.gx import gx_group
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
CLEAN = """窗口工作周报
2024年第3期（总第470期）
某省政务服务中心
2024年1月26日
（1月15日—1月19日）
一、受理办理情况
据统计，今年以来（截至1月19日），省本级行政许可事项受理1200件，办结1100件。
（共印 60 份）
"""


def test_failures_exit_1_with_a_line_each_and_data_docs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    result = CliRunner().invoke(gx_group, ["run", str(EXAMPLES), "--docs", str(docs)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:4]] == [
        ["error", "completed_le_accepted.exceeds"],
        ["warning", "enumeration_count.count"],
        ["warning", "ytd_reconciles.sum"],
        ["info", "completed_le_accepted.carryover"],
    ]
    assert lines[0].endswith(f"1: {EXAMPLES / '2024-第49期-总第494期.md'}")
    assert lines[4] == "gx: 57 expectations checked on 12 issues; 4 failed (1 error, 2 warning, 1 info)"
    assert (docs / "index.html").is_file()
    pages = {p.parent.parent.parent.name for p in (docs / "validations").rglob("*.html")}
    assert {"issues", "facts", "panel", "completed_le_accepted"} <= pages


def test_clean_input_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    result = CliRunner().invoke(gx_group, ["run", str(tmp_path / "a.md"), "--fail-on", "warning"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("gx: ")


def test_unreadable_input_exits_2_and_the_rest_is_checked(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(gx_group, ["run", str(tmp_path)])
    assert result.exit_code == 2
    assert "checked on 1 issues" in result.stdout
    [error] = [line for line in result.stderr.splitlines() if line]
    assert error.startswith(f"audit: {tmp_path / 'empty.txt'}")


@pytest.mark.parametrize("command", [["export"], ["run", str(EXAMPLES)]])
def test_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setitem(sys.modules, "great_expectations", None)  # import now raises ImportError
    result = CliRunner().invoke(gx_group, command)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert 'pip install -e ".[gx]" in a checkout' in line
    assert 'pip install -e ".[gx]"' in line


def test_gx_help_does_not_import_great_expectations() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from audit.cli.gx import gx_group\n"
        "for args in (['--help'], ['run', '--help'], ['export', '--help']):\n"
        "    assert CliRunner().invoke(gx_group, args).exit_code == 0\n"
        "assert 'great_expectations' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
