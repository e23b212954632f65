"""Tables the text rules read: numbered headings, body dates, stated enumerations, table totals, read notes."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

HEADING_STYLES = ("cn", "cnp", "ar", "arp", "circ", "shi")
DATE_KINDS = ("event", "cutoff", "window", "effective", "deadline", "title")


class HeadingsSchema(pa.DataFrameModel):
    """Numbered headings in document order; ``parent`` is the row (within the source) above it."""

    source: Series[str]
    position: Series[int] = pa.Field(ge=0)
    line: Series[int] = pa.Field(ge=1)
    style: Series[str] = pa.Field(isin=HEADING_STYLES)
    number: Series[int] = pa.Field(ge=0)
    text: Series[str]
    parent: Series[int] = pa.Field(ge=-1)

    class Config:
        strict = True
        coerce = True
        ordered = True


class DatesSchema(pa.DataFrameModel):
    """Explicit dates in the body; only ``event`` dates are things that happened that week."""

    source: Series[str]
    line: Series[int] = pa.Field(ge=1)
    date: Series[pa.DateTime]
    kind: Series[str] = pa.Field(isin=DATE_KINDS)
    evidence: Series[str]

    class Config:
        strict = True
        coerce = True
        ordered = True


class EnumerationsSchema(pa.DataFrameModel):
    """Lists with a stated count: ``stated`` items said, ``listed`` items written out."""

    source: Series[str]
    line: Series[int] = pa.Field(ge=1)
    stated: Series[int] = pa.Field(ge=0)
    listed: Series[int] = pa.Field(ge=2)
    has_deng: Series[bool]
    evidence: Series[str]

    class Config:
        strict = True
        coerce = True
        ordered = True


class TotalsSchema(pa.DataFrameModel):
    """The cells of each table's 合计 row beside the sum of the rows they total."""

    source: Series[str]
    line: Series[int] = pa.Field(ge=1)
    label: Series[str]
    stated: Series[float]
    summed: Series[float]
    rows: Series[int] = pa.Field(ge=1)
    evidence: Series[str]
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)

    class Config:
        strict = True
        coerce = True
        ordered = True


class NotesSchema(pa.DataFrameModel):
    """What a reader read only in part (a ragged table, an empty heading), with the line it names."""

    source: Series[str]
    line: Series[int] = pa.Field(ge=1)
    code: Series[str]
    message_zh: Series[str]
    message_en: Series[str]
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)

    class Config:
        strict = True
        coerce = True
        ordered = True
