"""Rules on how the figure statements were read: what the reader could not settle is never a silent pass.

Per issue: two different values for one figure (``figure_conflict``), a number that cannot be
turned into a value (``figure_unreadable``), a value next to a measure that the grammar could not
bind for sure (``figure_unclear``), an approximate figure that does not round from the exact one
(``approx_consistent``).
"""

from __future__ import annotations

from functools import partial

import pandas as pd

import checks
from schemas.rules.base import Rule, TablesLike, Test, finish, number_text
from schemas.settings import Settings

_PROBLEMS = {
    "gap": (
        "数字之间隔有制表符或较宽空白（疑似表格相邻两栏的数字连在一起）",
        "a tab or wide space parts the digits (two table columns run together?)",
    ),
    "hidden": ("数字中夹有不可见字符或撇号", "an invisible character or apostrophe inside the digits"),
    "exponent": ("数字写成科学计数法", "the number is written with an exponent"),
    "sign": ("件数带有正负号", "a count carries a sign"),
    "too_large": ("数值过大（超过 2^53）", "the value is too large (over 2^53)"),
    "numeral": ("中文数字无法解析", "the Chinese numeral cannot be read"),
    "measures": ("一个数值对应多个指标且未写“分别”", "one value follows several measures without 分别"),
    "values": ("一个指标后有多个数值", "several values follow one measure"),
    "subject": ("未能确定数值所属的事项类别", "the subject of the value cannot be told"),
    "scope": (
        "未能确定是本周数还是累计数",
        "whether the value is this week's or year to date cannot be told",
    ),
}


def figures_of(tables: TablesLike) -> pd.DataFrame:
    figures = getattr(tables, "figures", None)
    if figures is None:
        return pd.DataFrame(
            columns=["source", "line", "raw", "role", "status", "metric", "scope", "evidence"]
        )
    return figures


def _problem(codes: pd.Series, index: int) -> pd.Series:
    return codes.map(lambda c: _PROBLEMS.get(c, (c, c))[index]).astype(object)


def _conflict_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    figures = figures_of(tables)
    metric = figures[figures["role"] == "metric"]
    # One finding per figure in conflict: its first mention, naming the other sentence.
    frame = metric.assign(conflict=metric["status"] == "conflict").drop_duplicates(
        ["source", "metric", "scope", "conflict"]
    )
    return finish(
        frame,
        other_source=frame["source"].where(frame["conflict"]),
        observed=lambda f: f["raw"],
        expected=lambda f: number_text(f["other_value"]),
        key="",
    )


FIGURE_CONFLICT = Rule(
    "figure_conflict",
    "issue",
    "同一指标数值唯一",
    "One value per figure",
    _conflict_frame,
    (
        Test(
            "values",
            "error",
            lambda df: df["status"] != "conflict",
            "{metric_zh}（{scope_zh}）同期出现两个不同数值：第{line}行为 {observed}，第{other_line}行为 {expected}；"
            "两者均未参与其他校验，请核实",
            "{metric_en} ({scope_en}) is printed with two values: {observed} on line {line} and {expected} on "
            "line {other_line}; neither is used by the other rules",
        ),
    ),
)


def _unreadable_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    figures = figures_of(tables)
    return finish(
        figures.assign(
            problem_zh=_problem(figures["problem"], 0), problem_en=_problem(figures["problem"], 1)
        ),
        metric=figures["metric"].where(figures["metric"] != ""),
        scope=figures["scope"].where(figures["scope"].isin(["week", "ytd"])),
        observed=lambda f: f["raw"],
        expected="",
        key=lambda f: f["raw"],
    )


FIGURE_UNREADABLE = Rule(
    "figure_unreadable",
    "issue",
    "数字可读",
    "Numbers readable",
    _unreadable_frame,
    (
        Test(
            "number",
            "error",
            lambda df: df["role"] != "unreadable",
            "数字“{observed}”无法读取：{problem_zh}；未采用该数值，请核对原文",
            "The number “{observed}” cannot be read: {problem_en}; it was not used, check the source",
        ),
    ),
)


def _unclear_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    figures = figures_of(tables)
    return finish(
        figures.assign(
            problem_zh=_problem(figures["problem"], 0), problem_en=_problem(figures["problem"], 1)
        ),
        metric=figures["metric"].where(figures["metric"] != ""),
        scope=None,
        observed=lambda f: f["raw"],
        expected="",
        key=lambda f: f["raw"],
    )


FIGURE_UNCLEAR = Rule(
    "figure_unclear",
    "issue",
    "指标语句可解析",
    "Figure statements understood",
    _unclear_frame,
    (
        Test(
            "statement",
            "warning",
            lambda df: df["role"] != "unclear",
            "数值“{observed}”紧邻统计指标但无法确定其含义（{problem_zh}），未采用，请核对原文",
            "The value “{observed}” stands by a measure but could not be read for sure ({problem_en}); "
            "it was not used, check the source",
        ),
    ),
)


def _approx_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    figures = figures_of(tables)
    frame = figures[figures["status"] == "superseded"]
    return finish(
        frame,
        observed=lambda f: f["raw"],
        expected=lambda f: number_text(f["other_value"]),
        key="",
    )


APPROX_CONSISTENT = Rule(
    "approx_consistent",
    "issue",
    "约数与精确数一致",
    "Approximate figures round from the exact ones",
    _approx_frame,
    (
        Test(
            "rounding",
            "warning",
            partial(checks.in_range, column="other_value", low="low", high="high"),
            "{metric_zh}（{scope_zh}）约数 {observed} 与第{other_line}行的精确数 {expected} 不符",
            "{metric_en} ({scope_en}): the approximate {observed} does not round from {expected} on line {other_line}",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (FIGURE_CONFLICT, FIGURE_UNREADABLE, FIGURE_UNCLEAR, APPROX_CONSISTENT)
