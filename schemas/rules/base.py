"""What every rule is made of: the records, the frame contract and the display helpers.

A rule frame is the table a rule checks, one row per thing it judges, carrying every finding
column (``FINDING_COLUMNS``). ``finish`` completes a frame; display columns given as functions
are computed by ``display`` for the failing rows alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Protocol

import pandas as pd
import pandera.pandas as pa

from schemas.derive import labels
from schemas.settings import Settings


class TablesLike(Protocol):
    """The extracted tables and the derived frames of one run (see ``schemas.derive.Derived``)."""

    issues: pd.DataFrame
    facts: pd.DataFrame
    headings: pd.DataFrame
    dates: pd.DataFrame
    enumerations: pd.DataFrame
    totals: pd.DataFrame
    notes: pd.DataFrame
    figures: pd.DataFrame
    placed: pd.DataFrame
    pairs: pd.DataFrame
    ytd_same_year: pd.DataFrame
    ytd_new_year: pd.DataFrame
    ytd_history: pd.DataFrame
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
        """Return the pandera schema that checks this rule's frame (built once per rule)."""
        return _schema(self)


@cache
def _schema(rule: Rule) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        name=rule.id,
        checks=[pa.Check(t.check, name=f"{rule.id}.{t.variant}", element_wise=False) for t in rule.tests],
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


def finish(frame: pd.DataFrame, **columns: object) -> pd.DataFrame:
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
    return labels(
        rows["prev_year"],
        rows["prev_issue_no"],
        rows["prev_serial_no"],
        rows.get("prev_issue_no_end"),
        rows.get("prev_serial_no_end"),
    )


def display(frame: pd.DataFrame, rows: list[int], columns: Collection[str] | None = None) -> pd.DataFrame:
    """Return the ``rows`` of a rule frame with their display columns computed, only ``columns`` when given."""
    subset = frame.loc[rows].copy()
    for name, compute in frame.attrs.get("lazy", {}).items():
        subset[name] = compute(subset) if len(subset) else None
    if columns is None:
        return subset
    return subset[[name for name in subset.columns if name in columns]]


@cache
def shown(rule: Rule) -> frozenset[str]:
    """Return the frame columns a finding of ``rule`` shows: the finding columns and its messages' fields."""
    fields = {
        name.split(".")[0].split("[")[0]
        for test in rule.tests
        for template in (test.zh, test.en)
        for _, name, _, _ in Formatter().parse(template)
        if name
    }
    return frozenset([*FINDING_COLUMNS, *fields])


def iso_text(values: pd.Series) -> pd.Series:
    """Return dates as 2024-11-08; blank for nulls."""
    return values.dt.strftime("%Y-%m-%d").fillna("").astype(object)


def number_text(values: pd.Series) -> pd.Series:
    """Return whole numbers without a decimal point, others as %g; blank for nulls."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    whole = numbers.notna() & (numbers % 1 == 0)
    text = numbers.map(lambda v: f"{v:g}", na_action="ignore").astype(object)
    text[whole] = numbers[whole].astype("int64").astype(str)
    return text.fillna("").astype(object)


def masthead_line(issues: pd.DataFrame, column: str) -> pd.Series:
    """Return the line of a masthead field, else of the header, else the first line."""
    return issues[column].fillna(issues["header_line"]).fillna(1).astype(int)


def hash_text(text: str) -> str:
    """Return a short stable hash of a text (for finding keys)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def true_or_null(column: str) -> Check:
    """Return a check that a boolean column of the frame holds; null counts as holding."""
    return lambda df: df[column].fillna(True).astype(bool)
