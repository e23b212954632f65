"""The Findings and Resolved sheets: one row per finding, then the columns a reviewer fills in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from reports.grouping import by_cause
from reports.xlsx_cells import Book, Sheet
from reports.xlsx_layout import (
    FINDING_COLUMNS,
    RESOLVED_COLUMN,
    REVIEW_COLUMNS,
    SEVERITY_LABELS,
    STATUSES,
    Column,
    Review,
    pick,
    severity_key,
    sheet_name,
    status_key,
    word,
)
from reports.xlsx_marks import mark_evidence
from schemas.facts import METRIC_LABELS, SCOPE_LABELS
from schemas.rules import RULES_BY_ID

REVIEW_KEYS = tuple(column.key for column in REVIEW_COLUMNS)


def finding_values(
    finding: Mapping[str, Any], lang: str, labels: Mapping[str, tuple[str, str]] = METRIC_LABELS
) -> dict[str, Any]:
    """Return the display values of one finding of the JSON contract, by column key.

    ``labels`` are the metric names (a copy of ``METRIC_LABELS``, which asks the profiles on each lookup).
    """
    rule = RULES_BY_ID.get(finding["rule"])
    metric = finding.get("metric")
    scope = finding.get("scope")
    waiver = None
    if finding.get("waived"):
        waiver = finding.get("waiver") or word("waived", lang)
    evidence = finding.get("evidence")
    return {
        "severity": severity_label(finding["severity"], lang),
        "issue": _where(finding, lang),
        "rule": finding["rule"],
        "title": (rule.title_en if lang == "en" else rule.title_zh) if rule else finding.get("title"),
        "year": finding.get("year"),
        "issue_no": finding.get("issue_no"),
        "serial_no": finding.get("serial_no"),
        "source": finding.get("source"),
        "line": finding.get("line"),
        "page": finding.get("page"),
        "metric": pick(labels[metric], lang) if metric in labels else metric,
        "scope": pick(SCOPE_LABELS[scope], lang) if scope in SCOPE_LABELS else scope,
        "observed": finding.get("observed"),
        "suggested": finding.get("suggested"),
        "expected": finding.get("expected"),
        "message": finding.get("message"),
        "suggestion": finding.get("suggestion"),
        "evidence": mark_evidence(evidence, _text(finding.get("observed"))),
        "printed": evidence,
        "other": _other(finding, lang),
        "other_source": finding.get("other_source"),
        "waiver": waiver,
        "fingerprint": finding["fingerprint"],
        "caused_by": finding.get("caused_by"),
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _where(finding: Mapping[str, Any], lang: str) -> str | None:
    """Return the issue of a finding and where in it: "2024年第49期（总第494期）", then "第3页 第12行"."""
    label = ""
    if finding.get("year") is not None and finding.get("issue_no") is not None:
        label = word("issue_label", lang, year=finding["year"], issue=finding["issue_no"])
    if finding.get("serial_no") is not None:
        label += (
            word("serial_suffix", lang, serial=finding["serial_no"])
            if label
            else word("serial_label", lang, serial=finding["serial_no"])
        )
    label = label or PurePath(str(finding.get("source") or "")).name
    place = []
    if finding.get("page") is not None:
        place.append(word("page", lang, page=finding["page"]))
    if finding.get("line") is not None:
        place.append(word("line", lang, line=finding["line"]))
    separator = ", " if lang == "en" else " "
    return "\n".join(part for part in (label, separator.join(place)) if part) or None


def severity_label(severity: str, lang: str) -> str:
    """Return 错误/警告/提示 (or the English word) for a severity key."""
    return pick(SEVERITY_LABELS[severity], lang) if severity in SEVERITY_LABELS else severity


def _other(finding: Mapping[str, Any], lang: str) -> str | None:
    """Return what a cross-issue finding compares with: the other issue and its line (its file is technical)."""
    parts = [str(finding["other"])] if finding.get("other") else []
    if finding.get("other_line"):
        parts.append(word("line", lang, line=finding["other_line"]))
    return " ".join(parts) or None


def review_values(review: Review | None, lang: str) -> dict[str, Any]:
    """Return the review columns of a row: the carried review, or 待复核 for a new finding."""
    review = review or Review()
    return {
        "status": review.label(lang),
        "reviewer": review.reviewer,
        "reviewed": review.reviewed,
        "note": review.note,
    }


def _row(sheet: Sheet, columns: Sequence[Column], values: Mapping[str, Any]) -> list[Any]:
    severity = severity_key(values.get("severity"))
    row = []
    for column in columns:
        value = values.get(column.key)
        # The visible cells sit at the top of their row, beside the first line of the wrapped sentence
        # (wrapped text is top-aligned already; styling every cell would cost seconds per 10,000 rows).
        if column.key == "severity" and severity:
            row.append(sheet.cell(value, fill=severity, font=severity, align="left"))
        elif column.key in REVIEW_KEYS:
            row.append(sheet.cell(value, fill="review", wrap=column.wrap, align="left"))
        else:
            row.append(sheet.cell(value, wrap=column.wrap and bool(value)))
    return row


def _drop_down(sheet: Sheet, columns: Sequence[Column], rows: int, lang: str) -> None:
    """Offer the review states as a drop-down on the status column (rows 2 to the last, at least one)."""
    column = [c.key for c in columns].index("status")
    labels = [pick(pair, lang) for pair in STATUSES.values()]
    sheet.ws.data_validation(
        1,
        column,
        max(rows, 1),
        column,
        {
            "validate": "list",
            "source": labels,
            "ignore_blank": True,
            "show_input": False,
            "error_title": pick(("复核状态", "Review status"), lang),
            "error_message": pick(("请从下拉列表中选择：", "Pick one of: "), lang) + ",".join(labels),
        },
    )


def _table(book: Book, key: str, columns: Sequence[Column], rows: list[dict[str, Any]], lang: str) -> None:
    sheet = Sheet(book, sheet_name(key, lang))
    sheet.caps = {i: column.cap for i, column in enumerate(columns, start=1)}
    sheet.wrapped = {i for i, column in enumerate(columns, start=1) if column.wrap}
    sheet.hidden = {i for i, column in enumerate(columns, start=1) if column.technical}
    sheet.add(sheet.header(column.header(lang) for column in columns))
    for values in rows:
        sheet.add(_row(sheet, columns, values))
    if not rows and key == "findings":
        # A page of headings alone would print as if something were missing: say there is nothing.
        sheet.add([word("no_findings", lang) if c.key == "message" else None for c in columns])
    _drop_down(sheet, columns, len(rows), lang)
    sheet.finish(filter_row=1)


def write_findings(
    book: Book, findings: Sequence[Mapping[str, Any]], reviews: Mapping[str, Review], lang: str
) -> None:
    """Add the Findings sheet: each finding of the result once, with its carried review."""
    rows = []
    labels = dict(METRIC_LABELS)
    for finding, consequence in _grouped(findings):
        values = {
            **finding_values(finding, lang, labels),
            **review_values(reviews.get(finding["fingerprint"]), lang),
        }
        if consequence:
            values["message"] = word("consequence", lang) + str(values["message"] or "")
        rows.append(values)
    _table(book, "findings", (*FINDING_COLUMNS, *REVIEW_COLUMNS), rows, lang)


def _grouped(findings: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], bool]]:
    """Return each finding once, each consequence right under its cause, marked as one."""
    roots, under = by_cause([dict(f) for f in findings])

    def family(finding: Mapping[str, Any], consequence: bool) -> list[tuple[Mapping[str, Any], bool]]:
        found = [(finding, consequence)]
        for following in under.get(finding.get("fingerprint", ""), ()):
            found += family(following, True)
        return found

    return [row for root in roots for row in family(root, False)]


def write_resolved(book: Book, resolved: Sequence[Mapping[str, Any]], lang: str) -> None:
    """Add the Resolved sheet (always, headers only when nothing has been resolved yet)."""
    rows = []
    for values in resolved:
        status = values.get("status")
        review = Review(
            status=status_key(status) or (status if isinstance(status, str) and status else "pending")
        )
        severity = severity_key(values.get("severity"))
        rows.append(
            {
                **values,
                "severity": severity_label(severity, lang) if severity else values.get("severity"),
                "status": review.label(lang),
            }
        )
    _table(book, "resolved", (RESOLVED_COLUMN, *FINDING_COLUMNS, *REVIEW_COLUMNS), rows, lang)
