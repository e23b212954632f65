"""Derived frames the rules read: issues in series order, consecutive pairs, wide figures.

Pure pandas, no I/O. A series is one publisher's report title; within it issues are
ordered by 总第 number, then by publication date, then by source for a stable order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd


def series_key(issues: pd.DataFrame) -> pd.Series:
    """Return the series of each issue: publisher and title (unknown parts left blank)."""
    return issues["publisher"].fillna("").astype(str) + "｜" + issues["title"].fillna("").astype(str)


VERSION_COLUMNS = ["source", "other_source"]
#: What two files print alike when they are versions of one issue (with the series).
IDENTITY = ("kind", "year", "issue_no", "serial_no", "period_start", "period_end")
#: The series rules and the suggested corrections check an archive this many issues at a time,
#: whole series at a time.
SERIES_PART = 5000


def version_pairs(
    issues: pd.DataFrame, order: Sequence[str], preferred: Collection[str] = ()
) -> pd.DataFrame:
    """Return each file that is another version of an issue beside the file that stands for it.

    Files are one issue when they print the same series, kind, numbers and period (a .docx and
    its PDF, a draft and the final): two issues that share a misprinted 总第 number report different
    weeks and stay two. The one that stands for an issue is a ``preferred`` file (the files
    checked, over their history), then the first format in ``order``, then the first by name.
    """
    known = issues[issues["serial_no"].notna()]
    if known.empty:
        return pd.DataFrame(columns=VERSION_COLUMNS)
    rank = {name: position for position, name in enumerate(order)}
    key = series_key(known)
    for column in IDENTITY:
        key = key + "｜" + known[column].astype("string").fillna("") if column in known else key
    frame = pd.DataFrame(
        {
            "key": key,
            "later": ~known["source"].isin(set(preferred)),
            "rank": known["format"].map(rank).fillna(len(order)),
            "other_source": known["source"],
        }
    ).sort_values(["key", "later", "rank", "other_source"], kind="stable")
    frame["source"] = frame.groupby("key", sort=False, dropna=False)["other_source"].transform("first")
    others = frame[frame["source"] != frame["other_source"]]
    return others[VERSION_COLUMNS].reset_index(drop=True)


def cycle_year(issues: pd.DataFrame) -> pd.Series:
    """Return the year each issue's numbering and year-to-date figures belong to.

    That is the header year when it agrees with the period (the year of its end, or for the
    last December week published in January, the publication year), else the year of the
    period end: one mistyped header year must not look like a New Year to the series rules.
    """
    end_year = issues["period_end"].dt.year.astype("Int64")
    published_year = issues["published"].dt.year.astype("Int64")
    new_year = ((issues["published"].dt.month == 1) & (issues["period_end"].dt.month == 12)).fillna(False)
    agrees = (issues["year"] == end_year) | ((issues["year"] == published_year) & new_year)
    return issues["year"].where(agrees.fillna(True) | end_year.isna(), end_year).astype("Int64")


def ordered(issues: pd.DataFrame) -> pd.DataFrame:
    """Return the issues with ``series`` and ``cycle`` columns, sorted by series then serial number."""
    frame = issues.assign(series=series_key(issues), cycle=cycle_year(issues))
    return frame.sort_values(
        ["series", "serial_no", "published", "source"], na_position="last", kind="stable"
    )


def placed(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the ``ordered`` issues that have a place in their series, with their last numbers."""
    frame = frame[frame["serial_no"].notna()]
    issue_no = frame["issue_no"].mask(frame["kind"] == "supplement")
    return frame.assign(
        issue_no=issue_no,
        # A 合刊 that prints no range: where it ends is unknown (see ``sequence.SERIAL_SEQUENTIAL``).
        open_combined=(frame["kind"] == "combined")
        & frame["issue_no_end"].isna()
        & frame["serial_no_end"].isna(),
        issue_last=frame["issue_no_end"].fillna(issue_no),
        serial_last=frame["serial_no_end"].fillna(frame["serial_no"]),
    )


def labels(
    year: pd.Series,
    issue_no: pd.Series,
    serial_no: pd.Series,
    issue_end: pd.Series | None = None,
    serial_end: pd.Series | None = None,
) -> pd.Series:
    """Return ``label`` for every row, vectorised; a 合刊 names its range: 第14-15期（总第389-390期）."""

    def text(values: pd.Series) -> pd.Series:
        return values.astype("Int64").astype("string")

    def part(values: pd.Series, end: pd.Series | None, before: str, after: str) -> pd.Series:
        number = text(values)
        if end is not None:
            number = number + ("-" + text(end)).fillna("")
        return (before + number + after).fillna("")

    joined = (
        part(year, None, "", "年")
        + part(issue_no, issue_end, "第", "期")
        + part(serial_no, serial_end, "（总第", "期）")
    )
    return joined.where(joined != "", "?").astype(object)


def issue_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """Return each issue of ``placed`` issues beside its predecessor in the series (``prev_`` columns).

    The first issue of a series has no predecessor and is left out.
    """
    previous = frame.groupby("series", sort=False).shift(1)
    pairs = frame.join(previous.add_prefix("prev_"))
    pairs = pairs[pairs["prev_source"].notna()].copy()
    return pairs.reset_index(drop=True)


def ytd_pairs(issues: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Return each year-to-date figure beside the same metric in the previous issue carrying it.

    ``issues`` are placed issues; ``same_year`` tells whether the predecessor belongs to the same
    year (``cycle_year``).
    """
    columns = [
        "series",
        "source",
        "cycle",
        "year",
        "issue_no",
        "serial_no",
        "serial_last",
        "period_start",
        "period_end",
    ]
    frame = issues[columns]
    frame = frame.assign(order=range(len(frame)))
    ytd = facts[facts["scope"] == "ytd"]
    ytd = ytd[["source", "metric", "value", "line", "evidence"]].assign(**bounds(ytd))
    merged = ytd.merge(frame, on="source").sort_values(["series", "metric", "order"], kind="stable")
    previous = merged.groupby(["series", "metric"], sort=False)[
        [
            "source",
            "cycle",
            "year",
            "issue_no",
            "serial_no",
            "serial_last",
            "value",
            "low",
            "high",
            "line",
            "period_end",
        ]
    ].shift(1)
    pairs = merged.join(previous.add_prefix("prev_"))
    pairs = pairs[pairs["prev_source"].notna()]
    return pairs.assign(same_year=(pairs["cycle"] == pairs["prev_cycle"]).fillna(False)).reset_index(
        drop=True
    )


def bounds(facts: pd.DataFrame) -> dict[str, pd.Series]:
    """Return the ``low`` and ``high`` bound of each figure: its interval when approximate, else its value."""
    low = facts["low"] if "low" in facts else pd.Series(float("nan"), index=facts.index)
    high = facts["high"] if "high" in facts else pd.Series(float("nan"), index=facts.index)
    return {
        "low": low.fillna(facts["value"]).astype(float),
        "high": high.fillna(facts["value"]).astype(float),
    }


def wide(facts: pd.DataFrame, metrics: list[str] | None = None) -> pd.DataFrame:
    """Return one row per source and metric with ``week`` and ``ytd`` value columns."""
    subset = facts if metrics is None else facts[facts["metric"].isin(metrics)]
    # FactsSchema keeps (source, metric, scope) unique, so a plain pivot is enough (and cheaper).
    values = subset.pivot(index=["source", "metric"], columns="scope", values="value")
    values = values.reindex(columns=["week", "ytd"]).reset_index()
    values.columns.name = None
    return values


class Derived:
    """The tables of one run and the frames derived from them, each computed once.

    Several rules read the same pairs of consecutive issues; deriving them once per run keeps
    a check of a large archive linear and cheap. With ``focus``, the pairs are those whose later
    issue is one of the ``focus`` sources: a draft checked against its archive needs no findings
    on the archive.
    """

    def __init__(self, tables: Any, focus: Any = None, versions: pd.DataFrame | None = None) -> None:
        self.issues: pd.DataFrame = tables.issues
        self.facts: pd.DataFrame = tables.facts
        self.headings: pd.DataFrame = tables.headings
        self.dates: pd.DataFrame = tables.dates
        self.enumerations: pd.DataFrame = tables.enumerations
        self.totals: pd.DataFrame = tables.totals
        self.notes: pd.DataFrame = tables.notes
        self.figures: pd.DataFrame | None = getattr(tables, "figures", None)
        self.focus: frozenset[str] | None = None if focus is None else frozenset(focus)
        #: Files that are other versions of an issue (``version_pairs``): the series see the issue once.
        if versions is None:
            versions = getattr(tables, "versions", None)
        self.versions: pd.DataFrame = (
            versions if versions is not None else pd.DataFrame(columns=VERSION_COLUMNS)
        )

    @classmethod
    def of(cls, tables: Any) -> Derived:
        """Return ``tables`` as a run, reusing what it has derived when it is one already."""
        return tables if isinstance(tables, Derived) else cls(tables)

    def focused(self, sources: Any) -> Derived:
        """Return the run with its pairs restricted to those ending in one of ``sources``."""
        part = Derived(self, focus=sources)
        if "ordered" in self.__dict__:  # the order of the issues does not depend on the focus
            part.ordered = self.ordered
        return part

    def _focused(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.focus is None:
            return frame
        return frame[frame["source"].isin(self.focus)].reset_index(drop=True)

    def only(self, sources: Any) -> Derived:
        """Return the run restricted to the issues from ``sources`` (and the other versions of them)."""
        keep = set(sources)
        versions = self.versions
        keep |= set(versions["other_source"][versions["source"].isin(keep)])
        part = Derived(self, focus=self.focus)
        for name in ("issues", "facts", "headings", "dates", "enumerations", "totals", "notes", "figures"):
            frame = getattr(self, name)
            if frame is None:
                continue
            setattr(part, name, frame[frame["source"].isin(keep)])
        return part

    def series_parts(self, size: int | None = None) -> Iterator[Derived]:
        """Yield the run in parts made of whole series, each of at least ``size`` (``SERIES_PART``) issues but the last.

        Series rules compare issues within their series only, so each part can be checked on its
        own: the frames derived from a part stay the size of the part, not of the whole archive.
        """
        size = SERIES_PART if size is None else size
        series = self.ordered["series"].to_numpy()
        if len(series) <= size:
            yield self
            return
        starts = [*(np.flatnonzero(series[1:] != series[:-1]) + 1).tolist(), len(series)]
        begin = 0
        for end in starts:
            if end - begin >= size or end == len(series):
                yield self.only(self.ordered["source"].iloc[begin:end])
                begin = end

    @cached_property
    def ordered(self) -> pd.DataFrame:
        issues = self.issues
        if len(self.versions):
            issues = issues[~issues["source"].isin(self.versions["other_source"])]
        return ordered(issues)

    @cached_property
    def placed(self) -> pd.DataFrame:
        """The issues that can be placed in their series, in order.

        An issue without a 总第 number cannot be placed (header_complete reports it). A 合刊
        holds a range: the issue after it follows its last numbers (``serial_last``,
        ``issue_last``). A 增刊 stands outside the yearly numbering: placed only when it prints a
        总第 number, and then without a 第N期 number of the regular run.
        """
        return placed(self.ordered)

    @cached_property
    def pairs(self) -> pd.DataFrame:
        return self._focused(issue_pairs(self.placed))

    @cached_property
    def ytd(self) -> pd.DataFrame:
        return self._focused(self.ytd_history)

    @cached_property
    def ytd_history(self) -> pd.DataFrame:
        """Every year-to-date pair whatever the focus: a figure's plausibility is judged by its series."""
        return ytd_pairs(self.placed, self.facts)

    @property
    def ytd_same_year(self) -> pd.DataFrame:
        return self.ytd[self.ytd["same_year"]].reset_index(drop=True)

    @property
    def ytd_new_year(self) -> pd.DataFrame:
        return self.ytd[~self.ytd["same_year"]].reset_index(drop=True)

    @cached_property
    def wide(self) -> pd.DataFrame:
        return wide(self.facts)
