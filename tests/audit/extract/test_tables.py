"""Tables read as statements: each data cell a figure with its row and column labels, either orientation."""

from __future__ import annotations

import pytest

from audit.extract.layout import build_layout
from audit.extract.tables import table_statements, table_totals
from audit.findings import evaluate
from audit.tables import build_tables
from schemas.settings import Settings
from tests.conftest import document, extract_text

HEAD = (
    "窗口工作周报\n2023年第34期（总第454期）\n某省政务服务中心\n2023年9月11日\n（8月28日—9月1日）\n一、情况\n"
)
SENTENCES = (
    "据统计，今年以来，省本级行政许可事项受理332407件，办结327016件；公共服务事项受理7273758件，"
    "办结5972103件，其它6类行权事项受理25602件，累计办结25738件。\n"
    "本周，共计咨询1724人次、受理774件、颁发6613件、流转12471件；今年以来，累计咨询46612人次、"
    "受理12658件、颁发115944件、流转204351件。"
)
CATEGORY_ROWS = """单位：件
| 事项类别 | 今年以来 | |
| --- | --- | --- |
| | 受理 | 办结 |
| 行政许可事项 | 332,407 | 327016 |
| 公共服务事项 | 7273758 | 5972103 |
| 其它6类行权事项 | 25602 | 25738 |
| 合计 | 7631767 | 6324857 |"""
CATEGORY_COLUMNS = """| 指标 | 行政许可事项 | 公共服务事项 | 其它6类行权事项 |
| --- | --- | --- | --- |
| 受理（件） | 332,407 | 7273758 | 25602 |
| 办结（件） | 327016 | 5972103 | 25738 |"""
WINDOW_ROWS = """| 时间 | 综窗办件 | | | |
| --- | --- | --- | --- | --- |
| | 咨询（人次） | 受理（件） | 颁发（件） | 流转（件） |
| 本周 | 1724 | 774 | 6613 | 12471 |
| 今年以来 | 46612 | 12658 | 115944 | 204351 |"""
WINDOW_COLUMNS = """| 指标 | 本周 | 累计 |
| --- | --- | --- |
| 咨询（人次） | 1724 | 46612 |
| 受理（件） | 774 | 12658 |
| 颁发（件） | 6613 | 115944 |
| 流转（件） | 12471 | 204351 |"""
# Pasted from Word into a text file: bars without Markdown's rule line.
CATEGORY_BARE = """事项类别 | 受理（件） | 办结（件）
行政许可事项 | 332407 | 327016
公共服务事项 | 7273758 | 5972103
其它六类行权事项 | 25602 | 25738"""


def _facts(text: str) -> dict[tuple[str, str], tuple[float, int | None]]:
    return {(f.metric, f.scope): (f.value, f.category_count) for f in extract_text(HEAD + text).facts}


@pytest.mark.parametrize(
    ("categories", "window"),
    [
        (CATEGORY_ROWS, WINDOW_ROWS),
        (CATEGORY_COLUMNS, WINDOW_COLUMNS),
        (CATEGORY_BARE, WINDOW_ROWS),
    ],
    ids=["categories-as-rows", "measures-as-rows", "pasted-bars"],
)
def test_a_table_gives_the_facts_of_the_sentence(categories: str, window: str) -> None:
    lead = "据统计，今年以来各类事项办理情况如下：\n"
    assert _facts(lead + categories + "\n综窗办件情况如下：\n" + window) == _facts(SENTENCES)


def test_statement_is_composed_from_labels_and_points_at_the_row() -> None:
    doc = document(HEAD + CATEGORY_ROWS)
    statements = list(table_statements(build_layout(doc)))
    first = statements[0]
    assert first.text == "今年以来行政许可事项受理332407件"
    assert first.line_at(0) == 11
    assert first.raw(first.value_start, len(first.text) - 1) == "332,407"
    assert first.evidence == "行政许可事项 | 332,407 | 327016（今年以来 / 受理）"
    # The 合计 row is no statement of its own.
    assert [s.text for s in statements][-2:] == [
        "今年以来其它6类行权事项受理25602件",
        "今年以来其它6类行权事项办结25738件",
    ]


def test_fact_from_a_cell_cites_its_row_line_cell_and_labels() -> None:
    extraction = extract_text(HEAD + CATEGORY_ROWS)
    fact = next(f for f in extraction.facts if f.metric == "admin_license.accepted")
    assert (fact.line, fact.raw, fact.unit, fact.scope) == (11, "332,407", "件", "ytd")
    assert fact.raw in extraction.document.lines[fact.line - 1]
    assert "行政许可事项" in fact.evidence and "受理" in fact.evidence


def test_week_columns_of_a_category_table_are_weekly_figures() -> None:
    table = """| 事项类别 | 受理（件） | | 办结（件） | |
| --- | --- | --- | --- | --- |
| | 本周 | 今年以来 | 本周 | 今年以来 |
| 行政许可事项 | 7300 | 332407 | 7100 | 327016 |"""
    assert _facts(table) == {
        ("admin_license.accepted", "week"): (7300, None),
        ("admin_license.accepted", "ytd"): (332407, None),
        ("admin_license.completed", "week"): (7100, None),
        ("admin_license.completed", "ytd"): (327016, None),
    }


def test_remark_in_a_cell_stays_with_its_figure() -> None:
    table = CATEGORY_COLUMNS.replace("| 25738 |", "| 25738（含上年结转） |")
    facts = {f.metric: f for f in extract_text(HEAD + table).facts}
    assert (facts["other_powers.completed"].value, facts["other_powers.completed"].carryover) == (25738, True)
    assert facts["other_powers.completed"].raw == "25738（含上年结转）"


@pytest.mark.parametrize(
    ("total", "findings"),
    [("7631767", []), ("7631768", [("table_total", 14, "7631768", "7631767")])],
    ids=["adds-up", "misstated"],
)
def test_total_row_is_checked_against_its_rows(total: str, findings: list[tuple[str, int, str, str]]) -> None:
    extraction = extract_text(HEAD + CATEGORY_ROWS.replace("| 合计 | 7631767 |", f"| 合计 | {total} |"))
    assert [(t.line, t.label, t.rows) for t in table_totals(extraction.document)] == [
        (14, "今年以来 / 受理", 3),
        (14, "今年以来 / 办结", 3),
    ]
    found = evaluate(build_tables([extraction]), Settings())
    got = found[found["rule"] == "table_total"]
    assert [(r.rule, r.line, r.observed, r.expected) for r in got.itertuples()] == findings


@pytest.mark.parametrize(
    ("table", "code", "line"),
    [
        (
            CATEGORY_ROWS.replace("| 公共服务事项 | 7273758 | 5972103 |", "| 公共服务事项 | 7273758 |"),
            "table_ragged",
            12,
        ),
        (CATEGORY_COLUMNS.replace("| 指标 | 行政许可事项 |", "| 指标 | |"), "table_header", 7),
    ],
    ids=["ragged-row", "empty-header"],
)
def test_broken_table_is_a_finding_naming_its_line_and_the_rest_is_read(
    table: str, code: str, line: int
) -> None:
    extraction = extract_text(HEAD + table + "\n本周，共计咨询1724人次、受理774件、颁发6613件、流转12471件。")
    found = evaluate(build_tables([extraction]), Settings())
    notes = found[found["rule"] == "read_incomplete"]
    assert [(r.line, r.observed, r.severity) for r in notes.itertuples()] == [(line, code, "warning")]
    assert ("window.transferred", "week") in {(f.metric, f.scope) for f in extraction.facts}
