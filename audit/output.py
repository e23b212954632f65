"""Write output files without ever damaging what the user owns.

A regular file (or a name not taken yet) is written atomically: a temporary file beside it, then a
rename, so a run that fails half-way leaves the previous file intact. A character device, a named
pipe or a socket (``-o /dev/null``, a FIFO a reader waits on) is written to directly and never
replaced. A symlink is followed and its target written atomically; the link itself stays a link.

Temporary files carry the id of the process writing them (``.out.json.audit-4242.k3j9x_2a.tmp``), so the
next run in that folder can remove the ones whose process is gone (``kill -9``, a power cut). The
``audit-`` mark keeps a user's own file that merely looks similar out of that sweep.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from audit.errors import OutputError
from audit.messages import text

#: A temporary file of ``write_atomic``: a hidden name, the target's name, the writer's process id.
_TEMPORARY = re.compile(r"^\..+\.audit-(?P<pid>\d+)\.[a-z0-9_]{8}\.tmp$")


def is_stream(path: str | Path) -> bool:
    """Return True when ``path`` is a device, pipe or socket: written to directly, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def real_target(path: str | Path) -> Path:
    """Return the file a write to ``path`` must change: a symlink's target, else ``path`` itself."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def write_atomic(
    path: str | Path,
    write: Callable[[Path], None],
    *,
    before_replace: Callable[[Path], None] | None = None,
) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    ``before_replace`` is called with the finished temporary file just before the rename; it may
    raise to stop the rename (and move the temporary file somewhere safe first). A device, pipe
    or socket is handed to ``write`` as is.
    """
    if is_stream(path):
        try:
            write(Path(path))
        except OSError as error:
            raise OutputError(str(path), text("cannot_write", reason=error.strerror or error)) from None
        return
    target = real_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.audit-{os.getpid()}.", suffix=".tmp", dir=folder
        )
        os.close(handle)
    except OSError as error:
        raise OutputError(
            str(path), text("cannot_write_here", reason=error.strerror or error), text("choose_folder")
        ) from None
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file owner-only: give it the mode a plain open() would have.
        os.chmod(temporary, _mode(target))
        if before_replace is not None:
            before_replace(temporary)
        os.replace(temporary, target)
    except PermissionError as error:
        raise OutputError(
            str(path),
            text("cannot_replace", reason=error.strerror),
            text("close_in_excel"),
        ) from None
    except OSError as error:
        raise OutputError(
            str(path), text("cannot_write", reason=error.strerror or error), text("check_disk")
        ) from None
    finally:
        temporary.unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of ``write_atomic`` in ``folder`` whose writing process is gone."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            found = _TEMPORARY.match(entry.name)
            if found and not _alive(int(found["pid"])) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    """Return True when a process ``pid`` exists (another user's counts: its file is not ours to remove)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


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
