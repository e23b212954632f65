"""The JSON renderer: the contract every other output is a projection of.

One record per line inside each array, so two runs diff cleanly line by line, and the output
can be written as it is produced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

# One encoder for the run: json.dumps with options builds a new one for every record.
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def chunks(parts: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """Yield the JSON text of an object given as (key, value) pairs; lists and generators become arrays."""
    yield "{"
    for index, (key, value) in enumerate(parts):
        yield f"{',' if index else ''}\n  {_dumps(key)}: "
        if isinstance(value, dict):
            yield _dumps(value)
            continue
        empty = True
        for position, record in enumerate(value):
            yield f"{',' if position else '['}\n    {_dumps(record)}"
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def render(data: dict[str, Any]) -> str:
    """Return the result object as JSON text."""
    return "".join(chunks(data.items()))
