"""Turn the paths named on the command line into the list of files to read."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.ingest.sniff import READABLE_SUFFIXES, UNSUPPORTED_SUFFIXES

_TAKEN_SUFFIXES = READABLE_SUFFIXES | UNSUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Input:
    """One file to read: where it is, and how to name it in messages and reports."""

    path: Path
    source: str


def discover(paths: Sequence[str | Path]) -> list[Input]:
    """List the files under ``paths``: named files as given, directories walked in source order.

    Each file is listed once, under the first name it was found by.
    """
    if isinstance(paths, (str, Path)):
        # A lone string is a Sequence of characters; nobody means that.
        paths = [paths]
    found: list[Input] = []
    seen: set[object] = set()
    for given in paths:
        for item in _expand(str(given)):
            key = _identity(item.path)
            if key not in seen:
                seen.add(key)
                found.append(item)
    return found


def _expand(given: str) -> Iterator[Input]:
    path = Path(given)
    if not path.is_dir():
        # Named explicitly: always taken, whatever the suffix (a pipe or /dev/stdin too). A path
        # that does not exist is listed too, so that ``read`` reports it and the run goes on.
        yield Input(path=path, source=_printable(given))
        return
    yield from sorted(_walk(given), key=lambda item: item.source)


def _walk(top: str) -> Iterator[Input]:
    unlistable: list[OSError] = []
    # followlinks=False: directory symlinks are never entered, so a symlink loop cannot recur.
    for dirpath, dirnames, filenames in os.walk(top, onerror=unlistable.append, followlinks=False):
        dirnames[:] = [name for name in dirnames if not _ignored(name)]
        for name in filenames:
            if _ignored(name) or Path(name).suffix.lower() not in _TAKEN_SUFFIXES:
                continue
            full = os.path.join(dirpath, name)
            yield Input(path=Path(full), source=_printable(full))
    for error in unlistable:
        # A folder we may not list is reported when read, rather than silently shrinking the audit.
        if error.filename:
            yield Input(path=Path(error.filename), source=_printable(str(error.filename)))


def _printable(name: str) -> str:
    """Return ``name`` with the bytes that are not UTF-8 (a GBK name from a Windows zip) shown as \\xNN.

    Python keeps such bytes as lone surrogates, which no output file, workbook or terminal can encode.
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _ignored(name: str) -> bool:
    """Hidden entries and Office/WPS lock files ("~$report.docx") are never reports."""
    return name.startswith((".", "~$"))


def _identity(path: Path) -> object:
    """The same file reached by two names (symlink, ``a/../a``, repeated argument) has one identity."""
    try:
        st = path.stat()
    except OSError:
        return os.path.abspath(path)
    return (st.st_dev, st.st_ino)
