"""The text of one input file, line by line as its reader sees it, with its tables and pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A table as its reader sees it: a rectangular grid of cell texts.

    Merged cells (Word ``gridSpan``/``vMerge``, a PDF cell spanning columns) are spread, so the
    text of a merged cell stands in every cell it covers. ``header_rows`` leading rows are
    column headings (several rows are combined into one label per column by the figure
    logic: 受理（件） over 本周 / 今年以来). ``lines`` gives, for each row, the 1-based line of
    ``Document.lines`` that holds that row as ``cell | cell | cell`` text, so every figure
    read from a cell cites a line like any other figure.
    """

    cells: tuple[tuple[str, ...], ...]
    header_rows: int
    lines: tuple[int, ...]
    page: int | None = None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.cells), default=0)


@dataclass(frozen=True)
class ReadNote:
    """Something the reader met but could not read in full (a ragged table, a damaged part).

    Notes reach the user as findings naming the line, so a part that was not understood is
    never a silent pass.
    """

    line: int
    code: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class OcrLine:
    """What the OCR engine says about one line it read.

    ``confidence`` holds the engine's confidence for each character of the line (joining
    spaces the reader put in get 1.0). ``seams`` are character offsets where two pieces
    the engine read apart meet, or where it read across an unusually wide gap: a number
    touching a seam may have been split in two or merged from two.
    """

    confidence: tuple[float, ...]
    seams: tuple[int, ...] = ()


@dataclass(frozen=True)
class Document:
    """One input file turned into text.

    ``lines`` are the lines a user sees: the file's own lines for text, one paragraph (or
    table row) per line for .docx, the text lines of each page for .pdf. Line numbers in
    every table are 1-based indexes into this list. ``pages`` is empty for formats without
    pages, else the 1-based page number of each line. ``tables`` are the tables of the
    document as grids; their rows also stand in ``lines`` as ``cell | cell`` text. ``ocr``
    is empty unless the text was read by OCR, else what the engine said about each line.
    """

    source: str
    lines: tuple[str, ...]
    format: str
    encoding: str | None = None
    pages: tuple[int, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[ReadNote, ...] = ()
    ocr: tuple[OcrLine, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def page_of(self, line: int) -> int | None:
        """Return the page of 1-based ``line``, or None when the format has no pages."""
        return self.pages[line - 1] if self.pages and 0 < line <= len(self.pages) else None
