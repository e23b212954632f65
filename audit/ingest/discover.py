"""Turn the paths named on the command line into the list of files to read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.errors import AuditError, Skipped, UnreadableInput
from audit.ingest.sniff import READABLE_SUFFIXES, UNSUPPORTED_SUFFIXES
from audit.messages import text

_TAKEN_SUFFIXES = READABLE_SUFFIXES | UNSUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Input:
    """One file to read: where it is, and how to name it in messages and reports.

    ``skip`` is set when the file must not be opened (a pipe found in a folder would block the run):
    the error is reported in its place.
    """

    path: Path
    source: str
    skip: AuditError | None = None


def discover(paths: Sequence[str | Path], seen: set[object] | None = None) -> list[Input]:
    """List the files under ``paths``: named files as given, directories walked in source order.

    Each file is listed once, under the first name it was found by; files are told apart by
    device and inode, not by how their path is spelt. A file whose identity is already in ``seen``
    is not listed, and every identity listed is added to it.
    """
    if isinstance(paths, (str, Path)):
        # A lone string is a Sequence of characters; nobody means that.
        paths = [paths]
    found: list[Input] = []
    seen = set() if seen is None else seen
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
        # Named explicitly: taken whatever the suffix, a pipe too (/dev/stdin, <(…)). A path that
        # does not exist is listed too, so that ``read`` reports it and the run goes on. A device or
        # socket is refused: reading a terminal or /dev/zero would never end.
        source = _printable(given)
        kind = _special(path, follow=True)
        if kind and kind != "named pipe":
            refusal = UnreadableInput(source, f"is a {kind}, not a file", "name a report file")
            yield Input(path=path, source=source, skip=refusal)
            return
        yield Input(path=path, source=source)
        return
    yield from sorted(_walk(given), key=lambda item: item.source)


def _special(path: Path | str, follow: bool) -> str | None:
    """Return what ``path`` is when it is neither a regular file nor a folder (nor missing)."""
    try:
        mode = os.stat(path).st_mode if follow else os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def _found(full: str, root: str) -> Input:
    """Return the file met at ``full`` in the folder ``root``; pipes, devices and links out of it are skipped."""
    source = _printable(full)
    kind = _special(full, follow=False)
    if kind == "link":
        real = os.path.realpath(full)
        if os.path.commonpath([root, real]) != root:
            notice = Skipped(
                source,
                text("skipped_link", target=_printable(real)),
                text("skipped_link.hint"),
            )
            return Input(path=Path(full), source=source, skip=notice)
        kind = _special(full, follow=True)
    if kind and kind != "link":
        # Opening a pipe waits for a writer forever; a device may never end.
        notice = Skipped(source, text("skipped_special", kind=text(f"kind.{kind.replace(' ', '_')}")))
        return Input(path=Path(full), source=source, skip=notice)
    return Input(path=Path(full), source=source)


def _walk(top: str) -> Iterator[Input]:
    unlistable: list[OSError] = []
    root = os.path.realpath(top)
    # followlinks=False: directory symlinks are never entered, so a symlink loop cannot recur.
    for dirpath, dirnames, filenames in os.walk(top, onerror=unlistable.append, followlinks=False):
        dirnames[:] = [name for name in dirnames if not _ignored(name)]
        for name in filenames:
            if _ignored(name) or Path(name).suffix.lower() not in _TAKEN_SUFFIXES:
                continue
            yield _found(os.path.join(dirpath, name), root)
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
