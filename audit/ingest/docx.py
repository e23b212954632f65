"""Word .docx reports: body paragraphs and table rows, in document order, as the reader sees them."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

import docx
from docx.oxml.ns import qn
from lxml import etree

from audit import messages
from audit.errors import UnreadableInput, UnsupportedFormat
from audit.ingest.document import Document
from audit.ingest.sniff import RESAVE_AS_DOCX
from audit.ingest.text import human_size

#: Refuse a .docx whose parts add up to more than this once uncompressed (python-docx loads them all).
MAX_DOCX_UNCOMPRESSED = 256 * 1024 * 1024
#: Refuse a sizeable part that inflates more than this; real Word XML stays far below 100:1.
MAX_DOCX_RATIO = 200
_RATIO_CHECK_FROM = 1024 * 1024

DAMAGED = messages.text("docx_damaged")
RESAVE = messages.text("docx_resave")

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_R, _T, _RPR, _VANISH = qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:vanish")
_BREAKS = frozenset({qn("w:br"), qn("w:cr")})
_TABS = frozenset({qn("w:tab"), qn("w:ptab")})
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
# Inside a paragraph: properties, deleted or moved-away text, and drawings (text boxes hold whole
# paragraphs of their own, often twice, as mc:Choice and mc:Fallback) are not the paragraph's text.
_SKIP = frozenset(
    {
        qn("w:pPr"),
        qn("w:rPr"),
        qn("w:del"),
        qn("w:moveFrom"),
        qn("w:drawing"),
        qn("w:pict"),
        qn("w:object"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
    }
)
_OFF = frozenset({"0", "false", "off"})


def read_docx(stream: BinaryIO, source: str) -> Document:
    """Read a .docx from a seekable binary ``stream``."""
    _check_archive(stream, source)
    stream.seek(0)
    try:
        document = docx.Document(stream)
    except ValueError as exc:
        # python-docx refuses any main part that is not a plain document, e.g. .docm or .dotx.
        if "ms-word" in str(exc) or "template" in str(exc):
            raise UnsupportedFormat(source, messages.text("docx_macro"), RESAVE_AS_DOCX) from exc
        raise UnreadableInput(source, messages.text("docx_not_word"), RESAVE) from exc
    except Exception as exc:
        # Whatever python-docx trips over (missing part, bad XML, CRC error), the file is damaged.
        raise UnreadableInput(source, DAMAGED, RESAVE) from exc
    lines = tuple(_block_lines(document.element.body))
    if not any(line.strip() for line in lines):
        raise UnreadableInput(source, messages.text("no_text"), messages.text("docx_no_text.hint"))
    return Document(source=source, lines=lines, format="docx", encoding=None)


def _check_archive(stream: BinaryIO, source: str) -> None:
    """Refuse damaged archives, archives that are not Word documents, and zip bombs, before parsing."""
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, RuntimeError, zlib.error) as exc:
        raise UnreadableInput(source, DAMAGED, RESAVE) from exc
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnsupportedFormat(source, messages.text("odt_file"), RESAVE_AS_DOCX)
    if "word/document.xml" not in names:
        raise UnreadableInput(source, messages.text("docx_no_document"), RESAVE)
    # zipfile never inflates a member past its declared size, so checking declared sizes is enough.
    total = sum(info.file_size for info in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        limit = human_size(MAX_DOCX_UNCOMPRESSED)
        raise UnreadableInput(
            source,
            messages.text("docx_too_large", size=human_size(total), limit=limit),
            messages.text("docx_too_large.hint"),
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _RATIO_CHECK_FROM and ratio > MAX_DOCX_RATIO:
            raise UnreadableInput(
                source, messages.text("zip_bomb", name=info.filename, ratio=f"{ratio:.0f}"), RESAVE
            )


def _block_lines(container: etree._Element) -> Iterator[str]:
    """Lines of a body or table cell: one per paragraph line, one per table row."""
    for child in container:
        if child.tag == _P:
            yield from _paragraph_text(child).split("\n")
        elif child.tag == _TBL:
            yield from _table_rows(child)
        elif child.tag not in _SKIP and isinstance(child.tag, str):
            # Content controls (w:sdt/w:sdtContent), w:customXml and the like wrap blocks.
            yield from _block_lines(child)


def _table_rows(table: etree._Element) -> Iterator[str]:
    for row in _descendants_until(table, _TR):
        cells = _descendants_until(row, _TC)
        yield " | ".join(_cell_text(cell) for cell in cells)


def _cell_text(cell: etree._Element) -> str:
    # A row must stay one line: the cell's paragraphs, breaks and nested tables are joined by spaces.
    return " ".join(part for line in _block_lines(cell) if (part := line.strip()))


def _descendants_until(element: etree._Element, tag: str) -> list[etree._Element]:
    """Elements named ``tag`` below ``element``, looking through wrappers but not into nested tables."""
    found: list[etree._Element] = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag not in (_TBL, _TR, _TC) and isinstance(child.tag, str):
            found.extend(_descendants_until(child, tag))
    return found


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    _collect_runs(paragraph, parts)
    return "".join(parts)


def _collect_runs(element: etree._Element, parts: list[str]) -> None:
    # python-docx's Paragraph.text only sees direct w:r and w:hyperlink children, so it drops text
    # inside tracked insertions, smart tags, fields and content controls; walk everything instead.
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _TABS:
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _R and _hidden(child):
            continue
        elif tag != _P:
            _collect_runs(child, parts)


def _hidden(run: etree._Element) -> bool:
    properties = run.find(_RPR)
    vanish = properties.find(_VANISH) if properties is not None else None
    return vanish is not None and vanish.get(qn("w:val"), "true").lower() not in _OFF
