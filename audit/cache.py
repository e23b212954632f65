"""The extraction cache: an unchanged file is not parsed again, and a planted file is never trusted.

Entries are keyed by the SHA-256 of the file's bytes and stored under the extractor version, a
hash of the ingestion and extraction source code, so any change to how files are read
invalidates them by itself: ``<cache dir>/extractor-<version>/<2 hex>/<sha256>.audit-entry``.
An entry is JSON, never code (see ``audit.cache_entry``), sealed with a key of the user's own
(``AUDIT_CACHE_KEY``, else a private key file): an entry that is foreign, damaged, made for
other content or forged without the key is a miss. Folders are created private (0700); a
cache folder that someone else owns or may write into is not used at all, with one notice.
The cache is an optimisation only: an entry that cannot be read or written is ignored, never
an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import stat
import sys
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from audit.cache_entry import ENTRY_FORMAT, Entry, decode, decode_header, encode
from audit.extract.records import Extraction, Header

_SOURCES = ("ingest", "extract")
# The table models an entry was validated against when it was written: a stricter model
# must not trust entries checked by a looser one.
_MODELS = ("issues.py", "facts.py", "structure.py")
ENTRY_PREFIX = "extractor-"
ENTRY_SUFFIX = ".audit-entry"
_APP = "weekly-report-audit"


@cache
def extractor_version() -> str:
    """Return a hash of the code that turns files into extractions."""
    digest = hashlib.sha256(f"entry format {ENTRY_FORMAT}".encode())
    root = Path(__file__).parent
    for folder in _SOURCES:
        for path in sorted((root / folder).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for name in _MODELS:
        digest.update((root.parent / "schemas" / name).read_bytes())
    return digest.hexdigest()[:16]


def _user_folder(kind: str) -> Path:
    """Return the platform's per-user folder of ``kind`` ("cache" or "config") for this tool."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / ("Caches" if kind == "cache" else "Application Support")
    else:
        variable, default = (
            ("XDG_CACHE_HOME", ".cache") if kind == "cache" else ("XDG_CONFIG_HOME", ".config")
        )
        base = Path(os.environ.get(variable) or Path.home() / default)
    return base / _APP


def cache_dir() -> Path:
    """Return the cache folder: $AUDIT_CACHE_DIR, else the user cache directory of the platform."""
    if os.environ.get("AUDIT_CACHE_DIR"):
        return Path(os.environ["AUDIT_CACHE_DIR"])
    return _user_folder("cache")


def key_file() -> Path:
    """Return the file holding the key that seals cache entries (outside the cache folder).

    A cache folder restored or copied from elsewhere does not bring the key along, so its
    entries are misses rather than trusted.
    """
    return _user_folder("config") / "cache.key"


def _unsafe(info: os.stat_result) -> bool:
    """Return True when a folder or key file is someone else's, or others may write into it."""
    if not hasattr(os, "getuid"):  # Windows: folders under the user profile are private already
        return False
    return info.st_uid != os.getuid() or bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _private_folder(path: str) -> bool:
    """Create ``path`` (and missing parents) as 0700; return False when it exists and is unsafe."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        with contextlib.suppress(FileExistsError):
            os.makedirs(path, mode=0o700)
            os.chmod(path, 0o700)  # makedirs' mode is masked by the umask
        info = os.stat(path)
    return stat.S_ISDIR(info.st_mode) and not _unsafe(info)


def _read_key() -> bytes:
    """Return the user's cache key, creating a private random one on first use (raises OSError)."""
    if os.environ.get("AUDIT_CACHE_KEY"):
        return os.environ["AUDIT_CACHE_KEY"].encode()
    path = key_file()
    if not _private_folder(str(path.parent)):
        raise PermissionError(f"key folder {path.parent} is writable by others")
    with contextlib.suppress(FileExistsError):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_hex(32).encode())
    info = os.stat(path)
    if _unsafe(info) or (hasattr(os, "getuid") and info.st_mode & 0o077):
        raise PermissionError(f"key file {path} is readable by others")
    key = path.read_bytes()
    if len(key) < 32:
        raise PermissionError(f"key file {path} is too short")
    return key


class Cache:
    """Extractions stored by content hash; ``enabled=False`` makes every lookup a miss.

    ``notices`` holds the one line, in Chinese and English, saying why a cache that was asked
    for is not used (an unsafe folder or key); the commands print it on stderr.
    """

    def __init__(self, folder: Path | None = None, enabled: bool = True) -> None:
        self.root = folder or cache_dir()
        self.folder = self.root / f"{ENTRY_PREFIX}{extractor_version()}"
        self.enabled = enabled
        self.notices: list[str] = []
        self._folder = str(self.folder)
        self._key = b""
        self._checked: dict[str, bool] = {}
        if enabled:
            self._open()

    def _open(self) -> None:
        try:
            self._key = _read_key()
            usable = _private_folder(str(self.root)) and _private_folder(self._folder)
            zh, en = "属于他人或可被他人写入", "someone else's or writable by others"
        except OSError as error:
            usable, zh, en = False, "无法使用", f"{error.strerror or error}"
        if not usable:
            self.enabled = False
            self.notices.append(
                f"提取缓存 {self.root} {zh}，本次未使用缓存；请修正其权限或设置 AUDIT_CACHE_DIR / "
                f"extraction cache {self.root} not used ({en}); fix its permissions or set AUDIT_CACHE_DIR"
            )

    def _path(self, digest: str) -> str:
        # A plain string: the gate looks up hundreds of entries, and Path objects cost more than the lookup.
        return os.path.join(self._folder, digest[:2], digest + ENTRY_SUFFIX)

    def _read(self, digest: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(digest), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def has(self, digest: str) -> bool:
        """Return True when an entry for content ``digest`` exists (it may still fail to load)."""
        return self.enabled and os.path.isfile(self._path(digest))

    def header(self, digest: str) -> Header | None:
        """Return the masthead of the cached extraction of content ``digest``, if any."""
        data = self._read(digest)
        return decode_header(data, self._key, digest, extractor_version()) if data else None

    def get(self, digest: str, source: str) -> Extraction | None:
        """Return the cached extraction of content ``digest``, renamed to ``source``, if any."""
        data = self._read(digest)
        found = decode(data, self._key, digest, extractor_version()) if data else None
        if found is not None and found.document.source != source:
            found = replace(found, document=replace(found.document, source=source))
        return found

    def put(self, digest: str, extraction: Extraction) -> None:
        """Store ``extraction`` under ``digest`` (atomically; failures are ignored)."""
        if not self.enabled:
            return
        target = self._path(digest)
        folder = os.path.dirname(target)
        name = ""
        try:
            if folder not in self._checked:
                self._checked[folder] = _private_folder(folder)
            if not self._checked[folder]:
                return
            data = encode(Entry(digest, extractor_version(), extraction), self._key)
            handle, name = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(name, target)
            name = ""
        except (OSError, ValueError, TypeError):  # ValueError/TypeError: a value JSON cannot hold
            return
        finally:
            # A full disk or an interrupt half-way must not leave the partial entry behind.
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(name)


def clear_cache(folder: Path | None = None) -> Path:
    """Remove every cached extraction (all extractor versions); return the folder cleared."""
    root = folder or cache_dir()
    shutil.rmtree(root, ignore_errors=True)
    return root


# A text file above the reader's cap is refused from its size alone: hashing it first would read
# all of it (a 200 MB log named .txt) for nothing. Larger .docx/.pdf files are just not cached.
MAX_HASHED_BYTES = 64 * 1024 * 1024


def file_digest(path: Path) -> str | None:
    """Return the SHA-256 of a regular file's bytes, or None (pipes, huge or unreadable files)."""
    try:
        info = os.stat(path)  # before opening: opening a pipe would wait for a writer
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_HASHED_BYTES:
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None
