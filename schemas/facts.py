"""The ``facts`` table: one row per printed figure, tied to its line and sentence.

The metrics come from the series profiles in effect (``audit/profiles``): ``METRICS`` are those
of the built-in profile, ``METRIC_LABELS`` follows every profile a run adds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from audit.profiles import builtin_profiles, metric_labels

METRICS = tuple(m.id for p in builtin_profiles() for m in p.metrics)
METRIC_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
SCOPES = ("week", "ytd")


class _Labels(Mapping[str, tuple[str, str]]):
    """The Chinese and English names of the metrics of the profiles in effect, read when asked."""

    def __getitem__(self, metric: str) -> tuple[str, str]:
        return metric_labels()[metric]

    def __iter__(self) -> Iterator[str]:
        return iter(metric_labels())

    def __len__(self) -> int:
        return len(metric_labels())


METRIC_LABELS: Mapping[str, tuple[str, str]] = _Labels()
SCOPE_LABELS = {
    "week": ("本周", "week"),
    "ytd": ("今年以来", "year to date"),
    "prior_year": ("上年同期", "same period last year"),
    "prior_week": ("上周", "previous week"),
    "change": ("增减", "change"),
}


class FactsSchema(pa.DataFrameModel):
    """One row per figure: what it measures, its value, and the sentence it came from.

    ``approx`` figures (约33.24万件, 3000余件) hold the interval ``low``–``high`` the printed
    value stands for; an exact figure has ``low == high == value`` (null ``approx``, ``low`` and
    ``high`` read as exact, for tables built by hand).
    """

    source: Series[str]
    metric: Series[str] = pa.Field(str_matches=METRIC_PATTERN)
    scope: Series[str] = pa.Field(isin=SCOPES)
    value: Series[float]
    unit: Series[str]
    line: Series[int] = pa.Field(ge=1)
    evidence: Series[str]
    raw: Series[str]
    clause: Series[str]
    carryover: Series[bool]
    category_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    approx: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    low: Series[float] = pa.Field(nullable=True)
    high: Series[float] = pa.Field(nullable=True)
    # Absent (null) means not read by OCR: frames built before these columns keep validating.
    ocr: Series[bool] = pa.Field(default=False)
    confidence: Series[float] = pa.Field(nullable=True, ge=0, le=1)
    ocr_split: Series[bool] = pa.Field(default=False)

    class Config:
        strict = True
        coerce = True
        ordered = True
        unique = ["source", "metric", "scope"]
