"""Untrusted text (document sentences, file names) never becomes a formula, a link, markup or a command."""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
import zipfile
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from audit.cli import main
from audit.pipeline import check
from reports.github import render as render_github
from reports.junit import render as render_junit
from reports.text import render as render_text
from reports.xlsx import write_workbook
from reports.xlsx_cells import FORMULA_START

FORMULA = '=HYPERLINK("http://evil.example","点击")'
# Without the usual "!": it would end the sentence, and the evidence with it.
DDE = "+cmd|' /C calc'|A0"
MARKUP = "<script>alert(1)</script>]]>&amp;"
ANSI = "\x1b[31m\x1b]8;;http://evil.example\x07"
# A valid issue whose statistics sentences open with the payloads: they reach the facts' and the
# findings' evidence (办结 > 受理 and a week above its year-to-date total are findings).
ISSUE = f"""窗口工作周报
2024年第3期（总第470期）
某省政务服务中心
2024年1月26日
（1月15日—1月19日）
一、受理办理情况
{FORMULA}据统计，今年以来（截至1月19日），省本级行政许可事项受理1200件，办结1300件。
{DDE} {MARKUP}{ANSI}本周综窗咨询100人次，受理50件，今年以来咨询90人次，受理600件。
@SUM(1+1)本周完成3个办理项的受理工作手册编制，共完成40个，占比40%。
（共印 60 份）
"""
# Every field a renderer shows, filled with what a hostile document or file name could carry.
HOSTILE = [
    FORMULA,
    DDE,
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    MARKUP,
    ANSI,
    "line\n::error::injected%0A::warning::too\r\n::notice::x",
    "a:b,c%d\x00\x01\x0b\x1f\x7f\ufffe\u202e\u2028",
]


@cache
def _base_data() -> str:
    """Return, as JSON, the library's result on ISSUE saved as a file (computed once)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "issue.md"
        path.write_text(ISSUE, encoding="utf-8")
        data = check([path]).to_dict()
    assert data["findings"], "the issue must have findings to render"
    return json.dumps(data, ensure_ascii=False)


def hostile_data(payload: str) -> dict[str, Any]:
    """Return a result object with ``payload`` in every text field a renderer shows."""
    data = json.loads(_base_data())
    for table in ("issues", "facts", "findings"):
        for row in data[table]:
            for key, value in row.items():
                if isinstance(value, str) and key not in ("rule", "severity", "metric", "scope", "unit"):
                    row[key] = payload + value
    data["unreadable"] = [{"source": payload, "message": f"{payload}: empty file"}]
    return data


# --- Excel ---------------------------------------------------------------------------------


def assert_inert_workbook(path: Path, payloads: list[str]) -> None:
    """Ensure no cell of the workbook is a formula or a link, and every payload is there as text."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            # Text is XML-escaped, so only a real element or relationship can match these.
            assert not re.search(rb"<(?:\w+:)?hyperlinks?[\s/>]|relationships/hyperlink", data), name
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", data), name
    texts: list[str] = []
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        assert not sheet._hyperlinks
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.data_type == "s"
    for payload in payloads:
        assert any(text.startswith(payload[:6]) for text in texts), payload


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
def test_the_workbook_holds_hostile_text_as_plain_text(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(hostile_data(payload), path)
    # (A leading CR comes back as LF from any XML parser, so only printable starts are looked up.)
    expected = [payload] if payload[:1] in ("=", "+", "-", "@", "<", "\t") else []
    assert_inert_workbook(path, expected)


def test_check_and_extract_workbooks_from_a_hostile_issue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from the issue's folder, so that its source name is the bare hostile file name.
    (tmp_path / "=1+1.md").write_text(ISSUE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "=1+1.md", "--report", "audit.xlsx", "--no-cache", "-j", "1"])
    assert checked.exit_code == 1, checked.output
    assert_inert_workbook(Path("audit.xlsx"), [FORMULA, DDE, "@SUM", "=1+1.md"])
    extracted = runner.invoke(main, ["extract", "=1+1.md", "-o", "tables.xlsx", "--no-cache", "-j", "1"])
    assert extracted.exit_code == 0, extracted.output
    assert_inert_workbook(Path("tables.xlsx"), [FORMULA, DDE, "@SUM", "=1+1.md"])


# --- JUnit XML -----------------------------------------------------------------------------


def _texts(root: ET.Element) -> str:
    return "\n".join([*(root.itertext()), *(v for e in root.iter() for v in e.attrib.values())])


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
def test_junit_is_well_formed_and_keeps_markup_as_text(payload: str) -> None:
    xml = render_junit(hostile_data(payload))
    xml.encode("utf-8")
    root = ET.fromstring(xml)
    assert {element.tag for element in root.iter()} <= {
        "testsuites",
        "testsuite",
        "testcase",
        "failure",
        "skipped",
        "error",
    }
    texts = _texts(root)
    if "<script>" in payload:
        assert "<script>alert(1)</script>]]>&amp;" in texts
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", texts)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=40))
def test_junit_survives_any_text(payload: str) -> None:
    data = hostile_data(payload)
    xml = render_junit(data)
    xml.encode("utf-8")
    ET.fromstring(xml)


# --- GitHub workflow commands --------------------------------------------------------------


def _unescape(text: str, prop: bool) -> str:
    """Undo the escaping as the Actions runner does (docs: %25 %0D %0A, and %3A %2C in properties)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for escaped, plain in pairs:
        text = text.replace(escaped, plain)
    return text.replace("%25", "%")


def parse_commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Parse workflow commands as the runner does: ``::name k=v,k=v::data``, one per line."""
    commands = []
    for line in re.split(r"\r\n|\r|\n", output.rstrip("\n")):
        match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
        assert match, line
        props = dict(item.split("=", 1) for item in match[2].split(","))
        commands.append(
            (match[1], {k: _unescape(v, True) for k, v in props.items()}, _unescape(match[3], False))
        )
    return commands


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
def test_github_annotations_cannot_be_broken_out_of(payload: str) -> None:
    data = hostile_data(payload)
    commands = parse_commands(render_github(data))
    live = [f for f in data["findings"] if not f["waived"]]
    assert len(commands) == len(live) + 1
    for (_, props, message), finding in zip(commands, live, strict=False):
        assert props["file"] == finding["source"]
        assert message == finding["message"]
    assert commands[-1][1]["file"] == payload


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_github_round_trips_any_message_and_file_name(message: str, source: str) -> None:
    finding = {
        "waived": False,
        "source": source,
        "line": 3,
        "rule": "value_valid",
        "title": message,
        "severity": "error",
        "message": message,
    }
    commands = parse_commands(render_github({"findings": [finding], "unreadable": []}))
    assert commands == [
        ("error", {"file": source, "line": "3", "title": f"value_valid ({message})"}, message)
    ]


def test_a_file_name_with_a_newline_and_a_command_stays_one_annotation(tmp_path: Path) -> None:
    name = "a\n::error::pwned,%0A:x.md"
    (tmp_path / name).write_text(ISSUE, encoding="utf-8")
    (tmp_path / "empty\n::warning::x.md").write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "github", "--no-cache", "-j", "1"])
    assert result.exit_code == 2
    commands = parse_commands(result.stdout)
    assert {props["file"] for _, props, _ in commands} == {
        str(tmp_path / name),
        str(tmp_path / "empty\n::warning::x.md"),
    }
    # The stderr line about the empty file is one line too, its newline shown as \n.
    assert result.stderr == f"audit: {tmp_path}/empty\\n::warning::x.md: empty file\n"


# --- text ----------------------------------------------------------------------------------


def _invisible(text: str) -> list[str]:
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
def test_text_output_shows_control_characters_instead_of_obeying_them(payload: str) -> None:
    data = hostile_data(payload)
    for colour in (False, True):
        output = render_text(data, "zh", colour)
        if colour:
            # click.style's own escapes are the only ones allowed through.
            output = re.sub(r"\x1b\[[0-9;]*m", "", output)
        assert _invisible(output) == []
        sources = {f["source"] for f in data["findings"]}
        assert len(output.splitlines()) == len(sources) + len(data["findings"]) + 1


def test_a_file_name_with_escape_sequences_is_shown_escaped(tmp_path: Path) -> None:
    # Red text, clear screen, a terminal hyperlink, a right-to-left override: none may act.
    ansi = "\x1b[31m\x1b[2J\x1b]8;;evil\x07"
    (tmp_path / f"{ansi}\u202eissue.md").write_text(ISSUE, encoding="utf-8")
    (tmp_path / f"{ansi}empty.md").write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--no-cache", "-j", "1"])
    assert result.exit_code == 2
    assert _invisible(result.stdout) == []
    assert "\\x1b[31m\\x1b[2J\\x1b]8;;evil\\x07\\u202eissue.md" in result.stdout
    assert result.stderr == f"audit: {tmp_path}/\\x1b[31m\\x1b[2J\\x1b]8;;evil\\x07empty.md: empty file\n"


# --- JSON ----------------------------------------------------------------------------------


def test_json_keeps_hostile_text_exactly_and_stays_valid(tmp_path: Path) -> None:
    path = tmp_path / "issue.md"
    path.write_text(ISSUE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--no-cache", "-j", "1"])
    data = json.loads(result.stdout)
    evidence = {fact["evidence"] for fact in data["facts"]}
    assert any(e.startswith(FORMULA) for e in evidence)
    assert any(e.startswith(DDE) and ANSI in e for e in evidence)
    assert "\x1b" not in result.stdout  # JSON escapes control characters as \u001b
