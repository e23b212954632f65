"""Parse files in worker processes without ever hanging on one that dies.

``concurrent.futures`` notices a worker killed outright (the out-of-memory killer, ``kill -9``) only
as a broken pool, with no word of the file it was parsing, and a run interrupted while a worker is
busy waits for that worker on the way out. Here each worker notes in shared memory which file it is
parsing, so a death is reported as one line naming the file; on any way out that is not the normal
end, the workers are killed and reaped, so none is left behind and SIGTERM always ends the run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from audit.errors import AuditError
from audit.heap import held
from audit.messages import text
from audit.signals import how_it_ended

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

# Set in each worker by ``_start``: the shared table of (pid, index of the item being parsed).
_slots: Any = None


class WorkerDied(AuditError):
    """A worker process died (killed from outside, or out of memory) while parsing a file."""


def _start(slots: Any, claimed: Any, setup: Callable[..., Any] | None, args: tuple[Any, ...]) -> None:
    """Worker initializer: leave signals to the main process, claim a slot in the shared table, and
    run ``setup(*args)`` (the run's state a spawned worker would not inherit)."""
    global _slots
    # The main process handles Ctrl-C and SIGTERM for everyone (it kills the workers): a worker that
    # raised on them too would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    with claimed.get_lock():
        slot = claimed.value
        claimed.value += 1
    _slots = (slots, slot)
    slots[2 * slot] = os.getpid()
    slots[2 * slot + 1] = -1
    if setup is not None:
        setup(*args)


def _run(task: tuple[Callable[[Any], Any], int, Any]) -> Any:
    function, index, item = task
    slots, slot = _slots
    slots[2 * slot + 1] = index
    outcome = function(item)
    slots[2 * slot + 1] = -1
    return outcome


def parallel_map(
    function: Callable[[Item], Outcome],
    items: Sequence[Item],
    jobs: int,
    name: Callable[[Item], str],
    setup: Callable[..., Any] | None = None,
    args: tuple[Any, ...] = (),
) -> Iterator[Outcome]:
    """Yield ``function(item)`` for each item, in order, computed in ``jobs`` processes.

    ``setup(*args)`` runs first in each worker: with the ``spawn`` or ``forkserver`` start method
    a worker starts from a fresh interpreter and holds only what it is given.

    Raises WorkerDied, naming the item (by ``name``) a worker was busy with when it died.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # A worker may be replaced (never by this pool, but cheaply allowed for): room for a few more.
    slots = multiprocessing.Array("q", 2 * (jobs + 8), lock=False)
    claimed = multiprocessing.Value("i", 0)
    started: list[Any] = []
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_tracking(started),
        initializer=_start,
        initargs=(slots, claimed, setup, args),
    )
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    finished = False
    try:
        tasks = ((function, index, item) for index, item in enumerate(items))
        try:
            # What the main process holds now outlives the pool: out of the collector's way, here
            # and in the forked workers (see audit.heap).
            with held():
                yield from pool.map(_run, tasks, chunksize=chunk)
        except BrokenProcessPool:
            raise _death(started, slots, items, name) from None
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool, started)


def _tracking(started: list[Any]) -> Any:
    """Return the default multiprocessing context, its processes recorded in ``started`` as made.

    The pool forgets its processes once it breaks; the record tells which one died, and which to reap.
    The processes themselves stay of the context's own class: with the spawn or forkserver start
    method a process is pickled to start it, and a class made here could not be.
    """
    import multiprocessing

    context = multiprocessing.get_context()

    class Context(type(context)):  # type: ignore[misc]
        def Process(self, *args: Any, **kwargs: Any) -> Any:
            process = context.Process(*args, **kwargs)
            started.append(process)
            return process

    return Context()


def _death(started: list[Any], slots: Any, items: Sequence[Any], name: Callable[[Any], str]) -> WorkerDied:
    """Return the error naming the file the dead worker was parsing.

    Once one worker dies the pool ends the others with SIGTERM: the one that died first is the one
    that did not end that way.
    """
    # The pool's own thread reaps the workers too: a process it has reaped but not yet marked shows
    # no exit code for a moment, so wait until each one has its code.
    deadline = time.monotonic() + 5
    started = [p for p in started if p.pid is not None]  # made, but never started
    for process in started:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
        while process.exitcode is None and not process.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
    dead = {p.pid: p.exitcode for p in started if p.exitcode not in (None, 0)}
    busy = {slots[2 * slot]: slots[2 * slot + 1] for slot in range(len(slots) // 2)}
    for pid in sorted(dead, key=lambda pid: dead[pid] == -signal.SIGTERM):
        index = busy.get(pid, -1)
        if 0 <= index < len(items):
            code = dead[pid]
            how = how_it_ended(code)
            return WorkerDied(name(items[index]), text("worker_died", how=how), text("worker_died.hint"))
    return WorkerDied("", text("worker_died_unknown"), text("worker_died_unknown.hint"))


def _stop(pool: Any, processes: list[Any]) -> None:
    """Kill and reap every worker, then let the pool go without waiting for work that will never end."""
    import threading

    # The pool's manager thread may trip over the workers killed here and print a traceback of its
    # own on the way out: the run is ending on purpose, and says so in one line.
    threading.excepthook = lambda args: None
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
    # A worker killed while writing its result leaves half a message in the result pipe, and the
    # pool's thread waits for the rest of it forever, at interpreter exit too. With every worker gone,
    # closing this process's own end of that pipe gives it end-of-file instead; and the pool's feeder
    # thread, which may be stuck writing work no one will read, is not waited for.
    with contextlib.suppress(Exception):
        pool._result_queue._writer.close()
    with contextlib.suppress(Exception):
        pool._call_queue.cancel_join_thread()
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)
