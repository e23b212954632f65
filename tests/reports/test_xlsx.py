"""The audit workbook renderer: sheets, headers, drop-down, one row per finding, marks, print setup."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import python_calamine
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.escape import unescape

from reports.xlsx import Review, write_workbook
from reports.xlsx_cells import clean_text, display_width
from reports.xlsx_layout import (
    FACT_COLUMNS,
    FINDING_COLUMNS,
    ISSUE_COLUMNS,
    NUMBER_COLUMNS,
    RESOLVED_COLUMN,
    REVIEW_COLUMNS,
    word,
)
from reports.xlsx_marks import mark_evidence

GENERATED = datetime(2024, 5, 20, 9, 30)
EVIDENCE = "其它九类行权事项受理9494件，办结10359件。"


def _issue(source: str, serial: int, issue_no: int) -> dict[str, Any]:
    return {
        "source": source,
        "publisher": "四川省政府政务服务和公共资源交易服务中心",
        "title": "窗口工作周报",
        "year": 2022,
        "issue_no": issue_no,
        "serial_no": serial,
        "published": "2022-05-20",
        "period_start": "2022-05-05",
        "period_end": "2022-05-13",
        "as_of": "2022-05-13",
        "copies": 80,
    }


def _fact(source: str, metric: str, value: int) -> dict[str, Any]:
    return {
        "source": source,
        "metric": metric,
        "scope": "ytd",
        "value": value,
        "unit": "件",
        "line": 17,
        "evidence": EVIDENCE,
        "carryover": False,
        "category_count": None,
    }


def finding(
    fingerprint: str, rule: str = "completed_le_accepted", severity: str = "error", **values: Any
) -> dict[str, Any]:
    """Return one finding of the JSON contract; ``values`` override its fields."""
    base = {
        "rule": rule,
        "severity": severity,
        "source": "a.txt",
        "year": 2022,
        "issue_no": 14,
        "serial_no": 389,
        "metric": "other_powers.completed",
        "scope": "ytd",
        "observed": "10359",
        "expected": "≤ 9494",
        "message": "其它行权事项办结 10359 件，超过受理 9494 件，且未注明结转",
        "line": 17,
        "evidence": EVIDENCE,
        "other": None,
        "other_source": None,
        "other_line": None,
        "fingerprint": fingerprint,
        "waived": False,
        "waiver": None,
        "title": "办结数不超过受理数",
    }
    return {**base, **values}


def result(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a two-issue result object holding ``findings``."""
    return {
        "tool": {"name": "weekly-report-audit", "version": "0.1.0"},
        "issues": [_issue("a.txt", 389, 14), _issue("b.txt", 390, 15)],
        "facts": [
            _fact("a.txt", "other_powers.accepted", 9494),
            _fact("a.txt", "other_powers.completed", 10359),
            _fact("b.txt", "other_powers.accepted", 9600),
            _fact("b.txt", "other_powers.completed", 9000),
        ],
        "findings": findings,
        "unreadable": [],
        "summary": {
            "issues": 2,
            "facts": 4,
            "errors": 1,
            "warnings": 1,
            "infos": 0,
            "waived": 0,
            "unreadable": 0,
        },
    }


FINDINGS = [
    finding("0000000000000001"),
    finding(
        "0000000000000002",
        rule="serial_sequential",
        source="b.txt",
        serial_no=390,
        metric=None,
        scope=None,
        severity="warning",
        observed="390",
        expected="390",
        other="2022年第14期",
        other_source="a.txt",
        other_line=5,
    ),
]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "audit.xlsx"
    write_workbook(result(FINDINGS), path, generated=GENERATED)
    return path


def _header(path: Path, sheet: str) -> list[Any]:
    return [c.value for c in openpyxl.load_workbook(path)[sheet][1]]


def letter(sheet: Any, header: str) -> str:
    """Return the column letter of ``header`` in the first row of ``sheet``."""
    return get_column_letter([c.value for c in sheet[1]].index(header) + 1)


def column(sheet: Any, letter: str) -> Any:
    """Return the width and outline of column ``letter``: neighbouring columns alike are stored as one range."""
    index = column_index_from_string(letter)
    found = [d for d in sheet.column_dimensions.values() if d.min and d.min <= index <= (d.max or d.min)]
    assert len(found) == 1, (letter, found)
    return found[0]


@pytest.mark.parametrize(
    ("lang", "sheets"),
    [
        ("zh", ["概览", "问题清单", "提取数据", "期次", "未归类数字", "趋势", "已解决"]),
        ("en", ["Summary", "Findings", "Facts", "Issues", "Unclassified numbers", "Trends", "Resolved"]),
    ],
)
def test_sheet_names_and_headers(tmp_path: Path, lang: str, sheets: list[str]) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(result(FINDINGS), path, lang, generated=GENERATED)
    assert openpyxl.load_workbook(path).sheetnames == sheets
    finding_headers = [c.header(lang) for c in (*FINDING_COLUMNS, *REVIEW_COLUMNS)]
    assert _header(path, sheets[1]) == finding_headers
    assert _header(path, sheets[2]) == [c.header(lang) for c in FACT_COLUMNS]
    assert _header(path, sheets[3]) == [c.header(lang) for c in ISSUE_COLUMNS]
    assert _header(path, sheets[4]) == [c.header(lang) for c in NUMBER_COLUMNS]
    assert _header(path, sheets[6]) == [RESOLVED_COLUMN.header(lang), *finding_headers]


@pytest.mark.parametrize(
    ("lang", "headers", "labels"),
    [
        ("zh", ["严重程度", "复核状态", "复核人", "复核日期", "备注"], ["错误", "警告"]),
        ("en", ["Severity", "Review status", "Reviewer", "Review date", "Note"], ["Error", "Warning"]),
    ],
)
def test_labels_in_both_languages(tmp_path: Path, lang: str, headers: list[str], labels: list[str]) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(result(FINDINGS), path, lang, generated=GENERATED)
    header = _header(path, openpyxl.load_workbook(path).sheetnames[1])
    assert header[0] == headers[0]
    assert header[-4:] == headers[1:]
    rows = list(openpyxl.load_workbook(path).worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == labels


@pytest.mark.parametrize(
    ("lang", "choices"),
    [("zh", "待复核,已确认,误报,已豁免"), ("en", "Pending,Confirmed,False positive,Waived")],
)
def test_review_status_has_a_drop_down(tmp_path: Path, lang: str, choices: str) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(result(FINDINGS), path, lang, generated=GENERATED)
    sheet = openpyxl.load_workbook(path).worksheets[1]
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, validation.formula1) == ("list", f'"{choices}"')
    status = letter(sheet, REVIEW_COLUMNS[0].header(lang))
    assert str(validation.sqref) == f"{status}2:{status}3"
    assert [sheet[f"{status}2"].value, sheet[f"{status}3"].value] == [choices.split(",")[0]] * 2


@pytest.mark.parametrize("count", [0, 1, 250])
def test_every_finding_appears_once(tmp_path: Path, count: int) -> None:
    findings = [finding(f"{n:016x}", line=n + 1) for n in range(count)]
    path = tmp_path / "audit.xlsx"
    write_workbook(result(findings), path, generated=GENERATED)
    sheet = openpyxl.load_workbook(path)["问题清单"]
    column = [c.header("zh") for c in FINDING_COLUMNS].index("指纹") + 1
    seen = [row[0] for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column, values_only=True)]
    assert [s for s in seen if s] == [f["fingerprint"] for f in findings]
    if not findings:  # a sheet of headings alone would print as if something were missing
        assert sheet[f"{letter(sheet, '问题说明')}2"].value == "未发现问题"


def test_finding_row_values(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["问题清单"]
    row = dict(zip(_header(workbook, "问题清单"), [c.value for c in sheet[2]], strict=True))
    assert row == {
        "严重程度": "错误",
        "期次与出处": "2022年第14期（总第389期）\n第17行",
        "指标": "其它行权事项办结",
        "问题说明": "其它行权事项办结 10359 件，超过受理 9494 件，且未注明结转",
        "疑似录入错误": None,
        "原文": "其它九类行权事项受理9494件，办结【10359】件。",
        "对照": None,
        "豁免": None,
        "实际值": "10359",
        "建议值": None,
        "期望值": "≤ 9494",
        "规则": "completed_le_accepted",
        "规则说明": "办结数不超过受理数",
        "年份": 2022,
        "期号": 14,
        "总期号": 389,
        "文件": "a.txt",
        "页": None,
        "行": 17,
        "口径": "今年以来",
        "原文（原样）": EVIDENCE,
        "对照文件": None,
        "指纹": "0000000000000001",
        "根本原因（指纹）": None,
        "复核状态": "待复核",
        "复核人": None,
        "复核日期": None,
        "备注": None,
    }
    assert sheet["A2"].fill.start_color.rgb.endswith("FFC7CE")
    assert sheet["A3"].fill.start_color.rgb.endswith("FFEB9C")
    assert sheet[f"{letter(sheet, '对照')}3"].value == "2022年第14期 第5行"
    assert sheet[f"{letter(sheet, '对照文件')}3"].value == "a.txt"


@pytest.mark.parametrize(
    ("lang", "suggestion"),
    [
        ("zh", "疑似录入错误：10359 应为 1035（多打一位数字）"),
        ("en", "Probable typing error: 10359 should be 1035"),
    ],
)
def test_a_suggested_correction_is_printed_beside_the_message(
    tmp_path: Path, lang: str, suggestion: str
) -> None:
    path = tmp_path / "audit.xlsx"
    suggested = finding("0000000000000003", suggested="1035", suggestion=suggestion)
    write_workbook(result([suggested]), path, generated=GENERATED, lang=lang)
    sheet = openpyxl.load_workbook(path)["问题清单" if lang == "zh" else "Findings"]
    row = dict(zip(_header(path, sheet.title), [c.value for c in sheet[2]], strict=True))
    headers = (
        ("疑似录入错误", "建议值", "实际值")
        if lang == "zh"
        else ("Probable typing error", "Suggested value", "Observed")
    )
    assert [row[h] for h in headers] == [suggestion, "1035", "10359"]
    # On paper: printed beside the message, not among the hidden technical columns.
    assert not column(sheet, letter(sheet, headers[0])).hidden


@pytest.mark.parametrize(
    ("lang", "prefix"), [("zh", "↳ 由上方问题引起："), ("en", "↳ Follows from the finding above: ")]
)
def test_a_consequence_is_listed_right_under_its_cause(tmp_path: Path, lang: str, prefix: str) -> None:
    path = tmp_path / "audit.xlsx"
    cause = finding("00000000000000c1", severity="warning", message="cause")
    other = finding("00000000000000f2", severity="warning", message="unrelated", source="b.txt")
    consequence = finding("00000000000000c2", caused_by="00000000000000c1", message="follows")
    # The result lists findings by severity: the consequence (an error) before its cause.
    write_workbook(result([consequence, cause, other]), path, generated=GENERATED, lang=lang)
    sheet = openpyxl.load_workbook(path)["问题清单" if lang == "zh" else "Findings"]
    header = _header(path, sheet.title)
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    message, fingerprint, caused = (
        ("问题说明", "指纹", "根本原因（指纹）")
        if lang == "zh"
        else ("Message", "Fingerprint", "Caused by (fingerprint)")
    )
    assert [(r[message], r[fingerprint], r[caused]) for r in rows] == [
        ("cause", "00000000000000c1", None),
        (prefix + "follows", "00000000000000c2", "00000000000000c1"),
        ("unrelated", "00000000000000f2", None),
    ]


@pytest.mark.parametrize(
    ("page", "where"),
    [(None, "2022年第14期（总第389期）\n第17行"), (3, "2022年第14期（总第389期）\n第3页 第17行")],
)
def test_pdf_findings_name_their_page(tmp_path: Path, page: int | None, where: str) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(result([finding("0000000000000001", page=page)]), path, generated=GENERATED)
    sheet = openpyxl.load_workbook(path)["问题清单"]
    assert sheet[f"{letter(sheet, '期次与出处')}2"].value == where
    assert sheet[f"{letter(sheet, '页')}2"].value == page


def test_findings_sheet_filter_freeze_and_widths(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["问题清单"]
    last = get_column_letter(len(FINDING_COLUMNS) + len(REVIEW_COLUMNS))
    assert (sheet.auto_filter.ref, sheet.freeze_panes) == (f"A1:{last}3", "A2")
    # A wrapped column keeps its full width (the row heights are computed for it).
    assert column(sheet, letter(sheet, "原文")).width == 30
    technical = {c.header("zh") for c in FINDING_COLUMNS if c.technical}
    for cell in sheet[1]:
        dimension = column(sheet, cell.column_letter)
        assert (dimension.hidden, dimension.outline_level) == (
            (True, 1) if cell.value in technical else (False, 0)
        )
    assert {"规则", "指纹", "对照文件"} <= technical


def test_carried_reviews_are_written(tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    reviews = {"0000000000000002": Review("false_positive", "李四", datetime(2024, 5, 21), "期号另有说明")}
    resolved = [
        {
            **finding("00000000000000ff"),
            "severity": "错误",
            "status": "已确认",
            "reviewer": "王五",
            "resolved": datetime(2024, 5, 20),
        }
    ]
    write_workbook(result(FINDINGS), path, "en", reviews=reviews, resolved=resolved, generated=GENERATED)
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["Findings"][3]][-4:] == [
        "False positive",
        "李四",
        datetime(2024, 5, 21),
        "期号另有说明",
    ]
    assert book["Findings"][f"{letter(book['Findings'], 'Review date')}3"].number_format == "yyyy-mm-dd"
    header = [c.value for c in book["Resolved"][1]]
    row = dict(zip(header, [c.value for c in book["Resolved"][2]], strict=True))
    assert [row[h] for h in ("Resolved on", "Severity", "Review status", "Reviewer", "Fingerprint")] == [
        datetime(2024, 5, 20),
        "Error",
        "Confirmed",
        "王五",
        "00000000000000ff",
    ]


def test_facts_in_a_finding_are_highlighted_with_a_comment(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["提取数据"]
    value = [c.header("zh") for c in FACT_COLUMNS].index("数值") + 1
    rows = list(sheet.iter_rows(min_row=2))
    marked = [(r[value - 1].value, r[value - 1].comment.text if r[value - 1].comment else None) for r in rows]
    assert marked == [
        (9494, None),
        (10359, "completed_le_accepted：办结数不超过受理数"),
        (9600, None),
        (9000, None),
    ]
    assert rows[1][0].fill.start_color.rgb.endswith("FFC7CE")
    assert rows[0][0].fill.fill_type is None


def test_issues_with_numbering_findings_are_highlighted(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["期次"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [(r[2].value, r[-1].value) for r in rows] == [(389, None), (390, "serial_sequential：总期号连续")]
    assert rows[1][0].fill.start_color.rgb.endswith("FFEB9C")
    assert rows[0][0].fill.fill_type is None
    assert rows[0][3].value == datetime(2022, 5, 20)


def test_summary_counts_and_issue_status(workbook: Path) -> None:
    rows = list(openpyxl.load_workbook(workbook)["概览"].iter_rows(values_only=True))
    pairs = {row[0]: row[1] for row in rows if row and row[0] is not None}
    assert pairs["审计文件数"] == 2
    assert pairs["期号范围"] == "2022年第14期 — 2022年第15期"
    assert pairs["总期号范围"] == "389 — 390"
    assert pairs["生成时间"] == GENERATED
    assert pairs["工具版本"] == "weekly-report-audit 0.1.0"
    assert pairs["错误"] == 1
    assert pairs["待复核"] == 2


def test_every_sheet_prints_landscape_one_page_wide(workbook: Path) -> None:
    for sheet in openpyxl.load_workbook(workbook):
        assert sheet.page_setup.orientation == "landscape", sheet.title
        # fitToWidth is left out when it is 1, the file format's default.
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"


def test_pandas_reads_every_sheet(workbook: Path) -> None:
    # dtype=str: pandas would read the all-digit test fingerprints as numbers.
    sheets = pd.read_excel(workbook, sheet_name=None, dtype=str)
    assert list(sheets) == ["概览", "问题清单", "提取数据", "期次", "未归类数字", "趋势", "已解决"]
    assert list(sheets["问题清单"]["指纹"]) == ["0000000000000001", "0000000000000002"]
    assert len(sheets["提取数据"]) == 4 and sheets["已解决"].empty


UNTRUSTED = ['=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1)", "\tTAB", "\rCR", "=1+1"]


@pytest.mark.parametrize("text", UNTRUSTED)
def test_untrusted_text_is_never_a_formula(tmp_path: Path, text: str) -> None:
    path = tmp_path / "audit.xlsx"
    risky = finding("0000000000000001", evidence=text, message=text, observed=text, source=text)
    data = result([risky])
    data["facts"][0]["evidence"] = text
    data["issues"][0]["publisher"] = text
    write_workbook(data, path, generated=GENERATED)
    book = openpyxl.load_workbook(path)
    findings = book["问题清单"]
    cells = [
        findings[f"{letter(findings, header)}2"] for header in ("文件", "实际值", "问题说明", "原文（原样）")
    ]
    cells += [
        book["提取数据"][f"{letter(book['提取数据'], '原文')}2"],
        book["期次"][f"{letter(book['期次'], '发布单位')}2"],
    ]
    assert [(c.data_type, shown(c.value), c.quotePrefix) for c in cells] == [("s", text, True)] * len(cells)
    assert findings[f"{letter(findings, '原文')}2"].data_type == "s"


def shown(value: Any) -> Any:
    """Return a cell's text as Excel shows it: "_x000D_" is a carriage return (openpyxl reads it as is)."""
    return unescape(value) if isinstance(value, str) else value


@pytest.mark.parametrize("text", ["_x0041_", "总第_x0031_期", "_x005F_"])
def test_text_that_looks_like_an_escape_is_shown_as_printed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(result([finding("0000000000000001", evidence=text)]), path, generated=GENERATED)
    sheet = openpyxl.load_workbook(path)["问题清单"]
    column = column_index_from_string(letter(sheet, "原文（原样）")) - 1
    # calamine reads texts as Excel shows them, wherever they are kept (openpyxl unescapes shared texts
    # only, and only in part).
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("问题清单").to_python()
    assert rows[1][column] == text


def test_control_characters_are_made_visible(tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(
        result([finding("0000000000000001", evidence="办结\x01件\x0b。\ufffe")]), path, generated=GENERATED
    )
    sheet = openpyxl.load_workbook(path)["问题清单"]
    assert sheet[f"{letter(sheet, '原文')}2"].value == "办结\u2401件\u240b。\ufffd"


@pytest.mark.parametrize(
    ("evidence", "observed", "marked"),
    [
        ("受理9494件，办结10359件。", "10359", "受理9494件，办结【10359】件。"),
        ("总第3890期，总第389期", "389", "总第3890期，总第【389】期"),
        ("占比 54.91%，54.9", "54.9", "占比 54.91%，【54.9】"),
        ("共 389. 期", "389", "共 【389】. 期"),
        ("只有3890", "389", "只有【389】0"),
        ("没有这个数", "123", "没有这个数"),
        ("", "1", ""),
        (None, "1", None),
        ("数字 1", None, "数字 1"),
    ],
)
def test_mark_evidence(evidence: str | None, observed: str | None, marked: str | None) -> None:
    assert mark_evidence(evidence, observed) == marked


@pytest.mark.parametrize(
    ("value", "width"),
    [
        ("abc", 3),
        ("窗口工作周报", 12),
        ("第 14 期", 8),
        ("（全角）", 8),
        (12345, 5),
        (None, 0),
        ("a\n窗口", 4),
    ],
)
def test_display_width_counts_cjk_double(value: Any, width: int) -> None:
    assert display_width(value) == width


def test_clean_text_caps_length() -> None:
    assert len(clean_text("字" * 40000)) == 32767


def test_libreoffice_converts_the_workbook(workbook: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice is not on PATH")
    done = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(workbook)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pdf" / "audit.pdf").stat().st_size > 0


def _figure(source: str, raw: str, role: str, problem: str = "") -> dict[str, Any]:
    return {
        "source": source,
        "line": 7,
        "raw": raw,
        "value": None,
        "role": role,
        "metric": "",
        "scope": "",
        "approx": False,
        "status": "",
        "problem": problem,
        "evidence": f"受理{raw}件。",
    }


@pytest.mark.parametrize(
    ("lang", "title", "role"),
    [
        ("zh", "未归类数字", "无法读取：数字的写法无法转成数值"),
        ("en", "Unclassified numbers", "unreadable: the number as printed cannot be read as a value"),
    ],
)
def test_numbers_without_a_role_are_listed_for_the_reader(
    tmp_path: Path, lang: str, title: str, role: str
) -> None:
    data = result(FINDINGS)
    data["figures"] = [
        _figure("a.txt", "9494", "metric"),
        _figure("b.txt", "3.69861e5", "unreadable", "exponent"),
        _figure("b.txt", "12", "unclassified"),
    ]
    path = tmp_path / "audit.xlsx"
    write_workbook(data, path, lang, generated=GENERATED)
    sheet = openpyxl.load_workbook(path)[title]
    assert sheet.sheet_state == "visible"
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    raw, what, why = (c.header(lang) for c in NUMBER_COLUMNS if c.key in ("raw", "role", "problem"))
    assert [(r[raw], r[what], r[why]) for r in rows] == [
        ("3.69861e5", role, "exponent"),
        ("12", (word("role_unclassified", lang)), None),
    ]


def test_the_numbers_sheet_is_hidden_when_every_number_has_a_role(tmp_path: Path) -> None:
    data = result(FINDINGS)
    data["figures"] = [_figure("a.txt", "9494", "metric")]
    path = tmp_path / "audit.xlsx"
    write_workbook(data, path, "zh", generated=GENERATED)
    sheet = openpyxl.load_workbook(path)["未归类数字"]
    assert (sheet.sheet_state, sheet.max_row) == ("hidden", 1)
