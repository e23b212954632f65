"""Per-issue rules on the figures: valid values, completed within accepted, year to date within the week.

Which figures relate is read from the series profiles (``[relations]``): adding a metric or a
relation touches the profile only.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

import checks
from audit.profiles import metric as profile_metric
from audit.profiles import relations
from schemas.derive import bounds
from schemas.rules.base import Rule, TablesLike, Test, finish, number_text
from schemas.settings import CARRYOVER_WORDS, Settings


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


def _carryover(clauses: pd.Series, words: pd.Series) -> pd.Series:
    return pd.Series(
        [any(w in str(text) for w in ws) for text, ws in zip(clauses, words, strict=True)],
        index=clauses.index,
        dtype=bool,
    )


def not_above_links(settings: Settings) -> pd.DataFrame:
    """Return the profile's ``not_above`` relations: metric, limit, the limit's measure, excusing words."""
    rows = []
    for relation in relations().not_above:
        limit = profile_metric(relation.limit)
        # Words set in [tool.audit] carryover_words replace those of the profile.
        words = relation.unless if settings.carryover_words == CARRYOVER_WORDS else settings.carryover_words
        rows.append(
            {
                "metric": relation.metric,
                "limit_metric": relation.limit,
                "limit_zh": limit.measures[0] if limit else relation.limit,
                "limit_en": relation.limit.rsplit(".", 1)[-1],
                "words": tuple(words),
            }
        )
    return pd.DataFrame(rows, columns=["metric", "limit_metric", "limit_zh", "limit_en", "words"])


def _completed_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    facts = tables.facts.assign(**bounds(tables.facts))
    completed = facts.merge(not_above_links(settings), on="metric")
    limits = facts.rename(columns={"metric": "limit_metric"})
    pairs = completed.merge(limits, on=["source", "limit_metric", "scope"], suffixes=("", "_accepted"))
    # An approximate figure is an interval: the relation fails only when it fails for every value.
    pairs = pairs.assign(
        accepted=pairs["high_accepted"],
        completed=pairs["low"],
        noted=_carryover(pairs["clause"], pairs["words"])
        | _carryover(pairs["clause_accepted"], pairs["words"]),
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
            "{metric_zh} {completed:.0f} {unit}，超过{limit_zh} {accepted:.0f} {unit}，且未注明结转",
            "{metric_en}: {completed:.0f} exceeds {accepted:.0f} {limit_en}, with no carry-over noted",
        ),
        Test(
            "carryover",
            "info",
            partial(checks.not_above, column="completed", limit="accepted"),
            "{metric_zh} {completed:.0f} {unit}超过{limit_zh} {accepted:.0f} {unit}，原文注明含结转",
            "{metric_en}: {completed:.0f} exceeds {accepted:.0f} {limit_en}; the source notes a carry-over",
        ),
    ),
)


def _ytd_week_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    facts = tables.facts[tables.facts["metric"].isin(relations().cumulative)]
    facts = facts.assign(**bounds(facts))
    week = facts[facts["scope"] == "week"][["source", "metric", "low"]].rename(columns={"low": "week"})
    ytd = facts[facts["scope"] == "ytd"][["source", "metric", "value", "high", "line", "evidence"]]
    # Year to date at its highest, the week at its lowest: an approximate figure is an interval.
    frame = week.merge(ytd.rename(columns={"high": "ytd"}), on=["source", "metric"])
    return finish(
        frame,
        scope="ytd",
        observed=lambda f: number_text(f["value"]),
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


def _ocr_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    facts = tables.facts
    read = facts[facts["ocr"].astype(bool)]
    read = read[["source", "metric", "scope", "value", "unit", "line", "evidence", "confidence", "ocr_split"]]
    return finish(
        read.assign(min_confidence=settings.ocr_min_confidence, split=read["ocr_split"].astype(int)),
        observed=lambda f: number_text(f["value"]),
        expected=lambda f: "置信度 " + f["confidence"].map("{:.2f}".format) + "，请核对原件",
        key="",
    )


OCR_UNCERTAIN = Rule(
    "ocr_uncertain",
    "issue",
    "OCR 识别存疑",
    "OCR reading uncertain",
    _ocr_frame,
    (
        Test(
            "split",
            "warning",
            partial(checks.at_most, column="split", limit=0),
            "{metric_zh}（{scope_zh}）数值 {observed} 由 OCR 识别，数字可能被拆分或合并，请与扫描件核对",
            "{metric_en} ({scope_en}) value {observed} was read by OCR with its digits possibly split"
            " or merged; check it against the scan",
        ),
        Test(
            "confidence",
            "warning",
            partial(checks.not_below, column="confidence", limit="min_confidence"),
            "{metric_zh}（{scope_zh}）数值 {observed} 由 OCR 识别，置信度低，请与扫描件核对",
            "{metric_en} ({scope_en}) value {observed} was read by OCR with low confidence; check it"
            " against the scan",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (
    VALUE_VALID,
    COMPLETED_LE_ACCEPTED,
    YTD_GE_WEEK,
    OCR_UNCERTAIN,
)
