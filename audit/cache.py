"""The extraction cache: an unchanged file is not parsed again.

Entries are keyed by the SHA-256 of the file's bytes and by the extractor version, a hash of
the ingestion and extraction source code, so any change to how files are read invalidates
them by itself. An entry holds two pickles, the masthead and then the whole extraction, so
that a run can pass over an archive issue from its masthead alone. The cache is an
optimisation only: an entry that cannot be read or written is ignored, never an error.
Entries are pickles written by this tool into the user's own cache folder
(``AUDIT_CACHE_DIR`` or the platform's user cache directory).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import stat
import sys
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from audit.extract import Extraction, Header

_SOURCES = ("ingest", "extract")
#: Bumped when the layout of an entry changes, so that older entries are never misread.
ENTRY_FORMAT = 2


@cache
def extractor_version() -> str:
    """Return a hash of the code that turns files into extractions."""
    digest = hashlib.sha256(f"entry format {ENTRY_FORMAT}".encode())
    root = Path(__file__).parent
    for folder in _SOURCES:
        for path in sorted((root / folder).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Return the cache folder: $AUDIT_CACHE_DIR, else the user cache directory of the platform."""
    if os.environ.get("AUDIT_CACHE_DIR"):
        return Path(os.environ["AUDIT_CACHE_DIR"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "weekly-report-audit"


class Cache:
    """Extractions stored by content hash; ``enabled=False`` makes every lookup a miss."""

    def __init__(self, folder: Path | None = None, enabled: bool = True) -> None:
        self.folder = (folder or cache_dir()) / extractor_version()
        self.enabled = enabled
        self._root = str(self.folder)

    def _path(self, digest: str) -> str:
        # A plain string: the gate looks up hundreds of entries, and Path objects cost more than the lookup.
        return os.path.join(self._root, digest[:2], f"{digest}.pickle")

    def has(self, digest: str) -> bool:
        """Return True when an entry for content ``digest`` exists (it may still fail to load)."""
        return self.enabled and os.path.isfile(self._path(digest))

    def header(self, digest: str) -> Header | None:
        """Return the masthead of the cached extraction of content ``digest``, if any."""
        if not self.enabled:
            return None
        try:
            with open(self._path(digest), "rb") as handle:
                found = pickle.load(handle)
        except Exception:  # a missing, truncated or foreign entry is just a miss
            return None
        return found if isinstance(found, Header) else None

    def get(self, digest: str, source: str) -> Extraction | None:
        """Return the cached extraction of content ``digest``, renamed to ``source``, if any."""
        if not self.enabled:
            return None
        try:
            with open(self._path(digest), "rb") as handle:
                pickle.load(handle)  # the masthead, for ``header``
                found = pickle.load(handle)
        except Exception:  # a missing, truncated or foreign entry is just a miss
            return None
        if not isinstance(found, Extraction):
            return None
        if found.document.source != source:
            found = replace(found, document=replace(found.document, source=source))
        return found

    def put(self, digest: str, extraction: Extraction) -> None:
        """Store ``extraction`` under ``digest`` (atomically; failures are ignored)."""
        if not self.enabled:
            return
        target = self._path(digest)
        name = ""
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            handle, name = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(extraction.header, stream, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(extraction, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(name, target)
            name = ""
        except OSError:
            return
        finally:
            # A full disk or an interrupt half-way must not leave the partial entry behind.
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(name)


# What this tool writes in the cache folder, and nothing else: ``clear_cache`` removes only these, so
# that AUDIT_CACHE_DIR pointed at ~/.cache or a working folder never costs the user a file.
_VERSION_FOLDER = re.compile(r"^[0-9a-f]{16}$")
_SHARD_FOLDER = re.compile(r"^[0-9a-f]{2}$")
_ENTRY = re.compile(r"^[0-9a-f]{64}\.pickle$")
_PARTIAL = re.compile(r"^tmp[a-z0-9_]{8}\.tmp$")
_PICKLE_START = b"\x80"


def _ours(path: str, name: str) -> bool:
    """Return True for an entry file (by its name and its pickle header) or a partial one of this tool."""
    if _PARTIAL.match(name):
        return True
    if not _ENTRY.match(name):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(1) == _PICKLE_START
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
