"""Per-issue rules on the masthead: its fields present, the period, publication date, cut-off, year."""

from __future__ import annotations

from functools import partial

import pandas as pd

import checks
from schemas.derive import cycle_year
from schemas.rules.base import (
    Rule,
    TablesLike,
    Test,
    finish,
    iso_text,
    masthead_line,
    number_text,
    true_or_null,
)
from schemas.settings import Settings

HEADER_FIELDS = {
    "year": "年份",
    "issue_no": "第N期",
    "serial_no": "总第N期",
    "published": "印发日期",
    "period_start": "报告期",
}


def _header_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    text = pd.Series("", index=issues.index, dtype=object)
    for column, name in HEADER_FIELDS.items():
        text = text + issues[column].isna().map({True: name + "、", False: ""})
    return finish(
        issues.assign(missing=text.str.rstrip("、")),
        line=masthead_line(issues, "header_line"),
        evidence=issues["masthead"],
        observed=lambda f: f["missing"],
        expected="、".join(HEADER_FIELDS.values()),
        key="",
    )


HEADER_COMPLETE = Rule(
    "header_complete",
    "issue",
    "报头要素齐全",
    "Masthead complete",
    _header_frame,
    (
        Test(
            "missing",
            "error",
            lambda df: df["missing"] == "",
            "报头缺少：{observed}",
            "Masthead lacks: {observed}",
        ),
    ),
)


def _period_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    days = (issues["period_end"] - issues["period_start"]).dt.days + 1
    return finish(
        issues.assign(days=days, max_days=settings.max_period_days),
        line=masthead_line(issues, "period_line"),
        evidence=issues["masthead"],
        observed=lambda f: iso_text(f["period_start"]) + "—" + iso_text(f["period_end"]),
        expected="",
        key="",
    )


PERIOD_VALID = Rule(
    "period_valid",
    "issue",
    "报告期有效",
    "Reporting period valid",
    _period_frame,
    (
        Test(
            "order",
            "error",
            partial(checks.not_above, column="period_start", limit="period_end"),
            "报告期起始日晚于截止日：{observed}",
            "Reporting period starts after it ends: {observed}",
        ),
        Test(
            "length",
            "warning",
            partial(checks.not_above, column="days", limit="max_days"),
            "报告期长达 {days} 天（{observed}），超过 {max_days} 天",
            "Reporting period is {days} days long ({observed}), over {max_days}",
        ),
    ),
)


def _published_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    delay = (issues["published"] - issues["period_end"]).dt.days
    return finish(
        issues.assign(delay=delay, max_delay=settings.max_publish_delay_days),
        line=masthead_line(issues, "published_line"),
        evidence=issues["masthead"],
        observed=lambda f: iso_text(f["published"]),
        expected=lambda f: iso_text(f["period_end"]),
        key="",
    )


PUBLISHED_AFTER_PERIOD = Rule(
    "published_after_period",
    "issue",
    "印发日期不早于报告期结束",
    "Published after the period ends",
    _published_frame,
    (
        Test(
            "before",
            "error",
            partial(checks.not_below, column="published", limit="period_end"),
            "印发日期 {observed} 早于报告期截止日 {expected}",
            "Published {observed}, before the period ends on {expected}",
        ),
        Test(
            "late",
            "warning",
            partial(checks.not_above, column="delay", limit="max_delay"),
            "印发日期 {observed} 距报告期截止日 {expected} 已 {delay} 天，超过 {max_delay} 天",
            "Published {observed}, {delay} days after the period ended on {expected} (over {max_delay})",
        ),
    ),
)


def _as_of_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    return finish(
        issues,
        line=masthead_line(issues, "as_of_line"),
        evidence=issues["masthead"],
        observed=lambda f: iso_text(f["as_of"]),
        expected=lambda f: iso_text(f["period_end"]),
        key="",
    )


AS_OF_MATCHES_PERIOD = Rule(
    "as_of_matches_period",
    "issue",
    "统计截止日与报告期一致",
    "Statistics cut-off matches the period",
    _as_of_frame,
    (
        Test(
            "differs",
            "warning",
            partial(checks.equal, column="as_of", other="period_end"),
            "统计截止日 {observed} 与报告期截止日 {expected} 不一致",
            "Statistics cut-off {observed} differs from the period end {expected}",
        ),
    ),
)


def _year_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    # cycle_year keeps the header year exactly when it agrees with the period.
    ok = (cycle_year(issues) == issues["year"]) | issues["year"].isna()
    return finish(
        issues.assign(year_ok=ok.fillna(True).astype(bool)),
        line=masthead_line(issues, "header_line"),
        evidence=issues["masthead"],
        observed=lambda f: number_text(f["year"]),
        expected=lambda f: number_text(f["period_end"].dt.year.astype("Int64")),
        key="",
    )


YEAR_CONSISTENT = Rule(
    "year_consistent",
    "issue",
    "期号年份与报告期一致",
    "Header year matches the period",
    _year_frame,
    (
        Test(
            "differs",
            "error",
            true_or_null("year_ok"),
            "期号年份 {observed} 与报告期所在年份 {expected} 不一致",
            "Header year {observed} differs from the year of the period end {expected}",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (
    HEADER_COMPLETE,
    PERIOD_VALID,
    PUBLISHED_AFTER_PERIOD,
    AS_OF_MATCHES_PERIOD,
    YEAR_CONSISTENT,
)
