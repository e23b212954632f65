"""Tunable parts of the rule set: severities, disabled rules, carry-over words, tolerances."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.calendar import Calendar

CARRYOVER_WORDS = ("结转", "上年", "往年", "以前年度", "跨年", "存量")
SEVERITIES = ("error", "warning", "info")
#: Which file stands for an issue kept in several (a .docx and its PDF, a draft and the final):
#: the first of these formats, then the first file name. The published forms come first.
VERSION_ORDER = ("pdf", "ofd", "scan", "docx", "doc", "wps", "md", "txt")


@dataclass(frozen=True)
class Settings:
    """What a project may change about the rules (``[tool.audit]`` or ``audit.toml``)."""

    disabled: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    carryover_words: tuple[str, ...] = CARRYOVER_WORDS
    max_period_days: int = 21
    max_publish_delay_days: int = 30
    ytd_tolerance: float = 0.0
    #: ``increment_outlier``: robust scores (see ``checks.robust``) above which a weekly figure is
    #: an info, then a warning; the issues either side it is judged against; the least scale.
    outlier_info: float = 4.0
    outlier_warning: float = 10.0
    outlier_window: int = 13
    outlier_floor: float = 0.12
    #: ``ratio_outlier``: the same for the ratio of two related figures' increases (window:
    #: ``outlier_window``); a ratio is steadier than a figure, so its least scale is smaller.
    ratio_info: float = 4.0
    ratio_warning: float = 10.0
    ratio_floor: float = 0.05
    calendar: Calendar = field(default_factory=Calendar)
    #: Series profiles (TOML files) added to the built-in ones for this project.
    profiles: tuple[str, ...] = ()
    #: A figure read by OCR below this engine confidence is reported by ``ocr_uncertain``.
    ocr_min_confidence: float = 0.9
    #: Formats in the order in which one stands for an issue kept as several files (``VERSION_ORDER``).
    versions: tuple[str, ...] = VERSION_ORDER
