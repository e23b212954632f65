"""The JSON renderer: the contract every other output is a projection of."""

from __future__ import annotations

import json
from typing import Any


def render(data: dict[str, Any]) -> str:
    """Return the result object as deterministic, human-diffable JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
