"""One cache entry as bytes: data only, bound to its file and tool, and sealed.

An entry is a line naming the format, then two parts, each the HMAC-SHA256 of its JSON under
the user's cache key followed by that JSON: the masthead alone (read to pass over an archive
issue), then the extractions of every issue in the file; both carry the content hash of the file it was made from
and the extractor version. Decoding is typed by the extraction records
themselves (``msgspec`` reads their dataclass fields and type hints), so a field added to a
record needs no code here, and JSON can only ever become those records: no code runs. An
entry that is foreign, truncated, damaged, forged without the key, made for other content or
another extractor, or whose fields do not match the records is ``None``: a miss.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec

from audit.extract.records import Extraction, Fact, Figure, Header
from audit.ingest.document import Document

#: Bumped when the layout of an entry changes, so that older entries are never misread.
ENTRY_FORMAT = 5
MAGIC = b"weekly-report-audit extraction %d\n" % ENTRY_FORMAT
_SEAL = 64  # hex characters of an HMAC-SHA256


@dataclass(frozen=True)
class Entry:
    """What an entry holds: the extraction of each issue of the file and what it is bound to."""

    digest: str
    version: str
    extractions: list[Extraction]


@dataclass(frozen=True)
class Head:
    """The masthead part of an entry, sealed on its own: enough to pass over an archive issue."""

    digest: str
    version: str
    header: Header


@dataclass(frozen=True)
class Context:
    """What a history issue is read for (its masthead and figure statements: see ``pipeline.collect``).

    Decoding an entry into these skips the records of the body (headings, dates, lists, every
    number read), most of an entry's JSON.
    """

    document: Document
    header: Header
    facts: list[Fact]


@dataclass(frozen=True)
class ContextEntry:
    """An entry decoded as ``Context`` records."""

    digest: str
    version: str
    extractions: list[Context]


@cache
def _decoder(kind: type) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(kind)


@cache
def _keyed(key: bytes) -> hmac.HMAC:
    # Set up once per key: a run seals or checks hundreds of parts, and copying a keyed HMAC
    # costs less than keying a new one.
    return hmac.new(key, digestmod=hashlib.sha256)


def seal(key: bytes, part: bytes) -> bytes:
    """Return the HMAC-SHA256 of ``part`` under ``key``, as hex."""
    mac = _keyed(key).copy()
    mac.update(part)
    return mac.hexdigest().encode("ascii")


def encode(entry: Entry, key: bytes) -> bytes:
    """Return ``entry`` as the bytes of a cache file: the magic line, then the sealed head and body.

    JSON holds no raw line break, so each part is one line.
    """
    # The masthead of the file's last (latest) issue: what decides whether history can be passed over.
    head = msgspec.json.encode(Head(entry.digest, entry.version, entry.extractions[-1].header))
    body = msgspec.json.encode(entry)
    return b"".join((MAGIC, seal(key, head), b"\n", head, b"\n", seal(key, body), b"\n", body))


def _sealed(data: bytes, start: int, key: bytes, last: bool) -> tuple[bytes, int] | None:
    """Return the part sealed at ``start`` and where the next part starts, if intact."""
    if data[start + _SEAL : start + _SEAL + 1] != b"\n":
        return None
    begin = start + _SEAL + 1
    end = len(data) if last else data.find(b"\n", begin)
    if end < 0:
        return None
    part = data[begin:end]
    return (part, end + 1) if hmac.compare_digest(data[start : start + _SEAL], seal(key, part)) else None


def _decode(data: bytes, key: bytes, kind: type, digest: str, version: str) -> Any:
    if not data.startswith(MAGIC):
        return None
    head = _sealed(data, len(MAGIC), key, last=False)
    found = None
    if head is not None and kind is Head:
        found = head[0]
    elif head is not None:
        body = _sealed(data, head[1], key, last=True)
        found = body[0] if body else None
    if found is None:
        return None
    try:
        entry = _decoder(kind).decode(found)
    except (msgspec.MsgspecError, ValueError, TypeError, RecursionError):  # fields not the records'
        return None
    return entry if entry.digest == digest and entry.version == version else None


def decode(data: bytes, key: bytes, digest: str, version: str) -> list[Extraction] | None:
    """Return the extractions in ``data`` when it is an intact entry for ``digest`` and ``version``."""
    found = _decode(data, key, Entry, digest, version)
    if not isinstance(found, Entry) or not found.extractions:
        return None
    _share_sentences(found.extractions)
    return found.extractions


def _share_sentences(extractions: list[Extraction]) -> None:
    """Make each sentence one string again, held by every figure read from it, as the extractor left it.

    Decoded, each figure would hold a copy of its sentence: a warm run of 20,000 issues held 1.1 GB
    where a cold one held 0.6 GB.
    """
    sentences: dict[str, str] = {}
    for extraction in extractions:
        records: list[Fact | Figure] = [*extraction.facts, *extraction.figures]
        for record in records:
            record.evidence = sentences.setdefault(record.evidence, record.evidence)


def decode_context(data: bytes, key: bytes, digest: str, version: str) -> list[Extraction] | None:
    """Return the extractions in ``data`` with their masthead and facts only, on the same terms as ``decode``."""
    found = _decode(data, key, ContextEntry, digest, version)
    if not isinstance(found, ContextEntry) or not found.extractions:
        return None
    extractions = [
        Extraction(e.document, e.header, e.facts, headings=[], dates=[], enumerations=[])
        for e in found.extractions
    ]
    _share_sentences(extractions)
    return extractions


def decode_header(data: bytes, key: bytes, digest: str, version: str) -> Header | None:
    """Return the masthead of the extraction in ``data``, on the same terms as ``decode``."""
    found = _decode(data, key, Head, digest, version)
    return found.header if isinstance(found, Head) else None
