"""The masthead is read in any order, spacing and wrapping; years are resolved across New Year."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import extract_text

BODY = (
    "一、受理办理情况\n据统计，今年以来（截至{asof}），省本级行政许可事项受理10件，办结9件。\n（共印 60 份）"
)


@pytest.mark.parametrize(
    ("masthead", "asof", "expected"),
    [
        (
            "窗口工作周报\n2024年第3期（总第470期）\n某省政务服务中心\n2024年1月26日\n政务服务工作\n（1月15日—1月19日）",
            "1月19日",
            (2024, 3, 470, date(2024, 1, 26), date(2024, 1, 15), date(2024, 1, 19), date(2024, 1, 19)),
        ),
        (
            "2025 年第 1 期（总第 480 期）\n# 窗口工作周报\n（12 月 30 日－1 月 3 日）\n某省政务服务中心\n2025 年 1 月 8 日",
            "1 月 3 日",
            (2025, 1, 480, date(2025, 1, 8), date(2024, 12, 30), date(2025, 1, 3), date(2025, 1, 3)),
        ),
        (
            "窗口工作周报\n2024年第52期（总第479期）\n某省政务服务中心          2025年1月3日\n（2024年12月23日至2024年12月27日）",
            "12月27日",
            (2024, 52, 479, date(2025, 1, 3), date(2024, 12, 23), date(2024, 12, 27), date(2024, 12, 27)),
        ),
        (
            "窗口工作周报\n2024年第3期（总第\n470期）\n某省政务服务中心\n2024年1月\n26日\n（1月15日～1月\n19日）",
            "2024年1月19日",
            (2024, 3, 470, date(2024, 1, 26), date(2024, 1, 15), date(2024, 1, 19), date(2024, 1, 19)),
        ),
        (
            "窗口工作周报\n2024年第3期（总第470期）\n某省政务服务中心\n二〇二四年一月二十六日\n（1.15-1.19）",
            "1月19日",
            (2024, 3, 470, date(2024, 1, 26), date(2024, 1, 15), date(2024, 1, 19), date(2024, 1, 19)),
        ),
        (
            "窗口工作周报\n2024年第3期\n总第470期\n主办：某省政务服务中心\n2024年1月26日\n（1月15日至1月19日）",
            "1月19日",
            (2024, 3, 470, date(2024, 1, 26), date(2024, 1, 15), date(2024, 1, 19), date(2024, 1, 19)),
        ),
        (
            "窗口工作周报\n2024年第3期（总第470期）\n某省政务服务中心编        二〇二四年一月二十六日\n（1月15日—19日）",
            "1月19日",
            (2024, 3, 470, date(2024, 1, 26), date(2024, 1, 15), date(2024, 1, 19), date(2024, 1, 19)),
        ),
    ],
    ids=[
        "2022-style",
        "2023-style-new-year",
        "publisher-and-date-on-one-line",
        "wrapped",
        "chinese-date-dotted-period",
        "labelled-publisher",
        "publisher-bian-chinese-date",
    ],
)
def test_masthead(masthead: str, asof: str, expected: tuple[object, ...]) -> None:
    header = extract_text(masthead + "\n" + BODY.format(asof=asof)).header
    found = (
        header.year,
        header.issue_no,
        header.serial_no,
        header.published,
        header.period_start,
        header.period_end,
        header.as_of,
    )
    assert found == expected
    assert header.publisher == "某省政务服务中心"
    assert header.title == "窗口工作周报"
    assert header.copies == 60


@pytest.mark.parametrize(
    ("line", "copies"),
    [
        ("（共印 60 份）", 60),
        ("共印发120份", 120),
        ("共印制 45 册", 45),
        ("印数：91份", 91),
        ("印数：91", 91),
        ("印数: 91", 91),
        ("印 120 份", 120),
        ("（共印八十份）", 80),
        ("印数：九十一", 91),
        ("抄送：各处室。共印30份。", 30),
        ("某省政务服务中心办公室 2023年9月11日印发", None),
        ("印发：各市（州）政务服务中心", None),
        ("印数：2023年9月", None),
    ],
)
def test_the_copies_line_is_read_in_every_form_and_nothing_else_is(line: str, copies: int | None) -> None:
    body = BODY.replace("（共印 60 份）", line)
    header = extract_text(
        "窗口工作周报\n2024年第3期（总第470期）\n某省政务服务中心\n" + body.format(asof="1月19日")
    ).header
    assert header.copies == copies


def test_ytd_window_gives_the_cut_off() -> None:
    text = "窗口工作周报\n2022年第14期（总第389期）\n某省政务服务中心\n2022年5月20日\n（5月5日—5月13日）\n"
    text += "一、情况\n据统计，2022年1月1日至2022年5月12日，省本级行政许可事项受理10件，办结9件。"
    header = extract_text(text).header
    assert (header.as_of, header.as_of_line) == (date(2022, 5, 12), 7)


def test_missing_parts_are_none() -> None:
    text = "窗口工作周报\n第3期\n某省政务服务中心\n一、情况\n本周无新增数据。"
    header = extract_text(text).header
    assert (header.year, header.issue_no, header.serial_no, header.published, header.period_end) == (
        None,
        3,
        None,
        None,
        None,
    )


def test_header_lines_point_at_the_file() -> None:
    text = "\n\n窗口工作周报\n\n2024年第3期（总第470期）\n\n某省政务服务中心\n\n2024年1月26日\n\n（1月15日—1月19日）\n"
    header = extract_text(text + BODY.format(asof="1月19日")).header
    assert (header.header_line, header.published_line, header.period_line) == (5, 9, 11)
