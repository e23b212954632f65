"""The extraction cache: an unchanged file is not parsed again, and a planted file is never trusted.

Entries are keyed by the SHA-256 of the file's bytes and stored under the extractor version, a
hash of the ingestion and extraction source code, so any change to how files are read
invalidates them by itself: ``<cache dir>/extractor-<version>/<2 hex>/<sha256>.audit-entry``.
An entry is JSON, never code (see ``audit.cache_entry``), sealed with a key of the user's own
(``AUDIT_CACHE_KEY``, else a private key file): an entry that is foreign, damaged, made for
other content or forged without the key is a miss. Folders are created private (0700); a
cache folder that someone else owns or may write into is not used at all, with one notice.
An entry holds every issue of its file (one, or several for a compilation). The cache is an optimisation only: an entry that cannot be read or written is ignored, never
an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
import sys
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from audit.cache_entry import ENTRY_FORMAT, MAGIC, Entry, decode, decode_context, decode_header, encode
from audit.extract.records import Extraction, Header, part_source

_SOURCES = ("ingest", "extract")
# The table models an entry was validated against when it was written: a stricter model
# must not trust entries checked by a looser one.
_MODELS = ("issues.py", "facts.py", "figures.py", "structure.py")
ENTRY_PREFIX = "extractor-"
ENTRY_SUFFIX = ".audit-entry"
_APP = "weekly-report-audit"


def extractor_version() -> str:
    """Return a hash of the code that turns files into extractions and of the profiles it reads."""
    both = f"{_code_version()}-{_profiles_version()}"
    return hashlib.sha256(both.encode()).hexdigest()[:16]


@cache
def _code_version() -> str:
    digest = hashlib.sha256(f"entry format {ENTRY_FORMAT}".encode())
    root = Path(__file__).parent
    for folder in _SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for name in _MODELS:
        digest.update((root.parent / "schemas" / name).read_bytes())
    return digest.hexdigest()[:16]


def _profiles_version() -> str:
    """Return a hash of the series profiles in effect: the grammar reads them."""
    from audit.profiles import active_profiles

    return hashlib.sha256("|".join(f"{p.id}:{p.digest}" for p in active_profiles()).encode()).hexdigest()[:8]


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

    def get(self, digest: str, source: str, *, context: bool = False) -> list[Extraction] | None:
        """Return the cached extractions of content ``digest``, renamed to ``source``, if any.

        With ``context``, only their mastheads and facts are read (``cache_entry.Context``).
        """
        data = self._read(digest)
        found = (
            (decode_context if context else decode)(data, self._key, digest, extractor_version())
            if data
            else None
        )
        if not found:
            return None
        return [_renamed(e, part_source(source, n, len(found))) for n, e in enumerate(found, start=1)]

    def put(self, digest: str, extractions: list[Extraction]) -> None:
        """Store the ``extractions`` of one file under ``digest`` (atomically; failures are ignored)."""
        data = self.pack(digest, extractions)
        if data is not None:
            self.store(digest, data)

    def pack(self, digest: str, extractions: list[Extraction]) -> bytes | None:
        """Return the entry ``put`` would store, for ``store`` to store later (None when it cannot be made).

        A run holds the entries of the files it parsed until their tables pass validation: as bytes,
        not as the extractions themselves, which are a thousand objects an issue for the garbage
        collector to go over again and again while an archive is read.
        """
        if not self.enabled:
            return None
        try:
            return encode(Entry(digest, extractor_version(), list(extractions)), self._key)
        except (ValueError, TypeError):  # a value JSON cannot hold
            return None

    def store(self, digest: str, data: bytes) -> None:
        """Store an entry made by ``pack`` under ``digest`` (atomically; failures are ignored)."""
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
            handle, name = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(name, target)
            name = ""
        except OSError:
            return
        finally:
            # A full disk or an interrupt half-way must not leave the partial entry behind.
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(name)


def _renamed(extraction: Extraction, source: str) -> Extraction:
    if extraction.document.source == source:
        return extraction
    return replace(extraction, document=replace(extraction.document, source=source))


# What this tool writes in the cache folder, and nothing else: ``clear_cache`` removes only these, so
# that AUDIT_CACHE_DIR pointed at ~/.cache or a working folder never costs the user a file.
_VERSION_FOLDER = re.compile(rf"^{ENTRY_PREFIX}[0-9a-f]{{16}}$")
_SHARD_FOLDER = re.compile(r"^[0-9a-f]{2}$")
_ENTRY = re.compile(rf"^[0-9a-f]{{64}}{re.escape(ENTRY_SUFFIX)}$")
_PARTIAL = re.compile(r"^tmp[a-z0-9_]{8}\.tmp$")
# Any entry format of this tool: the magic line names the tool, then the format number.
_ENTRY_START = MAGIC.rsplit(b" ", 1)[0] + b" "


def _ours(path: str, name: str) -> bool:
    """Return True for an entry file (by its name and its magic line) or a partial one of this tool."""
    if _PARTIAL.match(name):
        return True
    if not _ENTRY.match(name):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_ENTRY_START)) == _ENTRY_START
    except OSError:
        return False


def clear_cache(folder: Path | None = None) -> tuple[Path, int]:
    """Remove the cached extractions of every extractor version; return the folder and how many went.

    Only the tool's own entries are removed (its version and shard folders, by name, and the entry
    files in them, by name and format); any other file or folder there is left as it is.
    """
    root = folder or cache_dir()
    removed = 0
    for version in _subfolders(root, _VERSION_FOLDER):
        for shard in _subfolders(version, _SHARD_FOLDER):
            with contextlib.suppress(OSError), os.scandir(shard) as entries:
                for entry in list(entries):
                    if entry.is_file(follow_symlinks=False) and _ours(entry.path, entry.name):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
                            removed += 1
            with contextlib.suppress(OSError):
                os.rmdir(shard)  # only when empty: a file of someone else's keeps it
        with contextlib.suppress(OSError):
            os.rmdir(version)
    return root, removed


def _subfolders(folder: Path | str, pattern: re.Pattern[str]) -> list[str]:
    """Return the real folders (not links) in ``folder`` whose names match ``pattern``."""
    try:
        with os.scandir(folder) as entries:
            return [e.path for e in entries if pattern.match(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


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
