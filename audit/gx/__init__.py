"""Great Expectations bridge: the rule catalogue as a GX suite over the tables the toolkit prepares.

Nothing here imports great_expectations at import time; ``require`` does, inside the commands
that need it, so the rest of the toolkit runs without the ``gx`` extra.
"""

from __future__ import annotations

import warnings
from types import ModuleType

from audit.errors import AuditError

INSTALL = 'pip install -e ".[gx]" in a checkout of this repository (the package is not on PyPI)'


class MissingExtra(AuditError):
    """An optional dependency is not installed."""


def require() -> ModuleType:
    """Return the great_expectations module, or raise ``MissingExtra`` naming the install command."""
    try:
        # Its import warns about its own dependencies (marshmallow, pandas): not the user's to fix.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import great_expectations
    except ImportError:
        raise MissingExtra("great-expectations", "not installed", f"install it with {INSTALL}") from None
    return great_expectations
