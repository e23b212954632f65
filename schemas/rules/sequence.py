"""Cross-issue rules on consecutive mastheads of a series: numbering, publication dates, periods.

Each row is a pair of consecutive issues (``tables.pairs``), reported on the later one. The
issue after a 合刊 follows its last numbers (``prev_serial_last``, ``prev_issue_last``); a 增刊
has no regular 第N期 number (see ``Derived.placed``), so the 第N期 rules pass over it.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd

import checks
from schemas.rules.base import Rule, TablesLike, Test, finish, iso_text, masthead_line, number_text
from schemas.settings import Settings


def _pairs_frame(pairs: pd.DataFrame, **columns: object) -> pd.DataFrame:
    """Return consecutive issue ``pairs`` as a rule frame: the later issue's masthead, the other named."""
    return finish(
        pairs,
        **{
            "line": masthead_line(pairs, "header_line"),
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
        for p, s in zip(rows["prev_serial_last"], rows["serial_no"], strict=True)
    ]


def _after_open_combined(pairs: pd.DataFrame) -> pd.Series:
    """Return True where the previous issue is a 合刊 printing no range and the serial number jumps.

    Whether the missing numbers went into that 合刊 cannot be told from the mastheads: the jump is
    a warning to confirm, not a gap, and the 第N期 sequence is not judged across it.
    """
    jump = (pairs["serial_no"] > pairs["prev_serial_last"] + 1).fillna(False)
    return (pairs["prev_open_combined"].fillna(False).astype(bool) & jump).astype(bool)


def _serial_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    pairs = tables.pairs
    after_open = _after_open_combined(pairs)
    return _pairs_frame(
        # A jump after a 合刊 printing no range is not judged as a gap (``gap_from`` unknown).
        pairs.assign(after_open=after_open, gap_from=pairs["prev_serial_last"].mask(after_open)),
        missing=_gaps,
        missing_en=partial(_gaps, lang="en"),
        observed=lambda f: number_text(f["serial_no"]),
        expected=lambda f: number_text(f["prev_serial_last"] + 1),
    )


SERIAL_SEQUENTIAL = Rule(
    "serial_sequential",
    "series",
    "总期号连续",
    "Serial numbers consecutive",
    _serial_frame,
    (
        Test(
            "repeat",
            "error",
            partial(checks.differs, column="serial_no", previous="prev_serial_last"),
            "总第{observed}期与{other}重复",
            "Serial number {observed} repeats {other}",
        ),
        Test(
            "gap",
            "error",
            partial(checks.follows, column="serial_no", previous="gap_from"),
            "总期号不连续：{other}之后为总第{observed}期，缺少{missing}",
            "Serial numbers jump from {other} to {observed}; missing {missing_en}",
        ),
        Test(
            "open_combined",
            "warning",
            lambda f: ~f["after_open"],
            "上一期{other}标为合刊但未印出所含期号（如第14-15期），本期为总第{observed}期："
            "无法确认{missing}是否并入该合刊，请核对",
            "The previous issue {other} is marked 合刊 (combined) but prints no range (such as"
            " 第14-15期); this is serial {observed}: whether {missing_en} went into it cannot be told",
        ),
    ),
)


def _issue_no_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.pairs
    # The first issue of a year must be 第1期 only when the old year's last issue is present.
    # A 合刊 holds a range: the next issue follows its last numbers (``*_last``, see Derived.placed).
    consecutive = frame["serial_no"] == frame["prev_serial_last"] + 1
    new_year = (frame["cycle"] == frame["prev_cycle"] + 1) & consecutive
    same_year = frame["cycle"] == frame["prev_cycle"]
    expected = (frame["prev_issue_last"] + 1).where(~new_year.fillna(False), 1)
    judged = (same_year | new_year).fillna(False) & ~_after_open_combined(frame)
    return _pairs_frame(
        frame.assign(expected_no=expected.where(judged)),
        observed=lambda f: number_text(f["issue_no"]),
        expected=lambda f: number_text(f["expected_no"]),
    )


ISSUE_NO_SEQUENTIAL = Rule(
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
)


def _numbering_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.pairs
    offset = frame["serial_no"] - frame["issue_no"]
    prev_offset = frame["prev_serial_no"] - frame["prev_issue_no"]
    new_year = (frame["cycle"] == frame["prev_cycle"] + 1) & (frame["issue_no"] == 1)
    # Across New Year the offset grows by the old year's last 第N期 number.
    expected = prev_offset.where(~new_year.fillna(False), frame["prev_serial_last"] + 1 - frame["issue_no"])
    applies = (frame["cycle"] == frame["prev_cycle"]) | new_year
    return _pairs_frame(
        frame.assign(offset=offset, expected_offset=expected.where(applies.fillna(False))),
        observed=lambda f: (
            "总第"
            + number_text(f["serial_no"])
            + "−第"
            + number_text(f["issue_no"])
            + "="
            + number_text(f["offset"])
        ),
        expected=lambda f: number_text(f["expected_offset"]),
    )


NUMBERING_CONSISTENT = Rule(
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
)


def _published_order_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    pairs = tables.pairs
    return _pairs_frame(
        pairs,
        line=masthead_line(pairs, "published_line"),
        other_line=pairs["prev_published_line"],
        observed=lambda f: iso_text(f["published"]),
        expected=lambda f: "> " + iso_text(f["prev_published"]),
    )


PUBLISHED_MONOTONIC = Rule(
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
)


def uncovered_working_days(
    prev_end: object, start: object, settings: Settings
) -> tuple[list[date], list[int]]:
    """Return the working days after one period's end and before the next one's start, and the
    years of that gap the calendar does not know (their days are not counted)."""
    if pd.isna(prev_end) or pd.isna(start) or start <= prev_end:  # type: ignore[operator]
        return [], []
    first, last = prev_end + pd.Timedelta(days=1), start - pd.Timedelta(days=1)  # type: ignore[operator]
    return settings.calendar.working_days(first.date(), last.date())


def _contiguous_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.pairs
    # Days between issues that are missing altogether are serial_sequential's to report.
    consecutive = (frame["serial_no"] == frame["prev_serial_last"] + 1).fillna(False)
    gaps = [
        uncovered_working_days(p, s, settings) if c else ([], [])
        for p, s, c in zip(frame["prev_period_end"], frame["period_start"], consecutive, strict=True)
    ]
    # A year the calendar does not know is said once, on the first gap that falls in it.
    unknown = pd.Series([years[0] if years else None for _, years in gaps], dtype="Int64")
    return _pairs_frame(
        frame.assign(
            uncovered_days=[len(days) for days, _ in gaps],
            uncovered=["、".join(d.isoformat() for d in days) for days, _ in gaps],
            unknown_year=unknown.to_numpy(),
            calendar_known=(unknown.isna() | unknown.duplicated()).to_numpy(),
        ),
        line=masthead_line(frame, "period_line"),
        other_line=frame["prev_period_line"],
        observed=lambda f: iso_text(f["period_start"]) + "—" + iso_text(f["period_end"]),
        expected=lambda f: "> " + iso_text(f["prev_period_end"]),
    )


PERIOD_CONTIGUOUS = Rule(
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
        Test(
            "calendar",
            "info",
            lambda df: df["calendar_known"].fillna(True).astype(bool),
            "未收录 {unknown_year} 年的节假日和调休安排，该年报告期之间的工作日未核对；"
            "可在配置 [tool.audit.calendar] 中补充",
            "No holiday schedule for {unknown_year}: working days between periods in that year are "
            "not checked; add it under [tool.audit.calendar]",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (
    SERIAL_SEQUENTIAL,
    ISSUE_NO_SEQUENTIAL,
    NUMBERING_CONSISTENT,
    PUBLISHED_MONOTONIC,
    PERIOD_CONTIGUOUS,
)
