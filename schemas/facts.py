"""The ``facts`` table: one row per printed figure, tied to its line and sentence."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

METRICS = (
    "admin_license.accepted",
    "admin_license.completed",
    "public_service.accepted",
    "public_service.completed",
    "other_powers.accepted",
    "other_powers.completed",
    "window.consultations",
    "window.accepted",
    "window.issued",
    "window.transferred",
    "manual.items",
    "manual.share",
)
UNITS = ("件", "人次", "个", "%")
METRIC_LABELS = {
    "admin_license.accepted": ("行政许可事项受理", "administrative licences accepted"),
    "admin_license.completed": ("行政许可事项办结", "administrative licences completed"),
    "public_service.accepted": ("公共服务事项受理", "public services accepted"),
    "public_service.completed": ("公共服务事项办结", "public services completed"),
    "other_powers.accepted": ("其它行权事项受理", "other powers accepted"),
    "other_powers.completed": ("其它行权事项办结", "other powers completed"),
    "window.consultations": ("综窗咨询", "window consultations"),
    "window.accepted": ("综窗受理", "window applications accepted"),
    "window.issued": ("综窗颁发", "window certificates issued"),
    "window.transferred": ("综窗流转", "window cases transferred"),
    "manual.items": ("受理手册编制办理项", "acceptance-manual items"),
    "manual.share": ("受理手册编制占比", "acceptance-manual share"),
}
SCOPE_LABELS = {"week": ("本周", "week"), "ytd": ("今年以来", "year to date")}


class FactsSchema(pa.DataFrameModel):
    """One row per figure: what it measures, its value, and the sentence it came from."""

    source: Series[str]
    metric: Series[str] = pa.Field(isin=METRICS)
    scope: Series[str] = pa.Field(isin=["week", "ytd"])
    value: Series[float]
    unit: Series[str] = pa.Field(isin=UNITS)
    line: Series[int] = pa.Field(ge=1)
    evidence: Series[str]
    raw: Series[str]
    clause: Series[str]
    carryover: Series[bool]
    category_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)

    class Config:
        strict = True
        coerce = True
        ordered = True
        unique = ["source", "metric", "scope"]
