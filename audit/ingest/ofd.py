"""OFD reports (GB/T 33190, the national fixed-layout format): page text in reading order.

ofdkit (standard library only, read-only) places every text run and orders them into lines; this
module guards the ZIP container first, as the .docx reader does, and keeps each line's page.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import BinaryIO

from audit.errors import UnreadableInput
from audit.ingest.document import Document, ReadNote
from audit.ingest.zipguard import refuse_bombs

#: An OFD report is a few hundred kilobytes; refuse archives that inflate past this.
MAX_OFD_UNCOMPRESSED = 256 * 1024 * 1024
#: Refuse a sizeable part that inflates more than this; real OFD XML stays far below 100:1.
MAX_OFD_RATIO = 200
MAX_OFD_ENTRIES = 20_000
#: Pages read from one file; a weekly report has a handful.
MAX_OFD_PAGES = 2_000

DAMAGED = "damaged or truncated OFD file"
EXPORT_AGAIN = "export the original document to OFD or PDF again"
_ENCRYPTED_FLAG = 0x1


def is_ofd(stream: BinaryIO) -> bool | None:
    """Whether the ZIP archive in ``stream`` is an OFD package (OFD.xml at its root); None if unreadable."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        return None
    finally:
        stream.seek(0)
    return any(name.lstrip("/").casefold() == "ofd.xml" for name in names)


def read_ofd(stream: BinaryIO, source: str) -> Document:
    """Read the text of an OFD package from a seekable binary ``stream``, page by page."""
    _check_archive(stream, source)
    stream.seek(0)
    import ofdkit  # loads only for .ofd

    try:
        with ofdkit.open(stream) as document:
            if len(document.pages) > MAX_OFD_PAGES:
                raise UnreadableInput(
                    source, f"OFD has {len(document.pages)} pages (limit {MAX_OFD_PAGES})", "split the file"
                )
            texts = [_page_text(page) for page in document.pages]
            warnings = list(document.warnings)
    except ofdkit.OFDLimitError as exc:
        raise UnreadableInput(source, f"refused: {exc}", EXPORT_AGAIN) from exc
    except ofdkit.OFDError as exc:
        raise UnreadableInput(source, f"{DAMAGED} ({exc})", EXPORT_AGAIN) from exc
    lines: list[str] = []
    pages: list[int] = []
    for number, text in enumerate(texts, start=1):
        page_lines = (text or "").split("\n")
        lines.extend(page_lines)
        pages.extend([number] * len(page_lines))
    if not any(line.strip() for line in lines):
        raise UnreadableInput(
            source, "OFD has no text (scanned pages?)", "export the original document again, or run OCR"
        )
    notes = tuple(
        ReadNote(
            line=1,
            code="ofd_part_missing",
            message_zh=f"OFD 文件缺少部分内容，未能读取：{warning}",
            message_en=f"part of the OFD file could not be read: {warning}",
        )
        for warning in warnings
    )
    return Document(source=source, lines=tuple(lines), format="ofd", pages=tuple(pages), notes=notes)


def _page_text(page: object) -> str | None:
    """A page's text, or None when its content part is missing (ofdkit warns about it)."""
    if getattr(page, "location", None) is None:
        return None
    return page.text()  # type: ignore[attr-defined]


def _check_archive(stream: BinaryIO, source: str) -> None:
    """Refuse damaged, encrypted and zip-bomb packages before any part is inflated."""
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, RuntimeError, zlib.error) as exc:
        raise UnreadableInput(source, DAMAGED, EXPORT_AGAIN) from exc
    if len(infos) > MAX_OFD_ENTRIES:
        raise UnreadableInput(source, f"refused: {len(infos)} parts in the OFD (zip bomb?)", EXPORT_AGAIN)
    if any(info.flag_bits & _ENCRYPTED_FLAG for info in infos):
        raise UnreadableInput(
            source, "password-protected (encrypted) OFD file", "save an unprotected copy, then run again"
        )
    refuse_bombs(
        infos,
        source,
        kind="OFD",
        max_total=MAX_OFD_UNCOMPRESSED,
        max_ratio=MAX_OFD_RATIO,
        hint=EXPORT_AGAIN,
        too_large_hint="remove large embedded images or split the document",
    )
