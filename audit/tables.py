"""The extracted tables of a run, built from per-document records and validated on the way out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from audit.extract import Extraction
from schemas import DatesSchema, EnumerationsSchema, FactsSchema, FiguresSchema, HeadingsSchema, IssuesSchema


@dataclass(frozen=True)
class Tables:
    """The five tables of a run; every row carries the ``source`` it came from."""

    issues: pd.DataFrame
    facts: pd.DataFrame
    headings: pd.DataFrame
    dates: pd.DataFrame
    enumerations: pd.DataFrame
    # Tables built by hand (tests, other tools) may leave the figures out.
    figures: pd.DataFrame = field(default_factory=lambda: _empty("figures").copy())


SCHEMAS = {
    "issues": IssuesSchema,
    "facts": FactsSchema,
    "headings": HeadingsSchema,
    "dates": DatesSchema,
    "enumerations": EnumerationsSchema,
    "figures": FiguresSchema,
}
#: What the cross-issue rules and the reports read: the text tables serve the per-issue rules only.
SERIES_TABLES = ("issues", "facts", "figures")
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
        "figures": [{"source": source, **vars(f)} for f in item.figures],
    }


def _frame(name: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(SCHEMAS[name].to_schema().columns))


@cache
def _empty(name: str) -> pd.DataFrame:
    return SCHEMAS[name].validate(_frame(name, []))


def validated(frames: dict[str, pd.DataFrame]) -> Tables:
    """Return ``frames`` as tables validated by their pandera models (missing ones empty)."""
    return Tables(
        **{
            name: schema.validate(frames[name]) if name in frames else _empty(name).copy()
            for name, schema in SCHEMAS.items()
        }
    )


class TableBuilder:
    """Collect extractions document by document; ``build`` returns the validated tables.

    ``on_chunk`` is given each chunk of documents as validated tables as soon as it is complete;
    only the tables named in ``keep`` are kept for ``build``, so that a caller that has already
    read the text tables chunk by chunk never holds them for a whole archive.
    """

    def __init__(
        self, on_chunk: Callable[[Tables], None] | None = None, keep: Iterable[str] = tuple(SCHEMAS)
    ) -> None:
        self._on_chunk = on_chunk
        self._keep = tuple(keep)
        self._rows: dict[str, list[dict[str, object]]] = {name: [] for name in SCHEMAS}
        self._frames: dict[str, list[pd.DataFrame]] = {name: [] for name in self._keep}
        self._pending = 0

    def add(self, item: Extraction) -> None:
        for name, rows in _rows(item).items():
            self._rows[name] += rows
        self._pending += 1
        if self._pending >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        frames = {name: _frame(name, rows) for name, rows in self._rows.items()}
        self._rows = {name: [] for name in SCHEMAS}
        self._pending = 0
        if self._on_chunk and len(frames["issues"]):
            chunk = validated(frames)
            self._on_chunk(chunk)
            frames = {name: getattr(chunk, name) for name in SCHEMAS}
        for name in self._keep:
            self._frames[name].append(frames[name])

    def build(self) -> Tables:
        """Return the tables of everything added, validated by their pandera models."""
        self._flush()
        if self._on_chunk is None:
            return validated({name: _concat(name, parts) for name, parts in self._frames.items()})
        # Each chunk was validated on its way to ``on_chunk``, and no document spans two chunks, so
        # their concatenation keeps every constraint (unique sources, one figure per metric and scope).
        frames = {name: _concat(name, self._frames.get(name, [])) for name in SCHEMAS}
        return Tables(
            **{name: frame if len(frame) else _empty(name).copy() for name, frame in frames.items()}
        )


def _concat(name: str, parts: list[pd.DataFrame]) -> pd.DataFrame:
    filled = [part for part in parts if len(part)]
    if not filled:
        return _frame(name, [])
    return filled[0] if len(filled) == 1 else pd.concat(filled, ignore_index=True)


def build_tables(extractions: Iterable[Extraction]) -> Tables:
    """Return the validated tables of ``extractions``."""
    builder = TableBuilder()
    for item in extractions:
        builder.add(item)
    return builder.build()
