"""The outcome of a run: tables, findings and unreadable inputs, and the exit code they imply."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import pandas as pd

from audit import __version__
from audit.errors import AuditError, Skipped
from audit.tables import Tables
from schemas.findings import FindingsSchema
from schemas.rules import RULES_BY_ID
from schemas.settings import SEVERITIES

ISSUE_FIELDS = [
    "source",
    "publisher",
    "title",
    "kind",
    "year",
    "year_inferred",
    "issue_no",
    "issue_no_end",
    "serial_no",
    "serial_no_end",
    "published",
    "period_start",
    "period_end",
    "as_of",
    "copies",
]
FACT_FIELDS = [
    "source",
    "metric",
    "scope",
    "value",
    "unit",
    "line",
    "evidence",
    "carryover",
    "category_count",
    "page",
    "approx",
    "ocr",
    "confidence",
    "ocr_split",
]
FIGURE_FIELDS = [
    "source",
    "line",
    "raw",
    "value",
    "role",
    "metric",
    "scope",
    "approx",
    "status",
    "problem",
    "evidence",
]
FINDING_FIELDS = [
    "rule",
    "severity",
    "source",
    "year",
    "issue_no",
    "serial_no",
    "metric",
    "scope",
    "observed",
    "expected",
    "suggested",
    "message",
    "suggestion",
    "line",
    "page",
    "evidence",
    "other",
    "other_source",
    "other_line",
    "fingerprint",
    "caused_by",
    "waived",
    "waiver",
]
FAIL_ON = ("error", "warning", "never")
#: Rows of a table turned into JSON records at a time.
SLICE = 20000


class ExitCode(IntEnum):
    """0 clean, 1 findings at or above the threshold, 2 usage error or unreadable input."""

    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


def _plain(value: Any) -> Any:
    """Return a JSON-ready value: ISO dates, ints for whole counts, None for nulls."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if hasattr(value, "item"):
        return _plain(value.item())
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _whole(value: float) -> float | int | None:
    if value != value:  # NaN
        return None
    return int(value) if value.is_integer() else value


def _column(values: pd.Series) -> list[Any]:
    """Return a column as JSON-ready values (as ``_plain`` makes them), converted column by column.

    The facts of 100,000 issues are 15 million cells: the common dtypes are converted without
    looking at each value's type.
    """
    dtype = values.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return values.dt.strftime("%Y-%m-%d").astype(object).where(values.notna(), None).tolist()
    if dtype == "float64":
        return [_whole(v) for v in values.tolist()]
    if isinstance(dtype, pd.StringDtype):
        return [v if isinstance(v, str) else None for v in values.tolist()]
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype):
        return [None if v is pd.NA else v for v in values.tolist()]
    return [_plain(None if _isna(v) else v) for v in values.astype(object).tolist()]


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """Return the rows of ``frame`` as JSON-ready dicts with ``columns`` in order."""
    values = [_column(frame[name]) for name in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def empty_findings() -> pd.DataFrame:
    return FindingsSchema.validate(pd.DataFrame(columns=list(FindingsSchema.to_schema().columns)))


def coverage(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Return, per issue, how many numbers of the body have a role the toolkit understood."""
    from schemas.figures import UNDERSTOOD

    if figures.empty:
        return []
    known = figures["role"].isin(UNDERSTOOD)
    counts = known.groupby(figures["source"], sort=False).agg(["size", "sum"])
    return [
        {"source": source, "numbers": int(size), "understood": int(done), "coverage": round(done / size, 4)}
        for source, size, done in zip(counts.index, counts["size"], counts["sum"], strict=True)
    ]


@dataclass
class AuditResult:
    """What a run found; ``targets`` are the sources the output is about (not ``--history``)."""

    tables: Tables
    findings: pd.DataFrame = field(default_factory=empty_findings)
    errors: list[AuditError] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    #: Files passed over on purpose (``Skipped``): named on stderr, not counted as unreadable.
    notices: list[AuditError] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The pipeline hands over one list in discovery order; the passed-over files are sorted out here once.
        self.notices = [*self.notices, *(e for e in self.errors if isinstance(e, Skipped))]
        self.errors = [e for e in self.errors if not isinstance(e, Skipped)]

    def reported(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the rows of ``frame`` about the targets (all of them, uncopied, without history)."""
        targets = set(self.targets)
        if targets.issuperset(self.tables.issues["source"]):
            return frame
        return frame[frame["source"].isin(targets)]

    def counted(self, fail_on: str) -> pd.DataFrame:
        """Return the unwaived root causes at or above ``fail_on``.

        A root cause counts at the severity of the most severe finding it explains: a warning
        that explains an error fails ``--fail-on error``, once.
        """
        if fail_on == "never":
            return self.findings.iloc[0:0]
        levels = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        findings = self.findings
        serious = findings["severity"].isin(levels)
        grouped = findings.loc[serious & findings["caused_by"].notna(), "caused_by"]
        root = findings["caused_by"].isna()
        return findings[root & (serious | findings["fingerprint"].isin(grouped)) & ~findings["waived"]]

    def exit_code(self, fail_on: str = "error") -> ExitCode:
        """Return the exit code: unreadable input wins over findings."""
        if self.errors:
            return ExitCode.ERROR
        return ExitCode.FINDINGS if len(self.counted(fail_on)) else ExitCode.CLEAN

    def parts(self, lang: str = "zh", *, unclassified_only: bool = False) -> Iterator[tuple[str, Any]]:
        """Yield the keys of the JSON contract object with their values, tables as lazy row streams.

        The ``facts`` of a large archive are produced a slice at a time, so the JSON output of
        100,000 issues is written without ever holding it whole. With ``unclassified_only``, the
        ``figures`` are those no rule checked (what the workbook lists), not every number.
        """
        issues, facts = self.reported(self.tables.issues), self.reported(self.tables.facts)
        findings = self.findings.assign(
            message=self.findings[f"message_{lang}"], suggestion=self.findings[f"suggestion_{lang}"]
        )
        finding_rows = records(findings, FINDING_FIELDS)
        for row in finding_rows:
            rule = RULES_BY_ID.get(row["rule"])
            row["title"] = (rule.title_en if lang == "en" else rule.title_zh) if rule else row["rule"]
        severity = self.findings.loc[~self.findings["waived"], "severity"]
        yield "tool", {"name": "weekly-report-audit", "version": __version__}
        yield "issues", records(issues, ISSUE_FIELDS)
        yield (
            "facts",
            (
                row
                for start in range(0, len(facts), SLICE)
                for row in records(facts[start : start + SLICE], FACT_FIELDS)
            ),
        )
        figures = listed = self.reported(self.tables.figures)
        if unclassified_only:
            from schemas.figures import UNDERSTOOD

            listed = figures[~figures["role"].isin(UNDERSTOOD)]
        yield (
            "figures",
            (
                row
                for start in range(0, len(listed), SLICE)
                for row in records(listed[start : start + SLICE], FIGURE_FIELDS)
            ),
        )
        yield "findings", finding_rows
        yield "unreadable", [{"source": e.source, "message": str(e)} for e in self.errors]
        yield (
            "summary",
            {
                "issues": len(issues),
                "facts": len(facts),
                "errors": int((severity == "error").sum()),
                "warnings": int((severity == "warning").sum()),
                "infos": int((severity == "info").sum()),
                "waived": int(self.findings["waived"].sum()),
                "root_causes": int(self.findings["caused_by"].isna().sum()),
                "consequences": int(self.findings["caused_by"].notna().sum()),
                "unreadable": len(self.errors),
                "coverage": coverage(figures),
            },
        )

    def to_dict(self, lang: str = "zh", *, unclassified_only: bool = False) -> dict[str, Any]:
        """Return the JSON contract object (stable keys, ISO dates, nulls for missing values).

        ``unclassified_only`` keeps only the numbers no rule checked in ``figures`` (see ``parts``).
        """
        return {
            key: value if isinstance(value, (dict, list)) else list(value)
            for key, value in self.parts(lang, unclassified_only=unclassified_only)
        }
