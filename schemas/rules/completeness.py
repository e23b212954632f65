"""Cross-issue rule on completeness: a figure the series printed last time and this issue lacks.

A metric counts as printed when it became a fact, and also when it was printed but in doubt
(unreadable, unclear, conflicting): those have findings of their own and are not "missing".
"""

from __future__ import annotations

import pandas as pd

from schemas.rules.base import Rule, TablesLike, Test, finish, masthead_line
from schemas.rules.statements import figures_of
from schemas.settings import Settings


def _printed(tables: TablesLike) -> pd.DataFrame:
    """Return each (source, metric, scope) an issue printed: as a fact, or as a figure in doubt."""
    facts = tables.facts[["source", "metric", "scope", "line"]]
    figures = figures_of(tables)
    doubtful = figures[figures["status"].eq("conflict") | figures["role"].isin(["unreadable", "unclear"])]
    doubtful = doubtful[doubtful["metric"] != ""][["source", "metric", "scope", "line"]]
    doubtful = doubtful.assign(scope=doubtful["scope"].where(doubtful["scope"].isin(["week", "ytd"]), "ytd"))
    return pd.concat([facts, doubtful], ignore_index=True).drop_duplicates(["source", "metric", "scope"])


def _missing_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    pairs = tables.pairs
    printed = _printed(tables)
    # A metric in doubt this week (unreadable, conflicting) is reported by its own rule, not as missing.
    before = pairs[
        ["source", "prev_source", "header_line", "masthead", "prev_year", "prev_issue_no", "prev_serial_no"]
    ]
    expected = before.merge(
        printed.rename(columns={"source": "prev_source", "line": "prev_line"}), on="prev_source"
    )
    present = printed[["source", "metric", "scope"]].assign(present=True)
    frame = expected.merge(present, on=["source", "metric", "scope"], how="left")
    frame = frame.assign(present=frame["present"].eq(True))
    return finish(
        frame,
        line=masthead_line(frame, "header_line") if len(frame) else pd.Series(dtype=int),
        evidence=frame["masthead"],
        other_source=frame["prev_source"],
        other_line=frame["prev_line"],
        observed="",
        expected=lambda f: f["metric"],
        key="",
    )


METRIC_MISSING = Rule(
    "metric_missing",
    "series",
    "指标齐全",
    "Figures complete",
    _missing_frame,
    (
        Test(
            "missing",
            "warning",
            lambda df: df["present"].astype(bool),
            "{other}刊载的{metric_zh}（{scope_zh}）本期未见（或未能读取）",
            "{metric_en} ({scope_en}), printed in {other}, is missing from this issue (or could not be read)",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (METRIC_MISSING,)
