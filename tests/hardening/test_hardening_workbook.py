"""What a reviewer wrote in the workbook survives the next run, or the run refuses before writing."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from audit.cli import main
from tests.conftest import other_copies
from tests.hardening.hardening_support import cli_env
from tests.hardening.test_hardening_outputs import write_issues


@pytest.fixture(autouse=True)
def chinese_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """These reviewers work in Chinese: the workbook and the messages follow the locale."""
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")


def issues_with_findings(folder: Path) -> Path:
    """Three issues, one kept twice with another 印数 in the copy: versions_agree finds something to review."""
    write_issues(folder, 3)
    text = (folder / "issue-02.md").read_text(encoding="utf-8")
    (folder / "issue-02-copy.md").write_text(other_copies(text), encoding="utf-8")
    return folder


def report(folder: Path, book: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["check", str(folder), "--report", str(book), "-q", "-j", "1", "--no-cache"]
    )
    return result.exit_code, result.stderr


def edit(book: Path, change: Callable[[openpyxl.Workbook], None]) -> None:
    """Open the workbook as a reviewer would, change it and save it."""
    workbook = openpyxl.load_workbook(book)
    change(workbook)
    workbook.save(book)


def header(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[object]:
    return [cell.value for cell in sheet[1]]


def _column(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["问题清单"]
    sheet.cell(1, sheet.max_column + 1, "核对人")
    sheet.cell(2, sheet.max_column, "王五")


def _issues_column(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["期次"]
    sheet.cell(1, sheet.max_column + 1, "签收")


def _sheet(workbook: openpyxl.Workbook) -> None:
    workbook.create_sheet("我的笔记")["A1"] = "第3期要再核对"


def _comment(workbook: openpyxl.Workbook) -> None:
    workbook["问题清单"]["C2"].comment = Comment("请再核对", "王五")


def _row(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["问题清单"]
    sheet.cell(sheet.max_row + 2, 13, "合计：3 条问题，已逐条核对")


def _fill(workbook: openpyxl.Workbook) -> None:
    workbook["问题清单"]["A2"].fill = PatternFill("solid", start_color="00FF00")


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (_column, "column '核对人' on 问题清单"),
        (_issues_column, "column '签收' on 期次"),
        (_sheet, "sheet '我的笔记'"),
        (_comment, "cell comments"),
        (_fill, "a fill at 问题清单!A2"),
        (_row, "on 问题清单"),
    ],
    ids=["column", "issues-column", "sheet", "comment", "fill", "row"],
)
def test_a_reviewers_own_addition_stops_the_run_before_writing(
    tmp_path: Path, change: Callable[[openpyxl.Workbook], None], named: str
) -> None:
    folder, book = issues_with_findings(tmp_path / "issues"), tmp_path / "audit.xlsx"
    assert report(folder, book)[0] == 1
    edit(book, change)
    before = book.read_bytes()
    code, stderr = report(folder, book)
    assert code == 2
    assert stderr.count("\n") == 1 and named in stderr and "未写入任何文件" in stderr
    assert book.read_bytes() == before


def _rename_sheet(workbook: openpyxl.Workbook, old: str, new: str) -> None:
    """Rename a sheet as Excel, WPS and LibreOffice do: the defined names pointing at it follow."""
    workbook[old].title = new
    for name in list(workbook.defined_names):
        defined = workbook.defined_names[name]
        defined.attr_text = defined.attr_text.replace(f"'{old}'!", f"'{new}'!")


def _insert_rows_above(workbook: openpyxl.Workbook, title: str, count: int) -> None:
    """Insert rows at the top of a sheet as Excel and LibreOffice do: names below them move down."""
    workbook[title].insert_rows(1, count)
    for name in list(workbook.defined_names):
        defined = workbook.defined_names[name]
        if f"'{title}'!" in defined.attr_text and name.startswith("_audit.col."):
            defined.attr_text = defined.attr_text.replace("$1", f"${1 + count}")


@pytest.mark.parametrize("title", [None, "复核记录（第一轮）"])
def test_rows_inserted_above_the_header_are_followed_or_refused(tmp_path: Path, title: str | None) -> None:
    folder, book = issues_with_findings(tmp_path / "issues"), tmp_path / "audit.xlsx"
    report(folder, book)

    def change(workbook: openpyxl.Workbook) -> None:
        _insert_rows_above(workbook, "问题清单", 2)
        sheet = workbook["问题清单"]
        sheet.cell(4, [c.value for c in sheet[3]].index("备注") + 1, "已核对")
        if title:
            sheet["A1"] = title

    edit(book, change)
    code, stderr = report(folder, book)
    if title:
        assert code == 2 and "row 1 on 问题清单" in stderr
        return
    assert (code, stderr) == (1, "")
    sheet = openpyxl.load_workbook(book)["问题清单"]
    assert sheet.cell(2, header(sheet).index("备注") + 1).value == "已核对"


def test_a_renamed_resolved_sheet_keeps_every_row(tmp_path: Path) -> None:
    folder, book = issues_with_findings(tmp_path / "issues"), tmp_path / "audit.xlsx"
    report(folder, book)
    (folder / "issue-02-copy.md").unlink()  # fixed: its findings move to 已解决
    report(folder, book)
    resolved = [row for row in openpyxl.load_workbook(book)["已解决"].iter_rows(min_row=2, values_only=True)]
    assert resolved
    edit(book, lambda workbook: _rename_sheet(workbook, "已解决", "已处理"))
    code, stderr = report(folder, book)
    assert (code, stderr) == (0, "")
    workbook = openpyxl.load_workbook(book)
    kept = list(workbook["已解决"].iter_rows(min_row=2, values_only=True))
    fingerprint = header(workbook["已解决"]).index("指纹")
    assert sorted(r[fingerprint] for r in kept) == sorted(r[fingerprint] for r in resolved)


def test_a_renamed_note_header_keeps_every_note(tmp_path: Path) -> None:
    folder, book = issues_with_findings(tmp_path / "issues"), tmp_path / "audit.xlsx"
    report(folder, book)

    def note(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["问题清单"]
        column = header(sheet).index("备注") + 1
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, column, f"已核对 {row}")
        sheet.cell(1, column, "审核意见")

    edit(book, note)
    code, stderr = report(folder, book)
    assert (code, stderr) == (1, "")
    sheet = openpyxl.load_workbook(book)["问题清单"]
    notes = [row[header(sheet).index("备注")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert notes == [f"已核对 {row}" for row in range(2, sheet.max_row + 1)]


# Renders the workbook, then waits (READY touched) until the test has saved the workbook as a
# reviewer would, or opened it (a lock file), and touched GO: the rename comes after that.
HARNESS = """
import os, sys, time
from pathlib import Path
import audit.review as review

original = review.write_workbook
def write_workbook(*args, **kwargs):
    original(*args, **kwargs)
    Path(os.environ["AUDIT_TEST_READY"]).touch()
    while not Path(os.environ["AUDIT_TEST_GO"]).exists():
        time.sleep(0.02)
review.write_workbook = write_workbook

from audit.cli import main
sys.argv = ["audit", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("reviewer", ["saves 195 notes", "opens it"])
def test_a_save_during_the_run_is_never_lost(tmp_path: Path, reviewer: str) -> None:
    folder, book = issues_with_findings(tmp_path / "issues"), tmp_path / "audit.xlsx"
    report(folder, book)
    harness, ready, go = tmp_path / "harness.py", tmp_path / "ready", tmp_path / "go"
    harness.write_text(HARNESS, encoding="utf-8")
    env = {**cli_env(tmp_path), "AUDIT_TEST_READY": str(ready), "AUDIT_TEST_GO": str(go)}
    args = [str(harness), "check", str(folder), "--report", str(book), "-q", "-j", "1"]
    process = subprocess.Popen(
        [sys.executable, *args], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists()
        if reviewer == "opens it":
            (tmp_path / ".~lock.audit.xlsx#").write_text("reviewer", encoding="utf-8")
        else:
            sheet_notes = openpyxl.load_workbook(book)
            sheet = sheet_notes["问题清单"]
            for row in range(2, 197):
                sheet.cell(row, 30, f"note {row}")
            sheet_notes.save(book)
        saved = book.read_bytes()
        go.touch()
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 2
    assert book.read_bytes() == saved
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("audit.new-") and p.suffix == ".xlsx"]
    assert len(kept) == 1 and f"新工作簿为 {kept[0].name}" in stderr
    assert "问题清单" in openpyxl.load_workbook(kept[0]).sheetnames
    assert stderr.count("\n") == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_addition_is_refused_before_the_run_reads_a_file(tmp_path: Path) -> None:
    folder, book = issues_with_findings(tmp_path / "issues"), tmp_path / "audit.xlsx"
    report(folder, book)
    edit(book, _sheet)
    output = tmp_path / "out.json"
    args = ["check", str(folder), "--format", "json", "-o", str(output), "--report", str(book), "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "sheet '我的笔记'" in result.stderr
    assert not output.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_a_workbook_saved_by_libreoffice_is_carried_over(tmp_path: Path) -> None:
    # The examples carry figure findings, so the Facts sheet holds the toolkit's own comments, which
    # LibreOffice saves without their author; its styles and names are rewritten too.
    examples = Path(__file__).resolve().parents[2] / "examples"
    book = tmp_path / "audit.xlsx"
    result = CliRunner().invoke(main, ["check", str(examples), "--report", str(book), "-q", "-j", "1"])
    assert result.exit_code == 1
    converted = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(converted),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.copy(converted / "audit.xlsx", book)
    again = CliRunner().invoke(main, ["check", str(examples), "--report", str(book), "-q", "-j", "1"])
    assert (again.exit_code, again.stderr) == (1, "")


# Edits a workbook in LibreOffice itself, through UNO, as a reviewer would: renames 已解决, inserts a
# column at the front of 问题清单, renames the 备注 header and writes a note under it, saves as .xlsx.
UNO_EDIT = """
import os, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

source, profile = sys.argv[1], sys.argv[2]
pipe = f"audit_test_{os.getpid()}"
office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                           "--invisible", "--norestore", f"--accept=pipe,name={pipe};urp;"])
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    hidden = PropertyValue(Name="Hidden", Value=True)
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (hidden,))
    document.Sheets.getByName("已解决").Name = "已处理"
    findings = document.Sheets.getByName("问题清单")
    findings.Columns.insertByIndex(0, 1)
    for column in range(60):
        if findings.getCellByPosition(column, 0).String == "备注":
            findings.getCellByPosition(column, 0).String = "审核意见"
            findings.getCellByPosition(column, 1).String = "已电话核实"
            break
    flt = PropertyValue(Name="FilterName", Value="Calc MS Excel 2007 XML")
    document.storeToURL(uno.systemPathToFileUrl(source), (flt,))
    document.close(True)
finally:
    if desktop is not None:
        desktop.terminate()
    office.wait(timeout=60)
"""


@functools.cache
def _uno_python() -> str | None:
    """Return a Python that can import uno: LibreOffice's bridge comes with the system's Python."""
    if shutil.which("soffice") is None:
        return None
    for python in dict.fromkeys(p for p in (shutil.which("python3"), "/usr/bin/python3") if p):
        if Path(python).exists():
            found = subprocess.run([python, "-c", "import uno"], capture_output=True, check=False)
            if found.returncode == 0:
                return python
    return None


@pytest.mark.skipif(_uno_python() is None, reason="needs LibreOffice with its Python bridge (uno)")
def test_sheets_and_headers_renamed_in_libreoffice_are_still_carried_over(tmp_path: Path) -> None:
    folder, book = issues_with_findings(tmp_path / "issues"), tmp_path / "audit.xlsx"
    report(folder, book)
    copy = (folder / "issue-02-copy.md").read_bytes()
    (folder / "issue-02-copy.md").unlink()
    report(folder, book)  # the copy's findings move to 已解决
    (folder / "issue-02-copy.md").write_bytes(copy)
    report(folder, book)  # and come back, one resolved row left behind for each that did not
    workbook = openpyxl.load_workbook(book, read_only=True)
    resolved = len(list(workbook["已解决"].iter_rows(min_row=2)))
    workbook.close()
    script = tmp_path / "edit.py"
    script.write_text(UNO_EDIT, encoding="utf-8")
    subprocess.run(
        [str(_uno_python()), str(script), str(book), str(tmp_path / "profile")],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert "已处理" in openpyxl.load_workbook(book, read_only=True).sheetnames
    code, stderr = report(folder, book)
    assert (code, stderr) == (1, "")
    workbook = openpyxl.load_workbook(book, read_only=True)
    assert len(list(workbook["已解决"].iter_rows(min_row=2))) == resolved
    rows = list(workbook["问题清单"].iter_rows(values_only=True))
    assert rows[1][rows[0].index("备注")] == "已电话核实"


@pytest.mark.parametrize("locale", ["zh_CN.UTF-8", "C.UTF-8"])
def test_the_note_row_of_a_clean_run_is_not_a_reviewers_addition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    monkeypatch.setenv("LC_ALL", locale)
    folder, book = tmp_path / "issues", tmp_path / "audit.xlsx"
    write_issues(folder, 2)
    assert report(folder, book) == (0, "")
    workbook = openpyxl.load_workbook(book, read_only=True)
    findings = workbook.worksheets[1]
    assert [v for v in next(findings.iter_rows(min_row=2, max_row=2, values_only=True)) if v] == [
        "未发现问题" if locale.startswith("zh") else "No findings"
    ]
    workbook.close()
    assert report(folder, book) == (0, "")
