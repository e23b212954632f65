"""The library entry points: read and extract files, then check them against the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from audit.cache import Cache, file_digest
from audit.errors import AuditError, NoIssues, NotAnIssue, UnreadableInput
from audit.extract import Extraction, Header, extract_document, place, split_document
from audit.findings import findings_table, rule_rows, versioned
from audit.ingest import Input, discover, read
from audit.messages import text
from audit.profiles import added_profiles, set_profiles, use_profiles
from audit.result import AuditResult
from audit.signals import raise_pending
from audit.tables import SCHEMAS, SERIES_TABLES, TableBuilder, Tables, build_tables
from audit.timing import stage
from audit.waivers import apply_waivers, load_waivers
from schemas.settings import Settings

Progress = Callable[[int, int], None]
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 32
PathLike = str | Path


def _extract_one(item: Input) -> list[Extraction] | AuditError:
    """Return the extraction of each issue in one file, or the error that names why it cannot be read.

    A file holding several issues gives one extraction per issue (see ``split_document``). The
    document's text is dropped once read: every table row already carries its line and
    sentence, and an archive of 100,000 issues must not be held in memory twice.
    """
    if item.skip is not None:
        return item.skip
    try:
        extractions = [place(extract_document(part.document), part) for part in split_document(read(item))]
    except AuditError as error:
        return error
    except Exception as error:  # an extractor bug on one file must not end the audit of the others
        return UnreadableInput(
            item.source,
            f"unexpected error while extracting ({type(error).__name__}: {error})",
            "please report this",
        )
    return [replace(e, document=replace(e.document, lines=())) for e in extractions]


def _extract_many(items: list[Input], jobs: int) -> Iterator[list[Extraction] | AuditError]:
    """Yield the extraction of each item in order, in ``jobs`` processes when that pays off."""
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        yield from map(_extract_one, items)
        return
    from audit.workers import parallel_map  # loads multiprocessing: only when used

    # The run's own series profiles go with the work: a spawned worker would know the built-in ones only.
    yield from parallel_map(
        _extract_one, items, jobs, name=lambda item: item.source, setup=set_profiles, args=(added_profiles(),)
    )


def iter_paths(
    paths: Sequence[PathLike],
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    keep: Callable[[Header], bool] | None = None,
    store: Callable[[str, list[Extraction]], None] | None = None,
    seen: set[object] | None = None,
) -> Iterator[Extraction | AuditError]:
    """Yield, file by file in discovery order, the extraction of each issue or the error naming the file.

    Files found in ``cache`` are not parsed again; the others are parsed in ``jobs`` processes.
    Results are produced lazily, so that a large archive is never held in memory as objects.
    With ``keep``, extractions whose masthead it refuses are passed over (a cached one is then
    never loaded beyond its masthead). A parsed file's extractions go to ``store`` with its
    content hash (by default straight into the cache). Files whose identity (device and inode)
    is in ``seen`` are passed over, and the identities of the files listed are added to it.
    """
    for outcome, _ in _outcomes(paths, progress, jobs=jobs, cache=cache, keep=keep, store=store, seen=seen):
        yield outcome


def _outcomes(
    paths: Sequence[PathLike],
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    keep: Callable[[Header], bool] | None = None,
    store: Callable[[str, list[Extraction]], None] | None = None,
    seen: set[object] | None = None,
    context: bool = False,
) -> Iterator[tuple[Extraction | AuditError, bool]]:
    """Yield what ``iter_paths`` yields, each with whether it was read from the cache.

    With ``context``, an extraction read from the cache holds its masthead and facts only.
    """
    items = discover(paths, seen)
    cache = cache or Cache(enabled=False)
    digests = [file_digest(item.path) if cache.enabled and item.skip is None else None for item in items]
    cached = [d is not None and cache.has(d) for d in digests]
    parsed = _extract_many([item for item, hit in zip(items, cached, strict=True) if not hit], jobs)
    for done, (item, digest, hit) in enumerate(zip(items, digests, cached, strict=True), start=1):
        raise_pending()
        if progress:
            progress(done, len(items))
        header = cache.header(digest) if keep and hit and digest else None
        if keep and header and not keep(header):
            continue
        read = cache.get(digest, item.source, context=context) if hit and digest else None
        served = read is not None
        outcome: list[Extraction] | AuditError
        if read is not None:
            outcome = read
        else:
            outcome = next(parsed) if not hit else _extract_one(item)
            if digest and not isinstance(outcome, AuditError):
                (store or cache.put)(digest, outcome)
        if isinstance(outcome, AuditError):
            yield outcome, served
            continue
        for extraction in outcome:
            if not extraction.header.recognised():
                yield NotAnIssue(item.source, text("not_an_issue"), text("not_an_issue.hint")), served
            elif not keep or keep(extraction.header):
                yield extraction, served
    # Every parsed file has been taken: run the workers' generator to its end, so that the pool shuts
    # down in order here. Left suspended, it would be closed by the garbage collector, its workers
    # killed, and a SIGTERM arriving just then swallowed as an "exception ignored" in the collector.
    for _ in parsed:
        pass


def read_paths(
    paths: Sequence[PathLike],
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
) -> tuple[list[Extraction], list[AuditError]]:
    """Return the extractions of every readable file under ``paths`` and an error per other file.

    Extractions are cached once their tables pass validation, as in every run.
    """
    cache = cache or Cache(enabled=False)
    parsed: list[tuple[str, list[Extraction]]] = []
    outcomes = list(
        iter_paths(paths, progress, jobs=jobs, cache=cache, store=lambda *entry: parsed.append(entry))
    )
    extractions = [o for o in outcomes if isinstance(o, Extraction)]
    build_tables(item for _, items in parsed for item in items)
    for digest, items in parsed:
        cache.put(digest, items)
    return extractions, [o for o in outcomes if isinstance(o, AuditError)]


def extract(
    paths: Sequence[PathLike],
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    profiles: Sequence[PathLike] = (),
) -> AuditResult:
    """Return the tables of the files under ``paths``, with no rules applied.

    ``profiles`` are series profiles (TOML) read in addition to the built-in ones.
    """
    use_profiles(profiles)
    tables, errors, targets = collect(paths, progress=progress, jobs=jobs, cache=cache)
    return AuditResult(tables=tables, errors=errors, targets=targets)


def _named(paths: Sequence[PathLike]) -> str:
    return ", ".join(str(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths))


def _series_year(header: Header) -> tuple[tuple[str | None, str | None], int]:
    year = header.year or (header.period_end.year if header.period_end else None) or 0
    return (header.publisher, header.title), year


def _relevant(header: Header, since: dict[tuple[str | None, str | None], int]) -> bool:
    """Return True when a history issue can pair with a PATHS issue in a series rule.

    Series rules compare an issue with its predecessors of the same series, in its own year
    (year to date) or the year before (numbering and totals across New Year); the rest of an
    archive only costs time in the pre-publication gate.
    """
    series, year = _series_year(header)
    return series in since and (not year or year >= since[series] - 1)


def _hold(cache: Cache, parsed: list[tuple[str, bytes]], digest: str, extractions: list[Extraction]) -> None:
    data = cache.pack(digest, extractions)
    if data is not None:
        parsed.append((digest, data))


def collect(
    paths: Sequence[PathLike],
    history: Sequence[PathLike] = (),
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    on_chunk: Callable[[Tables, set[str]], None] | None = None,
) -> tuple[Tables, list[AuditError], list[str]]:
    """Return the tables of ``paths`` and ``history``, the unreadable files, and the target sources.

    History issues are context for the series rules only (their headings, dates and lists are
    dropped), and a file named in both counts as a target. With ``on_chunk``, the tables are
    handed to it chunk by chunk with the target sources so far, and the headings, dates and lists
    are not kept after that.
    """
    errors: list[AuditError] = []
    targets: list[str] = []
    known: set[str] = set()
    since: dict[tuple[str | None, str | None], int] = {}
    chunks = partial(on_chunk, targets=known) if on_chunk else None
    cache = cache or Cache(enabled=False)
    # Parsed files are cached only once their tables have passed validation, so that a cached
    # entry's rows need not be checked again (see ``TableBuilder``); till then their entries wait.
    parsed: list[tuple[str, bytes]] = []

    def store() -> None:
        for digest, data in parsed:
            cache.store(digest, data)
        parsed.clear()

    builder = TableBuilder(chunks, keep=SERIES_TABLES if on_chunk else SCHEMAS, on_valid=store)
    hold = partial(_hold, cache, parsed)
    # A draft inside its own history (``--history ./archive`` holding it, by any spelling of its
    # path) is a target, never its own predecessor: files are told apart by device and inode.
    seen: set[object] = set()
    with stage("extract"):
        for outcome, served in _outcomes(paths, progress, jobs=jobs, cache=cache, store=hold, seen=seen):
            if isinstance(outcome, AuditError):
                errors.append(outcome)
                continue
            targets.append(outcome.document.source)
            known.add(outcome.document.source)
            builder.add(outcome, checked=served)
            series, year = _series_year(outcome.header)
            since[series] = min(since.get(series, year), year)
        if not targets and not errors:
            raise NoIssues(_named(paths), text("no_issues"), text("no_issues.hint"))
        relevant = partial(_relevant, since=since)
        context = (
            _outcomes(history, jobs=jobs, cache=cache, keep=relevant, store=hold, seen=seen, context=True)
            if history
            else ()
        )
        for outcome, served in context:
            if isinstance(outcome, AuditError):
                errors.append(outcome)
            elif outcome.document.source not in known:
                # A parsed history issue is validated whole before it is cached; a cached one
                # was, and is read for its masthead and facts only: the text rules look at PATHS only.
                builder.add(outcome, checked=served)
    with stage("validate"):
        tables = builder.build()
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
    use_profiles(settings.profiles)
    # The per-issue rules read one issue at a time: they run chunk by chunk during extraction,
    # so that the headings, dates and lists of a whole archive are never held at once.
    rows: list[dict[str, Any]] = []

    def per_issue(chunk: Tables, targets: set[str]) -> None:
        with stage("validate"):
            rows.extend(rule_rows(chunk, settings, targets, kinds=("issue",)))

    tables, errors, targets = collect(paths, history, progress, jobs=jobs, cache=cache, on_chunk=per_issue)
    with stage("validate"):
        run = versioned(tables, settings, targets)
        for part in run.series_parts():
            rows += rule_rows(part, settings, targets, kinds=("series",))
        findings = findings_table(rows, run, settings)
    if waivers:
        findings = apply_waivers(findings, approved, str(waivers), today or date.today())
    return AuditResult(tables=tables, findings=findings, errors=errors, targets=targets)
