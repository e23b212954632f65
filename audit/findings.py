"""Run the rule schemas over the extracted tables and turn their failures into findings."""

from __future__ import annotations

import hashlib
import json
import string
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import pandera.pandas as pa

from audit.tables import Tables
from schemas.derive import Derived, ordered
from schemas.facts import METRIC_LABELS, SCOPE_LABELS
from schemas.findings import FindingsSchema
from schemas.rules import RULES, Rule, TablesLike, Test, display
from schemas.settings import SEVERITIES, Settings

SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
COLUMNS = list(FindingsSchema.to_schema().columns)


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


class _Formatter(string.Formatter):
    """Format a message template, leaving a missing or null field blank rather than failing."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


_FORMAT = _Formatter()


def render(template: str, row: Mapping[str, Any]) -> str:
    """Return a message template filled from one frame row."""
    return _FORMAT.vformat(template, (), _Blank(row))


def fingerprint(fields: Mapping[str, Any]) -> str:
    """Return a stable 16-hex id over canonical JSON of a finding's identity fields."""
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def severity_of(rule: Rule, test: Test, settings: Settings) -> str:
    """Return the severity of a rule's test after the project's overrides."""
    override = settings.severity.get(f"{rule.id}.{test.variant}")
    if override is None and test.severity != "info":
        override = settings.severity.get(rule.id)
    return override or test.severity


def _failing(rule: Rule, frame: pd.DataFrame, settings: Settings) -> dict[int, Test]:
    """Return, for each failing row of ``frame``, the first (most severe) test it fails."""
    try:
        rule.schema(settings).validate(frame, lazy=True)
        return {}
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    by_name = {f"{rule.id}.{t.variant}": t for t in rule.tests}
    broken = cases[cases["index"].isna()]
    if not broken.empty:
        raise RuntimeError(f"rule {rule.id} could not run: {broken['failure_case'].iloc[0]}")
    failing: dict[int, Test] = {}
    for test in rule.tests:
        rows = cases.loc[cases["check"] == f"{rule.id}.{test.variant}", "index"].astype(int)
        for row in sorted(set(rows)):
            failing.setdefault(row, by_name[f"{rule.id}.{test.variant}"])
    return failing


def _rows(
    rule: Rule, tables: TablesLike, settings: Settings, issue_rows: Mapping[str, Mapping[str, Any]]
) -> Iterable[dict[str, Any]]:
    frame = rule.frame(tables, settings)
    if frame.empty:
        return
    failing = sorted(_failing(rule, frame, settings).items())
    rows = display(frame, [index for index, _ in failing]).to_dict(orient="records")
    for (_, test), row in zip(failing, rows, strict=True):
        issue = issue_rows[row["source"]]
        metric = row.get("metric") if isinstance(row.get("metric"), str) else None
        scope = row.get("scope") if isinstance(row.get("scope"), str) else None
        labels = {
            "metric_zh": METRIC_LABELS.get(metric or "", ("", ""))[0],
            "metric_en": METRIC_LABELS.get(metric or "", ("", ""))[1],
            "scope_zh": SCOPE_LABELS.get(scope or "", ("", ""))[0],
            "scope_en": SCOPE_LABELS.get(scope or "", ("", ""))[1],
        }
        context = {**row, **labels}
        identity = {
            "rule": rule.id,
            "variant": test.variant,
            "series": issue["series"],
            "serial": None if pd.isna(issue["serial_no"]) else int(issue["serial_no"]),
            "issue": row["source"] if pd.isna(issue["serial_no"]) else None,
            "metric": metric,
            "scope": scope,
            "key": row.get("key") or "",
        }
        yield {
            "rule": rule.id,
            "variant": test.variant,
            "severity": severity_of(rule, test, settings),
            "source": row["source"],
            "series": issue["series"],
            "year": issue["year"],
            "issue_no": issue["issue_no"],
            "serial_no": issue["serial_no"],
            "metric": metric,
            "scope": scope,
            "observed": row.get("observed"),
            "expected": row.get("expected"),
            "message_zh": render(test.zh, context),
            "message_en": render(test.en, context),
            "line": row.get("line"),
            "evidence": row.get("evidence"),
            "other": row.get("other"),
            "other_source": row.get("other_source"),
            "other_line": row.get("other_line"),
            "fingerprint": fingerprint(identity),
            "_identity": identity,
            "waived": False,
            "waiver": None,
        }


def _disambiguate(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with clashing fingerprints made unique by source, then by occurrence.

    Two files can share an identity (a repeated 总第 number), and so can two findings of one file
    (a heading number printed twice, one date twice in a sentence): the first keeps its source-keyed
    fingerprint, the later ones add their rank.
    """
    clash = frame["fingerprint"].duplicated(keep=False)
    if clash.any():
        nth = frame.groupby(["fingerprint", "source"], sort=False).cumcount()
        frame.loc[clash, "fingerprint"] = [
            fingerprint({**identity, "source": source, **({"nth": int(n)} if n else {})})
            for identity, source, n in zip(
                frame.loc[clash, "_identity"], frame.loc[clash, "source"], nth[clash], strict=True
            )
        ]
    return frame.drop(columns="_identity")


def evaluate(
    tables: Tables | Derived, settings: Settings, targets: Iterable[str] | None = None
) -> pd.DataFrame:
    """Return every finding of the enabled rules, on ``targets`` only when given, in report order."""
    whole = tables if isinstance(tables, Derived) else Derived(tables)
    # Per-issue rules need only the issues reported on; series rules need the whole series.
    scoped = {"issue": whole if targets is None else whole.only(targets), "series": whole}
    issues = ordered(whole.issues)[["source", "series", "year", "issue_no", "serial_no"]]
    order = {source: rank for rank, source in enumerate(issues["source"])}
    rule_rank = {rule.id: rank for rank, rule in enumerate(RULES)}
    issue_rows = issues.set_index("source", drop=False).to_dict(orient="index")
    rows = [
        row
        for rule in RULES
        if rule.id not in settings.disabled
        for row in _rows(rule, scoped[rule.kind], settings, issue_rows)
    ]
    frame = _disambiguate(pd.DataFrame(rows, columns=[*COLUMNS, "_identity"]))
    if targets is not None:
        frame = frame[frame["source"].isin(set(targets))]
    frame = frame.assign(
        _sev=frame["severity"].map(SEVERITY_RANK),
        _issue=frame["source"].map(order),
        _rule=frame["rule"].map(rule_rank),
    )
    frame = frame.sort_values(
        ["_sev", "_issue", "_rule", "line", "metric", "fingerprint"], na_position="first", kind="stable"
    )
    frame = frame.drop(columns=["_sev", "_issue", "_rule"]).reset_index(drop=True)
    return FindingsSchema.validate(frame)
