"""Figures are found by their phrases, whatever the spacing, numerals, wrapping and order."""

from __future__ import annotations

import pytest

from tests.conftest import extract_text

HEAD = "窗口工作周报\n2024年第3期（总第470期）\n某省政务服务中心\n2024年1月26日\n（1月15日—1月19日）\n"


def facts_of(body: str) -> dict[tuple[str, str], float]:
    return {(f.metric, f.scope): f.value for f in extract_text(HEAD + body).facts}


@pytest.mark.parametrize(
    "body",
    [
        "一、受理办理情况\n据统计，今年以来（截至1月19日），省本级行政许可事项受理1200件，办结1100件；"
        "公共服务事项受理5000件，办结4000件，其它6类行权事项受理30件，办结20件。",
        "一、受理办理情况\n据统计，今年以来（截至 1 月 19 日），省本级行政许可事项受理 1,200 件，办结 1,100 件；"
        "公共服务事项受理 5,000 件，办结 4,000 件，其他六类行权事项受理 30 件，累计办结 20 件。",
        "一、受理办理情况\n据统计，今年以来（截至１月１９日），省本级行政许可事项\n受理１２００件，办结１１\n00件；"
        "公共服务事项受理5000件，\n\n办结4000件，其它6类行权\n— 2 —\n事项受理30件，办结20件。",
        "一、受理办理情况\n据统计，2024年1月1日至2024年1月19日，公共服务事项受理0.5万件，办结0.4万件；"
        "省本级行政许可事项受理1200件，办结1100件，其它6类行权事项受理30件，办结20件。",
    ],
    ids=["plain", "spaced-grouped", "fullwidth-wrapped-footer", "reordered-wan"],
)
def test_category_figures(body: str) -> None:
    assert facts_of(body) == {
        ("admin_license.accepted", "ytd"): 1200,
        ("admin_license.completed", "ytd"): 1100,
        ("public_service.accepted", "ytd"): 5000,
        ("public_service.completed", "ytd"): 4000,
        ("other_powers.accepted", "ytd"): 30,
        ("other_powers.completed", "ytd"): 20,
    }


@pytest.mark.parametrize(
    "body",
    [
        "本周，共计咨询 100 人次、受理 20 件、颁发 30 件、流转 40 件；今年以来，累计咨询 300 人次、受理 60 件、"
        "颁发 90 件、流转 120 件。",
        "本周共咨询100人次、受理20件、颁发30件、流转40件。今年以来，累计咨询300人次、受理60件、颁发90件、流转120件。",
        "本周，共计咨询1\n00人次、受理20件、颁发30件、流转40件；\n累计咨询300人次、受理60件、颁发90件、流转120件。",
    ],
    ids=["one-sentence", "two-sentences", "wrapped-no-ytd-phrase"],
)
def test_window_figures(body: str) -> None:
    assert facts_of("（一）省本级综窗办件情况\n" + body) == {
        ("window.consultations", "week"): 100,
        ("window.accepted", "week"): 20,
        ("window.issued", "week"): 30,
        ("window.transferred", "week"): 40,
        ("window.consultations", "ytd"): 300,
        ("window.accepted", "ytd"): 60,
        ("window.issued", "ytd"): 90,
        ("window.transferred", "ytd"): 120,
    }


@pytest.mark.parametrize(
    ("body", "week"),
    [
        (
            "本周，完成民政厅 31 个办理项的受理工作手册编制。截至目前，共完成 906 个办理项的受理工作手册编制，占比 54.91%。",
            31,
        ),
        (
            "本周，完成民政厅20个、公安厅11个办理项的受理工作手册编制。截至目前，共完成906个办理项的受理工作手册编制，占比54.91％。",
            31,
        ),
    ],
)
def test_manual_figures(body: str, week: int) -> None:
    assert facts_of(body) == {
        ("manual.items", "week"): week,
        ("manual.items", "ytd"): 906,
        ("manual.share", "ytd"): 54.91,
    }


@pytest.mark.parametrize(
    ("clause", "carryover"),
    [("办结40件（含上年结转）", True), ("累计办结40件", False), ("办结40件，含以前年度存量", True)],
)
def test_carryover_note(clause: str, carryover: bool) -> None:
    body = f"据统计，今年以来，省本级行政许可事项受理30件，{clause}。"
    facts = {f.metric: f for f in extract_text(HEAD + body).facts}
    assert facts["admin_license.completed"].carryover is carryover


def test_narrative_numbers_are_not_figures() -> None:
    body = "1.召开专题会议，梳理 20 个省级重大项目，涉及受理环节 5 个。\n2.本周受理群众来电 30 个。"
    assert facts_of(body) == {}


def test_fact_line_is_where_the_number_is_printed() -> None:
    text = HEAD + "一、情况\n据统计，今年以来，省本级行政许可事项\n受理 1200 件，办结\n1100 件。"
    facts = {f.metric: f for f in extract_text(text).facts}
    assert facts["admin_license.accepted"].line == 8
    assert facts["admin_license.completed"].line == 9
    assert (
        facts["admin_license.completed"].evidence
        == "据统计，今年以来，省本级行政许可事项受理 1200 件，办结1100 件。"
    )


@pytest.mark.parametrize(
    "table",
    [
        "事项类别 | 受理（件） | 办结（件）\n行政许可事项 | 1,200 | 1100\n公共服务事项 | 5000 | 4000\n其它6类行权事项 | 30 | 20",
        "| 事项 | 受理 | 办结 |\n|---|---|---|\n| 行政许可事项 | 1200 | 1100 |\n| 公共服务事项 | 5000件 | 4000件 |\n"
        "| 其它六类行权事项 | 30 | 20 |",
    ],
    ids=["docx-table", "markdown-table"],
)
def test_category_figures_in_a_table(table: str) -> None:
    extraction = extract_text(HEAD + "一、受理办理情况\n据统计，今年以来各类事项办理情况如下：\n" + table)
    assert {(f.metric, f.scope): f.value for f in extraction.facts} == {
        ("admin_license.accepted", "ytd"): 1200,
        ("admin_license.completed", "ytd"): 1100,
        ("public_service.accepted", "ytd"): 5000,
        ("public_service.completed", "ytd"): 4000,
        ("other_powers.accepted", "ytd"): 30,
        ("other_powers.completed", "ytd"): 20,
    }
    admin = next(f for f in extraction.facts if f.metric == "admin_license.accepted")
    assert admin.raw in ("1,200", "1200")
    assert "行政许可事项" in admin.evidence
