"""The Summary sheet: what was audited, when, with which rules; counts; the status of each issue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reports.xlsx_cells import Book, Sheet
from reports.xlsx_findings import severity_label
from reports.xlsx_layout import STATUSES, Review, pick, sheet_name, word
from reports.xlsx_signoff import SignOffBlock, sign_off_rows
from schemas.rules import RULES
from schemas.settings import SEVERITIES


def issue_label(issue: Mapping[str, Any], lang: str) -> str:
    """Return "2023年第34期" (or "2023 No. 34"), falling back to the file name."""
    if issue.get("year") is not None and issue.get("issue_no") is not None:
        return word("issue_label", lang, year=issue["year"], issue=issue["issue_no"])
    return str(issue.get("source", ""))


def issue_order(issue: Mapping[str, Any]) -> tuple[Any, ...]:
    """Sort key of an issue: by serial number when it has one, then by file."""
    serial = issue.get("serial_no")
    return (serial is None, serial if serial is not None else 0, str(issue.get("source", "")))


def issue_ranges(issues: Sequence[Mapping[str, Any]], lang: str) -> tuple[str, str, str]:
    """Return the years, the issues (first — last) and the serial numbers audited, as text."""
    ordered = sorted(issues, key=issue_order)
    years = sorted({i["year"] for i in issues if i.get("year") is not None})
    serials = [i["serial_no"] for i in ordered if i.get("serial_no") is not None]
    span = ""
    if ordered:
        first, last = issue_label(ordered[0], lang), issue_label(ordered[-1], lang)
        span = first if first == last else f"{first} — {last}"
    serial_span = ""
    if serials:
        serial_span = (
            str(min(serials)) if min(serials) == max(serials) else f"{min(serials)} — {max(serials)}"
        )
    separator = ", " if lang == "en" else "、"
    return separator.join(str(y) for y in years), span, serial_span


def _overview(sheet: Sheet, data: Mapping[str, Any], generated: datetime, lang: str) -> None:
    years, span, serial_span = issue_ranges(data["issues"], lang)
    summary = data["summary"]
    tool = data.get("tool", {})
    pairs = [
        ("files", summary["issues"] + summary["unreadable"]),
        ("unreadable", summary["unreadable"]),
        ("years", years),
        ("issue_range", span),
        ("serial_range", serial_span),
        ("facts", summary["facts"]),
        ("generated", generated.replace(microsecond=0)),
        ("tool", f"{tool.get('name', '')} {tool.get('version', '')}".strip()),
        ("rule_set", word("rule_count", lang, n=len(RULES))),
        ("mark_label", word("mark_legend", lang)),
    ]
    for key, value in pairs:
        sheet.add([sheet.cell(word(key, lang), font="header"), sheet.cell(value, align="left")])


def _counts(sheet: Sheet, data: Mapping[str, Any], reviews: Mapping[str, Review], lang: str) -> None:
    summary = data["summary"]
    sheet.add([])
    sheet.add([sheet.cell(word("severity_counts", lang), font="header")])
    for severity, count in (
        ("error", summary["errors"]),
        ("warning", summary["warnings"]),
        ("info", summary["infos"]),
    ):
        fill = severity if count else None
        sheet.add(
            [
                sheet.cell(severity_label(severity, lang), fill=fill, font=fill),
                sheet.cell(count, align="left"),
            ]
        )
    sheet.add([sheet.cell(word("waived", lang)), sheet.cell(summary["waived"], align="left")])
    sheet.add([])
    statuses = Counter(reviews.get(f["fingerprint"], Review()).label(lang) for f in data["findings"])
    sheet.add([sheet.cell(pick(("复核进度", "Review progress"), lang), font="header")])
    for pair in STATUSES.values():
        sheet.add([sheet.cell(pick(pair, lang)), sheet.cell(statuses.pop(pick(pair, lang), 0), align="left")])
    for other, count in sorted(statuses.items()):
        sheet.add([sheet.cell(other), sheet.cell(count, align="left")])


# The tables share the sheet's columns with the overview above them, so each column holds one kind
# of value in every table: A a name, B a word, C–F counts (centred under centred headings), G a file
# or a kind. A count never sits in a column sized for a date or a sentence.
COUNT_COLUMNS = (2, 3, 4, 5)


def _count_heads(lang: str) -> list[str]:
    return [severity_label(s, lang) for s in SEVERITIES] + [word("waived", lang)]


def _by_rule(sheet: Sheet, findings: Sequence[Mapping[str, Any]], lang: str) -> None:
    counts: Counter[tuple[str, str]] = Counter(
        (f["rule"], "waived" if f.get("waived") else f["severity"]) for f in findings
    )
    titles = {rule.id: (rule.title_zh, rule.title_en) for rule in RULES}
    kinds = {rule.id: rule.kind for rule in RULES}
    extra = sorted({f["rule"] for f in findings} - set(titles))
    sheet.add([])
    sheet.add([sheet.cell(word("by_rule", lang), font="header")])
    levels = (*SEVERITIES, "waived")
    heads = [pick(("规则", "Rule"), lang), pick(("说明", "Description"), lang), *_count_heads(lang)]
    sheet.add(sheet.header([*heads, word("kind", lang)], centred=COUNT_COLUMNS))
    for rule_id in [*titles, *extra]:
        numbers = [counts[(rule_id, level)] for level in levels]
        worst = next((s for s, n in zip(SEVERITIES, numbers, strict=False) if n), None)
        kind = word(kinds[rule_id], lang) if rule_id in kinds else ""
        title = pick(titles[rule_id], lang) if rule_id in titles else rule_id
        sheet.add(
            [sheet.cell(rule_id, fill=worst), sheet.cell(title)]
            + [sheet.cell(n, align="center") for n in numbers]
            + [sheet.cell(kind)]
        )


def _by_issue(sheet: Sheet, data: Mapping[str, Any], lang: str) -> None:
    live: dict[str, Counter[str]] = {}
    for finding in data["findings"]:
        level = "waived" if finding.get("waived") else finding["severity"]
        live.setdefault(finding["source"], Counter())[level] += 1
    sheet.add([])
    sheet.add([sheet.cell(word("by_issue", lang), font="header")])
    heads = [pick(("期次", "Issue"), lang), word("status", lang), *_count_heads(lang)]
    sheet.add(sheet.header([*heads, pick(("文件", "Source file"), lang)], centred=COUNT_COLUMNS))
    for issue in sorted(data["issues"], key=issue_order):
        counts = live.get(issue["source"], Counter())
        worst = next((s for s in ("error", "warning") if counts[s]), None)
        status = severity_label(worst, lang) if worst else word("pass", lang)
        fill = worst or "pass"
        label = issue_label(issue, lang)
        if issue.get("serial_no") is not None:
            label += word("serial_suffix", lang, serial=issue["serial_no"])
        sheet.add(
            [sheet.cell(label, fill=fill), sheet.cell(status, fill=fill, font=fill)]
            + [sheet.cell(counts[level], fill=fill, align="center") for level in (*SEVERITIES, "waived")]
            + [sheet.cell(issue["source"])]
        )


def _unreadable(sheet: Sheet, unreadable: Sequence[Mapping[str, Any]], lang: str) -> None:
    if not unreadable:
        return
    sheet.add([])
    sheet.add([sheet.cell(word("unreadable", lang), font="header")])
    sheet.add(sheet.header([pick(("文件", "Source file"), lang), word("message", lang)]))
    for item in unreadable:
        sheet.add([sheet.cell(item["source"], fill="error"), sheet.cell(item["message"], wrap=True)])


def _sign_off(sheet: Sheet, block: SignOffBlock, data: Mapping[str, Any], lang: str) -> None:
    sheet.add([])
    for kind, cells in sign_off_rows(block, data, lang):
        if kind == "header":
            sheet.add(sheet.header([value for value, _ in cells]))
            continue
        row = []
        for value, style in cells:
            font = "header" if style == "header" else style if style in ("pass", "warning") else None
            fill = None if style == "header" else style
            row.append(sheet.cell(value, fill=fill, font=font, align="left" if style != "header" else None))
        sheet.add(row)


def write_summary(
    book: Book,
    data: Mapping[str, Any],
    reviews: Mapping[str, Review],
    generated: datetime,
    lang: str,
    sign_off: SignOffBlock | None = None,
) -> None:
    """Add the Summary sheet, ending with the sign-off block (carried over as ``sign_off``)."""
    sheet = Sheet(book, sheet_name("summary", lang))
    sheet.caps = {1: 26, 2: 34, 3: 8, 4: 8, 5: 8, 6: 8, 7: 44}
    sheet.add([sheet.cell(word("heading", lang), font="heading")])
    sheet.add([])
    _overview(sheet, data, generated, lang)
    _counts(sheet, data, reviews, lang)
    _by_issue(sheet, data, lang)
    _by_rule(sheet, data["findings"], lang)
    _unreadable(sheet, data.get("unreadable", []), lang)
    _sign_off(sheet, sign_off or SignOffBlock(), data, lang)
    sheet.finish(freeze=False)
