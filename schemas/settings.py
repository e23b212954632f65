"""Tunable parts of the rule set: severities, disabled rules, carry-over words, tolerances."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.calendar import Calendar

CARRYOVER_WORDS = ("结转", "上年", "往年", "以前年度", "跨年", "存量")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Settings:
    """What a project may change about the rules (``[tool.audit]`` or ``audit.toml``)."""

    disabled: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    carryover_words: tuple[str, ...] = CARRYOVER_WORDS
    max_period_days: int = 21
    max_publish_delay_days: int = 30
    ytd_tolerance: float = 0.0
    calendar: Calendar = field(default_factory=Calendar)
