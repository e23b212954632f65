"""Root causes: mark each finding another finding explains with that finding's fingerprint.

The explanations are the rows of ``schemas.causes.CAUSES``. Each finding is given the
first finding that explains it, and ``caused_by`` names the root of that chain (the finding
nothing explains), so a report groups each consequence one level under its root. A chain that
loops (two findings explaining each other) is broken at the finding that comes first in
report order: that one is the root.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from audit.profiles import relations
from schemas.causes import CAUSES, Where


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _partners() -> set[tuple[str, str]]:
    """Return the pairs of metrics the profiles in effect relate by ``not_above``, both ways round."""
    pairs = {(r.metric, r.limit) for r in relations().not_above}
    return pairs | {(b, a) for a, b in pairs}


def _matches(
    where: Where, cause: dict[str, Any], consequence: dict[str, Any], partners: set[tuple[str, str]]
) -> bool:
    same_metric = cause["metric"] is not None and cause["metric"] == consequence["metric"]
    related = same_metric or (cause["metric"], consequence["metric"]) in partners
    if where == "issue":
        return cause["source"] == consequence["source"]
    if where == "figure":
        return cause["source"] == consequence["source"] and same_metric
    if where == "related":
        return cause["source"] == consequence["source"] and related
    if where == "numbered_after":
        return (
            cause["series"] == consequence["series"]
            and cause["year"] is not None
            and cause["year"] == consequence["year"]
            and cause["issue_no"] is not None
            and consequence["issue_no"] == cause["issue_no"] + 1
        )
    following = consequence["other_source"] is not None and consequence["other_source"] == cause["source"]
    if where == "next_related":
        return following and related
    return following and (where == "next" or same_metric)


def parents(findings: pd.DataFrame) -> dict[int, int]:
    """Return, for each finding (by position) another finding explains, the position of the first one."""
    columns = ["rule", "source", "series", "year", "issue_no", "metric", "other_source"]
    rows = [
        {
            **row,
            "metric": _text(row["metric"]),
            "other_source": _text(row["other_source"]),
            "year": None if pd.isna(row["year"]) else int(row["year"]),
            "issue_no": None if pd.isna(row["issue_no"]) else int(row["issue_no"]),
        }
        for row in findings[columns].to_dict(orient="records")
    ]
    by_rule: dict[str, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        by_rule[row["rule"]].append(position)
    partners = _partners()
    found: dict[int, int] = {}
    for position, row in enumerate(rows):
        for cause_rule, consequence_rule, where in CAUSES:
            if consequence_rule != row["rule"]:
                continue
            cause = next(
                (
                    c
                    for c in by_rule.get(cause_rule, ())
                    if c != position and _matches(where, rows[c], row, partners)
                ),
                None,
            )
            if cause is not None:
                found[position] = cause
                break
    return found


def roots(parent: dict[int, int], count: int) -> list[int | None]:
    """Return the root of each finding's chain (None for a root), breaking loops at the earliest finding."""
    parent = dict(parent)
    for start in range(count):
        seen: list[int] = []
        node = start
        while node in parent and node not in seen:
            seen.append(node)
            node = parent[node]
        if node in seen:  # a loop: its earliest finding in report order becomes a root
            loop = seen[seen.index(node) :]
            del parent[min(loop)]
    out: list[int | None] = []
    for start in range(count):
        node = start
        while node in parent:
            node = parent[node]
        out.append(None if node == start else node)
    return out


def caused_by(findings: pd.DataFrame) -> pd.DataFrame:
    """Return ``findings`` with ``caused_by``: the fingerprint of the root cause of each consequence."""
    if findings.empty:
        return findings.assign(caused_by=pd.Series(dtype=object))
    found = roots(parents(findings), len(findings))
    prints = findings["fingerprint"].tolist()
    return findings.assign(caused_by=[None if root is None else prints[root] for root in found])
