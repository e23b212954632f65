"""What kind of file this is: magic bytes first, the suffix only where the content says nothing."""

from __future__ import annotations

import enum
from pathlib import Path

from audit import messages

#: Suffixes taken when walking a directory and read by this package.
READABLE_SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".docx", ".pdf", ".doc", ".wps", ".wpt", ".dot", ".ofd"}
)
#: Suffixes also taken from directories, so that they fail loudly instead of vanishing from the audit.
UNSUPPORTED_SUFFIXES = frozenset({".rtf", ".odt", ".docm"})
#: Names of the Word 97 binary format (Word's .doc/.dot, Kingsoft WPS's .wps/.wpt).
LEGACY_WORD_SUFFIXES = frozenset({".doc", ".dot", ".wps", ".wpt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

#: How many leading bytes ``sniff`` needs to see.
HEAD_BYTES = 2048

RESAVE_AS_DOCX = messages.text("resave_as_docx")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Local file header, or the end-of-central-directory record of an empty archive.
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_RTF = b"{\\rtf"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
# Word's password-protected .docx is an OLE2 file holding this stream (name stored as UTF-16LE).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class Kind(enum.Enum):
    """The container a file's first bytes reveal."""

    OLE2 = "ole2"
    ZIP = "zip"
    PDF = "pdf"
    RTF = "rtf"
    IMAGE = "image"
    TEXT = "text"


def sniff(head: bytes, suffix: str = "") -> Kind:
    """Classify a file from its first ``HEAD_BYTES`` bytes; ``suffix`` only breaks the %PDF tie."""
    if head.startswith(_OLE2):
        return Kind.OLE2
    if head.startswith(_ZIP):
        return Kind.ZIP
    if head.startswith(_RTF):
        return Kind.RTF
    if head.startswith(_IMAGES):
        return Kind.IMAGE
    # Readers accept junk before the header (within 1 KiB), but a text file may mention "%PDF-"
    # too, so an offset header only counts when the name also says PDF.
    pdf_at = head.find(b"%PDF-", 0, 1024)
    if pdf_at == 0 or (pdf_at > 0 and suffix == ".pdf"):
        return Kind.PDF
    return Kind.TEXT


def suffix_of(path: Path) -> str:
    """The lower-cased last suffix, '' when there is none."""
    return path.suffix.lower()


def text_format(path: Path) -> str:
    """``md`` for Markdown names, ``txt`` for every other text file."""
    return "md" if suffix_of(path) in MARKDOWN_SUFFIXES else "txt"
