"""Per-issue rules on the body text: stated counts, heading numbers, dates mentioned."""

from __future__ import annotations

from functools import partial

import pandas as pd

import checks
from schemas.rules.base import Rule, TablesLike, Test, finish, hash_text, iso_text, number_text
from schemas.settings import Settings


def _enumeration_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.enumerations
    return finish(
        frame,
        observed=lambda f: number_text(f["stated"]),
        expected=lambda f: number_text(f["listed"]),
        key=lambda f: f["stated"].astype(str) + ":" + f["evidence"].map(hash_text),
    )


ENUMERATION_COUNT = Rule(
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

    return finish(
        frame.assign(first=frame["prev_number"].isna(), expected_number=expected_number),
        evidence=frame["text"],
        observed=lambda f: [_heading_label(s, n) for s, n in zip(f["style"], f["number"], strict=True)],
        expected=lambda f: [
            _heading_label(s, n) for s, n in zip(f["style"], f["expected_number"], strict=True)
        ],
        key=key,
    )


HEADING_SEQUENCE = Rule(
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
)


def _dates_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    events = tables.dates[tables.dates["kind"] == "event"]
    issues = tables.issues[["source", "period_start", "published", "period_end"]]
    frame = events.merge(issues, on="source")
    latest = frame["published"].fillna(frame["period_end"])
    return finish(
        frame.assign(latest=latest),
        observed=lambda f: iso_text(f["date"]),
        expected=lambda f: iso_text(f["period_start"]) + "—" + iso_text(f["latest"]),
        key=lambda f: iso_text(f["date"]) + ":" + f["evidence"].map(hash_text),
    )


DATES_IN_PERIOD = Rule(
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
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (
    ENUMERATION_COUNT,
    HEADING_SEQUENCE,
    DATES_IN_PERIOD,
)
