"""The ``figures`` table: every number of the body and the role the figure logic gave it."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from audit.extract.records import ROLES

#: Roles of numbers the toolkit understood; the rest count against an issue's coverage.
UNDERSTOOD = ROLES[: ROLES.index("unclassified")]
STATUSES = ("", "used", "duplicate", "superseded", "conflict")


class FiguresSchema(pa.DataFrameModel):
    """One row per number: its line, digits as printed, value, role and (for figures) metric."""

    source: Series[str]
    line: Series[int] = pa.Field(ge=1)
    raw: Series[str]
    value: Series[float] = pa.Field(nullable=True)
    role: Series[str] = pa.Field(isin=ROLES)
    evidence: Series[str]
    metric: Series[str]
    scope: Series[str]
    approx: Series[bool]
    low: Series[float] = pa.Field(nullable=True)
    high: Series[float] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=STATUSES)
    problem: Series[str]
    other_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    other_value: Series[float] = pa.Field(nullable=True)
    other_evidence: Series[str]

    class Config:
        strict = True
        coerce = True
        ordered = True
