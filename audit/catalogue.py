"""The rule catalogue as plain records, for ``audit rules`` and the docs."""

from __future__ import annotations

import json
from typing import Any

from audit.errors import ConfigError
from audit.findings import severity_of
from audit.messages import MESSAGES, say, text
from schemas.rules import RULES, RULES_BY_ID
from schemas.settings import Settings

#: The settings each rule reads (``[tool.audit]``), with what they mean to it.
RULE_SETTINGS: dict[str, tuple[str, ...]] = {
    "completed_le_accepted": ("carryover_words", "profiles"),
    "ytd_ge_week": ("profiles",),
    "ocr_uncertain": ("ocr_min_confidence",),
    "period_valid": ("max_period_days",),
    "published_after_period": ("max_publish_delay_days",),
    "period_contiguous": ("calendar",),
    "ytd_monotonic": ("ytd_tolerance", "profiles"),
    "ytd_reconciles": ("ytd_tolerance", "profiles"),
    "share_consistent": ("profiles",),
    "ytd_year_reset": ("ytd_tolerance", "profiles"),
    "metric_missing": ("profiles",),
    "increment_outlier": ("outlier_info", "outlier_warning", "outlier_window", "outlier_floor", "calendar"),
    "ratio_outlier": ("ratio_info", "ratio_warning", "outlier_window", "ratio_floor", "calendar", "profiles"),
    "versions_agree": ("versions",),
}
_SEVERITY_WORDS = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}


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


def explain_rule(rule_id: str, settings: Settings, lang: str) -> str:
    """Return what rule ``rule_id`` checks: each test with its severity, its thresholds and settings."""
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        raise ConfigError(rule_id, text("explain.unknown"), text("explain.unknown.hint"))
    en = lang == "en"
    # A rule that pairs issues otherwise than by their series order says how (versions_agree).
    kind = say(
        f"explain.kind.{rule.id}" if f"explain.kind.{rule.id}" in MESSAGES else f"explain.kind.{rule.kind}",
        lang,
    )
    lines = [f"{rule.id} — {rule.title_en if en else rule.title_zh} ({kind})", "", say("explain.tests", lang)]
    for test in rule.tests:
        level = _SEVERITY_WORDS[severity_of(rule, test, settings)][1 if en else 0]
        lines.append(f"  {rule.id}.{test.variant:<12} {level:<8} {test.en if en else test.zh}")
    lines += ["", say("explain.settings", lang)]
    for name in RULE_SETTINGS.get(rule.id, ()):
        value = getattr(settings, name)
        if isinstance(value, (int, float, str)):
            shown = f"{name} = {value}"
        elif isinstance(value, tuple):
            shown = f"{name} = {json.dumps(list(value), ensure_ascii=False)}"
        else:  # a table of its own, e.g. [tool.audit.calendar]
            shown = f"[tool.audit.{name}]"
        lines.append(f"  {shown}    {say(f'explain.setting.{name}', lang)}")
    lines.append(f"  {say('explain.severity', lang, rule=rule.id)}")
    lines.append(f"  {say('explain.disable', lang, rule=rule.id)}")
    if rule.id in settings.disabled:
        lines.append(f"  {say('explain.disabled', lang)}")
    return "\n".join(lines) + "\n"
