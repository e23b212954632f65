"""The extracted tables of a run, built from per-document records and validated on the way out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from audit.extract import Extraction
from schemas import DatesSchema, EnumerationsSchema, FactsSchema, HeadingsSchema, IssuesSchema


@dataclass(frozen=True)
class Tables:
    """The five tables of a run; every row carries the ``source`` it came from."""

    issues: pd.DataFrame
    facts: pd.DataFrame
    headings: pd.DataFrame
    dates: pd.DataFrame
    enumerations: pd.DataFrame

    def concat(self, other: Tables) -> Tables:
        """Return the rows of both runs, in this order."""
        return Tables(
            *(
                pd.concat([getattr(self, name), getattr(other, name)], ignore_index=True)
                for name in ("issues", "facts", "headings", "dates", "enumerations")
            )
        )


def _fields(record: object) -> dict[str, object]:
    """Return a record's fields (shallow: ``dataclasses.asdict`` deep-copies and costs seconds)."""
    return dict(vars(record))


def _frame(rows: list[dict[str, object]], schema: type) -> pd.DataFrame:
    columns = list(schema.to_schema().columns)
    return schema.validate(pd.DataFrame(rows, columns=columns))


def build_tables(extractions: Iterable[Extraction]) -> Tables:
    """Return the validated tables of ``extractions``."""
    issues, facts, headings, dates, enumerations = [], [], [], [], []
    for item in extractions:
        source = item.document.source
        header = _fields(item.header)
        issues.append({"source": source, **header, "format": item.document.format})
        facts += [{"source": source, **_fields(f)} for f in item.facts]
        headings += [{"source": source, "position": i, **_fields(h)} for i, h in enumerate(item.headings)]
        dates += [{"source": source, **_fields(d)} for d in item.dates]
        enumerations += [{"source": source, **_fields(e)} for e in item.enumerations]
    return Tables(
        issues=_frame(issues, IssuesSchema),
        facts=_frame(facts, FactsSchema),
        headings=_frame(headings, HeadingsSchema),
        dates=_frame(dates, DatesSchema),
        enumerations=_frame(enumerations, EnumerationsSchema),
    )
