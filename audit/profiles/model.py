"""A series profile as the grammar and the rules read it: subjects, metrics, scope words, relations."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Scope and modifier words every profile understands; a profile's ``[scopes]`` adds to them.
DEFAULT_WORDS: dict[str, tuple[str, ...]] = {
    "week": ("本周", "本期"),
    "ytd": ("今年以来", "年初以来", "年初至今", "本年度", "截至", "累计", "1月1日"),
    "prior_year": ("去年同期", "上年同期", "上一年同期", "去年", "上年度"),
    "prior_week": ("上周", "上期", "前一周"),
    "change": (
        "较上周",
        "较上期",
        "较去年同期",
        "较上年同期",
        "比上周",
        "比去年同期",
        "同比",
        "环比",
        "增长",
        "增加",
        "下降",
        "减少",
        "增幅",
        "降幅",
        "提高",
    ),
}
SCOPES = ("week", "ytd")


@dataclass(frozen=True)
class Subject:
    """What a figure is about: a category, a counter, a programme (行政许可事项, 综窗 ...)."""

    id: str
    zh: str
    en: str
    phrases: tuple[str, ...]
    scope: str | None = None


@dataclass(frozen=True)
class Metric:
    """One figure the series prints: a subject's measure, in a unit, for some scopes."""

    id: str
    subject: str
    measures: tuple[str, ...]
    unit: str
    zh: str
    en: str
    scopes: tuple[str, ...] = SCOPES
    parts_add_up: bool = False

    @property
    def is_share(self) -> bool:
        return self.unit == "%"


@dataclass(frozen=True)
class NotAbove:
    """``metric`` never exceeds ``limit`` in the same issue and scope, unless the clause says ``unless``."""

    metric: str
    limit: str
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Share:
    """``share`` (a percentage) is ``items`` over a total that stays the same from issue to issue."""

    share: str
    items: str


@dataclass(frozen=True)
class Relations:
    cumulative: tuple[str, ...] = ()
    reconciles: tuple[str, ...] = ()
    not_above: tuple[NotAbove, ...] = ()
    share: tuple[Share, ...] = ()


@dataclass(frozen=True)
class Profile:
    """One series: its identity, what it measures and the relations between its figures."""

    id: str
    zh: str
    en: str
    titles: tuple[str, ...]
    subjects: tuple[Subject, ...]
    metrics: tuple[Metric, ...]
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    relations: Relations = Relations()
    path: str = ""
    digest: str = ""

    def matches(self, title: str | None) -> bool:
        return bool(title) and any(t in str(title) for t in self.titles)

    def subject(self, subject_id: str) -> Subject:
        return next(s for s in self.subjects if s.id == subject_id)
