"""Write output files atomically: a run that fails half-way leaves the previous file intact."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from audit.errors import OutputError


def write_atomic(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as error:
        raise OutputError(
            str(target), f"cannot write here ({error.strerror or error})", "choose another folder"
        ) from None
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file owner-only: give it the mode a plain open() would have.
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except PermissionError as error:
        raise OutputError(
            str(target),
            f"cannot replace the file ({error.strerror})",
            "close it in Excel or WPS and run again",
        ) from None
    except OSError as error:
        raise OutputError(
            str(target), f"cannot write ({error.strerror or error})", "check the disk and folder"
        ) from None
    finally:
        temporary.unlink(missing_ok=True)


def _mode(target: Path) -> int:
    """Return the permissions ``target`` has now, or those a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_chunks(path: str | Path, chunks: Iterable[str]) -> None:
    """Write text produced piece by piece as UTF-8 to ``path`` atomically."""

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(chunks)

    write_atomic(path, write)


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
