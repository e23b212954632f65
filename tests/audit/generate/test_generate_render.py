"""The rendered issue imitates the two real layouts line by line."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from audit.generate.model import Enumeration, IssueSpec
from audit.generate.numerals import cn_number
from audit.generate.render import fmt_dates, fmt_enumeration, fmt_period, render, space_digits, strip_markdown
from audit.generate.series import generate_series


@pytest.fixture(scope="module")
def mixed() -> list[IssueSpec]:
    return generate_series(12, seed=2024, start=date(2024, 11, 4), start_serial=490, style="mixed")


def test_2022_layout(mixed: list[IssueSpec]) -> None:
    spec = mixed[0]
    text = render(spec)
    lines = [line for line in text.split("\n") if line]
    assert lines[:6] == [
        "窗口工作周报",
        "2024年第45期（总第490期）",
        "四川省政府政务服务和公共资源交易服务中心",
        f"{spec.published.year}年{spec.published.month}月{spec.published.day}日",
        "政务服务工作",
        "（11月4日—11月8日）",
    ]
    assert lines[6] == "一、省级政务服务事项受理办理情况"
    stats = lines[7]
    assert stats.startswith("据四川")
    assert "2024年1月1日至2024年11月8日，省本级行政许可事项受理" in stats
    assert (
        f"受理{spec.require('admin_license.accepted')}件，办结{spec.require('admin_license.completed')}件；"
        in stats
    )
    assert re.search(r"其[它他]九类行权事项受理\d+件，办结\d+件", stats)
    assert "二、窗口工作动态" in lines and "（一）窗口服务效能提升工作情况" in lines
    assert "三、大厅巡查情况" in lines
    assert any(line.startswith("(1) ") for line in lines)
    assert lines[-4:-1] == ["报：省中心领导。", lines[-3], "发：进驻大厅各部门窗口。"]
    assert re.fullmatch(r"（共印 \d+ 份）", lines[-1])


def test_2023_layout(mixed: list[IssueSpec]) -> None:
    spec = mixed[9]
    text = render(spec)
    lines = [line for line in text.split("\n") if line]
    assert lines[:3] == ["2025 年第 2 期（总第 499 期）", "# 窗口工作周报", "（1 月 6 日—1 月 10 日）"]
    assert lines[3] == "四川省政府政务服务和公共资源交易服务中心"
    assert re.fullmatch(r"2025 年 1 月 \d+ 日", lines[4])
    w = [spec.require(f"window.{k}", "week") for k in ("consultations", "accepted", "issued", "transferred")]
    y = [spec.require(f"window.{k}") for k in ("consultations", "accepted", "issued", "transferred")]
    assert (
        f"本周，共计咨询 {w[0]} 人次、受理 {w[1]} 件、颁发 {w[2]} 件、流转 {w[3]} 件；"
        f"{spec.wording.window_since}，累计咨询 {y[0]} 人次、受理 {y[1]} 件、颁发 {y[2]} 件、流转 {y[3]} 件。"
    ) in lines
    manual = next(line for line in lines if line.startswith("本周，完成"))
    assert re.fullmatch(
        r"本周，完成\S+ \d+ 个办理项的受理工作手册编制。(截至目前|今年以来)，共完成 \d+ 个办理项的受理工作手册编制，"
        r"占比 \d+\.\d\d%。",
        manual,
    )
    stats = next(line for line in lines if line.startswith("据省一体化"))
    assert "（截至 1 月 10 日）" in stats or "截至 1 月 10 日，" in stats
    assert re.search(r"其[它他] 6 类行权事项受理 \d+ 件，(累计)?办结 \d+ 件", stats)
    assert "## 二、省级政务服务事项受理办理情况" in lines
    assert any(line.startswith("### （一）") for line in lines)
    assert lines[-1].startswith("（共印") and "---" in lines


def test_list_marker_glued_to_a_date_occurs(mixed: list[IssueSpec]) -> None:
    text = render(mixed[9])
    assert re.search(r"^1\.\d{1,2} 月 \d{1,2} 日", text, re.MULTILINE)


def test_period_over_new_year_names_both_years(mixed: list[IssueSpec]) -> None:
    crossing = mixed[8]
    assert "（2024 年 12 月 30 日—2025 年 1 月 3 日）" in render(crossing)
    as_2022 = replace(crossing, style="2022", facts=crossing.facts[:6], sections=mixed[0].sections)
    assert "（2024年12月30日—2025年1月3日）" in render(as_2022)
    assert "2025年1月1日至2025年1月3日" in render(as_2022)


def test_carryover_note_goes_with_the_completed_figure(mixed: list[IssueSpec]) -> None:
    noted = [s for s in mixed if s.carryover_note]
    assert noted
    for spec in noted:
        assert re.search(r"办结 ?\d+ ?件（含上年结转）", render(spec))


def test_each_issue_has_dated_events_and_a_counted_enumeration(mixed: list[IssueSpec]) -> None:
    for spec in mixed:
        text = render(spec)
        assert re.search(r"等 ?\d+ ?(个|户|家|项)|[一二三四五六七八九两]+(条措施|项举措|个省直部门)", text)
        body = "\n".join(line for line in text[text.index("一、") :].split("\n") if "据" not in line)
        days = [spec.period_start + timedelta(days=i) for i in range(5)]
        assert any(re.search(rf"{d.month} ?月 ?{d.day} ?日", body) for d in days)


def test_headings_are_in_sequence(mixed: list[IssueSpec]) -> None:
    for spec in mixed:
        tops = re.findall(r"^(?:#+ )?([一二三四五六七])、", render(spec), re.MULTILINE)
        assert tops == list("一二三四五六七"[: len(tops)])


def test_formatters() -> None:
    assert fmt_dates([date(2023, 8, 29), date(2023, 8, 30)]) == "8月29日至30日"
    assert fmt_dates([date(2023, 8, 31), date(2023, 9, 1)]) == "8月31日至9月1日"
    assert fmt_period(date(2023, 8, 28), date(2023, 9, 1)) == "8月28日—9月1日"
    assert space_digits("受理774件，占比54.91%") == "受理 774 件，占比 54.91%"
    e = Enumeration(("甲", "乙", "丙"), 3, "条措施", quoted=True, deng=False, chinese=True)
    assert fmt_enumeration(e) == "“甲”“乙”“丙”三条措施"
    assert fmt_enumeration(Enumeration(("A", "B"), 9, "户企业")) == "A、B等9户企业"
    assert fmt_enumeration(replace(e, items=("甲", "乙"), count=2)) == "“甲”“乙”两条措施"
    assert [cn_number(n) for n in (1, 9, 10, 12, 20, 34)] == ["一", "九", "十", "十二", "二十", "三十四"]


def test_strip_markdown() -> None:
    assert (
        strip_markdown("# 标题\n\n## 一、甲\n\n---\n\n**乙**厅\n- (一) 丙")
        == "标题\n\n一、甲\n\n乙厅\n(一) 丙"
    )


def test_render_is_deterministic() -> None:
    a = [render(s) for s in generate_series(4, seed=5, style="mixed")]
    b = [render(s) for s in generate_series(4, seed=5, style="mixed")]
    assert a == b
    assert a != [render(s) for s in generate_series(4, seed=6, style="mixed")]
