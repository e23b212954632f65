"""Across the files of a run: one issue kept as several files (a .docx and its PDF, a draft and the final).

The series rules see such an issue once, through the file that stands for it (see
``schemas.derive.version_pairs``); this rule compares every other version with that file, masthead
field by field and figure by figure, and reports each difference on the file that stands for the
issue, naming the other file and both values.
"""

from __future__ import annotations

import pandas as pd

from schemas.facts import METRIC_LABELS, SCOPE_LABELS
from schemas.rules.base import Rule, TablesLike, Test, finish, iso_text, masthead_line, number_text
from schemas.settings import Settings

#: The masthead fields compared, with the line each is printed on and its zh/en names.
#: The numbers and the period are what makes two files one issue (``schemas.derive.IDENTITY``).
FIELDS: dict[str, tuple[str, str, str]] = {
    "published": ("published_line", "印发日期", "publication date"),
    "as_of": ("as_of_line", "统计截止日", "statistics cut-off"),
    "copies": ("header_line", "印数", "copies"),
}
_COLUMNS = ["source", "other_source", "key", "field_zh", "field_en", "metric", "scope", "this", "that"]


def _text(values: pd.Series) -> pd.Series:
    dates = pd.api.types.is_datetime64_any_dtype(values)
    return (iso_text(values) if dates else number_text(values)).replace("", "—")


def _masthead(versions: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """Return one row per pair and masthead field printed in both files, with both values as text."""
    this = versions.merge(issues, on="source")
    that = versions.merge(issues.rename(columns={"source": "other_source"}), on="other_source")
    parts = []
    for field, (line, zh, en) in FIELDS.items():
        known = this[field].notna() & that[field].notna()
        parts.append(
            pd.DataFrame(
                {
                    "source": this["source"],
                    "other_source": this["other_source"],
                    "key": field,
                    "field_zh": zh,
                    "field_en": en,
                    "metric": None,
                    "scope": None,
                    "this": _text(this[field]),
                    "that": _text(that[field]),
                    "line": masthead_line(this, line),
                    "other_line": masthead_line(that, line),
                    "evidence": this["masthead"],
                }
            )[known.to_numpy()]
        )
    return pd.concat(parts, ignore_index=True)


def _figures(versions: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Return one row per pair and figure printed in either file, with both values as text."""
    columns = ["source", "metric", "scope", "value", "line", "evidence"]
    this = versions.merge(facts[columns], on="source")
    that = versions.merge(facts[columns].rename(columns={"source": "other_source"}), on="other_source")
    both = this.merge(
        that, on=["source", "other_source", "metric", "scope"], how="outer", suffixes=("", "_other")
    )
    return pd.DataFrame(
        {
            "source": both["source"],
            "other_source": both["other_source"],
            "key": both["metric"] + "|" + both["scope"],
            "field_zh": [
                f"{METRIC_LABELS[m][0]}（{SCOPE_LABELS.get(s, (s, s))[0]}）"
                for m, s in zip(both["metric"], both["scope"], strict=True)
            ],
            "field_en": [
                f"{METRIC_LABELS[m][1]} ({SCOPE_LABELS.get(s, (s, s))[1]})"
                for m, s in zip(both["metric"], both["scope"], strict=True)
            ],
            "metric": both["metric"],
            "scope": both["scope"],
            "this": _text(both["value"]),
            "that": _text(both["value_other"]),
            "line": both["line"].fillna(both["line_other"]),
            "other_line": both["line_other"],
            "evidence": both["evidence"].fillna(both["evidence_other"]),
        }
    )


def _versions_frame(tables: TablesLike, settings: Settings) -> pd.DataFrame:
    versions = getattr(tables, "versions", None)
    if versions is None or versions.empty:
        frame = pd.DataFrame(columns=[*_COLUMNS, "line", "other_line", "evidence"])
    else:
        issues = tables.issues
        frame = pd.concat([_masthead(versions, issues), _figures(versions, tables.facts)], ignore_index=True)
    frame = frame.assign(agrees=(frame["this"] == frame["that"]).astype(bool))
    return finish(
        frame,
        other=lambda f: f["other_source"].map(lambda s: str(s).replace("\\", "/").rsplit("/", 1)[-1]),
        observed=lambda f: f["this"],
        expected=lambda f: f["that"],
        key=frame["key"] + "|" + frame["other_source"].map(lambda s: str(s).rsplit(".", 1)[-1]),
    )


VERSIONS_AGREE = Rule(
    "versions_agree",
    "series",
    "同一期各版本一致",
    "Versions of one issue agree",
    _versions_frame,
    (
        Test(
            "differs",
            "error",
            lambda df: df["agrees"].astype(bool),
            "同一期的另一版本{other}与本文件不一致：{field_zh}本文件为{observed}，{other}为{expected}",
            "Another version of this issue, {other}, disagrees: {field_en} is {observed} here and {expected}"
            " in {other}",
        ),
    ),
)


# This module's rules in catalogue order (``schemas.rules.RULES`` joins the modules' lists).
RULES: tuple[Rule, ...] = (VERSIONS_AGREE,)
