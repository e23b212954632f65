"""``read``: open one input, pick its reader from the content, and turn every failure into a typed error."""

from __future__ import annotations

import io
import os
import stat
from typing import BinaryIO

from audit import messages
from audit.errors import AuditError, Skipped, UnreadableInput, UnsupportedFormat
from audit.ingest import text as text_reader
from audit.ingest.discover import Input
from audit.ingest.document import Document
from audit.ingest.own import own_output
from audit.ingest.sniff import (
    HEAD_BYTES,
    LEGACY_WORD_SUFFIXES,
    RESAVE_AS_DOCX,
    UNSUPPORTED_SUFFIXES,
    Kind,
    sniff,
    suffix_of,
    text_format,
)


def read(item: Input) -> Document:
    """Read one input as a Document, or raise UnreadableInput / UnsupportedFormat naming it."""
    source = item.source
    if not os.path.exists(item.path):
        # lexists-but-not-exists is a dangling symlink: to the user that is also "not there".
        raise UnreadableInput(source, messages.text("no_such_file"), messages.text("check_path"))
    try:
        with open(item.path, "rb") as handle:
            status = os.fstat(handle.fileno())
            stream: BinaryIO = handle
            size = status.st_size
            if not stat.S_ISREG(status.st_mode):
                # A pipe or /dev/stdin: size unknown and no seeking, so buffer it (bounded).
                cap = text_reader.MAX_TEXT_BYTES
                data = handle.read(cap + 1)
                if len(data) > cap:
                    raise UnreadableInput(source, f"file too large (over {text_reader.human_size(cap)})", "")
                stream, size = io.BytesIO(data), len(data)
            return _read_stream(stream, size, item)
    except AuditError:
        raise
    except IsADirectoryError:
        raise UnreadableInput(source, _directory_reason(item), "name a file, or a folder to search") from None
    except OSError as exc:
        raise UnreadableInput(source, exc.strerror or str(exc), "") from exc
    except Exception as exc:
        # A reader bug or a library tripping over odd input must not end the run with a traceback;
        # the chained exception keeps it debuggable.
        raise UnreadableInput(
            source, f"unexpected error while reading ({type(exc).__name__}: {exc})", "please report this"
        ) from exc


def _read_stream(stream: BinaryIO, size: int, item: Input) -> Document:
    source, suffix = item.source, suffix_of(item.path)
    if size == 0:
        raise UnreadableInput(source, messages.text("empty_file"))
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    kind = sniff(head, suffix)
    if kind is Kind.OLE2:
        from audit.ingest import doc as doc_reader  # msdoc2docx loads only for .doc/.wps

        return doc_reader.read_doc(stream, source, suffix)
    if kind is Kind.RTF:
        raise UnsupportedFormat(source, messages.text("rtf_file"), RESAVE_AS_DOCX)
    if suffix in UNSUPPORTED_SUFFIXES:
        raise UnsupportedFormat(source, messages.text("unsupported_suffix", suffix=suffix), RESAVE_AS_DOCX)
    if kind is Kind.IMAGE:
        return _scanned(stream, source, image=True)
    if kind is Kind.ZIP:
        from audit.ingest import ofd as ofd_reader

        # A cut-off archive has no directory to look into: then the name decides.
        looks_ofd = ofd_reader.is_ofd(stream)
        if looks_ofd or (looks_ofd is None and suffix == ".ofd"):
            return ofd_reader.read_ofd(stream, source)
        from audit.ingest import docx as docx_reader  # python-docx and lxml load only for .docx

        return docx_reader.read_docx(stream, source)
    if kind is Kind.PDF:
        from audit.ingest import pdf as pdf_reader  # pdfminer loads only for .pdf

        try:
            return pdf_reader.read_pdf(stream, source)
        except UnreadableInput as error:
            if error.reason != pdf_reader.NO_TEXT:
                raise
        stream.seek(0)
        return _scanned(stream, source, image=False)
    # The name promises a container the content does not have: a broken download or a cut-off copy.
    if suffix == ".pdf":
        from audit.ingest.pdf import DAMAGED, EXPORT_AGAIN

        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN)
    if suffix == ".ofd":
        from audit.ingest.ofd import DAMAGED, EXPORT_AGAIN

        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN)
    if suffix in LEGACY_WORD_SUFFIXES:
        # Word's "save as web page" and some export tools keep the .doc name on HTML or text.
        raise UnsupportedFormat(
            source, f"{suffix} file that is not a Word/WPS binary document", RESAVE_AS_DOCX
        )
    if suffix == ".docx":
        from audit.ingest.docx import DAMAGED, RESAVE

        raise UnreadableInput(source, DAMAGED, RESAVE)
    document = text_reader.read_text(stream, size, source, text_format(item.path))
    own = own_output(document.lines)
    if own:
        raise Skipped(
            source, messages.text("skipped_own", own=messages.text(own)), messages.text("skipped_own.hint")
        )
    return document


def _scanned(stream: BinaryIO, source: str, *, image: bool) -> Document:
    """A scanned PDF or a page image: read by OCR when the extra is installed, else say how to get it."""
    from audit.ingest import ocr  # only finds the OCR packages; imports them when it reads

    if not ocr.available():
        hint = f"install OCR support ({ocr.INSTALL_OCR}) or export the original to PDF again"
        if image:
            raise UnsupportedFormat(
                source, "image file (a scanned page?), not a text, .docx or .pdf report", hint
            )
        from audit.ingest.pdf import NO_TEXT

        raise UnreadableInput(source, NO_TEXT, hint)
    return ocr.ocr_image(stream, source) if image else ocr.ocr_pdf(stream, source)


def _directory_reason(item: Input) -> str:
    try:
        os.listdir(item.path)
    except OSError as exc:
        return f"cannot list folder: {exc.strerror or exc}"
    return "is a directory"
