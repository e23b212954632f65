"""Frozen records describing one generated issue of the 窗口工作周报 and the findings a checker owes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from audit.generate.layouts import Form

CATEGORIES: tuple[str, ...] = ("admin_license", "public_service", "other_powers")
WINDOW_KINDS: tuple[str, ...] = ("consultations", "accepted", "issued", "transferred")

# Every metric id the generator emits, with its unit; the scopes are fixed per metric.
UNITS: dict[str, str] = {
    **{f"{c}.{k}": "件" for c in CATEGORIES for k in ("accepted", "completed")},
    "window.consultations": "人次",
    "window.accepted": "件",
    "window.issued": "件",
    "window.transferred": "件",
    "manual.items": "个",
    "manual.share": "%",
}
WINDOW_METRICS: tuple[str, ...] = tuple(f"window.{k}" for k in WINDOW_KINDS)
# Metrics carried with both a weekly and a year-to-date figure (ytd = previous ytd + week).
WEEKLY_METRICS: tuple[str, ...] = (*WINDOW_METRICS, "manual.items")
STYLES: tuple[str, ...] = ("2022", "2023")


@dataclass(frozen=True)
class Fact:
    """One figure stated in an issue: metric id, scope ("week" or "ytd"), value and unit."""

    metric: str
    scope: str
    value: int | float
    unit: str


@dataclass(frozen=True)
class Enumeration:
    """A listed enumeration with a stated count: "A、B、C等5个省直部门" or "“…”“…”三条措施"."""

    items: tuple[str, ...]
    count: int
    noun: str
    quoted: bool = False
    deng: bool = True
    chinese: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the body.

    ``kind`` is "text" for prose (``text`` is a template with ``{date}``, ``{enum}`` and
    ``{points}`` placeholders) or one of "categories", "window", "manual" for the statistics
    sentences, which the renderer builds from the issue's facts. ``number`` is the list marker
    ((1) / 1. / (一)), ``cn_marker`` selects the Chinese one, ``bullet`` prefixes "- ".
    """

    text: str = ""
    kind: str = "text"
    dates: tuple[date, ...] = ()
    enumeration: Enumeration | None = None
    points: tuple[str, ...] = ()
    number: int | None = None
    cn_marker: bool = False
    bullet: bool = False
    spaced: bool = True
    subject: str = ""


@dataclass(frozen=True)
class Section:
    """A numbered heading (一、 at the top level, （一） below) with its paragraphs and subsections."""

    number: int
    title: str
    paragraphs: tuple[Paragraph, ...] = ()
    subsections: tuple[Section, ...] = ()
    hashes: int | None = None


@dataclass(frozen=True)
class Wording:
    """The small editorial choices that vary between issues without changing any figure."""

    other: str = "其它"
    since: str = "今年以来"
    completed: str = "累计办结"
    platform: str = "省一体化政务服务平台统计"
    window_since: str = "今年以来"
    manual_since: str = "截至目前"
    sender_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssueSpec:
    """Everything needed to render one issue; ``facts`` are the figures it states."""

    publisher: str
    title: str
    year: int
    issue_no: int
    serial_no: int
    published: date
    period_start: date
    period_end: date
    as_of: date
    copies: int
    style: str
    facts: tuple[Fact, ...]
    region: str = "四川"
    carryover_note: bool = False
    other_powers_kinds: int = 6
    sections: tuple[Section, ...] = ()
    wording: Wording = field(default_factory=Wording)
    omit: frozenset[str] = frozenset()
    form: Form = field(default_factory=Form)

    def value(self, metric: str, scope: str = "ytd") -> int | float | None:
        """Return the value of ``metric`` at ``scope``, or None when the issue does not state it."""
        for f in self.facts:
            if f.metric == metric and f.scope == scope:
                return f.value
        return None

    def require(self, metric: str, scope: str = "ytd") -> int | float:
        """Return the value of ``metric`` at ``scope``, raising KeyError when the issue does not state it."""
        value = self.value(metric, scope)
        if value is None:
            raise KeyError(f"issue {self.serial_no} ({self.style}) does not state {metric}/{scope}")
        return value

    def with_value(self, metric: str, scope: str, value: int | float) -> IssueSpec:
        """Return a copy with one fact's value replaced (the fact must exist)."""
        if self.value(metric, scope) is None:
            raise KeyError(f"{metric}/{scope} not stated in issue {self.serial_no}")
        facts = tuple(
            replace(f, value=value) if (f.metric, f.scope) == (metric, scope) else f for f in self.facts
        )
        return replace(self, facts=facts)


@dataclass(frozen=True)
class Expected:
    """A finding a correct checker must report: the issue (by 总第 number), the rule id and the metric."""

    serial_no: int
    rule: str
    metric: str | None = None


def sort_expected(items: list[Expected]) -> list[Expected]:
    """Return findings in a stable order: by issue, rule, then metric."""
    return sorted(items, key=lambda e: (e.serial_no, e.rule, e.metric or ""))
