"""PDF reports: the text layer, page after page, one visual line per line, tables as grids.

Lines are rebuilt from character positions (``pdf_layout``): the order a reader sees, whatever
order the exporting program wrote the characters in. Running headers and page numbers are left
out, so a sentence running over a page break stays whole; every line keeps its page number.
Ruled tables come from pdfplumber's table finder, tables printed without lines from the
alignment of their figures (``pdf_grid``); both become grids like a Word table.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import BinaryIO

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from audit import messages
from audit.errors import UnreadableInput
from audit.ingest.document import Document, ReadNote, Table
from audit.ingest.pdf_grid import find_grids
from audit.ingest.pdf_layout import PageItem, footnotes, furniture, page_items
from audit.ingest.tabular import make_table, note
from audit.ingest.text import human_size

# pdfminer warns about every odd font or metadata field; with no handler configured those would
# reach stderr through logging's last resort. A NullHandler silences that, yet an application that
# configures logging still sees them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

DAMAGED = messages.text("pdf_damaged")
EXPORT_AGAIN = messages.text("pdf_export_again")
NO_TEXT = messages.text("pdf_no_text")
RUN_OCR = messages.text("pdf_run_ocr")
REMOVE_PASSWORD = messages.text("pdf_remove_password")

#: PDFs larger than this are refused before parsing: a report is a few megabytes, and pdfminer reads
#: the whole of a damaged file looking for its objects (minutes for a few hundred megabytes).
MAX_PDF_BYTES = 64 * 1024 * 1024

# Glyphs without a Unicode mapping come out as "(cid:1234)".
_CID = re.compile(r"\(cid:\d+\)")
_MAX_CID_SHARE = 0.5
_SENTENCE_END = ("。", "！", "？", "：", "；")


def read_pdf(stream: BinaryIO, source: str) -> Document:
    """Read the text layer of a PDF from a seekable binary ``stream``."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size > MAX_PDF_BYTES:
        limit = human_size(MAX_PDF_BYTES)
        raise UnreadableInput(source, f"file too large ({human_size(size)}, limit {limit})", "")
    try:
        pdf = pdfplumber.PDF(stream, stream_is_external=True)  # type: ignore[arg-type]
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFEncryptionError):
            # Includes PDFPasswordIncorrect: only an empty user password is tried.
            raise UnreadableInput(source, messages.text("password_pdf"), REMOVE_PASSWORD) from exc
        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN) from exc
    except Exception as exc:
        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN) from exc
    try:
        pages = [(float(page.height), page_items(page)) for page in pdf.pages]
    except Exception as exc:
        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN) from exc
    finally:
        pdf.close()
    if not pages:
        raise UnreadableInput(source, messages.text("pdf_no_pages"), EXPORT_AGAIN)
    document = _assemble(pages, source)
    visible = "".join("".join(line.split()) for line in document.lines)
    if not visible:
        raise UnreadableInput(source, NO_TEXT, RUN_OCR)
    if sum(len(match) for match in _CID.findall(visible)) > _MAX_CID_SHARE * len(visible):
        encrypted = bool(pdf.doc.encryption)
        raise UnreadableInput(
            source,
            "PDF text cannot be decoded (its fonts carry no Unicode mapping)",
            REMOVE_PASSWORD if encrypted else RUN_OCR,
        )
    return document


@dataclass
class _Pages:
    """The document's lines as they are laid down, with their pages, tables and notes."""

    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[ReadNote] = field(default_factory=list)

    def add_line(self, text: str, page: int) -> int:
        self.lines.append(text)
        self.numbers.append(page)
        return len(self.lines)

    def add_table(
        self,
        rows: tuple[tuple[str, ...], ...],
        printed: tuple[tuple[str, ...], ...],
        pages: list[int],
        headers: int | None = None,
    ) -> None:
        """Add a table: its rows as printed (one ``cell | cell`` line per row), and its grid."""
        start = len(self.lines) + 1
        self.lines.extend(" | ".join(row) for row in printed)
        self.numbers.extend(pages)
        table, found = make_table(rows, range(start, start + len(rows)), page=pages[0], headers=headers)
        self.tables.append(table)
        self.notes.extend(found)


def _assemble(pages: list[tuple[float, list[PageItem]]], source: str) -> Document:
    """Return the document of the pages' items: furniture left out, tables as rows and grids."""
    skip = furniture(pages)
    notes_of = [footnotes(items, {i for p, i in skip if p == page}) for page, (_, items) in enumerate(pages)]
    body = [
        (page, index)
        for page, (_, items) in enumerate(pages)
        for index in range(len(items))
        if (page, index) not in skip and index not in notes_of[page]
    ]
    # Tables without lines are found over the body in reading order, so one may run over a page break.
    grids, refusals = find_grids([pages[p][1][i] for p, i in body])
    starts = {body[grid.first]: grid for grid in grids}
    inside = {body[grid.first + k] for grid in grids for k in range(grid.count)}
    # Rows that print figures like a table but form no grid are read as text, their cells parted by
    # a wide gap: digits of two columns are then reported as unreadable, never read as one number.
    refused = {body[r.first + k] for r in refusals for k in range(r.count)}
    out = _Pages()
    line_of: dict[tuple[int, int], int] = {}
    # Footnotes at the foot of a page wait for the end of the sentence running over the page break.
    pending: list[tuple[str, int]] = []
    for page_index, (_, items) in enumerate(pages):
        for item_index, item in enumerate(items):
            key = (page_index, item_index)
            if key in skip:
                continue
            if item_index in notes_of[page_index]:
                pending.append((item.text, page_index + 1))
            elif key in starts:
                grid = starts[key]
                members = body[grid.first : grid.first + grid.count]
                out.add_table(grid.rows, grid.printed, [p + 1 for p, _ in members], grid.header_rows)
            elif item.is_table:
                out.add_table(item.rows, item.printed, [page_index + 1] * len(item.rows))
            elif key not in inside:
                text = "  ".join(cell.text for cell in item.cells) if key in refused else item.text
                line_of[key] = out.add_line(text, page_index + 1)
                if pending and item.text.rstrip().endswith(_SENTENCE_END):
                    for text, page in pending:
                        out.add_line(text, page)
                    pending = []
    for text, page in pending:
        out.add_line(text, page)
    out.notes += [
        note(line_of[body[refusal.first]], "table_layout", refusal.message_zh, refusal.message_en)
        for refusal in refusals
    ]
    return Document(
        source=source,
        lines=tuple(out.lines),
        format="pdf",
        encoding=None,
        pages=tuple(out.numbers),
        tables=tuple(out.tables),
        notes=tuple(sorted(out.notes, key=lambda found: found.line)),
    )
