"""Run the rule schemas over the extracted tables and turn their failures into findings."""

from __future__ import annotations

import hashlib
import json
import string
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import pandas as pd

from audit.causes import caused_by
from audit.suggest import suggestions
from audit.tables import Tables, page_of
from schemas.derive import Derived, series_key, version_pairs
from schemas.facts import METRIC_LABELS, SCOPE_LABELS
from schemas.findings import FindingsSchema
from schemas.rules import RULES, Rule, Test
from schemas.rules.base import TablesLike, display, shown
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


def _failing(rule: Rule, frame: pd.DataFrame) -> dict[int, Test]:
    """Return, for each failing row of ``frame``, the first (most severe) test it fails.

    The checks are called directly: pandera's ``Check`` API would gather failure cases and
    null-row exemptions that are thrown away here (a rule frame's row always names its source),
    at a millisecond a check, a tenth of a pre-publication gate.
    """
    failing: dict[int, Test] = {}
    for test in rule.tests:
        try:
            passed = test.check(frame)
        except Exception as error:
            raise RuntimeError(f"rule {rule.id} could not run: {error}") from error
        for row in passed.index[~passed.astype(bool)]:
            failing.setdefault(row, test)
    return failing


ISSUE_COLUMNS = ["source", "series", "year", "issue_no", "serial_no", "page_starts"]


class _IssueRows(dict):  # type: ignore[type-arg]
    """The issue columns of a finding by source, turned into a dict only for the sources asked for.

    A gate run asks for one issue of hundreds, an archive run for a few thousand of 100,000, and
    a chunk without findings for none: the series of the issues is only worked out when asked.
    """

    def __init__(self, run: Derived) -> None:
        super().__init__()
        self._run = run
        self._issues: pd.DataFrame | None = None

    def __missing__(self, source: str) -> dict[str, Any]:
        if self._issues is None:
            # Every issue, other versions of one included (``ordered`` holds one file per issue).
            issues = self._run.issues.assign(series=series_key(self._run.issues))
            self._issues = issues[ISSUE_COLUMNS].set_index("source", drop=False)
        # Sources are unique (IssuesSchema), so this is one row.
        self[source] = found = self._issues.loc[source].to_dict()
        return found


def _rows(
    rule: Rule,
    tables: TablesLike,
    settings: Settings,
    issue_rows: Mapping[str, Mapping[str, Any]],
) -> Iterable[dict[str, Any]]:
    frame = rule.frame(tables, settings)
    focus = getattr(tables, "focus", None)
    if focus is not None:  # a rule may pair issues itself (share_consistent), beyond Derived's pairs
        frame = frame[frame["source"].isin(focus)]
    if frame.empty:
        return
    failing = sorted(_failing(rule, frame).items())
    if not failing:
        return
    # Only the columns a finding shows: pairs of issues are frames of some seventy columns, and
    # turning every one into a record would cost more than the rule's checks.
    rows = display(frame, [index for index, _ in failing], shown(rule)).to_dict(orient="records")
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
            "page": page_of(issue["page_starts"], row.get("line")),
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


def rule_rows(
    tables: Tables | Derived,
    settings: Settings,
    targets: Iterable[str] | None = None,
    kinds: Iterable[str] = ("issue", "series"),
) -> list[dict[str, Any]]:
    """Return the finding records of the enabled rules of ``kinds``, on ``targets`` only when given.

    The records still need ``findings_table`` to become the findings table: a run may gather them
    from several calls (the per-issue rules chunk by chunk, the series rules once).
    """
    whole = Derived.of(tables)
    issue_rows = _IssueRows(whole)
    reported = None if targets is None else frozenset(targets)
    if reported is not None and reported.issuperset(whole.issues["source"]):
        reported = None  # every issue is reported on: nothing to leave out
    # Per-issue rules need only the issues reported on; series rules need the whole series, but
    # only the pairs that end in an issue reported on.
    scoped = {"issue": whole, "series": whole}
    if reported is not None:
        scoped = {"issue": whole.only(reported), "series": whole.focused(reported)}
    return [
        row
        for rule in RULES
        if rule.kind in kinds and rule.id not in settings.disabled
        for row in _rows(rule, scoped[rule.kind], settings, issue_rows)
    ]


def findings_table(
    rows: list[dict[str, Any]], run: Tables | Derived, settings: Settings | None = None
) -> pd.DataFrame:
    """Return finding records as the validated findings table, in report order over ``run``'s issues.

    With ``settings``, a finding whose broken relation one typing slip would mend carries the
    suggested value (``audit.suggest``).
    """
    whole = Derived.of(run)
    rows = _once(rows, set(whole.versions["other_source"]))
    order = {source: rank for rank, source in enumerate(whole.ordered["source"])}
    # Another version's own findings come right after the file that stands for its issue.
    order.update(
        (other, order.get(source, len(order)))
        for source, other in zip(whole.versions["source"], whole.versions["other_source"], strict=True)
    )
    rule_rank = {rule.id: rank for rank, rule in enumerate(RULES)}
    frame = _disambiguate(pd.DataFrame(rows, columns=[*COLUMNS, "_identity"]))
    frame = frame.assign(
        _sev=frame["severity"].map(SEVERITY_RANK),
        _issue=frame["source"].map(order),
        _rule=frame["rule"].map(rule_rank),
    )
    frame = frame.sort_values(
        ["_sev", "_issue", "_rule", "line", "metric", "fingerprint"], na_position="first", kind="stable"
    )
    frame = frame.drop(columns=["_sev", "_issue", "_rule"]).reset_index(drop=True)
    if settings is not None and len(frame):
        frame = suggestions(frame, whole, settings)
    return caused_by(frame).astype(_types())


@cache
def _types() -> dict[str, object]:
    """Return the column types of ``FindingsSchema``.

    The findings are built here from the rules' own frames, so the model's checks hold by
    construction (the tests validate findings against it): a run only needs its column types.
    pandera's validation would spend a tenth of a pre-publication gate formatting a report for
    each text column that passes.
    """
    return {column: spec.dtype.type for column, spec in FindingsSchema.to_schema().columns.items()}


def versioned(tables: Tables | Derived, settings: Settings, targets: Iterable[str] | None = None) -> Derived:
    """Return the run with the issues kept as several files found (see ``version_pairs``).

    Such an issue is checked once, through the file that stands for it (a file of ``targets``
    first, then by ``settings.versions``); ``versions_agree`` compares the others with it.
    """
    if isinstance(tables, Derived) and len(tables.versions):
        return tables
    versions = version_pairs(tables.issues, settings.versions, preferred=set(targets or ()))
    return Derived(tables, focus=getattr(tables, "focus", None), versions=versions)


def _once(rows: list[dict[str, Any]], others: set[str]) -> list[dict[str, Any]]:
    """Return the finding records with those of other versions of an issue left out where they repeat.

    A finding's fingerprint belongs to its issue, not its file: another version's finding that the
    file standing for the issue has too is the same finding. One only that version has (its own
    figure printed wrong) is kept, on that version.
    """
    if not others:
        return rows
    kept = {row["fingerprint"] for row in rows if row["source"] not in others}
    return [row for row in rows if row["source"] not in others or row["fingerprint"] not in kept]


def evaluate(
    tables: Tables | Derived, settings: Settings, targets: Iterable[str] | None = None
) -> pd.DataFrame:
    """Return every finding of the enabled rules, on ``targets`` only when given, in report order."""
    whole = versioned(tables, settings, targets)
    return findings_table(rule_rows(whole, settings, targets), whole, settings)
