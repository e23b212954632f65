"""The rule catalogue as a GX 1.x ExpectationSuite, and its JSON.

One suite over several tables: each expectation's meta names its ``table`` (a name from
``audit.gx.frames.prepare``) besides its rule, variant and severity; ``audit gx run`` validates
each table against the expectations that name it. GX is imported inside the functions.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from audit import __version__
from audit.gx import require
from audit.gx.plan import BASE_TABLES, DERIVED, Spec, Where, not_expressed, plan
from schemas.rules import RULES
from schemas.settings import Settings

if TYPE_CHECKING:
    from great_expectations import ExpectationSuite
    from great_expectations.expectations import Expectation
    from great_expectations.expectations.row_conditions import Condition

SUITE = "weekly_report_audit"
GX_SEVERITY = {"error": "critical", "warning": "warning", "info": "info"}
TABLES = {
    "issues": "audit.tables.Tables.issues: one row per issue (masthead fields)",
    "facts": "audit.tables.Tables.facts: one row per printed figure",
    "panel": "audit.gx.frames.panel: one row per issue, masthead then a <metric>.<scope> value column per figure",
}
NOTES = (
    "Generated from the rule catalogue (schemas/rules/) of weekly-report-audit; regenerate with "
    "`audit gx export` rather than editing. A failing row of a test is a finding on that row's source; "
    "the native engine (`audit check`) keeps only the most severe test a row fails, renders messages "
    "and applies waivers, which a suite does not."
)


def _condition(where: Sequence[Where]) -> Condition:
    from great_expectations.expectations.row_conditions import Column

    parts = [
        Column(w.column).is_not_null()
        if w.op == "not_null"
        else (Column(w.column) == w.value if w.op == "==" else Column(w.column) != w.value)
        for w in where
    ]
    return functools.reduce(operator.and_, parts)


def expectation(spec: Spec) -> Expectation:
    """Return the GX expectation of one spec, its meta naming the rule it stands for."""
    gx = require()
    kwargs: dict[str, Any] = dict(spec.kwargs)
    if spec.where:
        kwargs["row_condition"] = _condition(spec.where)
    cls = getattr(gx.expectations, spec.expectation)
    return cls(**kwargs, meta=spec.meta(), severity=GX_SEVERITY[spec.severity])


def _table_description(table: str, specs: Sequence[Spec]) -> dict[str, Any]:
    derived = [name for s in specs for name, _ in s.derive]
    if table in TABLES:
        text = TABLES[table]
    else:
        text = f"schemas.rules.RULES_BY_ID[{table!r}].frame(tables, settings): the frame the rule checks"
    columns = list(dict.fromkeys(c for s in specs for c in s.columns))
    return {"description": text, "columns": columns, "derived": list(dict.fromkeys(derived))}


def suite_meta(specs: Sequence[Spec], settings: Settings) -> dict[str, Any]:
    """Return what the suite covers: its tables, each rule's tests and how they are expressed."""
    tables = list(
        dict.fromkeys(
            [*(t for t in BASE_TABLES if any(s.table == t for s in specs)), *(s.table for s in specs)]
        )
    )
    rules: dict[str, Any] = {}
    for rule in RULES:
        own = [s for s in specs if s.rule == rule.id]
        if not own:
            continue
        rules[rule.id] = {
            "kind": rule.kind,
            "title_zh": rule.title_zh,
            "title_en": rule.title_en,
            "tests": {
                test.variant: {
                    "severity": next(s.severity for s in own if s.variant == test.variant),
                    "how": sorted({s.how for s in own if s.variant == test.variant}),
                    "expectations": sum(s.variant == test.variant for s in own),
                }
                for test in rule.tests
                if any(s.variant == test.variant for s in own)
            },
        }
    return {
        "generator": f"weekly-report-audit {__version__}",
        "tables": {t: _table_description(t, [s for s in specs if s.table == t]) for t in tables},
        "rules": rules,
        "derived": sorted({f"{s.rule}.{s.variant}" for s in specs if s.how == DERIVED}),
        "not_expressed": not_expressed(specs, settings),
        "disabled": sorted(settings.disabled),
    }


def build_suite(
    settings: Settings | None = None, *, specs: Sequence[Spec] | None = None, name: str = SUITE
) -> ExpectationSuite:
    """Return the suite of ``specs`` (default: the whole plan for ``settings``)."""
    gx = require()
    settings = settings or Settings()
    specs = plan(settings) if specs is None else specs
    return gx.ExpectationSuite(
        name=name,
        expectations=[expectation(s) for s in specs],
        meta=suite_meta(specs, settings),
        notes=NOTES,
    )


def suite_json(settings: Settings | None = None) -> str:
    """Return the whole suite as JSON (stable: no generated ids)."""
    data = build_suite(settings).to_json_dict()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
