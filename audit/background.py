"""Work done in a second process while the main one goes on: the workbook, written beside the output.

At 2,000 issues the JSON output takes about a second and the workbook about one and a half, one after
the other on one core while the second waits. A forked process starts with the result as it is, so
nothing is pickled or copied up front; it writes the workbook while the main process writes the
output, and its error, if any, is raised in the main process when the work is waited for.

Where processes are not forked (Windows; macOS and Python 3.14 default to other start methods, and
``spawn`` would have to pickle the whole result), or with one job, the work is done when waited for,
as before.
"""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from audit.errors import AuditError
from audit.messages import text
from audit.signals import how_it_ended


class BackgroundFailed(RuntimeError):
    """The work failed in the second process with an error that cannot be passed back as it is."""


class BackgroundDied(AuditError):
    """The second process ended without a word (killed from outside, or out of memory)."""


def forks() -> bool:
    """Return True where a second process starts as a fork of this one."""
    return multiprocessing.get_start_method() == "fork"


@contextmanager
def in_background(
    work: Callable[[], None] | None, *, parallel: bool, name: str = ""
) -> Iterator[Callable[[], None]]:
    """Start ``work`` in a forked process and yield the function that waits for it.

    The function raises whatever ``work`` raised. Without ``parallel`` (or where processes are not
    forked) it does the work itself. ``None`` is no work at all. Leaving the block without waiting
    (the main process failed) still waits for the work, so that it is never cut off halfway; its
    own error is then dropped, the main one being the one reported. ``name`` names the work in the
    error of a process that died.
    """
    if work is None:
        yield lambda: None
        return
    if not (parallel and forks()):
        yield work
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(work, send), daemon=True)
    process.start()  # the standard streams are flushed first: nothing buffered is written twice
    send.close()
    waited = False

    def wait() -> None:
        nonlocal waited
        waited = True
        outcome = _outcome(process, receive, name)
        if outcome is not None:
            raise outcome

    try:
        yield wait
    finally:
        if not waited:
            _outcome(process, receive, name)
        receive.close()


def _child(work: Callable[[], None], send: Any) -> None:
    """Run ``work`` and send back None, or its error."""
    try:
        work()
        outcome: BaseException | None = None
    except BaseException as error:  # every error, Ctrl-C included, goes back to the main process
        outcome = error
    try:
        message = pickle.dumps(outcome)
        pickle.loads(message)  # an error whose class cannot be rebuilt goes back as its traceback
    except Exception:
        assert outcome is not None
        message = pickle.dumps(BackgroundFailed("".join(traceback.format_exception(outcome))))
    send.send_bytes(message)
    send.close()


def _outcome(process: Any, receive: Any, name: str) -> BaseException | None:
    """Wait for the process; return the error it sent back, or one saying it died without a word."""
    try:
        message = receive.recv_bytes()
    except EOFError:
        message = None
    process.join()
    if message is not None:
        return pickle.loads(message)
    how = how_it_ended(process.exitcode)
    return BackgroundDied(name, text("background_died", how=how), text("background_died.hint"))
