"""The library entry points: read and extract files, then check them against the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

from audit.cache import Cache, file_digest
from audit.errors import AuditError
from audit.extract import Extraction, extract_document
from audit.findings import evaluate
from audit.ingest import Input, discover, read
from audit.result import AuditResult
from audit.tables import Tables, build_tables
from audit.timing import stage
from audit.waivers import apply_waivers, load_waivers
from schemas.settings import Settings

Progress = Callable[[int, int], None]
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 32
PathLike = str | Path


def _extract_one(item: Input) -> Extraction | AuditError:
    """Return the extraction of one file, or the error that names why it cannot be read.

    The document's text is dropped once read: every table row already carries its line and
    sentence, and an archive of 100,000 issues must not be held in memory twice.
    """
    try:
        extraction = extract_document(read(item))
    except AuditError as error:
        return error
    return replace(extraction, document=replace(extraction.document, lines=()))


def _extract_many(items: list[Input], jobs: int) -> Iterator[Extraction | AuditError]:
    """Yield the extraction of each item in order, in ``jobs`` processes when that pays off."""
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        yield from map(_extract_one, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_extract_one, items, chunksize=max(1, min(64, len(items) // (jobs * 8))))


def read_paths(
    paths: Sequence[PathLike],
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
) -> tuple[list[Extraction], list[AuditError]]:
    """Return the extractions of every readable file under ``paths`` and an error per other file.

    Files found in ``cache`` are not parsed again; the others are parsed in ``jobs`` processes.
    The order of both lists follows the files, whatever ``jobs`` is.
    """
    items = discover(paths)
    cache = cache or Cache(enabled=False)
    results: list[Extraction | AuditError | None] = []
    digests: list[str | None] = []
    for item in items:
        digest = file_digest(item.path) if cache.enabled else None
        digests.append(digest)
        results.append(cache.get(digest, item.source) if digest else None)
    missing = [index for index, found in enumerate(results) if found is None]
    done = len(items) - len(missing)
    if progress and done:
        progress(done, len(items))
    for index, outcome in zip(missing, _extract_many([items[i] for i in missing], jobs), strict=True):
        results[index] = outcome
        digest = digests[index]
        if digest and isinstance(outcome, Extraction):
            cache.put(digest, outcome)
        done += 1
        if progress:
            progress(done, len(items))
    extractions = [r for r in results if isinstance(r, Extraction)]
    errors = [r for r in results if isinstance(r, AuditError)]
    return extractions, errors


def extract(
    paths: Sequence[PathLike], progress: Progress | None = None, *, jobs: int = 1, cache: Cache | None = None
) -> AuditResult:
    """Return the tables of the files under ``paths``, with no rules applied."""
    with stage("extract"):
        extractions, errors = read_paths(paths, progress, jobs=jobs, cache=cache)
    with stage("validate"):
        tables = build_tables(extractions)
    return AuditResult(tables=tables, errors=errors, targets=list(tables.issues["source"]))


def collect(
    paths: Sequence[PathLike],
    history: Sequence[PathLike] = (),
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
) -> tuple[Tables, list[AuditError], list[str]]:
    """Return the tables of ``paths`` and ``history``, the unreadable files, and the target sources.

    History issues are context for the series rules only: their headings, dates and lists
    are dropped, since the text rules look at one issue at a time and only PATHS are reported.
    """
    with stage("extract"):
        extractions, errors = read_paths(paths, progress, jobs=jobs, cache=cache)
        targets = [e.document.source for e in extractions]
        if history:
            past, past_errors = read_paths(history, jobs=jobs, cache=cache)
            known = set(targets)
            extractions += [
                replace(e, headings=[], dates=[], enumerations=[])
                for e in past
                if e.document.source not in known
            ]
            errors += past_errors
    with stage("validate"):
        tables = build_tables(extractions)
    return tables, errors, targets


def check(
    paths: Sequence[PathLike],
    *,
    history: Sequence[PathLike] = (),
    settings: Settings | None = None,
    waivers: PathLike | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
) -> AuditResult:
    """Return the findings on the files under ``paths``, with ``history`` as context for cross-issue rules.

    Findings covered by a waiver in the ``waivers`` file are kept but marked waived; a waiver
    that expired before ``today`` or matches nothing is reported as a finding of its own.
    """
    approved = load_waivers(waivers) if waivers else []
    settings = settings or Settings()
    tables, errors, targets = collect(paths, history, progress, jobs=jobs, cache=cache)
    with stage("validate"):
        findings = evaluate(tables, settings, targets=targets)
    if waivers:
        findings = apply_waivers(findings, approved, str(waivers), today or date.today())
    return AuditResult(tables=tables, findings=findings, errors=errors, targets=targets)
