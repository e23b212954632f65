"""The library entry points: read and extract files, then check them against the rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from audit.errors import AuditError
from audit.extract import Extraction, extract_document
from audit.findings import evaluate
from audit.ingest import discover, read
from audit.result import AuditResult
from audit.tables import build_tables
from audit.waivers import apply_waivers, load_waivers
from schemas.settings import Settings

Progress = Callable[[int, int], None]
PathLike = str | Path


def read_paths(
    paths: Sequence[PathLike], progress: Progress | None = None
) -> tuple[list[Extraction], list[AuditError]]:
    """Return the extractions of every readable file under ``paths`` and an error per other file."""
    errors: list[AuditError] = []
    try:
        items = discover(paths)
    except AuditError as error:
        return [], [error]
    extractions = []
    for done, item in enumerate(items, start=1):
        try:
            extractions.append(extract_document(read(item)))
        except AuditError as error:
            errors.append(error)
        if progress:
            progress(done, len(items))
    return extractions, errors


def extract(paths: Sequence[PathLike], progress: Progress | None = None) -> AuditResult:
    """Return the tables of the files under ``paths``, with no rules applied."""
    extractions, errors = read_paths(paths, progress)
    tables = build_tables(extractions)
    return AuditResult(tables=tables, errors=errors, targets=list(tables.issues["source"]))


def check(
    paths: Sequence[PathLike],
    *,
    history: Sequence[PathLike] = (),
    settings: Settings | None = None,
    waivers: PathLike | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    """Return the findings on the files under ``paths``, with ``history`` as context for cross-issue rules.

    Findings covered by a waiver in the ``waivers`` file are kept but marked waived; a waiver
    that expired before ``today`` or matches nothing is reported as a finding of its own.
    """
    approved = load_waivers(waivers) if waivers else []
    settings = settings or Settings()
    extractions, errors = read_paths(paths, progress)
    targets = [e.document.source for e in extractions]
    if history:
        past, past_errors = read_paths(history)
        known = set(targets)
        extractions += [e for e in past if e.document.source not in known]
        errors += past_errors
    tables = build_tables(extractions)
    findings = evaluate(tables, settings, targets=targets)
    if waivers:
        findings = apply_waivers(findings, approved, str(waivers), today or date.today())
    return AuditResult(tables=tables, findings=findings, errors=errors, targets=targets)
