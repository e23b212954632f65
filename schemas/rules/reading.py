"""Per-issue rules on what was read from tables and what could be read only in part."""

from __future__ import annotations

from functools import partial

import pandas as pd

import checks
from schemas.rules.base import Rule, TablesLike, Test, finish, hash_text, number_text
from schemas.settings import Settings

#: A stated total and the sum of its rows closer than this agree (figures print at most 2 decimals).
TOTAL_TOLERANCE = 0.005


def _total_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.totals
    return finish(
        frame,
        observed=lambda f: number_text(f["stated"]),
        expected=lambda f: number_text(f["summed"]),
        key=lambda f: f["label"] + ":" + f["evidence"].map(hash_text),
    )


TABLE_TOTAL = Rule(
    "table_total",
    "issue",
    "表格合计等于各行之和",
    "Table totals equal the sum of their rows",
    _total_frame,
    (
        Test(
            "sum",
            "warning",
            partial(checks.equal, column="stated", other="summed", tolerance=TOTAL_TOLERANCE),
            "表格合计（{label}）为 {observed}，而上方 {rows} 行之和为 {expected}",
            "Table total ({label}) is {observed}, but its {rows} rows add up to {expected}",
        ),
    ),
)


def _note_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    frame = tables.notes
    return finish(
        # Each note is one part of the document that was not read in full.
        frame.assign(evidence=None, unread=1),
        observed=lambda f: f["code"],
        expected="",
        key=lambda f: f["code"] + ":" + f["line"].astype(str),
    )


READ_INCOMPLETE = Rule(
    "read_incomplete",
    "issue",
    "文件内容完整读取",
    "Document read in full",
    _note_frame,
    (
        Test(
            "partial",
            "warning",
            partial(checks.at_most, column="unread", limit=0),
            "第 {line} 行未能完整读取：{message_zh}",
            "Line {line} could not be read in full: {message_en}",
        ),
    ),
)

RULES: tuple[Rule, ...] = (TABLE_TOTAL, READ_INCOMPLETE)
