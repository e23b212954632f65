"""Stage timings for benchmarks: set AUDIT_TIMINGS=1 and a run prints them as JSON on stderr."""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

_STAGES: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall time of the block to stage ``name``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _STAGES[name] = _STAGES.get(name, 0.0) + time.perf_counter() - start


def _report() -> None:
    if _STAGES:
        timings = {k: round(v, 4) for k, v in _STAGES.items()}
        if resource is not None:
            timings["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print("AUDIT_TIMINGS " + json.dumps(timings), file=sys.stderr)


if os.environ.get("AUDIT_TIMINGS"):
    atexit.register(_report)
