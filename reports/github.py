"""GitHub Actions workflow annotations: ``::error file=…,line=…::message``."""

from __future__ import annotations

from typing import Any

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: Any) -> str:
    """Escape a message so a document's text can never end or inject a workflow command."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: Any) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(data: dict[str, Any]) -> str:
    """Return one annotation per unwaived finding and per unreadable file."""
    lines = []
    for finding in data["findings"]:
        if finding["waived"]:
            continue
        where = f"file={_property(finding['source'])}"
        if finding["line"]:
            where += f",line={finding['line']}"
        title = _property(f"{finding['rule']} ({finding['title']})")
        # GitHub has no page property: the page goes in front of the message (第N页).
        page = f"第{finding['page']}页：" if finding.get("page") else ""
        lines.append(
            f"::{LEVELS[finding['severity']]} {where},title={title}::{_data(page + finding['message'])}"
        )
    for item in data.get("unreadable", []):
        lines.append(f"::error file={_property(item['source'])},title=unreadable::{_data(item['message'])}")
    return "".join(line + "\n" for line in lines)
