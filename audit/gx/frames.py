"""The tables GX validates: issues, facts, a wide per-issue panel, and each rule's own frame.

A rule's frame is ``Rule.frame(tables, settings)``, the very frame the native engine checks,
plus the derived columns its expectations read (differences, ``__ok`` booleans), trimmed to
the columns the suite names and the few that identify a row in results and Data Docs.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from audit.gx.plan import SCOPES, Spec
from audit.result import ISSUE_FIELDS
from audit.tables import Tables
from schemas.derive import Derived
from schemas.facts import METRICS
from schemas.rules import RULES, Rule
from schemas.settings import Settings

KEEP = ("source", "metric", "scope", "line")
# The issue fields of the JSON contract, but the print run: no rule reads it.
PANEL_ISSUE_COLUMNS = tuple(name for name in ISSUE_FIELDS if name != "copies")


def panel_column(metric: str, scope: str) -> str:
    """Return the panel column of a metric in a scope: ``window.accepted.ytd``."""
    return f"{metric}.{scope}"


def panel(tables: Tables | Derived) -> pd.DataFrame:
    """Return one row per issue: its masthead, then a ``<metric>.<scope>`` column per figure."""
    columns = [panel_column(m, s) for m in METRICS for s in SCOPES]
    run = Derived.of(tables)
    issues = run.issues[list(PANEL_ISSUE_COLUMNS)].reset_index(drop=True)
    if run.facts.empty:
        return issues.assign(**dict.fromkeys(columns, float("nan")))
    # ``wide`` is what ytd_ge_week reads, so the panel holds the very same values.
    values = run.wide.melt(id_vars=["source", "metric"], value_vars=list(SCOPES), var_name="scope")
    values["column"] = [panel_column(m, s) for m, s in zip(values["metric"], values["scope"], strict=True)]
    table = values.pivot(index="source", columns="column", values="value").reindex(columns=columns)
    return issues.merge(table, left_on="source", right_index=True, how="left")


def base(name: str, tables: Derived, settings: Settings, rules: Sequence[Rule] = RULES) -> pd.DataFrame:
    """Return the table called ``name``: a base table, or the frame of the rule of that id."""
    if name == "panel":
        return panel(tables)
    if name in ("issues", "facts"):
        return getattr(tables, name)
    rule = next(rule for rule in rules if rule.id == name)
    return rule.frame(tables, settings)  # type: ignore[arg-type]  # Derived is what frames read


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with nullable integers as floats and nullable booleans as objects.

    GX compares with plain numpy semantics; ``pd.NA`` in a comparison raises instead of failing.
    """
    out = frame.copy()
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.api.extensions.ExtensionDtype):
            if pd.api.types.is_bool_dtype(dtype):
                out[name] = frame[name].astype(object).where(frame[name].notna(), None)
            elif pd.api.types.is_numeric_dtype(dtype):
                out[name] = frame[name].astype("float64")
    return out


def prepare(
    tables: Tables | Derived, specs: Sequence[Spec], settings: Settings, rules: Sequence[Rule] = RULES
) -> dict[str, pd.DataFrame]:
    """Return every table the ``specs`` read, by name, with the derived columns they need."""
    run = Derived.of(tables)
    frames = {}
    for name in dict.fromkeys(s.table for s in specs):
        own = [s for s in specs if s.table == name]
        frame = base(name, run, settings, rules).reset_index(drop=True)
        for column, derive in (d for s in own for d in s.derive):
            frame[column] = derive(frame) if len(frame) else pd.Series(dtype=object)
        used = dict.fromkeys([*KEEP, *(c for s in own for c in s.columns)])
        frames[name] = plain(frame[[c for c in used if c in frame.columns]])
    return frames
