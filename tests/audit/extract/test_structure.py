"""Headings, body dates and enumerations: what the text rules read."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import extract_text

HEAD = "窗口工作周报\n2023年第34期（总第454期）\n某省政务服务中心\n2023年9月11日\n（8月28日—9月1日）\n"


def test_headings_nest_under_their_parent() -> None:
    body = (
        "一、综窗\n（一）办件\n1.召开会议。\n2.召集部门。\n（二）手册\n二、动态\n"
        "1.9 月 1 日，召开会议。一是统一思想；二是明确分工；四是抓好落实。\n三、资讯\n"
    )
    headings = extract_text(HEAD + body).headings
    assert [(h.style, h.number, h.parent) for h in headings] == [
        ("cn", 1, -1),
        ("cnp", 1, 0),
        ("ar", 1, 1),
        ("ar", 2, 1),
        ("cnp", 2, 0),
        ("cn", 2, -1),
        ("ar", 1, 5),
        ("shi", 1, 6),
        ("shi", 2, 6),
        ("shi", 4, 6),
        ("cn", 3, -1),
    ]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("9月1日，省中心召开会议。", [(date(2023, 9, 1), "event")]),
        ("8月29日至30日，举办培训班。", [(date(2023, 8, 29), "event"), (date(2023, 8, 30), "event")]),
        ("新规于2023年8月28日起正式实施。", [(date(2023, 8, 28), "effective")]),
        ("印发《关于2023年5月1日调整的通知》。", [(date(2023, 5, 1), "title")]),
        ("要求于9月30日前完成整改。", [(date(2023, 9, 30), "deadline")]),
        ("今年以来（截至9月1日），受理10件。", [(date(2023, 9, 1), "cutoff")]),
        (
            "2023年1月1日至2023年9月1日，受理10件。",
            [(date(2023, 1, 1), "window"), (date(2023, 9, 1), "cutoff")],
        ),
    ],
)
def test_date_kinds(sentence: str, kinds: list[tuple[date, str]]) -> None:
    dates = extract_text(HEAD + "一、动态\n" + sentence).dates
    assert [(d.date, d.kind) for d in dates] == kinds


def test_dates_without_year_take_the_nearest_year() -> None:
    text = "窗口工作周报\n2025年第1期（总第480期）\n某省政务服务中心\n2025年1月8日\n（12月30日—1月3日）\n"
    dates = extract_text(text + "一、动态\n12月31日，召开会议。1月2日，开展培训。").dates
    assert [d.date for d in dates] == [date(2024, 12, 31), date(2025, 1, 2)]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("涉及发展改革委、经济和信息化厅、自然资源厅等3个省直部门。", [(3, 3, True)]),
        ("明确“加强保障”“优化服务”“强化监管”三条措施。", [(3, 3, False)]),
        ("围绕审批、监管、服务等四个方面提出9项工作举措。", [(4, 3, True)]),
        ("调研华玉板簧、旭源机床等9户企业。", [(9, 2, True)]),
        ("梳理20个省级重大项目。", []),
        ("开展第3个批次的检查。", []),
        ("涉及甲局、乙局、丙局、丁局等3个部门。", [(3, 4, True)]),
    ],
)
def test_enumerations(sentence: str, found: list[tuple[int, int, bool]]) -> None:
    enumerations = extract_text(HEAD + "一、动态\n" + sentence).enumerations
    assert [(e.stated, e.listed, e.has_deng) for e in enumerations] == found
