"""Stage timings for benchmarks: set AUDIT_TIMINGS=1 and a run prints them as JSON on stderr."""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter as _clock

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

_STAGES: dict[str, float] = {}
#: The stages under way, innermost last, each with the time it was last entered or resumed.
_OPEN: list[tuple[str, float]] = []


def _charge(name: str, since: float, now: float) -> None:
    _STAGES[name] = _STAGES.get(name, 0.0) + now - since


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall time of the block to stage ``name``, less that of the stages nested in it.

    The per-issue rules run inside extraction, chunk by chunk: their time counts as validation.
    """
    now = _clock()
    if _OPEN:
        _charge(*_OPEN[-1], now)
    _OPEN.append((name, now))
    try:
        yield
    finally:
        now = _clock()
        _charge(*_OPEN.pop(), now)
        if _OPEN:
            _OPEN[-1] = (_OPEN[-1][0], now)


def _report() -> None:
    if _STAGES:
        timings = {k: round(v, 4) for k, v in _STAGES.items()}
        if resource is not None:
            timings["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print("AUDIT_TIMINGS " + json.dumps(timings), file=sys.stderr)


if os.environ.get("AUDIT_TIMINGS"):
    atexit.register(_report)
