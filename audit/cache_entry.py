"""One cache entry as bytes: data only, bound to its file and tool, and sealed.

An entry is a line naming the format, a line holding the HMAC-SHA256 of the rest under the
user's cache key, then the extraction as JSON together with the content hash of the file it
was made from and the extractor version. Decoding is typed by the extraction records
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

from audit.extract.records import Extraction, Header

#: Bumped when the layout of an entry changes, so that older entries are never misread.
ENTRY_FORMAT = 3
MAGIC = b"weekly-report-audit extraction %d\n" % ENTRY_FORMAT
_SEAL = 64  # hex characters of an HMAC-SHA256


@dataclass(frozen=True)
class Entry:
    """What an entry holds: the extraction and what it is bound to."""

    digest: str
    version: str
    extraction: Extraction


@dataclass(frozen=True)
class _Masthead:
    header: Header


@dataclass(frozen=True)
class _HeadEntry:
    """An entry read as far as the masthead: the rest is skipped, not built."""

    digest: str
    version: str
    extraction: _Masthead


@cache
def _decoder(kind: type) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(kind)


def seal(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")


def encode(entry: Entry, key: bytes) -> bytes:
    """Return ``entry`` as the bytes of a cache file."""
    body = msgspec.json.encode(entry)
    return MAGIC + seal(key, body) + b"\n" + body


def _body(data: bytes, key: bytes) -> bytes | None:
    """Return the sealed body of ``data``, or None when it is not an intact entry made with ``key``."""
    start = len(MAGIC)
    if not data.startswith(MAGIC) or data[start + _SEAL : start + _SEAL + 1] != b"\n":
        return None
    body = data[start + _SEAL + 1 :]
    return body if hmac.compare_digest(data[start : start + _SEAL], seal(key, body)) else None


def _decode(data: bytes, key: bytes, kind: type, digest: str, version: str) -> Any:
    body = _body(data, key)
    if body is None:
        return None
    try:
        entry = _decoder(kind).decode(body)
    except (msgspec.MsgspecError, ValueError, TypeError, RecursionError):  # fields not the records'
        return None
    return entry.extraction if entry.digest == digest and entry.version == version else None


def decode(data: bytes, key: bytes, digest: str, version: str) -> Extraction | None:
    """Return the extraction in ``data`` when it is an intact entry for ``digest`` and ``version``."""
    found = _decode(data, key, Entry, digest, version)
    return found if isinstance(found, Extraction) else None


def decode_header(data: bytes, key: bytes, digest: str, version: str) -> Header | None:
    """Return the masthead of the extraction in ``data``, on the same terms as ``decode``."""
    found = _decode(data, key, _HeadEntry, digest, version)
    return found.header if isinstance(found, _Masthead) else None
