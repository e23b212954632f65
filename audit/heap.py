"""Garbage collection kept off what a run already holds, while it makes many short-lived objects.

CPython's collector goes over every container in its oldest generation at each full collection.
With pandas and pandera loaded that is 60 ms and more, and reading an archive or writing its
workbook makes millions of objects, which set one off again and again: 1.2 s of the main process
while 2,000 issues were read, 0.3 s of their workbook. Frozen objects are left out; a forked worker
then also leaves the pages it shares with the main process unwritten.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0


@contextmanager
def held() -> Iterator[None]:
    """Leave the objects that exist now out of garbage collection while the block runs.

    Blocks nest: the objects are given back to the collector when the outermost one ends, so that a
    library caller's garbage is collected as before.
    """
    global _depth
    if _depth == 0:
        gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()
