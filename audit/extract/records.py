"""The records extraction produces, one per table row: light to import, and what the cache stores.

The extractors themselves (regular expressions compiled at import) load only when a file has
to be read; a run served by the cache needs these records alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from audit.ingest.document import Document


@dataclass
class Header:
    """What the masthead and the statistics cut-off say; line numbers point at the source.

    ``kind`` is ``regular``, ``combined`` (a 合刊: ``issue_no``–``issue_no_end`` and
    ``serial_no``–``serial_no_end``) or ``supplement`` (a 增刊 or 特刊, outside the regular
    numbering; ``issue_no`` is its own number, if any). ``year_inferred`` is True when the
    masthead prints no year and ``year`` was taken from the period or the publication date.
    """

    publisher: str | None = None
    title: str | None = None
    kind: str = "regular"
    year: int | None = None
    year_inferred: bool = False
    issue_no: int | None = None
    issue_no_end: int | None = None
    serial_no: int | None = None
    serial_no_end: int | None = None
    published: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    as_of: date | None = None
    copies: int | None = None
    masthead: str = ""
    header_line: int | None = None
    published_line: int | None = None
    period_line: int | None = None
    as_of_line: int | None = None

    def recognised(self) -> bool:
        """Return True when the file has a masthead at all: a series name, numbering or a date of its own.

        A file with none of them is no issue of any series (a letter, a notice, a stray text file);
        its figures cannot be placed, so it is refused rather than reported as a masthead lacking everything.
        """
        return any(
            value is not None
            for value in (
                self.publisher,
                self.title,
                self.year,
                self.issue_no,
                self.serial_no,
                self.published,
                self.period_start,
                self.period_end,
            )
        )


@dataclass  # not frozen: a frozen dataclass is slower to build, and there is one per figure
class Fact:
    """One figure, the sentence it came from and the qualifiers later rules need."""

    metric: str
    scope: str
    value: float
    unit: str
    line: int
    evidence: str
    raw: str
    clause: str
    carryover: bool = False
    category_count: int | None = None
    page: int | None = None
    approx: bool = False
    low: float | None = None
    high: float | None = None
    # Read by OCR: the engine's lowest confidence over the figure's characters, and whether
    # the figure touches a place where the engine joined two pieces (digits split or merged).
    ocr: bool = False
    confidence: float | None = None
    ocr_split: bool = False


@dataclass  # not frozen: a frozen dataclass is slower to build, and there is one per number
class Figure:
    """One number of the body and its role: what the figure logic made of it, or why nothing.

    ``role`` is one of ``ROLES``; ``status`` says what became of a metric figure (``used``,
    ``duplicate``, ``superseded`` by an exact one, ``conflict``); ``problem`` why a number is
    ``unreadable`` or ``unclear``. A conflict names the other sentence (``other_line``).
    """

    line: int
    raw: str
    value: float | None
    role: str
    evidence: str
    metric: str = ""
    scope: str = ""
    approx: bool = False
    low: float | None = None
    high: float | None = None
    status: str = ""
    problem: str = ""
    other_line: int | None = None
    other_value: float | None = None
    other_evidence: str = ""


#: What a number of the body can be; those after ``unclassified`` are not understood.
ROLES = (
    "metric",
    "part",
    "prior",
    "change",
    "date",
    "heading",
    "count",
    "reference",
    "furniture",
    "unclassified",
    "unclear",
    "unreadable",
)


@dataclass(frozen=True)
class Heading:
    """A numbered heading: its style (一、 （一） 1. （1） ① 一是), number and parent heading."""

    line: int
    style: str
    number: int
    text: str
    parent: int


@dataclass(frozen=True)
class BodyDate:
    """An explicit date in the body and what kind of date it is (event, cutoff, window ...)."""

    line: int
    date: date
    kind: str
    evidence: str


@dataclass(frozen=True)
class Enumeration:
    """A list with a stated count: "A、B、C等11个省直部门" or "“A”“B”“C”三条措施"."""

    line: int
    stated: int
    listed: int
    has_deng: bool
    evidence: str


@dataclass(frozen=True)
class TableTotal:
    """A cell of a table's 合计 row, with the sum of the rows it totals in its column."""

    line: int
    label: str
    stated: float
    summed: float
    rows: int
    evidence: str
    page: int | None = None


@dataclass(frozen=True)
class Note:
    """Something the reader met but read only in part (a ragged table, an empty heading), by line."""

    line: int
    code: str
    message_zh: str
    message_en: str
    page: int | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    header: Header
    facts: list[Fact]
    headings: list[Heading]
    dates: list[BodyDate]
    enumerations: list[Enumeration]
    totals: list[TableTotal] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def part_source(source: str, number: int, parts: int) -> str:
    """Return the source of issue ``number`` of a file ``source`` holding ``parts`` issues: ``file#2``."""
    return source if parts == 1 else f"{source}#{number}"
