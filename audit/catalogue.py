"""The rule catalogue as plain records, for ``audit rules`` and the docs."""

from __future__ import annotations

import json
from typing import Any

from schemas.rules import RULES


def catalogue() -> list[dict[str, Any]]:
    """Return one record per rule, in catalogue order."""
    return [
        {
            "id": rule.id,
            "kind": rule.kind,
            "severity": rule.severity,
            "title_zh": rule.title_zh,
            "title_en": rule.title_en,
            "tests": [{"variant": t.variant, "severity": t.severity} for t in rule.tests],
        }
        for rule in RULES
    ]


def render_catalogue(rules: list[dict[str, Any]], fmt: str, lang: str) -> str:
    """Return the catalogue as JSON or as an aligned text table."""
    if fmt == "json":
        return json.dumps(rules, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for rule in rules:
        levels = "/".join(
            sorted({t["severity"] for t in rule["tests"]}, key=["error", "warning", "info"].index)
        )
        title = rule["title_en"] if lang == "en" else rule["title_zh"]
        lines.append(f"{rule['id']:<24} {rule['kind']:<7} {levels:<20} {title}")
    return "\n".join(lines) + "\n"
