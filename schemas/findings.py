"""The ``findings`` table: one row per rule violation, with both sides of a cross-issue pair."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.settings import SEVERITIES


class FindingsSchema(pa.DataFrameModel):
    """One row per finding, in report order."""

    rule: Series[str]
    variant: Series[str]
    severity: Series[str] = pa.Field(isin=SEVERITIES)
    source: Series[str]
    series: Series[str]
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    issue_no: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    serial_no: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    metric: Series[str] = pa.Field(nullable=True)
    scope: Series[str] = pa.Field(nullable=True)
    observed: Series[str] = pa.Field(nullable=True)
    expected: Series[str] = pa.Field(nullable=True)
    message_zh: Series[str]
    message_en: Series[str]
    line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    evidence: Series[str] = pa.Field(nullable=True)
    other: Series[str] = pa.Field(nullable=True)
    other_source: Series[str] = pa.Field(nullable=True)
    other_line: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    fingerprint: Series[str] = pa.Field(str_length={"min_value": 16, "max_value": 16})
    waived: Series[bool]
    waiver: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
        ordered = True
        unique = ["fingerprint"]
