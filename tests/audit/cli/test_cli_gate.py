"""A gate that cannot pass on nothing: no issue under PATHS, or a file that is no issue, exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
ISSUE = EXAMPLES / "2024-第45期-总第490期.md"


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args, "--lang", "en", "--no-cache"])
    return result.exit_code, result.stdout, result.stderr


def _empty(tmp: Path) -> Path:
    (tmp / "empty").mkdir()
    return tmp / "empty"


def _only_workbooks(tmp: Path) -> Path:
    (tmp / "xlsx").mkdir()
    (tmp / "xlsx" / "audit.xlsx").write_bytes(b"PK\x03\x04")
    (tmp / "xlsx" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    return tmp / "xlsx"


@pytest.mark.parametrize("make", [_empty, _only_workbooks], ids=["empty folder", "only other files"])
def test_no_issue_under_paths_exits_2(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    folder = make(tmp_path)
    code, stdout, stderr = _check(str(folder))
    assert code == 2
    assert (
        stderr
        == f"audit: {folder}: no issue found (no .md, .txt, .docx or .pdf file); check the path and give the issue files or a folder holding them\n"
    )
    assert "no findings" not in stdout


def test_a_mistyped_folder_exits_2(tmp_path: Path) -> None:
    code, stdout, stderr = _check(str(tmp_path / "drafs"))
    assert code == 2 and "no such file or directory" in stderr
    assert "no findings" not in stdout


def test_no_issue_message_in_chinese(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(_empty(tmp_path)), "--lang", "zh"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"audit: {tmp_path / 'empty'}: 未找到任何期次文件（.md、.txt、.docx、.pdf）；请检查路径，给出周报文件或存放周报的文件夹\n"
    )


NOT_ISSUES = {
    "letter.txt": "关于做好年度考核工作的通知\n各处室：\n请于本周内完成自评。\n",
    "notes.md": "# meeting notes\n\nnothing to see here, 12 items, 3 people\n",
    "numbers.txt": "受理 1200 件，办结 1100 件。\n",
}


@pytest.mark.parametrize(("name", "text"), NOT_ISSUES.items())
def test_a_file_that_is_no_issue_is_one_line_and_exit_2(tmp_path: Path, name: str, text: str) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copy(ISSUE, folder)
    (folder / name).write_text(text, encoding="utf-8")
    code, stdout, stderr = _check(str(folder), "--format", "json")
    assert code == 2
    assert stderr.splitlines() == [
        f"audit: {folder / name}: not an issue of any known series (no masthead: no title, publisher, "
        "numbering or dates); check that it is a full issue, or move it out of the folder audited"
    ]
    # Not a string of masthead findings about it; the real issue is still audited.
    assert name not in stdout.split('"unreadable"')[0]
    assert ISSUE.name in stdout


def test_extract_refuses_nothing_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(_empty(tmp_path)), "--lang", "en"])
    assert result.exit_code == 2 and "no issue found" in result.stderr
