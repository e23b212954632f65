"""Legacy Word (.doc) and Kingsoft WPS (.wps) reports: the Word 97 binary format inside an OLE2 file.

Both are converted to a .docx in memory by msdoc2docx (pure Python, bounded parsers) and then
read by the .docx reader, so paragraphs, tables and their order come out exactly as for .docx.
When msdoc2docx cannot convert a file and ``antiword`` is installed, its plain text is the
fallback (tables flattened to ``cell | cell`` rows), with a note saying so.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import BinaryIO

from audit.errors import UnreadableInput, UnsupportedFormat
from audit.ingest.document import Document, ReadNote
from audit.ingest.sniff import RESAVE_AS_DOCX
from audit.ingest.text import human_size

#: Legacy reports are a few hundred kilobytes; anything far larger is refused before parsing.
MAX_DOC_BYTES = 64 * 1024 * 1024
#: Seconds antiword may take on one file before the fallback gives up.
ANTIWORD_TIMEOUT = 30

REMOVE_PASSWORD = "remove the password in Word or WPS (save without one), then run again"
DAMAGED = "damaged or unsupported Word/WPS binary file"
RESAVE = "open it in Word or WPS and save as .docx, then run again"
WPS_SUFFIXES = frozenset({".wps", ".wpt"})

# Streams that tell other OLE2 files from a Word document (names as the compound file spells them).
_WORD_STREAM = "WordDocument"
_ENCRYPTED_PACKAGE = "EncryptedPackage"
_OTHER_OLE2 = (
    ("CONTENTS", "Microsoft Works document (.wps), not Word or Kingsoft WPS"),
    ("Workbook", "Excel workbook, not a report document"),
    ("Book", "Excel workbook, not a report document"),
    ("PowerPoint Document", "PowerPoint presentation, not a report document"),
)


def read_doc(stream: BinaryIO, source: str, suffix: str = "") -> Document:
    """Read a Word 97–2003 or Kingsoft WPS binary document from a seekable ``stream``."""
    data = stream.read(MAX_DOC_BYTES + 1)
    if len(data) > MAX_DOC_BYTES:
        limit = human_size(MAX_DOC_BYTES)
        raise UnreadableInput(source, f"file too large (over {limit})", "split the document or save as .docx")
    fmt = "wps" if suffix in WPS_SUFFIXES else "doc"
    _check_streams(data, source)
    from doc2docx.errors import Doc2DocxError, EncryptedDocumentError

    try:
        converted = _to_docx(data)
    except EncryptedDocumentError as exc:
        raise UnreadableInput(source, "password-protected Word/WPS document", REMOVE_PASSWORD) from exc
    except (Doc2DocxError, ValueError, IndexError, KeyError, OverflowError) as exc:
        # The converter's parsers are bounded, so a damaged file ends in one of these, not a hang.
        fallback = _antiword(data, source, fmt)
        if fallback is not None:
            return fallback
        raise UnreadableInput(source, DAMAGED, RESAVE) from exc
    from audit.ingest.docx import read_docx

    document = read_docx(io.BytesIO(converted), source)
    return dataclasses.replace(document, format=fmt)


def _check_streams(data: bytes, source: str) -> None:
    """Refuse OLE2 files that are not Word documents before converting, each with its own reason."""
    from doc2docx.cfb import CompoundFile
    from doc2docx.errors import Doc2DocxError

    try:
        names = {entry.name for entry in CompoundFile(data).entries}
    except (Doc2DocxError, ValueError, IndexError) as exc:
        if _ENCRYPTED_PACKAGE.encode("utf-16-le") in data:
            # Directory names are stored as UTF-16; an encrypted package the parser trips over
            # is still better named for what it is than as damaged.
            names = {_ENCRYPTED_PACKAGE}
        else:
            raise UnreadableInput(source, f"{DAMAGED} (truncated or not a compound file)", RESAVE) from exc
    if _ENCRYPTED_PACKAGE in names:
        # Word saves a password-protected .docx as an OLE2 file holding the encrypted package.
        raise UnreadableInput(source, "password-protected Word document", REMOVE_PASSWORD)
    if _WORD_STREAM in names:
        return
    for stream_name, reason in _OTHER_OLE2:
        if stream_name in names:
            raise UnsupportedFormat(source, reason, RESAVE_AS_DOCX)
    raise UnsupportedFormat(source, "OLE2 file without a Word document inside", RESAVE_AS_DOCX)


def _to_docx(data: bytes) -> bytes:
    """Return the .docx msdoc2docx makes of ``data``; its files live in a private temporary folder."""
    from doc2docx import convert

    with tempfile.TemporaryDirectory(prefix="audit-doc-") as folder:
        source, target = Path(folder, "in.doc"), Path(folder, "out.docx")
        source.write_bytes(data)
        convert(source, target)
        return target.read_bytes()


def _antiword(data: bytes, source: str, fmt: str) -> Document | None:
    """Return the document as antiword's text, or None when antiword is missing or fails too."""
    program = shutil.which("antiword")
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="audit-doc-") as folder:
        path = Path(folder, "in.doc")
        path.write_bytes(data)
        try:
            # -w 0: one line per paragraph; the UTF-8 map keeps Chinese whatever the locale says.
            done = subprocess.run(
                [program, "-w", "0", "-m", "UTF-8.txt", str(path)],
                capture_output=True,
                timeout=ANTIWORD_TIMEOUT,
                cwd=folder,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    text = done.stdout.decode("utf-8", errors="replace")
    lines = tuple(line for raw in text.splitlines() if (line := _antiword_line(raw)))
    if done.returncode != 0 or not lines:
        return None
    note = ReadNote(
        line=1,
        code="text_fallback",
        message_zh="该文件由 antiword 按纯文本读取（表格已展平），请核对表格中的数字",
        message_en="read as plain text by antiword (tables flattened); check figures taken from tables",
    )
    return Document(source=source, lines=lines, format=fmt, notes=(note,))


def _antiword_line(raw: str) -> str:
    """A paragraph as it stands, a table row ``|a   |b   |`` as ``a | b``."""
    line = raw.rstrip()
    if line.startswith("|") and line.endswith("|"):
        return " | ".join(cell.strip() for cell in line[1:-1].split("|"))
    return line if line.strip() else ""
