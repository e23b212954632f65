"""The text renderer for people: findings grouped by issue, coloured on a terminal."""

from __future__ import annotations

from itertools import groupby
from typing import Any

import click

from reports.grouping import by_cause

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
WORDS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "line": "行",
        "page": "第{page}页",
        "none": "未发现问题",
        "waived": "已豁免",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "line": "line",
        "page": "p. {page}",
        "none": "no findings",
        "waived": "waived",
    },
}


def _count(n: int, one: str, many: str | None = None) -> str:
    """Return "1 error" or "2 errors": the English noun agrees with its number."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _summary(data: dict[str, Any], lang: str) -> str:
    s = data["summary"]
    roots, consequences = s.get("root_causes"), s.get("consequences")
    if lang == "en":
        causes = (
            f" ({_count(roots, 'root cause')}, {_count(consequences, 'consequence')})" if consequences else ""
        )
        return (
            f"{_count(s['issues'], 'issue')}, {_count(s['facts'], 'figure')}: {_count(s['errors'], 'error')}, "
            f"{_count(s['warnings'], 'warning')}, {s['infos']} info{causes}, {s['waived']} waived, "
            f"{_count(s['unreadable'], 'unreadable file')}"
        )
    causes = f"（根本原因 {roots}，连带问题 {consequences}）" if consequences else ""
    return (
        f"共 {s['issues']} 期、{s['facts']} 个数据：错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}"
        f"{causes}，已豁免 {s['waived']}，无法读取的文件 {s['unreadable']}"
    )


def _entry(finding: dict[str, Any], words: dict[str, str], colour: bool, indent: str = "") -> list[str]:
    """Return the lines of one finding; a consequence (``indent``) shown under its cause."""
    severity = words[finding["severity"]]
    if colour:
        severity = click.style(severity, fg=COLOURS[finding["severity"]])
    waived = f" [{words['waived']}]" if finding["waived"] else ""
    where = f"{words['line']} {finding['line']}" if finding["line"] else ""
    if finding.get("page"):
        where = f"{words['page'].format(page=finding['page'])} {where}".strip()
    if indent:  # a consequence may sit in another file than its cause
        where = f"{_clean(finding['source'])} {where}".strip()
    head = f"  {indent}{where:>8}  {severity}  {finding['rule']}: {_clean(finding['message'])}{waived}"
    lines = [head]
    if finding.get("suggestion"):
        lines.append(f"  {indent}{'':>8}  → {_clean(finding['suggestion'])}")
    return lines


def render(data: dict[str, Any], lang: str = "zh", colour: bool = False) -> str:
    """Return the findings grouped by source file, each consequence under its cause, then a summary."""
    words = WORDS[lang]
    lines: list[str] = []
    order = {issue["source"]: rank for rank, issue in enumerate(data["issues"])}
    roots, under = by_cause(data["findings"])
    ranked = sorted(roots, key=lambda f: order.get(f["source"], len(order)))
    for source, findings in groupby(ranked, key=lambda f: f["source"]):
        # A file name is untrusted too: an escape sequence in it must not reach the terminal.
        lines.append(click.style(_clean(source), bold=True) if colour else _clean(source))
        for finding in findings:
            lines += _entry(finding, words, colour)
            for consequence in under.get(finding.get("fingerprint", ""), []):
                lines += _entry(consequence, words, colour, indent="    ↳ ")
    if not data["findings"] and data["issues"]:
        lines.append(words["none"])
    lines.append(_summary(data, lang))
    return "\n".join(lines) + "\n"


def _clean(text: str) -> str:
    """Return ``text`` on one line, with terminal control characters made visible."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text.replace("\n", " "))
