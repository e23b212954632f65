"""Reusable vectorised checks: each takes a frame and keyword-only column names, returns a boolean Series.

A row passes (True) when the rule holds or when a value it needs is missing: absence is
the business of ``header_complete``, not of every other rule.
"""

from checks.compare import at_most, equal, in_range, is_whole, not_above, not_below
from checks.sequence import differs, follows, increases, starts_at

__all__ = [
    "at_most",
    "differs",
    "equal",
    "follows",
    "in_range",
    "increases",
    "is_whole",
    "not_above",
    "not_below",
    "starts_at",
]
