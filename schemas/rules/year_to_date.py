"""Cross-issue rules on year-to-date figures: they never fall, reconcile with the week, reset at New Year."""

from __future__ import annotations

from functools import partial

import pandas as pd

import checks
from schemas.rules.base import Rule, TablesLike, Test, finish, number_text, true_or_null
from schemas.rules.sequence import uncovered_working_days
from schemas.settings import Settings


def _ytd_frame(tables: TablesLike, settings: Settings, *, same_year: bool = True) -> pd.DataFrame:
    pairs = tables.ytd_same_year if same_year else tables.ytd_new_year
    if not same_year:
        # Only the first issue of the new year against the old year's last one.
        first = (pairs["issue_no"] == 1) | (pairs["serial_no"] == pairs["prev_serial_no"] + 1)
        pairs = pairs[(pairs["cycle"] == pairs["prev_cycle"] + 1) & first.fillna(False)]
    return finish(
        pairs.assign(tolerance=settings.ytd_tolerance),
        scope="ytd",
        other_source=pairs["prev_source"],
        other_line=pairs["prev_line"],
        observed=lambda f: number_text(f["value"]),
        expected=lambda f: ("≥ " if same_year else "< ") + number_text(f["prev_value"]),
        key="",
    )


YTD_MONOTONIC = Rule(
    "ytd_monotonic",
    "series",
    "累计数不减少",
    "Year-to-date figures never decrease",
    _ytd_frame,
    (
        Test(
            "decrease",
            "error",
            partial(checks.not_below, column="value", limit="prev_value"),
            "{metric_zh}累计 {observed} 小于{other}的 {prev_value:.0f}",
            "{metric_en} year to date {observed} is below {prev_value:.0f} in {other}",
        ),
    ),
)


YTD_YEAR_RESET = Rule(
    "ytd_year_reset",
    "series",
    "新年度累计数清零",
    "Year-to-date figures reset at New Year",
    partial(_ytd_frame, same_year=False),
    (
        Test(
            "not_reset",
            "warning",
            partial(checks.increases, column="prev_value", previous="value"),
            "{metric_zh}新年度首期累计 {observed} 不小于上年末{other}的 {prev_value:.0f}，疑未清零",
            "{metric_en}: first year-to-date figure of the year {observed} is not below {prev_value:.0f} "
            "in {other}; not reset?",
        ),
    ),
)


def _reconcile_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    pairs = tables.ytd_same_year
    weeks = tables.wide.dropna(subset=["week"])[["source", "metric", "week"]]
    frame = pairs.merge(weeks, on=["source", "metric"])
    # A gap in a year the calendar does not know may hide a working week: not reconciled.
    contiguous = [
        uncovered_working_days(p, s, settings) == ([], []) and pd.notna(p) and pd.notna(s) and s > p
        for p, s in zip(frame["prev_period_end"], frame["period_start"], strict=True)
    ]
    # Only directly consecutive issues reconcile: a missing issue in between breaks the sum.
    consecutive = (frame["serial_no"] - frame["prev_serial_no"] == 1).fillna(False)
    frame = frame[pd.Series(contiguous, index=frame.index, dtype=bool) & consecutive]
    frame = frame.assign(implied=frame["prev_value"] + frame["week"])
    return finish(
        frame.assign(tolerance=settings.ytd_tolerance),
        scope="ytd",
        other_source=frame["prev_source"],
        other_line=frame["prev_line"],
        observed=lambda f: number_text(f["value"]),
        expected=lambda f: (
            number_text(f["prev_value"]) + " + " + number_text(f["week"]) + " = " + number_text(f["implied"])
        ),
        key="",
    )


YTD_RECONCILES = Rule(
    "ytd_reconciles",
    "series",
    "累计数与本周数衔接",
    "Year to date reconciles with the week",
    _reconcile_frame,
    (
        Test(
            "sum",
            "warning",
            partial(checks.equal, column="value", other="implied", tolerance=1e-6),
            "{metric_zh}累计 {observed} ≠ {other}累计 + 本周 = {expected}",
            "{metric_en} year to date {observed} ≠ {other} year to date + this week = {expected}",
        ),
    ),
)


def _share_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    facts = tables.facts
    items = facts[(facts["metric"] == "manual.items") & (facts["scope"] == "ytd")][["source", "value"]]
    share = facts[facts["metric"] == "manual.share"][["source", "value", "raw", "line", "evidence"]]
    both = items.merge(share, on="source", suffixes=("_items", ""))
    decimals = both["raw"].map(lambda raw: len(raw.partition(".")[2].rstrip("%％ ")))
    half = 0.5 * 10.0 ** (-decimals.astype(float))
    # The printed share is rounded: the total it implies is an interval, not a number.
    both = both.assign(
        total_low=both["value_items"] * 100 / (both["value"] + half),
        total_high=both["value_items"] * 100 / (both["value"] - half).clip(lower=1e-9),
        total=(both["value_items"] * 100 / both["value"].where(both["value"] > 0)).round(1),
    )
    issues = tables.placed[["series", "source", "year", "issue_no", "serial_no"]]
    frame = both.merge(issues, on="source")
    frame = frame.assign(order=frame["source"].map({s: i for i, s in enumerate(issues["source"])}))
    frame = frame.sort_values(["series", "order"], kind="stable")
    previous = frame.groupby("series", sort=False).shift(1)
    frame = frame.join(
        previous[
            ["source", "line", "total", "total_low", "total_high", "year", "issue_no", "serial_no"]
        ].add_prefix("prev_")
    )
    frame = frame[frame["prev_source"].notna()]
    frame = frame.assign(
        overlap=(frame["total_low"] <= frame["prev_total_high"])
        & (frame["prev_total_low"] <= frame["total_high"]),
    )
    return finish(
        frame,
        metric="manual.share",
        scope="ytd",
        other_source=frame["prev_source"],
        other_line=frame["prev_line"],
        observed=lambda f: f["total"].map(lambda v: f"{v:g}"),
        expected=lambda f: f["prev_total"].map(lambda v: f"{v:g}"),
        key="",
    )


SHARE_CONSISTENT = Rule(
    "share_consistent",
    "series",
    "占比推算总数一致",
    "Share implies a stable total",
    _share_frame,
    (
        Test(
            "total",
            "warning",
            true_or_null("overlap"),
            "按占比推算的总数 {observed} 与{other}推算的 {expected} 不一致",
            "The total implied by the share, {observed}, differs from {expected} implied by {other}",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (
    YTD_MONOTONIC,
    YTD_RECONCILES,
    SHARE_CONSISTENT,
    YTD_YEAR_RESET,
)
