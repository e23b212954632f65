"""Signals that end a run: SIGTERM and SIGHUP unwind the program exactly as Ctrl-C does.

Python turns SIGINT into KeyboardInterrupt, so every ``finally`` runs: ``audit.output`` removes its
temporary file and the previous output stays in place. SIGTERM (``kill``, a CI runner's timeout,
``docker stop``) and SIGHUP (the terminal closed) would end the process on the spot, leaving a
temporary file behind; within ``signals_raise()`` they raise ``Terminated``, a KeyboardInterrupt,
so the same cleanup runs.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from types import FrameType
from typing import Any

from audit.messages import Text, text

#: The signals turned into ``Terminated`` (SIGHUP does not exist on Windows).
CAUGHT = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """A SIGTERM or SIGHUP arrived; it unwinds like Ctrl-C, and remembers which signal it was."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal_name(signum))
        self.signum = signum

    def __reduce__(self) -> tuple[type[Terminated], tuple[int]]:
        # Rebuilt from its signal, not its message: it may come back from the process that wrote the workbook.
        return Terminated, (self.signum,)


def how_it_ended(code: int) -> Text:
    """Return how a process that exited with ``code`` ended: killed by a signal (a negative code) or not."""
    return text("killed_by", signal=signal_name(-code)) if code < 0 else text("exit_code", code=code)


def signal_name(signum: int) -> str:
    """Return ``SIGTERM`` for 15, and so on."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def interrupt_signal(interrupt: KeyboardInterrupt) -> int:
    """Return the signal behind ``interrupt``: its own for Terminated, SIGINT for a plain Ctrl-C."""
    return interrupt.signum if isinstance(interrupt, Terminated) else int(signal.SIGINT)


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """Return 128 + the signal number, as shells report it: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + interrupt_signal(interrupt)


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise ``Terminated`` in the main thread.

    A signal some caller already handles or ignores (``nohup`` ignores SIGHUP) is left alone, and the
    previous handlers come back on exit. Outside the main thread (Python only lets that one set
    handlers), nothing changes.
    """
    installed: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in CAUGHT:
            if signal.getsignal(signum) is signal.SIG_DFL:
                installed[signum] = signal.signal(signum, _raise)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = partial(_keep, previous_hook)
    _swallowed.clear()
    try:
        yield
        raise_pending()
    finally:
        sys.unraisablehook = previous_hook
        for signum, previous in installed.items():
            signal.signal(signum, previous)


#: Signals whose exception was raised where it could not propagate (see ``_keep``).
_swallowed: list[int] = []


def _keep(previous: Callable[[Any], Any], unraisable: Any) -> None:
    """Keep a signal that Python swallowed, instead of printing it as an ignored exception.

    A signal is handled wherever the main thread happens to be, which may be a finalizer or a weakref
    callback run by the garbage collector: the exception raised there cannot propagate, and the run
    would go on as if nothing had been asked. It is raised again by ``raise_pending``.
    """
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _swallowed.append(interrupt_signal(unraisable.exc_value))
        return
    previous(unraisable)


def raise_pending() -> None:
    """Raise the signal a finalizer swallowed, if any: called where a run can stop cleanly."""
    if _swallowed:
        raise Terminated(_swallowed.pop())
