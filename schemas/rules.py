"""The rule catalogue: one record per rule, each a frame to check and the checks over it.

A rule reads the extracted tables through ``frame`` (derived columns included) and declares
one or more tests, most severe first; a row that fails a test becomes a finding of that
test's severity and message. Rule ids are a stable contract. Adding a rule means adding one
record here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Protocol

import pandas as pd
import pandera.pandas as pa

import checks
from schemas.derive import cycle_year, labels
from schemas.settings import Settings


class TablesLike(Protocol):
    """The extracted tables and the derived frames of one run (see ``schemas.derive.Derived``)."""

    issues: pd.DataFrame
    facts: pd.DataFrame
    headings: pd.DataFrame
    dates: pd.DataFrame
    enumerations: pd.DataFrame
    placed: pd.DataFrame
    pairs: pd.DataFrame
    ytd_same_year: pd.DataFrame
    ytd_new_year: pd.DataFrame
    wide: pd.DataFrame


Frame = Callable[[TablesLike, Settings], pd.DataFrame]
Check = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Test:
    """One condition of a rule; ``zh``/``en`` are message templates over the frame's columns."""

    variant: str
    severity: str
    check: Check
    zh: str
    en: str


@dataclass(frozen=True)
class Rule:
    """A rule: id, whether it looks at one issue or a series, titles, frame and tests."""

    id: str
    kind: str
    title_zh: str
    title_en: str
    frame: Frame
    tests: tuple[Test, ...]

    @property
    def severity(self) -> str:
        return self.tests[0].severity

    def schema(self, settings: Settings) -> pa.DataFrameSchema:
        """Return the pandera schema that checks this rule's frame."""
        return pa.DataFrameSchema(
            name=self.id,
            checks=[pa.Check(t.check, name=f"{self.id}.{t.variant}", element_wise=False) for t in self.tests],
        )


FINDING_COLUMNS = [
    "source",
    "line",
    "evidence",
    "metric",
    "scope",
    "observed",
    "expected",
    "key",
    "other",
    "other_source",
    "other_line",
]


def _finish(frame: pd.DataFrame, **columns: object) -> pd.DataFrame:
    """Return ``frame`` with every finding column present (missing ones null).

    A column given as a function of the frame is display text (observed, expected, key) that
    only failing rows need: it is computed by ``display`` for those rows alone, since a large
    archive has millions of passing rows.
    """
    if "prev_serial_no" in frame.columns and "other" not in columns:
        columns["other"] = _other
    lazy = {name: value for name, value in columns.items() if callable(value)}
    # Eager columns are computed from ``frame`` itself, row for row: they are placed by position,
    # since a filtered frame's index no longer runs 0..n-1 once reset.
    eager = {
        name: value.reset_index(drop=True) if isinstance(value, pd.Series) else value
        for name, value in columns.items()
        if not callable(value)
    }
    missing = [n for n in FINDING_COLUMNS if n not in frame.columns and n not in lazy and n not in eager]
    frame = frame.reset_index(drop=True).assign(**eager, **dict.fromkeys(missing))  # type: ignore[arg-type]
    frame.attrs["lazy"] = _Lazy(lazy)
    return frame


class _Lazy(dict):  # type: ignore[type-arg]
    """A rule frame's display columns, by name: shared, not copied, by the frames derived from it.

    pandas deep-copies ``attrs`` into the result of every operation on a frame.
    """

    def __deepcopy__(self, memo: dict[int, object]) -> _Lazy:
        return self


def _other(rows: pd.DataFrame) -> pd.Series:
    """Return how the other issue of each pair is named: 2023年第33期（总第453期）."""
    return labels(rows["prev_year"], rows["prev_issue_no"], rows["prev_serial_no"])


def display(frame: pd.DataFrame, rows: list[int]) -> pd.DataFrame:
    """Return the ``rows`` of a rule frame with their display columns computed."""
    subset = frame.loc[rows].copy()
    for name, compute in frame.attrs.get("lazy", {}).items():
        subset[name] = compute(subset) if len(subset) else None
    return subset


def _iso(values: pd.Series) -> pd.Series:
    return values.dt.strftime("%Y-%m-%d").fillna("").astype(object)


def _number(values: pd.Series) -> pd.Series:
    """Return whole numbers without a decimal point, others as %g; blank for nulls."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    whole = numbers.notna() & (numbers % 1 == 0)
    text = numbers.map(lambda v: f"{v:g}", na_action="ignore").astype(object)
    text[whole] = numbers[whole].astype("int64").astype(str)
    return text.fillna("").astype(object)


def _masthead_line(issues: pd.DataFrame, column: str) -> pd.Series:
    return issues[column].fillna(issues["header_line"]).fillna(1).astype(int)


# --- per-issue rules ---------------------------------------------------------------------

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
    return _finish(
        issues.assign(missing=text.str.rstrip("、")),
        line=_masthead_line(issues, "header_line"),
        evidence=issues["masthead"],
        observed=lambda f: f["missing"],
        expected="、".join(HEADER_FIELDS.values()),
        key="",
    )


def _period_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    days = (issues["period_end"] - issues["period_start"]).dt.days + 1
    return _finish(
        issues.assign(days=days, max_days=settings.max_period_days),
        line=_masthead_line(issues, "period_line"),
        evidence=issues["masthead"],
        observed=lambda f: _iso(f["period_start"]) + "—" + _iso(f["period_end"]),
        expected="",
        key="",
    )


def _published_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    delay = (issues["published"] - issues["period_end"]).dt.days
    return _finish(
        issues.assign(delay=delay, max_delay=settings.max_publish_delay_days),
        line=_masthead_line(issues, "published_line"),
        evidence=issues["masthead"],
        observed=lambda f: _iso(f["published"]),
        expected=lambda f: _iso(f["period_end"]),
        key="",
    )


def _as_of_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    return _finish(
        issues,
        line=_masthead_line(issues, "as_of_line"),
        evidence=issues["masthead"],
        observed=lambda f: _iso(f["as_of"]),
        expected=lambda f: _iso(f["period_end"]),
        key="",
    )


def _year_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    issues = tables.issues
    # cycle_year keeps the header year exactly when it agrees with the period.
    ok = (cycle_year(issues) == issues["year"]) | issues["year"].isna()
    return _finish(
        issues.assign(year_ok=ok.fillna(True).astype(bool)),
        line=_masthead_line(issues, "header_line"),
        evidence=issues["masthead"],
        observed=lambda f: _number(f["year"]),
        expected=lambda f: _number(f["period_end"].dt.year.astype("Int64")),
        key="",
    )


def _value_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    facts = tables.facts[["source", "metric", "scope", "value", "unit", "line", "evidence"]]
    share = facts["unit"] == "%"
    return _finish(
        facts.assign(
            is_share=share,
            low=0.0,
            high=share.map({True: 100.0, False: float("inf")}),
            count_value=facts["value"].where(~share),
        ),
        observed=lambda f: _number(f["value"]),
        expected=lambda f: f["is_share"].map({True: "0–100", False: "≥ 0 的整数"}),
        key="",
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
    return _finish(
        pairs,
        observed=lambda f: _number(f["completed"]),
        expected=lambda f: "≤ " + _number(f["accepted"]),
        key="",
    )


def _ytd_week_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    both = tables.wide.dropna(subset=["week", "ytd"])
    ytd = tables.facts[tables.facts["scope"] == "ytd"][["source", "metric", "line", "evidence"]]
    frame = both.merge(ytd, on=["source", "metric"])
    return _finish(
        frame,
        scope="ytd",
        observed=lambda f: _number(f["ytd"]),
        expected=lambda f: "≥ " + _number(f["week"]),
        key="",
    )


def hash_text(text: str) -> str:
    """Return a short stable hash of a text (for finding keys)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _enumeration_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.enumerations
    return _finish(
        frame,
        observed=lambda f: _number(f["stated"]),
        expected=lambda f: _number(f["listed"]),
        key=lambda f: f["stated"].astype(str) + ":" + f["evidence"].map(hash_text),
    )


_STYLE_FORMAT = {
    "cn": "{}、",
    "cnp": "（{}）",
    "ar": "{}.",
    "arp": "（{}）",
    "circ": "{}",
    "shi": "{}是",
}
_CN_DIGITS = "零一二三四五六七八九十"


def _heading_label(style: str, number: int) -> str:
    if style in ("cn", "cnp", "shi"):
        text = (
            _CN_DIGITS[number]
            if 0 <= number <= 10
            else ("十" + _CN_DIGITS[number - 10] if number < 20 else str(number))
        )
    elif style == "circ":
        text = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[number - 1] if 1 <= number <= 20 else str(number)
    else:
        text = str(number)
    return _STYLE_FORMAT[style].format(text)


def _heading_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    headings = tables.headings.sort_values(["source", "position"], kind="stable")
    previous = headings.groupby(["source", "parent", "style"], sort=False)["number"].shift(1)
    frame = headings.assign(prev_number=previous.astype("Int64"))
    expected_number = (frame["prev_number"].fillna(0) + 1).astype(int)
    parents = headings[["source", "position", "text"]].rename(
        columns={"position": "parent", "text": "parent_text"}
    )

    def key(rows: pd.DataFrame) -> list[str]:
        # The parent heading's text, not a line number, so that edits elsewhere keep the key.
        texts = rows[["source", "parent"]].merge(parents, on=["source", "parent"], how="left")["parent_text"]
        return [
            f"{s}:{n}:{hash_text(p)}"
            for s, n, p in zip(rows["style"], rows["number"], texts.fillna(""), strict=True)
        ]

    return _finish(
        frame.assign(first=frame["prev_number"].isna(), expected_number=expected_number),
        evidence=frame["text"],
        observed=lambda f: [_heading_label(s, n) for s, n in zip(f["style"], f["number"], strict=True)],
        expected=lambda f: [
            _heading_label(s, n) for s, n in zip(f["style"], f["expected_number"], strict=True)
        ],
        key=key,
    )


def _dates_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    events = tables.dates[tables.dates["kind"] == "event"]
    issues = tables.issues[["source", "period_start", "published", "period_end"]]
    frame = events.merge(issues, on="source")
    latest = frame["published"].fillna(frame["period_end"])
    return _finish(
        frame.assign(latest=latest),
        observed=lambda f: _iso(f["date"]),
        expected=lambda f: _iso(f["period_start"]) + "—" + _iso(f["latest"]),
        key=lambda f: _iso(f["date"]) + ":" + f["evidence"].map(hash_text),
    )


# --- cross-issue rules -------------------------------------------------------------------


def _pairs_frame(pairs: pd.DataFrame, **columns: object) -> pd.DataFrame:
    """Return consecutive issue ``pairs`` as a rule frame: the later issue's masthead, the other named."""
    return _finish(
        pairs,
        **{
            "line": _masthead_line(pairs, "header_line"),
            "evidence": pairs["masthead"],
            "other_source": pairs["prev_source"],
            "other_line": pairs["prev_header_line"],
            "key": "",
            **columns,
        },
    )


def _missing_numbers(previous: int, current: int, lang: str = "zh") -> str:
    """Return the serials strictly between two, as a phrase.

    zh: "总第455期", "总第455、456期", "总第455—470期（共16期）"; en: "455", "455, 456", "455–470 (16 issues)".
    """
    missing = list(range(previous + 1, current))
    if lang == "en":
        if len(missing) <= 3:
            return ", ".join(map(str, missing))
        return f"{missing[0]}–{missing[-1]} ({len(missing)} issues)"
    if len(missing) <= 3:
        return f"总第{'、'.join(map(str, missing))}期"
    return f"总第{missing[0]}—{missing[-1]}期（共{len(missing)}期）"


def _gaps(rows: pd.DataFrame, lang: str = "zh") -> list[str]:
    return [
        _missing_numbers(int(p), int(s), lang) if pd.notna(p) and pd.notna(s) and s > p + 1 else ""
        for p, s in zip(rows["prev_serial_no"], rows["serial_no"], strict=True)
    ]


def _serial_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    return _pairs_frame(
        tables.pairs,
        missing=_gaps,
        missing_en=partial(_gaps, lang="en"),
        observed=lambda f: _number(f["serial_no"]),
        expected=lambda f: _number(f["prev_serial_no"] + 1),
    )


def _issue_no_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.pairs
    # The first issue of a year must be 第1期 only when the old year's last issue is present.
    consecutive = frame["serial_no"] == frame["prev_serial_no"] + 1
    new_year = (frame["cycle"] == frame["prev_cycle"] + 1) & consecutive
    same_year = frame["cycle"] == frame["prev_cycle"]
    expected = (frame["prev_issue_no"] + 1).where(~new_year.fillna(False), 1)
    return _pairs_frame(
        frame.assign(expected_no=expected.where((same_year | new_year).fillna(False))),
        observed=lambda f: _number(f["issue_no"]),
        expected=lambda f: _number(f["expected_no"]),
    )


def _numbering_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.pairs
    offset = frame["serial_no"] - frame["issue_no"]
    prev_offset = frame["prev_serial_no"] - frame["prev_issue_no"]
    new_year = (frame["cycle"] == frame["prev_cycle"] + 1) & (frame["issue_no"] == 1)
    # Across New Year the offset grows by the old year's last 第N期 number.
    expected = prev_offset.where(~new_year.fillna(False), frame["prev_serial_no"] + 1 - frame["issue_no"])
    applies = (frame["cycle"] == frame["prev_cycle"]) | new_year
    return _pairs_frame(
        frame.assign(offset=offset, expected_offset=expected.where(applies.fillna(False))),
        observed=lambda f: (
            "总第" + _number(f["serial_no"]) + "−第" + _number(f["issue_no"]) + "=" + _number(f["offset"])
        ),
        expected=lambda f: _number(f["expected_offset"]),
    )


def _published_order_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    pairs = tables.pairs
    return _pairs_frame(
        pairs,
        line=_masthead_line(pairs, "published_line"),
        other_line=pairs["prev_published_line"],
        observed=lambda f: _iso(f["published"]),
        expected=lambda f: "> " + _iso(f["prev_published"]),
    )


def _working_days(start: pd.Timestamp, end: pd.Timestamp) -> list[date]:
    """Return the weekdays from ``start`` to ``end`` inclusive that are not official holidays."""
    import chinese_calendar

    days = []
    day = start.date()
    while day <= end.date():
        if day.weekday() < 5:
            try:
                holiday = chinese_calendar.is_holiday(day)
            except NotImplementedError:  # outside the package's calendar: weekends only
                holiday = False
            if not holiday:
                days.append(day)
        day += timedelta(days=1)
    return days


def _uncovered(prev_end: object, start: object) -> list[date]:
    if pd.isna(prev_end) or pd.isna(start) or start <= prev_end:  # type: ignore[operator]
        return []
    return _working_days(prev_end + pd.Timedelta(days=1), start - pd.Timedelta(days=1))  # type: ignore[operator]


def _contiguous_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.pairs
    # Days between issues that are missing altogether are serial_sequential's to report.
    consecutive = (frame["serial_no"] == frame["prev_serial_no"] + 1).fillna(False)
    uncovered = [
        _uncovered(p, s) if c else []
        for p, s, c in zip(frame["prev_period_end"], frame["period_start"], consecutive, strict=True)
    ]
    return _pairs_frame(
        frame.assign(
            uncovered_days=[len(days) for days in uncovered],
            uncovered=["、".join(d.isoformat() for d in days) for days in uncovered],
        ),
        line=_masthead_line(frame, "period_line"),
        other_line=frame["prev_period_line"],
        observed=lambda f: _iso(f["period_start"]) + "—" + _iso(f["period_end"]),
        expected=lambda f: "> " + _iso(f["prev_period_end"]),
    )


def _ytd_frame(tables: TablesLike, settings: Settings, *, same_year: bool = True) -> pd.DataFrame:
    pairs = tables.ytd_same_year if same_year else tables.ytd_new_year
    if not same_year:
        # Only the first issue of the new year against the old year's last one.
        first = (pairs["issue_no"] == 1) | (pairs["serial_no"] == pairs["prev_serial_no"] + 1)
        pairs = pairs[(pairs["cycle"] == pairs["prev_cycle"] + 1) & first.fillna(False)]
    return _finish(
        pairs.assign(tolerance=settings.ytd_tolerance),
        scope="ytd",
        other_source=pairs["prev_source"],
        other_line=pairs["prev_line"],
        observed=lambda f: _number(f["value"]),
        expected=lambda f: ("≥ " if same_year else "< ") + _number(f["prev_value"]),
        key="",
    )


def _reconcile_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    pairs = tables.ytd_same_year
    weeks = tables.wide.dropna(subset=["week"])[["source", "metric", "week"]]
    frame = pairs.merge(weeks, on=["source", "metric"])
    contiguous = [
        not _uncovered(p, s) and pd.notna(p) and pd.notna(s) and s > p
        for p, s in zip(frame["prev_period_end"], frame["period_start"], strict=True)
    ]
    # Only directly consecutive issues reconcile: a missing issue in between breaks the sum.
    consecutive = (frame["serial_no"] - frame["prev_serial_no"] == 1).fillna(False)
    frame = frame[pd.Series(contiguous, index=frame.index, dtype=bool) & consecutive]
    frame = frame.assign(implied=frame["prev_value"] + frame["week"])
    return _finish(
        frame.assign(tolerance=settings.ytd_tolerance),
        scope="ytd",
        other_source=frame["prev_source"],
        other_line=frame["prev_line"],
        observed=lambda f: _number(f["value"]),
        expected=lambda f: (
            _number(f["prev_value"]) + " + " + _number(f["week"]) + " = " + _number(f["implied"])
        ),
        key="",
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
    return _finish(
        frame,
        metric="manual.share",
        scope="ytd",
        other_source=frame["prev_source"],
        other_line=frame["prev_line"],
        observed=lambda f: f["total"].map(lambda v: f"{v:g}"),
        expected=lambda f: f["prev_total"].map(lambda v: f"{v:g}"),
        key="",
    )


def _ok(column: str) -> Check:
    return lambda df: df[column].fillna(True).astype(bool)


RULES: tuple[Rule, ...] = (
    Rule(
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
    ),
    Rule(
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
    ),
    Rule(
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
    ),
    Rule(
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
    ),
    Rule(
        "year_consistent",
        "issue",
        "期号年份与报告期一致",
        "Header year matches the period",
        _year_frame,
        (
            Test(
                "differs",
                "error",
                _ok("year_ok"),
                "期号年份 {observed} 与报告期所在年份 {expected} 不一致",
                "Header year {observed} differs from the year of the period end {expected}",
            ),
        ),
    ),
    Rule(
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
    ),
    Rule(
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
    ),
    Rule(
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
    ),
    Rule(
        "enumeration_count",
        "issue",
        "列举项数与所述数量一致",
        "Stated counts match the items listed",
        _enumeration_frame,
        (
            Test(
                "count",
                "warning",
                lambda df: (
                    (df["stated"] >= df["listed"])
                    .where(df["has_deng"], df["stated"] == df["listed"])
                    .astype(bool)
                ),
                "所述数量 {stated} 与列举的 {listed} 项不符",
                "Stated count {stated} does not match the {listed} items listed",
            ),
        ),
    ),
    Rule(
        "heading_sequence",
        "issue",
        "标题序号连续",
        "Heading numbers in sequence",
        _heading_frame,
        (
            Test(
                "sequence",
                "warning",
                lambda df: (df["number"] == df["expected_number"]).astype(bool),
                "标题序号 {observed} 不连续，应为 {expected}",
                "Heading number {observed} breaks the sequence; expected {expected}",
            ),
        ),
    ),
    Rule(
        "dates_in_period",
        "issue",
        "正文日期在报告期内",
        "Body dates within the period",
        _dates_frame,
        (
            Test(
                "outside",
                "warning",
                partial(checks.in_range, column="date", low="period_start", high="latest"),
                "正文日期 {observed} 不在报告期至印发日 {expected} 之内",
                "Date {observed} in the body is outside the period to publication {expected}",
            ),
        ),
    ),
    Rule(
        "serial_sequential",
        "series",
        "总期号连续",
        "Serial numbers consecutive",
        _serial_frame,
        (
            Test(
                "repeat",
                "error",
                partial(checks.differs, column="serial_no", previous="prev_serial_no"),
                "总第{observed}期与{other}重复",
                "Serial number {observed} repeats {other}",
            ),
            Test(
                "gap",
                "error",
                partial(checks.follows, column="serial_no", previous="prev_serial_no"),
                "总期号不连续：{other}之后为总第{observed}期，缺少{missing}",
                "Serial numbers jump from {other} to {observed}; missing {missing_en}",
            ),
        ),
    ),
    Rule(
        "issue_no_sequential",
        "series",
        "年度期号连续",
        "Issue numbers consecutive within the year",
        _issue_no_frame,
        (
            Test(
                "sequence",
                "error",
                partial(checks.equal, column="issue_no", other="expected_no"),
                "第{observed}期应为第{expected}期（上一期为{other}）",
                "Issue number {observed} should be {expected} (previous: {other})",
            ),
        ),
    ),
    Rule(
        "numbering_consistent",
        "series",
        "总期号与年度期号对应",
        "Serial and issue numbers agree",
        _numbering_frame,
        (
            Test(
                "offset",
                "error",
                partial(checks.equal, column="offset", other="expected_offset"),
                "{observed}，与{other}的差值 {expected} 不一致",
                "{observed}, inconsistent with {other} (difference {expected})",
            ),
        ),
    ),
    Rule(
        "published_monotonic",
        "series",
        "印发日期递增",
        "Publication dates increase",
        _published_order_frame,
        (
            Test(
                "order",
                "error",
                partial(checks.increases, column="published", previous="prev_published"),
                "印发日期 {observed} 不晚于{other}的印发日期（应 {expected}）",
                "Published {observed}, not after {other} (expected {expected})",
            ),
        ),
    ),
    Rule(
        "period_contiguous",
        "series",
        "报告期前后衔接",
        "Periods contiguous",
        _contiguous_frame,
        (
            Test(
                "overlap",
                "error",
                partial(checks.increases, column="period_start", previous="prev_period_end"),
                "报告期 {observed} 与{other}的报告期重叠",
                "Period {observed} overlaps the period of {other}",
            ),
            Test(
                "gap",
                "warning",
                lambda df: df["uncovered_days"] == 0,
                "报告期 {observed} 与{other}之间有 {uncovered_days} 个工作日未覆盖：{uncovered}",
                "{uncovered_days} working days between {other} and period {observed} are not covered: {uncovered}",
            ),
        ),
    ),
    Rule(
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
    ),
    Rule(
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
    ),
    Rule(
        "share_consistent",
        "series",
        "占比推算总数一致",
        "Share implies a stable total",
        _share_frame,
        (
            Test(
                "total",
                "warning",
                _ok("overlap"),
                "按占比推算的总数 {observed} 与{other}推算的 {expected} 不一致",
                "The total implied by the share, {observed}, differs from {expected} implied by {other}",
            ),
        ),
    ),
    Rule(
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
    ),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}
