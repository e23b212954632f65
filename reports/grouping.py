"""Root causes and their consequences, as the renderers show them (``caused_by`` in the result)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from schemas.settings import SEVERITIES

Finding = dict[str, Any]


def by_cause(findings: list[Finding]) -> tuple[list[Finding], dict[str, list[Finding]]]:
    """Return the root findings in their order, and each root's consequences by its fingerprint.

    A consequence whose cause is not in ``findings`` (a saved result edited by hand) stays a root.
    """
    known = {f.get("fingerprint") for f in findings} - {None}
    under: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.get("caused_by") in known:
            under[finding["caused_by"]].append(finding)
    return [f for f in findings if f.get("caused_by") not in known], under


def folded(finding: Finding) -> str:
    """Return a consequence on one line, as folded into its cause's entry: ↳ rule (file, line N): message."""
    where = finding["source"] + (f":{finding['line']}" if finding.get("line") else "")
    return f"↳ {finding['rule']} ({where}): {finding['message']}"


def worst(finding: Finding, under: dict[str, list[Finding]]) -> str:
    """Return the most severe severity of a root and its consequences: the group's level."""
    levels = [finding["severity"], *(c["severity"] for c in under.get(finding.get("fingerprint", ""), ()))]
    return min(levels, key=SEVERITIES.index)
