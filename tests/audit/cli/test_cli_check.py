"""The CLI is a projection of the library: same JSON, one test per exit code, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.pipeline import check
from tests.conftest import SEED_2022, SEED_2023, seed

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))

CLEAN = """窗口工作周报
2024年第3期（总第470期）
某省政务服务中心
2024年1月26日
（1月15日—1月19日）
一、受理办理情况
据统计，今年以来（截至1月19日），省本级行政许可事项受理1200件，办结1100件。
（共印 60 份）
"""


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(text, encoding=encoding)
    return path


def test_json_output_equals_the_library_result(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", CLEAN)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == check([str(path)]).to_dict()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_output_matches_its_schema(lang: str) -> None:
    result = CliRunner().invoke(main, ["check", str(seed(SEED_2023)), "--format", "json", "--lang", lang])
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert [(f["rule"], f["metric"], f["line"]) for f in data["findings"]] == [
        ("completed_le_accepted", "other_powers.completed", 31)
    ]


def test_exit_0_when_clean(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(_write(tmp_path, "a.md", CLEAN)), "--lang", "zh"])
    assert result.exit_code == 0
    assert "未发现问题" in result.stdout


def test_exit_1_on_findings_at_or_above_fail_on() -> None:
    path = str(seed(SEED_2022))
    assert CliRunner().invoke(main, ["check", path]).exit_code == 1
    assert CliRunner().invoke(main, ["check", path, "--fail-on", "never"]).exit_code == 0


def test_exit_2_on_unreadable_input_and_the_rest_is_checked(tmp_path: Path) -> None:
    good = _write(tmp_path, "a.md", CLEAN)
    (tmp_path / "old.doc").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [i["source"] for i in data["issues"]] == [str(good)]
    assert sorted(u["source"] for u in data["unreadable"]) == [
        str(tmp_path / "empty.txt"),
        str(tmp_path / "old.doc"),
    ]
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 2
    assert all(line.startswith("audit: ") and "Traceback" not in line for line in errors)
    assert any("old.doc: damaged or unsupported Word/WPS binary file" in line for line in errors)


def test_exit_2_on_usage_error() -> None:
    result = CliRunner().invoke(main, ["check", "x.md", "--fail-on", "sometimes"])
    assert result.exit_code == 2


def test_exit_2_on_bad_config(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", CLEAN)
    config = _write(tmp_path, "audit.toml", "disable = ['no_such_rule']\n")
    result = CliRunner().invoke(main, ["check", str(path), "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("audit: ") and "no_such_rule" in result.stderr


def test_missing_path_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.md")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["--help"], ["check", "--help"], ["extract", "--help"], ["rules"]])
def test_commands_never_import_great_expectations(command: list[str]) -> None:
    code = (
        "import sys; from audit.cli import main\n"
        f"try: main({command!r})\n"
        "except SystemExit: pass\n"
        "assert 'great_expectations' not in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_check_never_imports_great_expectations() -> None:
    code = (
        "import sys; from audit.cli import main\n"
        f"try: main(['check', {str(seed(SEED_2023))!r}, '--format', 'json'])\n"
        "except SystemExit: pass\n"
        "assert 'great_expectations' not in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_console_script_leaves_hypothesis_unimported() -> None:
    # pandera would import hypothesis (installed with the test extras) for nothing: 0.1 s per gate.
    code = (
        "import sys; from audit.cli import run\n"
        f"sys.argv = ['audit', 'check', {str(ROOT / 'examples' / '2024-第45期-总第490期.md')!r}, '-q']\n"
        "try: run()\n"
        "except SystemExit as end: code = end.code\n"
        "assert sys.modules.get('hypothesis') is None, 'hypothesis was imported'\n"
        "assert 'pandera.backends.pandas.builtin_checks' in sys.modules\n"
        "sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("fmt", ["text", "junit", "github"])
def test_every_format_renders_the_seed_finding(fmt: str) -> None:
    result = CliRunner().invoke(main, ["check", str(seed(SEED_2022)), "--format", fmt, "--lang", "en"])
    assert result.exit_code == 1
    assert "completed_le_accepted" in result.stdout
    assert "10359" in result.stdout


def test_output_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out" / "result.json"
    result = CliRunner().invoke(main, ["check", str(seed(SEED_2022)), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["errors"] == 1
    assert result.stdout == ""


def _cell_values(path: Path) -> dict[str, list[list[object]]]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_workbook_written_beside_the_output_is_the_one_written_after_it(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    _write(folder, "a.md", CLEAN)
    _write(
        folder, "b.md", CLEAN.replace("第3期（总第470期）", "第4期（总第471期）").replace("1200件", "1000件")
    )
    outputs = {}
    for jobs in ("1", "2"):
        report, output = tmp_path / f"audit-{jobs}.xlsx", tmp_path / f"out-{jobs}.json"
        outcome = CliRunner().invoke(
            main,
            [
                "check",
                str(folder),
                "-j",
                jobs,
                "-q",
                "--lang",
                "zh",
                "--format",
                "json",
                "-o",
                str(output),
                "--report",
                str(report),
            ],
        )
        assert outcome.exit_code == 1, outcome.output
        outputs[jobs] = (output.read_text(encoding="utf-8"), _cell_values(report))
    # The workbook is stamped with the time it was made: everything else is the same.
    (json_1, book_1), (json_2, book_2) = outputs["1"], outputs["2"]
    assert json_1 == json_2
    assert {k: v for k, v in book_1.items() if k != "概览"} == {
        k: v for k, v in book_2.items() if k != "概览"
    }
    assert len(book_1["问题清单"]) > 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_workbook_that_cannot_be_written_is_one_line_and_the_output_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    from audit import formats
    from audit.errors import OutputError
    from audit.messages import text

    def locked(result: object, path: str, lang: str) -> None:
        raise OutputError(path, text("cannot_replace", reason="locked"), text("close_in_excel"))

    monkeypatch.setattr(formats, "write_report", locked)
    output, report = tmp_path / "out.json", tmp_path / "audit.xlsx"
    path = _write(tmp_path, "a.md", CLEAN)
    outcome = CliRunner().invoke(
        main, ["check", str(path), "-j", jobs, "--format", "json", "-o", str(output), "--report", str(report)]
    )
    assert outcome.exit_code == 2
    assert outcome.stderr.count("\n") == 1 and outcome.stderr.startswith(f"audit: {report}: ")
    assert json.loads(output.read_text(encoding="utf-8"))["summary"]["issues"] == 1
    assert not report.exists()
