"""The extracted tables of a run, built from per-document records and validated on the way out."""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter

import pandas as pd

from audit.extract import Extraction
from audit.extract.records import BodyDate, Enumeration, Fact, Figure, Header, Heading, Note, TableTotal
from schemas import (
    DatesSchema,
    EnumerationsSchema,
    FactsSchema,
    FiguresSchema,
    HeadingsSchema,
    IssuesSchema,
    NotesSchema,
    TotalsSchema,
)


@dataclass(frozen=True)
class Tables:
    """The tables of a run; every row carries the ``source`` it came from."""

    issues: pd.DataFrame
    facts: pd.DataFrame
    headings: pd.DataFrame
    dates: pd.DataFrame
    enumerations: pd.DataFrame
    # Tables of table totals and reader notes are empty for most runs: callers may leave them out.
    totals: pd.DataFrame = field(default_factory=lambda: _empty("totals").copy())
    notes: pd.DataFrame = field(default_factory=lambda: _empty("notes").copy())
    # Tables built by hand (tests, other tools) may leave the figures out.
    figures: pd.DataFrame = field(default_factory=lambda: _empty("figures").copy())


SCHEMAS = {
    "issues": IssuesSchema,
    "facts": FactsSchema,
    "headings": HeadingsSchema,
    "dates": DatesSchema,
    "enumerations": EnumerationsSchema,
    "totals": TotalsSchema,
    "notes": NotesSchema,
    "figures": FiguresSchema,
}
#: What the cross-issue rules and the reports read: the text tables serve the per-issue rules only.
SERIES_TABLES = ("issues", "facts", "figures")
#: Rows are turned into frames every this many documents, so that a large archive is never
#: held as millions of small Python objects at once. A chunk is validated, checked by the per-issue
#: rules and its files cached while the workers read the next ones; only the last is left for
#: after them, with a core idle: at 2,000 documents a chunk, that tail was a fifth of reading 2,000
#: issues. A chunk costs some 0.05 s of its own.
CHUNK = 500


#: The record each table is made of (a row: its source, then the record's fields in order).
_RECORDS = {
    "issues": Header,
    "facts": Fact,
    "headings": Heading,
    "dates": BodyDate,
    "enumerations": Enumeration,
    "totals": TableTotal,
    "notes": Note,
    "figures": Figure,
}


@cache
def _fields(name: str) -> tuple[tuple[str, ...], Callable[[object], tuple[object, ...]]]:
    """Return the columns a record of table ``name`` fills, and a getter of their values in order."""
    fields = tuple(f.name for f in dataclasses.fields(_RECORDS[name]))
    getter = attrgetter(*fields)
    return fields, (getter if len(fields) > 1 else lambda record: (getter(record),))


@cache
def _columns(name: str) -> list[str]:
    lead = ["source", "position"] if name == "headings" else ["source"]
    return [*lead, *_fields(name)[0], *(["format", "page_starts"] if name == "issues" else [])]


def _rows(item: Extraction) -> dict[str, list[tuple[object, ...]]]:
    """Return the rows one document adds to each table, in the order of ``_columns``.

    Tuples read by one getter per record type: a row per number of the body makes this the main
    process's busiest loop, and dictionaries cost half as much again.
    """
    source = item.document.source
    rows: dict[str, list[tuple[object, ...]]] = {
        "issues": [
            (
                source,
                *_fields("issues")[1](item.header),
                item.document.format,
                page_starts(item.document.pages),
            )
        ],
        "headings": [(source, i, *_fields("headings")[1](h)) for i, h in enumerate(item.headings)],
    }
    for name in ("facts", "dates", "enumerations", "totals", "notes", "figures"):
        get = _fields(name)[1]
        rows[name] = [(source, *get(record)) for record in getattr(item, name)]
    return rows


def page_starts(pages: tuple[int, ...]) -> str | None:
    """Return the first line of every page as "1,41,80", None for a format without pages."""
    if not pages:
        return None
    starts = [str(line) for line, page in enumerate(pages, start=1) if line == 1 or page != pages[line - 2]]
    return ",".join(starts)


def page_of(starts: object, line: object) -> int | None:
    """Return the page of ``line`` from a ``page_starts`` value, None when either is unknown."""
    if not isinstance(starts, str) or not starts or line is None or pd.isna(line):  # type: ignore[arg-type]
        return None
    return bisect_right([int(s) for s in starts.split(",")], int(line)) or None  # type: ignore[call-overload]


def _frame(name: str, rows: list[tuple[object, ...]]) -> pd.DataFrame:
    columns = list(SCHEMAS[name].to_schema().columns)
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame.from_records(rows, columns=_columns(name)).reindex(columns=columns)


@cache
def _dtypes(name: str) -> dict[str, object]:
    columns = SCHEMAS[name].to_schema().columns
    return {column: spec.dtype.type for column, spec in columns.items()}


def _coerce(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with the column types its pandera model coerces to, without its checks."""
    return frame.astype(_dtypes(name))


@cache
def _empty(name: str) -> pd.DataFrame:
    return _coerce(name, _frame(name, []))


def validated(
    frames: dict[str, pd.DataFrame], checked: Callable[[pd.Series], pd.Series] | None = None
) -> Tables:
    """Return ``frames`` as tables validated by their pandera models (missing ones empty).

    With ``checked``, a function of the ``source`` column, only the rows it selects are run
    through the models' checks; the others come from cache entries that passed them when they
    were written, and are only given the models' column types.
    """
    tables = {}
    for name, schema in SCHEMAS.items():
        frame = frames.get(name)
        if frame is None:
            tables[name] = _empty(name).copy()
            continue
        rows = None if checked is None else checked(frame["source"])
        # An empty table has no row to check: it only needs the model's column types.
        if rows is None or (len(rows) and rows.all()):
            tables[name] = schema.validate(frame)
            continue
        tables[name] = frame = _coerce(name, frame)
        if rows.any():
            schema.validate(frame[rows])
    return Tables(**tables)


class TableBuilder:
    """Collect extractions document by document; ``build`` returns the validated tables.

    ``on_chunk`` is given each chunk of documents as validated tables as soon as it is complete;
    only the tables named in ``keep`` are kept for ``build``, so that a caller that has already
    read the text tables chunk by chunk never holds them for a whole archive. A document added
    as ``checked`` (read from a cache entry that passed validation when it was written) is not
    run through the models' checks again; ``on_valid`` is called whenever the documents added
    so far have passed them.
    """

    def __init__(
        self,
        on_chunk: Callable[[Tables], None] | None = None,
        keep: Iterable[str] = tuple(SCHEMAS),
        on_valid: Callable[[], None] | None = None,
    ) -> None:
        self._on_chunk = on_chunk
        self._on_valid = on_valid
        self._keep = tuple(keep)
        self._rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in SCHEMAS}
        self._frames: dict[str, list[pd.DataFrame]] = {name: [] for name in self._keep}
        self._empty: dict[str, pd.DataFrame] = {}
        self._unchecked: set[str] = set()
        self._pending = 0

    def add(self, item: Extraction, checked: bool = False) -> None:
        for name, rows in _rows(item).items():
            self._rows[name] += rows
        if not checked:
            self._unchecked.add(item.document.source)
        self._pending += 1
        if self._pending >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        frames = {name: _frame(name, rows) for name, rows in self._rows.items()}
        unchecked = self._unchecked
        self._rows = {name: [] for name in SCHEMAS}
        self._unchecked = set()
        self._pending = 0
        if self._on_chunk and len(frames["issues"]):
            chunk = validated(frames, checked=lambda sources: sources.isin(unchecked))
            if self._on_valid:
                self._on_valid()
            self._on_chunk(chunk)
            frames = {name: getattr(chunk, name) for name in SCHEMAS}
            # The column types of a table not kept, for the empty table ``build`` returns.
            self._empty.update({name: frame.iloc[:0] for name, frame in frames.items()})
        for name in self._keep:
            self._frames[name].append(frames[name])

    def build(self) -> Tables:
        """Return the tables of everything added, validated by their pandera models."""
        self._flush()
        if self._on_chunk is None:
            tables = validated({name: _concat(name, parts) for name, parts in self._frames.items()})
            if self._on_valid:
                self._on_valid()
            return tables
        # Each chunk was validated on its way to ``on_chunk``, and no document spans two chunks, so
        # their concatenation keeps every constraint (unique sources, one figure per metric and scope).
        frames = {name: _concat(name, self._frames.get(name, [])) for name in SCHEMAS}
        return Tables(
            **{
                name: frame
                if len(frame)
                else (self._empty[name] if name in self._empty else _empty(name)).copy()
                for name, frame in frames.items()
            }
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
