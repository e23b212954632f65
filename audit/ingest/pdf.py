"""PDF reports: the text layer, page after page, one visual line per line."""

from __future__ import annotations

import io
import logging
import re
from typing import BinaryIO

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTContainer, LTItem, LTText, LTTextBox
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from audit import messages
from audit.errors import UnreadableInput
from audit.ingest.document import Document
from audit.ingest.text import human_size

# pdfminer warns about every odd font or metadata field; with no handler configured those would
# reach stderr through logging's last resort. A NullHandler silences that, yet an application that
# configures logging still sees them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

#: Layout analysis tuned for single-column reports:
#: a large char_margin keeps a table row or "2023 年第 34 期   总第 454 期" on one line instead of
#: splitting it into boxes that are then reordered; boxes_flow=None orders boxes top to bottom,
#: left to right, rather than by pdfminer's column heuristic (which can drop a centred date between
#: two table cells), and skips that heuristic's quadratic cost.
LAPARAMS = LAParams(char_margin=50.0, boxes_flow=None)

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


def read_pdf(stream: BinaryIO, source: str) -> Document:
    """Read the text layer of a PDF from a seekable binary ``stream``."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size > MAX_PDF_BYTES:
        limit = human_size(MAX_PDF_BYTES)
        raise UnreadableInput(source, messages.text("file_too_large", size=human_size(size), limit=limit))
    try:
        document = PDFDocument(PDFParser(stream))
    except PDFEncryptionError as exc:
        # Includes PDFPasswordIncorrect: only an empty user password is tried.
        raise UnreadableInput(source, messages.text("password_pdf"), REMOVE_PASSWORD) from exc
    except Exception as exc:
        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN) from exc
    try:
        pages = _page_texts(document)
    except Exception as exc:
        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN) from exc
    if not pages:
        raise UnreadableInput(source, messages.text("pdf_no_pages"), EXPORT_AGAIN)
    lines: list[str] = []
    for text in pages:
        page_lines = text.split("\n")
        while page_lines and not page_lines[-1].strip():
            page_lines.pop()
        lines.extend(page_lines)
    visible = "".join("".join(line.split()) for line in lines)
    if not visible:
        raise UnreadableInput(source, NO_TEXT, RUN_OCR)
    if sum(len(match) for match in _CID.findall(visible)) > _MAX_CID_SHARE * len(visible):
        encrypted = document.encryption is not None
        raise UnreadableInput(
            source,
            messages.text("pdf_undecodable"),
            REMOVE_PASSWORD if encrypted else RUN_OCR,
        )
    return Document(source=source, lines=tuple(lines), format="pdf", encoding=None)


def _page_texts(document: PDFDocument) -> list[str]:
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAPARAMS)
    interpreter = PDFPageInterpreter(resources, device)
    texts: list[str] = []
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        parts: list[str] = []
        _render(device.get_result(), parts)
        texts.append("".join(parts))
    return texts


def _render(item: LTItem, parts: list[str]) -> None:
    """Same text as pdfminer's extract_text: each text box's lines, then an empty line."""
    if isinstance(item, LTContainer):
        for child in item:
            _render(child, parts)
    elif isinstance(item, LTText):
        parts.append(item.get_text())
    if isinstance(item, LTTextBox):
        parts.append("\n")
