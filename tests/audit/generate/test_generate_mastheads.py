"""The generator's Chinese numerals and special issues are what editors print."""

from __future__ import annotations

from datetime import date

import pytest

from audit.extract.numbers import numeral_value
from audit.generate.mastheads import (
    cn_count,
    cn_date,
    cn_digits,
    combine,
    render_combined,
    render_form,
    render_supplement,
)
from audit.generate.series import generate_series

SPECS = generate_series(3, start=date(2023, 9, 4), style="2022", seed=2)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (14, "十四"),
        (34, "三十四"),
        (105, "一百零五"),
        (454, "四百五十四"),
        (1050, "一千零五十"),
        (2000, "二千"),
    ],
)
def test_cn_count(n: int, text: str) -> None:
    assert cn_count(n) == text
    assert numeral_value(text) == n


def test_cn_count_range() -> None:
    assert all(numeral_value(cn_count(n)) == n for n in range(1, 10000))
    with pytest.raises(ValueError, match=r"1\.\.9999"):
        cn_count(0)


def test_cn_digits_and_date() -> None:
    assert (cn_digits(2023), cn_digits(454)) == ("二〇二三", "四五四")
    assert cn_date(date(2023, 9, 11)) == "二〇二三年九月十一日"


@pytest.mark.parametrize(
    ("form", "line"),
    [
        ("chinese", "二〇二三年第三十六期（总第四百四十期）"),
        ("no_year", "第36期（总第440期）"),
        ("cells", "窗口工作周报 | 2023年第36期 | 总第440期"),
        ("spaced", "2 0 2 3 年 第 三 十 六 期 （ 总 第 4 4 0 期 ）"),
    ],
)
def test_render_form_mastheads(form: str, line: str) -> None:
    assert line in render_form(SPECS[0], form).split("\n")


def test_imprint_form_prints_the_date_only_at_the_end() -> None:
    lines = render_form(SPECS[0], "imprint").split("\n")
    published = SPECS[0].published
    dated = [
        n for n, text in enumerate(lines) if f"{published.year}年{published.month}月{published.day}日" in text
    ]
    assert len(dated) == 1 and lines[dated[0]].endswith("印发") and dated[0] > len(lines) - 6


def test_combined_issue_spans_both_weeks() -> None:
    first, second = SPECS[0], SPECS[1]
    spec = combine(first, second)
    assert (spec.period_start, spec.period_end, spec.published) == (
        first.period_start,
        second.period_end,
        second.published,
    )
    assert "2023年第36-37期（总第440-441期）" in render_combined(first, second).split("\n")


def test_supplement_has_no_regular_number_and_no_figures() -> None:
    text = render_supplement(SPECS[0], 2, "增刊第{n}期")
    assert "2023年增刊第2期" in text.split("\n") and "件" not in text
