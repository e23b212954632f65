"""Suggested corrections over tiny hand-made series: the one slip that mends every relation."""

from __future__ import annotations

from datetime import date

import pandas as pd

from audit.findings import evaluate
from schemas import derive
from schemas.settings import Settings
from tests.schemas.test_plausibility import totals, totals_findings
from tests.schemas.test_rules import fact, issue, series, tables


def suggested(facts: list[dict], issues: list[dict] | None = None, settings: Settings | None = None) -> list:
    findings = evaluate(tables(issues or [issue(i) for i in range(4)], facts), settings or Settings())
    return [
        (f.rule, f.source, *(v if isinstance(v, str) else None for v in (f.suggested, f.suggestion_zh)))
        for f in findings.itertuples()
    ]


def typed(facts: list[dict], n: int, metric: str, scope: str, value: float) -> list[dict]:
    return [
        {**f, "value": value, "raw": str(value)}
        if (f["source"], f["metric"], f["scope"]) == (f"{n:02d}.md", metric, scope)
        else f
        for f in facts
    ]


def test_swapped_digits_in_a_year_to_date_figure_are_named_on_both_findings() -> None:
    facts = typed(series(4), 1, "window.accepted", "ytd", 101)  # printed 101, meant 110
    assert suggested(facts) == [
        ("ytd_reconciles", "01.md", "110", "疑似录入错误：101 应为 110（相邻两位数字对调）"),
        (
            "ytd_reconciles",
            "02.md",
            "110",
            "疑似录入错误：2024年第11期（总第501期）综窗受理（今年以来）101 应为 110（相邻两位数字对调）",
        ),
    ]


def test_english_text_names_the_slip() -> None:
    facts = typed(series(4), 2, "window.accepted", "ytd", 1200)  # a doubled 0
    findings = evaluate(tables([issue(i) for i in range(4)], facts), Settings())
    assert set(findings["suggestion_en"]) == {
        "Probable typing error: 1200 should be 120 (a digit typed twice)",
        "Probable typing error: 2024年第12期（总第502期） window applications accepted (year to date) 1200 "
        "should be 120 (a digit typed twice)",
    }


def test_a_week_figure_can_be_the_one_mistyped() -> None:
    facts = typed(series(4), 2, "window.accepted", "week", 100)  # meant 10
    assert {row[2] for row in suggested(facts) if row[0] == "ytd_reconciles"} == {"10"}


def test_an_issue_number_slip_is_mended_from_its_neighbours() -> None:
    issues = [issue(i) for i in range(4)]
    issues[1] = {**issues[1], "issue_no": 21}  # meant 11: 1 and 2 are neighbouring keys
    rows = [row for row in suggested(series(4), issues) if row[0] == "issue_no_sequential"]
    assert [(source, value) for _, source, value, _ in rows] == [("01.md", "11"), ("02.md", "11")]


def test_no_suggestion_when_several_slips_fit() -> None:
    # Completed above accepted in a single issue: many single slips of either figure would fit.
    facts = [fact(0, "admin_license.accepted", "ytd", 1000), fact(0, "admin_license.completed", "ytd", 1900)]
    assert suggested(facts, [issue(0)]) == [("completed_le_accepted", "00.md", None, None)]


def test_no_suggestion_when_no_single_slip_fits() -> None:
    facts = typed(series(4), 1, "window.accepted", "ytd", 157)  # 110 is not one slip away
    rows = suggested(facts)
    assert rows and all(value is None for _, _, value, _ in rows)


def test_a_disabled_rule_is_no_relation() -> None:
    facts = typed(series(4), 1, "window.accepted", "ytd", 101)
    settings = Settings(disabled=frozenset({"ytd_reconciles"}))
    assert suggested(facts, settings=settings) == []


def test_findings_of_other_rules_carry_no_suggestion() -> None:
    issues = [issue(i) for i in range(3)]
    issues[1] = {**issues[1], "copies": None, "published": pd.Timestamp("2020-01-01")}
    findings = evaluate(tables(issues, series(3)), Settings())
    assert len(findings) and findings["suggested"].isna().all()


# Plausibility: 14 weekly issues printing licences accepted and completed as year-to-date totals.
MONDAY = date(2024, 3, 4)


def completed_printed(value: float) -> list:
    """Return (rule, variant, source, suggested, suggestion) of the series with issue 06's completed total printed ``value``."""
    figures = totals(MONDAY)
    figures[6] = (figures[6][0], value)
    findings = totals_findings(MONDAY, figures)
    findings = findings[findings["rule"] != "period_contiguous"]  # the hand-made weeks skip a 调休 Sunday
    return [
        (
            f.rule,
            f.variant,
            f.source,
            *(v if isinstance(v, str) else None for v in (f.suggested, f.suggestion_zh)),
        )
        for f in findings.itertuples()
    ]


def test_a_ratio_out_of_line_gets_the_one_slip_that_fits_the_series() -> None:
    # 5723 printed 5623: every relation still holds; completed per accepted fell to 0.44 (usually 0.90).
    # Of the single slips of either figure of the ratio, only 5623 → 5723 puts every rate back in line.
    mended = "疑似录入错误：5623 应为 5723（误按相邻数字键）"
    assert completed_printed(5623.0) == [
        ("ratio_outlier", "strong", "06.md", "5723", mended),
        ("increment_outlier", "unusual", "06.md", "5723", mended),
        (
            "ratio_outlier",
            "unusual",
            "07.md",
            "5723",
            "疑似录入错误：2024年第16期（总第506期）行政许可事项办结（今年以来）5623 应为 5723（误按相邻数字键）",
        ),
    ]


def test_the_rates_choose_among_the_slips_an_inequality_leaves() -> None:
    # 5723 printed 2723 falls below the previous total: a dozen single slips of the two figures
    # would mend that inequality, but only 5723 adds what a week usually adds.
    rows = completed_printed(2723.0)
    assert [(rule, source, value) for rule, _, source, value, _ in rows] == [
        ("ytd_monotonic", "06.md", "5723"),
        ("increment_outlier", "07.md", "5723"),
        ("ratio_outlier", "07.md", "5723"),
    ]


def test_no_suggestion_when_two_slips_fit_the_series() -> None:
    # 5629 for about 5723: 5729 (a neighbouring key) and 5692 (two digits swapped) both add a usual week.
    rows = completed_printed(5629.0)
    assert [(rule, source) for rule, _, source, _, _ in rows] == [
        ("ratio_outlier", "06.md"),
        ("increment_outlier", "06.md"),
        ("ratio_outlier", "07.md"),
    ]
    assert all(value is None for *_, value, _ in rows)


def test_series_worked_out_a_part_at_a_time_get_the_suggestions_of_the_whole(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Two series with a slip each; one series per part, the relations and rates of each are worked
    # out on their own, and the suggestions are those of the run taken whole.
    issues, facts = [], []
    for name, publisher in (("a", "甲省政务服务中心"), ("b", "乙省政务服务中心")):
        issues += [{**issue(i), "source": f"{name}{i:02d}.md", "publisher": publisher} for i in range(4)]
        facts += [
            {**f, "source": name + f["source"]} for f in typed(series(4), 1, "window.accepted", "ytd", 101)
        ]
    whole = evaluate(tables(issues, facts), Settings())
    monkeypatch.setattr(derive, "SERIES_PART", 1)
    parts = evaluate(tables(issues, facts), Settings())
    assert parts.equals(whole)
    made = whole[whole["suggested"].notna()]
    assert sorted(zip(made["source"], made["suggested"], strict=True)) == [
        ("a01.md", "110"),
        ("a02.md", "110"),
        ("b01.md", "110"),
        ("b02.md", "110"),
    ]
