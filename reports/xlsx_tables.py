"""The Facts and Issues sheets: the extracted data, with what the findings touch marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reports.xlsx_cells import Book, Sheet
from reports.xlsx_layout import (
    FACT_COLUMNS,
    ISSUE_COLUMNS,
    ISSUE_RULES,
    NUMBER_COLUMNS,
    WORDS,
    Column,
    pick,
    sheet_name,
    word,
)
from reports.xlsx_summary import issue_order
from schemas.facts import METRIC_LABELS, SCOPE_LABELS
from schemas.figures import UNDERSTOOD
from schemas.rules import RULES_BY_ID
from schemas.settings import SEVERITIES

DATE_KEYS = ("published", "period_start", "period_end", "as_of")


def _worst(severities: Sequence[str]) -> str:
    return min(severities, key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else len(SEVERITIES))


def _as_date(value: Any) -> Any:
    """Return an ISO date string as a date, so Excel sorts and filters it as one."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _rule_title(rule_id: str, lang: str) -> str:
    rule = RULES_BY_ID.get(rule_id)
    return f"{rule_id}：{rule.title_en if lang == 'en' else rule.title_zh}" if rule else rule_id


def _table(book: Book, key: str, columns: Sequence[Column], lang: str) -> Sheet:
    sheet = Sheet(book, sheet_name(key, lang))
    sheet.caps = {i: column.cap for i, column in enumerate(columns, start=1)}
    sheet.add(sheet.header(column.header(lang) for column in columns))
    return sheet


def write_facts(book: Book, data: Mapping[str, Any], lang: str) -> None:
    """Add the Facts sheet: every figure with its sentence; figures a finding names are highlighted."""
    issues = {issue["source"]: issue for issue in data["issues"]}
    involved: dict[tuple[Any, Any, Any], dict[str, str]] = {}
    for finding in data["findings"]:
        if finding.get("metric"):
            key = (finding["source"], finding["metric"], finding.get("scope"))
            rules = involved.setdefault(key, {})
            rules[finding["rule"]] = _worst(
                [finding["severity"], rules.get(finding["rule"], finding["severity"])]
            )
    sheet = _table(book, "facts", FACT_COLUMNS, lang)
    yes, no = word("yes", lang), word("no", lang)
    labels = dict(METRIC_LABELS)  # read once: each lookup asks the profiles in effect
    for fact in data["facts"]:
        issue = issues.get(fact["source"], {})
        metric, scope = fact["metric"], fact["scope"]
        rules = involved.get((fact["source"], metric, scope), {})
        values = {
            "year": issue.get("year"),
            "issue_no": issue.get("issue_no"),
            "serial_no": issue.get("serial_no"),
            "source": fact["source"],
            "page": fact.get("page"),
            "line": fact.get("line"),
            "metric_label": pick(labels[metric], lang) if metric in labels else None,
            "metric": metric,
            "scope": pick(SCOPE_LABELS[scope], lang) if scope in SCOPE_LABELS else scope,
            "value": fact.get("value"),
            "unit": fact.get("unit"),
            "carryover": yes if fact.get("carryover") else no,
            "category_count": fact.get("category_count"),
            "evidence": fact.get("evidence"),
            "rules": "\n".join(rules) or None,
        }
        fill = _worst(list(rules.values())) if rules else None
        comment = "\n".join(_rule_title(r, lang) for r in rules) if rules else None
        sheet.add(
            [
                sheet.cell(
                    values[c.key],
                    fill=fill,
                    wrap=c.wrap and bool(values[c.key]),
                    comment=comment if c.key == "value" else None,
                )
                for c in FACT_COLUMNS
            ]
        )
    sheet.finish(filter_row=1)


def write_issues(book: Book, data: Mapping[str, Any], lang: str) -> None:
    """Add the Issues sheet; issues with numbering, date or period findings are highlighted."""
    flagged: dict[str, dict[str, str]] = {}
    for finding in data["findings"]:
        if finding["rule"] in ISSUE_RULES:
            rules = flagged.setdefault(finding["source"], {})
            rules[finding["rule"]] = _worst(
                [finding["severity"], rules.get(finding["rule"], finding["severity"])]
            )
    sheet = _table(book, "issues", ISSUE_COLUMNS, lang)
    for issue in sorted(data["issues"], key=issue_order):
        rules = flagged.get(issue["source"], {})
        fill = _worst(list(rules.values())) if rules else None
        values = {key: _as_date(issue.get(key)) if key in DATE_KEYS else issue.get(key) for key in issue}
        values["rules"] = "\n".join(_rule_title(r, lang) for r in rules) or None
        kind = issue.get("kind") or "regular"
        values["kind"] = word(f"kind_{kind}", lang) if f"kind_{kind}" in WORDS else kind
        values["year_inferred"] = word("yes", lang) if issue.get("year_inferred") else None
        sheet.add([sheet.cell(values.get(c.key), fill=fill, wrap=c.wrap) for c in ISSUE_COLUMNS])
    sheet.finish(filter_row=1)


def write_numbers(book: Book, data: Mapping[str, Any], lang: str) -> int:
    """Add the sheet of numbers the figure logic gave no role or could not read; return how many.

    A number listed here was not checked by any rule: the reader decides what it is.
    """
    issues = {issue["source"]: issue for issue in data["issues"]}
    sheet = _table(book, "numbers", NUMBER_COLUMNS, lang)
    rows = [f for f in data.get("figures", []) if f["role"] not in UNDERSTOOD]
    for figure in rows:
        issue = issues.get(figure["source"], {})
        role = f"role_{figure['role']}"
        values = {
            **{key: issue.get(key) for key in ("year", "issue_no", "serial_no")},
            **figure,
            "role": word(role, lang) if role in WORDS else figure["role"],
            "problem": figure.get("problem") or None,
        }
        sheet.add([sheet.cell(values.get(c.key), wrap=c.wrap) for c in NUMBER_COLUMNS])
    sheet.finish(filter_row=1)
    return len(rows)
