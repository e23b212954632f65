"""Cross-issue rules on plausibility: a weekly figure far outside what its series usually does.

``increment_outlier``: every count the series prints is read as a weekly rate: a week figure as
printed, a year-to-date figure as its increase over the previous issue of the year; either per
official working day covered (holidays and 调休 make-up days from ``checks.calendar``). Each rate
is judged against the rates of the same figure in the issues of the same year around it
(``checks.robust``), so no metric is named here: any count the facts carry is judged the same way.

``ratio_outlier``: for each pair of figures the profile relates by ``not_above`` (办结 ≤ 受理),
the ratio of what both added since the previous issue, judged the same way against the issues
around it. Completed and accepted rise and fall together with the seasons and the holidays, so
their ratio is far steadier than either figure: a digit typed wrong in one of them shows there
even when its own increase looks ordinary.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

import pandas as pd

import checks
from checks.calendar import knows, working_days
from checks.robust import log_scores
from schemas.rules.base import Rule, TablesLike, Test, finish, number_text
from schemas.rules.figures import not_above_links
from schemas.settings import Settings

#: The working days a span of holidays is counted as.
HOLIDAY_WEEK_DAYS = 1.5
#: The working days of an ordinary week: a ratio over fewer rests on less work (see ``_ratio_frame``).
FULL_WEEK_DAYS = 5.0
_ISSUE = ["series", "source", "cycle", "period_start", "period_end"]


def _days(starts: pd.Series, ends: pd.Series) -> list[float]:
    """Return the working days of each span; NaN when a date is missing, the span runs backwards or
    its year is not in the calendar."""
    # Every figure of an issue covers the same span: each span is counted once.
    spans: dict[tuple[object, object], float] = {}
    out = []
    for start, end in zip(starts, ends, strict=True):
        if (start, end) not in spans:
            # A span that runs backwards is period_valid's to report: there is no rate to judge.
            known = pd.notna(start) and pd.notna(end) and start <= end
            days = working_days(start.date(), end.date()) if known else None
            # A week of holidays still sees some work (on-duty windows, online services): counting it
            # as a day and a half keeps its rate finite and of the order of an ordinary week's.
            spans[start, end] = float("nan") if days is None else max(float(days), HOLIDAY_WEEK_DAYS)
        out.append(spans[start, end])
    return out


def _judged(tables: TablesLike) -> pd.DataFrame:
    """Return the placed issues whose figures are scored, in series order (``order``).

    A figure is judged within its series and year, so a run focused on some issues (a draft
    checked against its archive) scores the years of those issues only.
    """
    issues = tables.placed[_ISSUE].assign(order=range(len(tables.placed)))
    focus = getattr(tables, "focus", None)
    if focus is None:
        return issues
    year = issues["series"] + "|" + issues["cycle"].astype(str)
    return issues[year.isin(year[issues["source"].isin(focus)])]


def _rates(tables: TablesLike) -> pd.DataFrame:
    """Return one row per count figure with its weekly ``increase`` and the working ``days`` it covers."""
    issues = _judged(tables)
    counts = tables.facts[(tables.facts["unit"] != "%") & tables.facts["source"].isin(issues["source"])]
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


def _calendar_notice(tables: TablesLike, frame: pd.DataFrame) -> pd.Series:
    """Return 1 on the row that says a year is unknown to the calendar: once per series and year,
    on the first issue asked about; else 0."""
    unknown = pd.Series(
        [pd.notna(end) and not knows(end.date()) for end in frame["period_end"]],
        index=frame.index,
        dtype=bool,
    )
    focus = getattr(tables, "focus", None)
    asked = frame["source"].isin(focus) if focus is not None else pd.Series(True, index=frame.index)
    first = (unknown & asked) & ~frame[unknown & asked].duplicated(["series", "cycle"]).reindex(
        frame.index, fill_value=True
    )
    return first.astype(int)


def _year_group(frame: pd.DataFrame, *columns: str) -> pd.Series:
    """Return the group a row is judged in: its series, ``columns`` and year.

    Judged within the year: definitions and layouts change at New Year, and a level shift
    between years must not read as an outlier.
    """
    group = frame["series"]
    for column in columns:
        group = group + "|" + frame[column]
    return group + "|" + frame["cycle"].astype(str)


def _judgement(
    tables: TablesLike, frame: pd.DataFrame, scores: pd.DataFrame, info: float, warning: float
) -> dict[str, Any]:
    """Return the columns both plausibility rules judge a rate by and report it with: the typical
    rate and its scale (the suggestions read them), the thresholds, and the calendar notice."""
    return {
        "typical": scores["typical"],
        "scale": scores["scale"],
        "info_limit": info,
        "warning_limit": warning,
        "calendar_notice": _calendar_notice(tables, frame),
        "calendar_year": frame["cycle"],
    }


def _increment_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = _rates(tables)
    rate = frame["increase"] / frame["days"]
    group = _year_group(frame, "metric", "scope")
    scores = log_scores(rate, group, window=settings.outlier_window, floor=settings.outlier_floor)
    frame = frame.assign(
        rate=rate,
        score=scores["score"],
        **_judgement(tables, frame, scores, settings.outlier_info, settings.outlier_warning),
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


_PAIR = ["source", "metric", "scope"]


def _ratio_rates(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    """Return one row per related pair of count figures: what each added (``part``, ``whole``)
    and the working ``days`` that covers.

    A week's figures as printed; year-to-date figures since the previous issue stating both
    (the first issue of a year: since 1 January, the figures themselves).
    """
    links = not_above_links(settings)[["metric", "limit_metric", "limit_zh", "limit_en"]]
    issues = _judged(tables)
    facts = tables.facts[(tables.facts["unit"] != "%") & tables.facts["source"].isin(issues["source"])]
    part = facts[[*_PAIR, "value", "line", "evidence"]].merge(links, on="metric")
    whole = facts[[*_PAIR, "value"]].rename(columns={"metric": "limit_metric", "value": "limit_value"})
    week = part[part["scope"] == "week"].merge(whole, on=["source", "limit_metric", "scope"])
    week = week.merge(issues, on="source")
    week = week.assign(
        part=week["value"],
        whole=week["limit_value"],
        days=_days(week["period_start"], week["period_end"]),
        basis_zh="本周",
        basis_en="this week",
    )
    history = tables.ytd_history
    history = history[history["source"].isin(issues["source"])]
    steps = ["source", "metric", "prev_source", "same_year", "value", "prev_value"]
    ytd = history[
        [*steps, "series", "cycle", "period_end", "prev_period_end", "line", "evidence", "prev_line"]
    ]
    ytd = ytd.merge(links, on="metric")
    limits = history[steps].rename(columns={"metric": "limit_metric", "value": "limit_value"})
    # Both figures must step from the same issue: otherwise their increases cover different weeks.
    ytd = ytd.merge(
        limits.rename(columns={"prev_value": "prev_limit_value"}),
        on=["source", "limit_metric", "prev_source", "same_year"],
    )
    ytd = ytd.merge(issues[["source", "order"]], on="source")
    new_year = ~ytd["same_year"]
    january = pd.to_datetime(ytd["cycle"].astype("string") + "-01-01", errors="coerce")
    ytd = ytd.assign(
        scope="ytd",
        part=(ytd["value"] - ytd["prev_value"]).where(~new_year, ytd["value"]),
        whole=(ytd["limit_value"] - ytd["prev_limit_value"]).where(~new_year, ytd["limit_value"]),
        days=_days((ytd["prev_period_end"] + timedelta(days=1)).where(~new_year, january), ytd["period_end"]),
        other_source=ytd["prev_source"].where(~new_year),
        other_line=ytd["prev_line"].where(~new_year),
        basis_zh=new_year.map({True: "今年以来", False: "今年以来，较上期新增部分"}),
        basis_en=new_year.map({True: "year to date", False: "year to date, added since the previous issue"}),
    )
    columns = [
        *["series", "source", "cycle", "order", "period_end", "line", "evidence"],
        *["metric", "limit_metric", "limit_zh", "limit_en", "scope", "value", "limit_value"],
        *["part", "whole", "days", "basis_zh", "basis_en"],
    ]
    frame = pd.concat([week[columns], ytd[[*columns, "other_source", "other_line"]]])
    order = ["series", "metric", "limit_metric", "scope", "order"]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def _two_places(values: pd.Series) -> pd.Series:
    """Return ratios as 0.93; blank where there is none."""
    return values.astype(object).map(lambda v: "" if pd.isna(v) else f"{v:.2f}")


def _ratio_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = _ratio_rates(tables, settings)
    # Not a ratio where either figure fell or stood still (ytd_monotonic's to report).
    positive = (frame["part"] > 0) & (frame["whole"] > 0)
    ratio = (frame["part"] / frame["whole"]).where(positive)
    # A year the calendar does not know is not judged: its holiday weeks could not be told apart.
    ratio = ratio.where(frame["days"].notna())
    group = _year_group(frame, "metric", "limit_metric", "scope")
    scores = log_scores(ratio, group, window=settings.outlier_window, floor=settings.ratio_floor)
    # A ratio over a holiday week rests on a fraction of a week's work (the backlog of the week
    # before dominates it): its deviation counts as the standard error of a proportion does,
    # by the square root of the share of an ordinary week's working days it covers.
    weight = (frame["days"].clip(upper=FULL_WEEK_DAYS) / FULL_WEEK_DAYS) ** 0.5
    frame = frame.assign(
        ratio=ratio,
        score=scores["score"] * weight,
        weight=weight,
        **_judgement(tables, frame, scores, settings.ratio_info, settings.ratio_warning),
    )
    return finish(
        frame,
        observed=lambda f: _two_places(f["ratio"]),
        expected=lambda f: _two_places(f["typical"]).map(lambda text: f"≈ {text}" if text else ""),
        key=frame["limit_metric"],
    )


RATIO_OUTLIER = Rule(
    "ratio_outlier",
    "series",
    "相关数据之比合理",
    "Ratio of related figures plausible",
    _ratio_frame,
    (
        Test(
            "strong",
            "warning",
            partial(checks.not_above, column="score", limit="warning_limit"),
            "{metric_zh}与{limit_zh}之比（{basis_zh}）为 {observed}，前后各期通常约 {typical:.2f}"
            "（稳健偏离 {score:.1f}），疑似两个数字之一录入有误",
            "{metric_en} per {limit_en} ({basis_en}) is {observed}; the issues around it usually "
            "about {typical:.2f} (robust score {score:.1f}): is one of the two figures mistyped?",
        ),
        Test(
            "unusual",
            "info",
            partial(checks.not_above, column="score", limit="info_limit"),
            "{metric_zh}与{limit_zh}之比（{basis_zh}）为 {observed}，前后各期通常约 {typical:.2f}"
            "（稳健偏离 {score:.1f}）",
            "{metric_en} per {limit_en} ({basis_en}) is {observed}; the issues around it usually "
            "about {typical:.2f} (robust score {score:.1f})",
        ),
        Test(
            "calendar",
            "info",
            partial(checks.in_range, column="calendar_notice", low=0, high=0),
            "节假日日历不含 {calendar_year} 年，该年各期的{metric_zh}与{limit_zh}之比未作合理性判断",
            "The holiday calendar does not cover {calendar_year}: {metric_en} per {limit_en} "
            "is not judged in that year",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (INCREMENT_OUTLIER, RATIO_OUTLIER)
