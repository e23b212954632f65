"""Validate the extracted tables with GX: the library behind ``audit gx run``.

An ephemeral context keeps everything in memory; with ``docs`` a file context (in a temporary
folder) stores the results and builds the Data Docs HTML into ``docs``.
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.cache import Cache
from audit.errors import AuditError, Skipped
from audit.findings import versioned
from audit.gx import require
from audit.gx.frames import prepare
from audit.gx.plan import plan
from audit.gx.suite import SUITE, expectation
from audit.pipeline import collect
from audit.result import ExitCode
from audit.tables import Tables
from audit.timing import stage
from schemas.derive import Derived
from schemas.rules import RULES, Rule
from schemas.settings import SEVERITIES, Settings

if TYPE_CHECKING:
    from great_expectations.data_context import AbstractDataContext

PathLike = str | Path
Progress = Callable[[int, int], None]
DOCS_SITE = "audit"
# Every failing row, named by its source, so a failure maps back to the issue it is about.
RESULT_FORMAT: dict[str, Any] = {"result_format": "COMPLETE", "unexpected_index_column_names": ["source"]}
SHOWN = 10


@dataclass(frozen=True)
class Unmet:
    """A failed expectation and the issues (sources) whose rows failed it."""

    rule: str
    variant: str
    severity: str
    table: str
    expectation: str
    columns: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass
class GxResult:
    """What a GX run found; ``targets`` are the sources reported on (not ``--history``)."""

    unmet: list[Unmet] = field(default_factory=list)
    errors: list[AuditError] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    expectations: int = 0
    docs: Path | None = None
    notices: list[AuditError] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.notices = [*self.notices, *(e for e in self.errors if isinstance(e, Skipped))]
        self.errors = [e for e in self.errors if not isinstance(e, Skipped)]

    def counted(self, fail_on: str) -> list[Unmet]:
        """Return the failed expectations at or above ``fail_on``."""
        if fail_on == "never":
            return []
        levels = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return [u for u in self.unmet if u.severity in levels]

    def exit_code(self, fail_on: str = "error") -> ExitCode:
        """Return the exit code as ``audit check`` does: unreadable input wins over failures."""
        if self.errors:
            return ExitCode.ERROR
        return ExitCode.FINDINGS if self.counted(fail_on) else ExitCode.CLEAN

    def pairs(self, severities: Sequence[str] = ("error", "warning")) -> set[tuple[str, str]]:
        """Return the (source, rule) pairs failed at one of ``severities``."""
        return {(s, u.rule) for u in self.unmet if u.severity in severities for s in u.sources}


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence GX's progress bars, log lines and deprecation chatter for the span of a run."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _context(docs: Path | None, root: Path) -> AbstractDataContext:
    gx = require()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    if docs is None:
        context = gx.get_context(mode="ephemeral")
    else:
        context = gx.get_context(mode="file", project_root_dir=str(root))
        context.add_data_docs_site(
            site_name=DOCS_SITE,
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs.resolve()),
                },
            },
        )
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _unmet(outcome: Any, targets: set[str] | None) -> Unmet | None:
    """Return the failure of one expectation result on ``targets``, or None when it holds there."""
    config = outcome.expectation_config
    meta = config.meta
    if outcome.exception_info and outcome.exception_info.get("raised_exception"):
        message = outcome.exception_info.get("exception_message")
        raise RuntimeError(f"GX could not check {meta['rule']}.{meta['variant']} ({config.type}): {message}")
    if outcome.success:
        return None
    rows = outcome.result.get("unexpected_index_list") or []
    sources = [row["source"] for row in rows if targets is None or row["source"] in targets]
    if not sources:
        return None
    columns = tuple(config.kwargs[k] for k in ("column", "column_A", "column_B") if k in config.kwargs)
    return Unmet(
        meta["rule"],
        meta["variant"],
        meta["severity"],
        meta["table"],
        config.type,
        columns,
        tuple(dict.fromkeys(sources)),
    )


def validate(
    tables: Tables | Derived,
    settings: Settings | None = None,
    *,
    targets: Sequence[str] | None = None,
    docs: PathLike | None = None,
    rules: Sequence[Rule] = RULES,
) -> tuple[list[Unmet], int]:
    """Return the failed expectations on ``targets`` (default: every source) and how many ran.

    Each table is validated once against the expectations that name it; a table with no rows
    is skipped, as the native engine skips an empty rule frame.
    """
    require()
    settings = settings or Settings()
    specs = plan(settings, rules)
    run = versioned(tables, settings, targets)
    frames = prepare(run, specs, settings, rules)
    wanted = set(targets) if targets is not None else None
    if len(run.versions):
        # An issue kept as several files is reported on through the file that stands for it.
        every = set(run.issues["source"]) if wanted is None else wanted
        wanted = every - set(run.versions["other_source"])
    unmet: list[Unmet] = []
    ran = 0
    with tempfile.TemporaryDirectory(prefix="audit-gx-") as root, _quiet():
        context = _context(Path(docs) if docs else None, Path(root))
        source = context.data_sources.add_pandas("audit")
        gx = require()
        for table, frame in frames.items():
            own = [s for s in specs if s.table == table]
            if frame.empty or not own:
                continue
            suite = context.suites.add(
                gx.ExpectationSuite(name=f"{SUITE}.{table}", expectations=[expectation(s) for s in own])
            )
            batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=table, data=batch, suite=suite)
            )
            result = definition.run(batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT)
            ran += len(own)
            unmet += [u for u in (_unmet(o, wanted) for o in result.results) if u]
        if docs:
            context.build_data_docs(site_names=[DOCS_SITE])
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    return sorted(unmet, key=lambda u: rank[u.severity]), ran


def run(
    paths: Sequence[PathLike],
    *,
    history: Sequence[PathLike] = (),
    settings: Settings | None = None,
    docs: PathLike | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
) -> GxResult:
    """Return the GX result on the files under ``paths``, with ``history`` as context.

    Files are parsed in ``jobs`` processes, and not again when ``cache`` holds them (as ``check``).
    """
    tables, errors, targets = collect(paths, history, progress, jobs=jobs, cache=cache)
    with stage("gx"):
        unmet, ran = validate(tables, settings, targets=targets, docs=docs)
    return GxResult(unmet, errors, targets, ran, Path(docs) if docs else None)


def summary(result: GxResult) -> str:
    """Return one line per failed expectation (severity, rule, expectation, issues), then a total."""
    lines = []
    for u in result.unmet:
        shown = ", ".join(u.sources[:SHOWN])
        more = f" … (+{len(u.sources) - SHOWN})" if len(u.sources) > SHOWN else ""
        lines.append(
            f"{u.severity:<8} {u.rule}.{u.variant}  {u.expectation}({', '.join(u.columns)})  "
            f"[{u.table}]  {len(u.sources)}: {shown}{more}"
        )
    counts = {level: sum(u.severity == level for u in result.unmet) for level in SEVERITIES}
    lines.append(
        f"gx: {result.expectations} expectations checked on {len(result.targets)} issues; "
        f"{len(result.unmet)} failed ({counts['error']} error, {counts['warning']} warning, {counts['info']} info)"
    )
    if result.docs:
        lines.append(f"gx: Data Docs in {result.docs / 'index.html'}")
    return "\n".join(lines) + "\n"
