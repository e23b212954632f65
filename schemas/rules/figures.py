"""Per-issue rules on the figures: valid values, completed within accepted, year to date within the week."""

from __future__ import annotations

from functools import partial

import pandas as pd

import checks
from schemas.rules.base import Rule, TablesLike, Test, finish, number_text
from schemas.settings import Settings


def _value_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    facts = tables.facts[["source", "metric", "scope", "value", "unit", "line", "evidence"]]
    share = facts["unit"] == "%"
    return finish(
        facts.assign(
            is_share=share,
            low=0.0,
            high=share.map({True: 100.0, False: float("inf")}),
            count_value=facts["value"].where(~share),
        ),
        observed=lambda f: number_text(f["value"]),
        expected=lambda f: f["is_share"].map({True: "0–100", False: "≥ 0 的整数"}),
        key="",
    )


VALUE_VALID = Rule(
    "value_valid",
    "issue",
    "数值有效",
    "Values valid",
    _value_frame,
    (
        Test(
            "range",
            "error",
            partial(checks.in_range, column="value", low="low", high="high"),
            "{metric_zh}（{scope_zh}）数值 {observed} 超出有效范围 {expected}",
            "{metric_en} ({scope_en}) value {observed} is outside the valid range {expected}",
        ),
        Test(
            "whole",
            "error",
            partial(checks.is_whole, column="count_value"),
            "{metric_zh}（{scope_zh}）件数 {observed} 不是整数",
            "{metric_en} ({scope_en}) count {observed} is not a whole number",
        ),
    ),
)


def _carryover(clauses: pd.Series, words: tuple[str, ...]) -> pd.Series:
    return pd.Series(
        [any(w in str(text) for w in words) for text in clauses], index=clauses.index, dtype=bool
    )


def _completed_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    facts = tables.facts
    parts = facts["metric"].str.rsplit(".", n=1, expand=True) if len(facts) else pd.DataFrame(columns=[0, 1])
    facts = facts.assign(category=parts[0], action=parts[1])
    accepted = facts[facts["action"] == "accepted"]
    completed = facts[facts["action"] == "completed"]
    pairs = completed.merge(accepted, on=["source", "category", "scope"], suffixes=("", "_accepted"))
    pairs = pairs.assign(
        accepted=pairs["value_accepted"],
        completed=pairs["value"],
        noted=_carryover(pairs["clause"], settings.carryover_words)
        | _carryover(pairs["clause_accepted"], settings.carryover_words),
    )
    return finish(
        pairs,
        observed=lambda f: number_text(f["completed"]),
        expected=lambda f: "≤ " + number_text(f["accepted"]),
        key="",
    )


COMPLETED_LE_ACCEPTED = Rule(
    "completed_le_accepted",
    "issue",
    "办结数不超过受理数",
    "Completed does not exceed accepted",
    _completed_frame,
    (
        Test(
            "exceeds",
            "error",
            partial(checks.not_above, column="completed", limit="accepted", unless="noted"),
            "{metric_zh} {completed:.0f} 件，超过受理 {accepted:.0f} 件，且未注明结转",
            "{metric_en}: {completed:.0f} exceeds {accepted:.0f} accepted, with no carry-over noted",
        ),
        Test(
            "carryover",
            "info",
            partial(checks.not_above, column="completed", limit="accepted"),
            "{metric_zh} {completed:.0f} 件超过受理 {accepted:.0f} 件，原文注明含结转",
            "{metric_en}: {completed:.0f} exceeds {accepted:.0f} accepted; the source notes a carry-over",
        ),
    ),
)


def _ytd_week_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    both = tables.wide.dropna(subset=["week", "ytd"])
    ytd = tables.facts[tables.facts["scope"] == "ytd"][["source", "metric", "line", "evidence"]]
    frame = both.merge(ytd, on=["source", "metric"])
    return finish(
        frame,
        scope="ytd",
        observed=lambda f: number_text(f["ytd"]),
        expected=lambda f: "≥ " + number_text(f["week"]),
        key="",
    )


YTD_GE_WEEK = Rule(
    "ytd_ge_week",
    "issue",
    "累计数不小于本周数",
    "Year to date not below the week",
    _ytd_week_frame,
    (
        Test(
            "below",
            "error",
            partial(checks.not_below, column="ytd", limit="week"),
            "{metric_zh}今年以来累计 {observed}，小于本周 {week:.0f}",
            "{metric_en}: year to date {observed} is below this week's {week:.0f}",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (
    VALUE_VALID,
    COMPLETED_LE_ACCEPTED,
    YTD_GE_WEEK,
)
