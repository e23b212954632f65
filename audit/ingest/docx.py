"""Word .docx reports: the archive checked, then the body read in reading order (see ``docx_body``)."""

from __future__ import annotations

import zipfile
import zlib
from typing import BinaryIO

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from audit import messages
from audit.errors import UnreadableInput, UnsupportedFormat
from audit.ingest.document import Document
from audit.ingest.docx_body import BodyReader, notes_of
from audit.ingest.sniff import RESAVE_AS_DOCX
from audit.ingest.zipguard import refuse_bombs

#: Refuse a .docx whose parts add up to more than this once uncompressed (python-docx loads them all).
MAX_DOCX_UNCOMPRESSED = 256 * 1024 * 1024
#: Refuse a sizeable part that inflates more than this; real Word XML stays far below 100:1.
MAX_DOCX_RATIO = 200

DAMAGED = messages.text("docx_damaged")
RESAVE = messages.text("docx_resave")


def read_docx(stream: BinaryIO, source: str) -> Document:
    """Read a .docx from a seekable binary ``stream``."""
    _check_archive(stream, source)
    stream.seek(0)
    try:
        document = docx.Document(stream)
    except ValueError as exc:
        # python-docx refuses any main part that is not a plain document, e.g. .docm or .dotx.
        if "ms-word" in str(exc) or "template" in str(exc):
            raise UnsupportedFormat(
                source, "macro-enabled Word document or template, not .docx", RESAVE_AS_DOCX
            ) from exc
        raise UnreadableInput(source, messages.text("docx_not_word"), RESAVE) from exc
    except Exception as exc:
        # Whatever python-docx trips over (missing part, bad XML, CRC error), the file is damaged.
        raise UnreadableInput(source, DAMAGED, RESAVE) from exc
    reader = BodyReader(_notes(document, RT.FOOTNOTES, "footnote"), _notes(document, RT.ENDNOTES, "endnote"))
    reader.read(document.element.body)
    if not any(line.strip() for line in reader.lines):
        raise UnreadableInput(source, messages.text("no_text"), messages.text("docx_no_text.hint"))
    return Document(
        source=source,
        lines=tuple(reader.lines),
        format="docx",
        encoding=None,
        tables=tuple(reader.tables),
        notes=tuple(reader.notes),
    )


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
    refuse_bombs(
        infos,
        source,
        kind=".docx",
        max_total=MAX_DOCX_UNCOMPRESSED,
        max_ratio=MAX_DOCX_RATIO,
        hint=RESAVE,
        too_large_hint="remove large embedded media or split the document",
    )


def _notes(document: DocxDocument, reltype: str, kind: str) -> dict[str, etree._Element]:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return notes_of(rel.target_part.blob, kind)
    return {}
