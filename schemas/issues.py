"""The ``issues`` table: one row per input file, its masthead and where each field was read."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

SCOPES = ("week", "ytd")


class IssuesSchema(pa.DataFrameModel):
    """One row per issue; a field the masthead does not carry is null."""

    source: Series[str] = pa.Field(unique=True)
    publisher: Series[str] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1949, le=2200)
    issue_no: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    serial_no: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    published: Series[pa.DateTime] = pa.Field(nullable=True)
    period_start: Series[pa.DateTime] = pa.Field(nullable=True)
    period_end: Series[pa.DateTime] = pa.Field(nullable=True)
    as_of: Series[pa.DateTime] = pa.Field(nullable=True)
    copies: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    masthead: Series[str]
    header_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    published_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    period_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    as_of_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    format: Series[str] = pa.Field(isin=["txt", "md", "docx", "pdf", "doc", "wps", "ofd", "scan"])
    #: The first line of every page ("1,41,80"), for formats with pages: findings cite 第N页 from it.
    page_starts: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
        ordered = True
