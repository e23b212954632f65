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


SCHEMAS = {
    "issues": IssuesSchema,
    "facts": FactsSchema,
    "headings": HeadingsSchema,
    "dates": DatesSchema,
    "enumerations": EnumerationsSchema,
}
#: Rows are turned into frames every this many documents, so that a large archive is never
#: held as millions of small Python objects at once.
CHUNK = 2000


def _rows(item: Extraction) -> dict[str, list[dict[str, object]]]:
    """Return the rows one document adds to each table (fields copied shallowly: asdict is slow)."""
    source = item.document.source
    return {
        "issues": [{"source": source, **vars(item.header), "format": item.document.format}],
        "facts": [{"source": source, **vars(f)} for f in item.facts],
        "headings": [{"source": source, "position": i, **vars(h)} for i, h in enumerate(item.headings)],
        "dates": [{"source": source, **vars(d)} for d in item.dates],
        "enumerations": [{"source": source, **vars(e)} for e in item.enumerations],
    }


class TableBuilder:
    """Collect extractions document by document; ``build`` returns the validated tables."""

    def __init__(self) -> None:
        self._rows: dict[str, list[dict[str, object]]] = {name: [] for name in SCHEMAS}
        self._frames: dict[str, list[pd.DataFrame]] = {name: [] for name in SCHEMAS}
        self._pending = 0

    def add(self, item: Extraction) -> None:
        for name, rows in _rows(item).items():
            self._rows[name] += rows
        self._pending += 1
        if self._pending >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        for name, schema in SCHEMAS.items():
            columns = list(schema.to_schema().columns)
            self._frames[name].append(pd.DataFrame(self._rows[name], columns=columns))
            self._rows[name] = []
        self._pending = 0

    def build(self) -> Tables:
        """Return the tables of everything added, validated by their pandera models."""
        self._flush()
        frames = {}
        for name, schema in SCHEMAS.items():
            parts = [part for part in self._frames[name] if len(part)] or self._frames[name][:1]
            frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
            frames[name] = schema.validate(frame)
            self._frames[name] = []
        return Tables(**frames)


def build_tables(extractions: Iterable[Extraction]) -> Tables:
    """Return the validated tables of ``extractions``."""
    builder = TableBuilder()
    for item in extractions:
        builder.add(item)
    return builder.build()
