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
import shutil
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


def extractor_version() -> str:
    """Return a hash of the code that turns files into extractions and of the profiles it reads."""
    return f"{_code_version()}-{_profiles_version()}"


@cache
def _code_version() -> str:
    digest = hashlib.sha256(f"entry format {ENTRY_FORMAT}".encode())
    root = Path(__file__).parent
    for folder in _SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _profiles_version() -> str:
    """Return a hash of the series profiles in effect: the grammar reads them."""
    from audit.profiles import active_profiles

    return hashlib.sha256("|".join(f"{p.id}:{p.digest}" for p in active_profiles()).encode()).hexdigest()[:8]


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
