"""``audit extract``: JSON on stdout or tables to a file; bad files named, the rest extracted."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.generate import generate_series, render, strip_markdown, write_docx, write_text
from tests.conftest import SEED_2023, seed


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    spec = generate_series(2, seed=4)
    write_text(tmp_path / "good.md", render(spec[0]))
    docx = write_docx(tmp_path / "good.docx", strip_markdown(render(spec[1])))
    (tmp_path / "truncated.docx").write_bytes(docx.read_bytes()[:900])
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "old.doc").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a docx")
    (tmp_path / "notword.docx").write_bytes(buffer.getvalue())
    return tmp_path


def test_mixed_directory(mixed: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(mixed)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert sorted(Path(i["source"]).name for i in data["issues"]) == ["good.docx", "good.md"]
    assert all(i["serial_no"] for i in data["issues"])
    assert data["findings"] == []
    lines = result.stderr.strip().splitlines()
    named = sorted(
        next(n for n in ("truncated.docx", "empty.txt", "junk.txt", "old.doc", "notword.docx") if n in line)
        for line in lines
    )
    assert named == ["empty.txt", "junk.txt", "notword.docx", "old.doc", "truncated.docx"]
    assert "Traceback" not in result.stderr
    assert any("old.doc" in line and "save as .docx" in line for line in lines)


def test_json_contract_of_a_seed() -> None:
    result = CliRunner().invoke(main, ["extract", str(seed(SEED_2023)), "--format", "json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert list(data) == ["tool", "issues", "facts", "figures", "findings", "unreadable", "summary"]
    assert data["issues"][0]["published"] == "2023-09-11"
    coverage = data["summary"].pop("coverage")
    assert [(c["numbers"], c["understood"]) for c in coverage] == [(47, 47)]
    assert data["summary"] == {
        "issues": 1,
        "facts": 17,
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "waived": 0,
        "root_causes": 0,
        "consequences": 0,
        "unreadable": 0,
    }


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".csv"])
def test_tables_to_a_file(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"tables{suffix}"
    result = CliRunner().invoke(main, ["extract", str(seed(SEED_2023)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".json":
        assert len(json.loads(out.read_text(encoding="utf-8"))["facts"]) == 17
    elif suffix == ".xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        assert list(sheets) == ["issues", "facts", "headings", "dates", "enumerations"]
        assert len(sheets["facts"]) == 17
    else:
        facts = pd.read_csv(tmp_path / "tables-facts.csv", encoding="utf-8-sig")
        assert facts.loc[facts["metric"] == "manual.share", "value"].tolist() == [54.91]


def test_unknown_output_suffix_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(seed(SEED_2023)), "-o", str(tmp_path / "x.parquet")])
    assert result.exit_code == 2
    assert "use .json, .csv or .xlsx" in result.stderr


def test_formula_text_stays_text_in_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://x","y")'
    text = render(generate_series(1, seed=4, style="2022")[0]).replace("据", formula + "据", 1)
    path = write_text(tmp_path / "a.md", text)
    out = tmp_path / "t.xlsx"
    assert CliRunner().invoke(main, ["extract", str(path), "-o", str(out)]).exit_code == 0
    facts = load_workbook(out)["facts"]
    evidence = [row[6] for row in facts.iter_rows(min_row=2)]
    assert evidence and all(cell.value.startswith(formula) and cell.data_type == "s" for cell in evidence)
