"""Cross-issue rules on plausibility: a weekly figure far outside what its series usually does.

Every count the series prints is read as a weekly rate: a week figure as printed, a
year-to-date figure as its increase over the previous issue of the year; either per official
working day covered (holidays and 调休 make-up days from ``checks.calendar``). Each rate is
judged against the rates of the same figure in the issues of the same year around it
(``checks.robust``), so no metric is named here: any count the facts carry is judged the same way.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pandas as pd

import checks
from checks.calendar import knows, working_days
from checks.robust import log_scores
from schemas.rules.base import Rule, TablesLike, Test, finish, number_text
from schemas.settings import Settings

#: The working days a span of holidays is counted as.
HOLIDAY_WEEK_DAYS = 1.5
_ISSUE = ["series", "source", "cycle", "period_start", "period_end"]


def _days(starts: pd.Series, ends: pd.Series) -> list[float]:
    """Return the working days of each span; NaN when a date is missing, the span runs backwards or
    its year is not in the calendar."""
    out = []
    for start, end in zip(starts, ends, strict=True):
        # A span that runs backwards is period_valid's to report: there is no rate to judge.
        known = pd.notna(start) and pd.notna(end) and start <= end
        days = working_days(start.date(), end.date()) if known else None
        # A week of holidays still sees some work (on-duty windows, online services): counting it
        # as a day and a half keeps its rate finite and of the order of an ordinary week's.
        out.append(float("nan") if days is None else max(float(days), HOLIDAY_WEEK_DAYS))
    return out


def _rates(tables: TablesLike) -> pd.DataFrame:
    """Return one row per count figure with its weekly ``increase`` and the working ``days`` it covers."""
    issues = tables.placed[_ISSUE].assign(order=range(len(tables.placed)))
    counts = tables.facts[tables.facts["unit"] != "%"]
    week = counts[counts["scope"] == "week"][["source", "metric", "scope", "value", "line", "evidence"]]
    week = week.merge(issues, on="source")
    week = week.assign(increase=week["value"], days=_days(week["period_start"], week["period_end"]))
    pairs = tables.ytd_history
    pairs = pairs[pairs["source"].isin(counts["source"])]
    pairs = pairs.merge(counts[["source", "metric", "scope"]], on=["source", "metric"])
    pairs = pairs[pairs["scope"] == "ytd"]
    # The first issue of a year counts from 1 January: its whole figure is its increase.
    new_year = ~pairs["same_year"]
    january = pd.to_datetime(pairs["cycle"].astype("string") + "-01-01", errors="coerce")
    pairs = pairs.assign(
        increase=(pairs["value"] - pairs["prev_value"]).where(~new_year, pairs["value"]),
        days=_days(
            (pairs["prev_period_end"] + timedelta(days=1)).where(~new_year, january), pairs["period_end"]
        ),
        other_source=pairs["prev_source"].where(~new_year),
        other_line=pairs["prev_line"].where(~new_year),
    )
    columns = [
        *["series", "source", "cycle", "order", "period_end", "metric", "scope", "value", "line", "evidence"],
        *["increase", "days"],
    ]
    frame = pd.concat([week[columns], pairs[[*columns, "other_source", "other_line"]]])
    return frame.sort_values(["series", "metric", "scope", "order"], kind="stable").reset_index(drop=True)


def _increment_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = _rates(tables)
    rate = frame["increase"] / frame["days"]
    # Judged within the year: definitions and layouts change at New Year, and a level shift
    # between years must not read as an outlier.
    group = frame["series"] + "|" + frame["metric"] + "|" + frame["scope"] + "|" + frame["cycle"].astype(str)
    scores = log_scores(rate, group, window=settings.outlier_window, floor=settings.outlier_floor)
    unknown = pd.Series(
        [pd.notna(end) and not knows(end.date()) for end in frame["period_end"]],
        index=frame.index,
        dtype=bool,
    )
    focus = getattr(tables, "focus", None)
    asked = frame["source"].isin(focus) if focus is not None else pd.Series(True, index=frame.index)
    # A year the calendar does not know is said once per series, on the first issue asked about.
    first = (unknown & asked) & ~frame[unknown & asked].duplicated(["series", "cycle"]).reindex(
        frame.index, fill_value=True
    )
    frame = frame.assign(
        rate=rate,
        score=scores["score"],
        typical=scores["typical"],
        info_limit=settings.outlier_info,
        warning_limit=settings.outlier_warning,
        calendar_notice=first.astype(int),
        calendar_year=frame["cycle"],
    )
    return finish(
        frame,
        observed=lambda f: number_text(f["rate"].round(1)),
        expected=lambda f: "≈ " + number_text(f["typical"].round(1)),
        key="",
    )


INCREMENT_OUTLIER = Rule(
    "increment_outlier",
    "series",
    "周增量合理",
    "Weekly increments plausible",
    _increment_frame,
    (
        Test(
            "strong",
            "warning",
            partial(checks.not_above, column="score", limit="warning_limit"),
            "{metric_zh}（{scope_zh}）本期每个工作日增加 {observed}，前后各期通常约 {typical:.0f}"
            "（稳健偏离 {score:.1f}），疑似多输、漏输或重复一位数字",
            "{metric_en} ({scope_en}) rose by {observed} per working day; the issues around it usually "
            "about {typical:.0f} (robust score {score:.1f}): an extra, dropped or doubled digit?",
        ),
        Test(
            "unusual",
            "info",
            partial(checks.not_above, column="score", limit="info_limit"),
            "{metric_zh}（{scope_zh}）本期每个工作日增加 {observed}，前后各期通常约 {typical:.0f}"
            "（稳健偏离 {score:.1f}）",
            "{metric_en} ({scope_en}) rose by {observed} per working day; the issues around it usually "
            "about {typical:.0f} (robust score {score:.1f})",
        ),
        Test(
            "calendar",
            "info",
            partial(checks.in_range, column="calendar_notice", low=0, high=0),
            "节假日日历不含 {calendar_year} 年，该年各期的周增量未作合理性判断",
            "The holiday calendar does not cover {calendar_year}: weekly increments of that year are not judged",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (INCREMENT_OUTLIER,)
