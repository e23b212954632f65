"""Build the narrative body of one issue (sections, dated paragraphs, enumerations) from the text pools."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from audit.generate import texts
from audit.generate.model import Enumeration, Paragraph, Section, Wording
from audit.generate.workdays import workdays


class _Keep(dict):
    """A format map that leaves unknown placeholders ({date}, {enum}, {points}) for the renderer."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def person(rng: random.Random) -> str:
    """Return a made-up personal name (surname plus one or two given characters)."""
    given = rng.choice(texts.GIVEN[::2]) + rng.choice(texts.GIVEN[1::2])
    return rng.choice(texts.SURNAMES) + (given if rng.random() < 0.7 else given[0])


def role(dept: str, rng: random.Random) -> str:
    """Return a plausible leadership title for a leader of ``dept``."""
    head = {"厅": "副厅长", "局": "副局长", "委": "副主任"}.get(dept[-1], "副主任")
    return rng.choice((f"党组成员、{head}", head, "二级巡视员", "一级巡视员", f"党组书记、{head[1:]}"))


def enumeration(kind: str, rng: random.Random, region: str) -> Enumeration:
    """Return a clean enumeration of ``kind`` whose stated count agrees with its items."""
    if kind == "enterprises":
        items = tuple(rng.sample(texts.ENTERPRISES, rng.randint(3, 4)))
        # "等9户企业" after three names is normal prose: 等 lets the count exceed the list.
        extra = rng.choice((0, 0, rng.randint(2, 9)))
        return Enumeration(items, len(items) + extra, rng.choice(("户企业", "家企业")))
    if kind == "departments":
        items = tuple(rng.sample(texts.DEPARTMENTS, rng.randint(3, 6)))
        if rng.random() < 0.75:
            return Enumeration(items, len(items), "个省直部门")
        return Enumeration(items, len(items), "个省直部门", deng=False, chinese=True)
    if kind in ("topics", "news_topics"):
        pool = texts.TOPICS if kind == "topics" else texts.NEWS_TOPICS
        items = tuple(rng.sample(pool, rng.randint(3, 4)))
        noun = "个方面" if kind == "topics" else rng.choice(("个方面", "项重点工作"))
        return Enumeration(items, len(items), noun)
    if kind == "cities":
        items = tuple(rng.sample(texts.CITIES.get(region, texts.DEFAULT_CITIES), rng.randint(2, 4)))
        return Enumeration(items, len(items) + rng.choice((0, 0, rng.randint(1, 4))), "个市（州）")
    if kind == "measures":
        items = tuple(rng.sample(texts.MEASURES, rng.choice((3, 3, 2, 4))))
        noun = rng.choice(("条措施", "项举措"))
        return Enumeration(items, len(items), noun, quoted=True, deng=False, chinese=True)
    raise ValueError(f"unknown enumeration kind {kind!r}")


def event_dates(days: Sequence[date], rng: random.Random, allow_range: bool) -> tuple[date, ...]:
    """Return one event date, or a two-day range "29 日至 30 日", drawn from ``days``."""
    if allow_range and len(days) >= 2 and rng.random() < 0.4:
        i = rng.randrange(len(days) - 1)
        return (days[i], days[i + 1])
    return (rng.choice(list(days)),)


class _Builder:
    """Fill templates for one issue, so departments and names do not repeat inside it."""

    def __init__(self, start: date, end: date, region: str, rng: random.Random) -> None:
        self.rng = rng
        self.region = region
        self.days = workdays(start, end) or [start + timedelta(days=i) for i in range(5)]
        self.depts = list(rng.sample(texts.DEPARTMENTS, len(texts.DEPARTMENTS)))

    def dept(self) -> str:
        """Return the next department not yet named in this issue."""
        if not self.depts:
            self.depts = list(self.rng.sample(texts.DEPARTMENTS, len(texts.DEPARTMENTS)))
        return self.depts.pop()

    def paragraph(self, template: tuple[str, str | None], *, number: int | None, spaced: bool) -> Paragraph:
        """Return a text paragraph from ``template`` with its date, enumeration and points drawn."""
        text, kind = template
        rng = self.rng
        dept = self.dept()
        values = _Keep(
            dept=dept,
            dept2=self.dept(),
            city=rng.choice(texts.CITIES.get(self.region, texts.DEFAULT_CITIES)),
            doc=rng.choice(texts.DOCS),
            field=rng.choice(texts.FIELDS),
            person=person(rng),
            role=role(dept, rng),
            region=self.region,
            n1=rng.randint(5, 40),
            n2=rng.randint(2, 8),
            n3=rng.randint(20, 120),
            n4=rng.randint(8, 40) * 10,
        )
        filled = text.format_map(values)
        dates: tuple[date, ...] = ()
        if "{date}" in filled:
            dates = event_dates(self.days, rng, allow_range="培训班" in filled or "调研" in filled)
        enum = None
        points: tuple[str, ...] = ()
        if kind == "points":
            drop = rng.randrange(len(texts.POINTS) + 2)
            points = tuple(p for i, p in enumerate(texts.POINTS) if i != drop)
        elif kind:
            enum = enumeration(kind, rng, self.region)
        return Paragraph(filled, dates=dates, enumeration=enum, points=points, number=number, spaced=spaced)

    def pick(
        self, pool: Sequence[tuple[str, str | None]], k: int, *, first_dated: bool = False
    ) -> list[tuple[str, str | None]]:
        """Return ``k`` templates from ``pool``: at least one with an enumeration, optionally a dated first."""
        rng = self.rng
        with_enum = [t for t in pool if t[1] and t[1] != "points"]
        chosen = [rng.choice(with_enum)]
        if first_dated:
            dated = [t for t in pool if t[0].startswith("{date}") and t not in chosen]
            chosen.insert(0, rng.choice(dated))
        rest = [t for t in pool if t not in chosen]
        chosen += rng.sample(rest, max(0, k - len(chosen)))
        head, tail = chosen[:1], chosen[1:]
        rng.shuffle(tail)
        return head + tail if first_dated else rng.sample(chosen, len(chosen))


def wording(style: str, region: str, rng: random.Random) -> Wording:
    """Return the editorial variants for one issue."""
    other = "其它" if rng.random() < 0.7 else "其他"
    if style == "2022":
        platform = rng.choice((f"{region}一体化政务服务平台数据统计", f"{region}省一体化政务服务平台统计"))
        senders: tuple[str, ...] = (
            "报：省中心领导。",
            "送：省级有关部门（单位），省中心各处（室）、直属单位。",
            "发：进驻大厅各部门窗口。",
        )
        return Wording(other=other, completed="办结", platform=platform, sender_lines=senders)
    senders = (
        "送：省中心领导，省级有关部门（单位）。",
        "发：进驻省政务服务大厅各部门窗口，省中心各处（室）、直属单位。",
    )
    if rng.random() < 0.2:
        senders = ("报：省政府办公厅。", *senders)
    return Wording(
        other=other,
        since=rng.choice(("今年以来", "今年以来", "截至")),
        completed=rng.choice(("累计办结", "办结")),
        platform=rng.choice(("省一体化政务服务平台统计", "省一体化政务服务平台数据统计")),
        window_since=rng.choice(("今年以来", "截至目前")),
        manual_since=rng.choice(("截至目前", "今年以来")),
        sender_lines=senders,
    )


def build_body(
    style: str, start: date, end: date, region: str, rng: random.Random, words: Wording
) -> tuple[Section, ...]:
    """Return the numbered sections of one issue in ``style`` for the period ``start``–``end``."""
    b = _Builder(start, end, region, rng)
    return _body_2022(b, words) if style == "2022" else _body_2023(b, words)


Part = tuple[str, tuple[Paragraph, ...], tuple[Section, ...], int | None]


def _numbered(sections: list[Part]) -> tuple[Section, ...]:
    """Return sections numbered 1..n in order, so an omitted section leaves no gap."""
    return tuple(
        Section(i, title, paragraphs=paras, subsections=subs, hashes=hashes)
        for i, (title, paras, subs, hashes) in enumerate(sections, start=1)
    )


def _body_2023(b: _Builder, words: Wording) -> tuple[Section, ...]:
    """Return the sections of a 2023-layout issue."""
    rng = b.rng
    others = [
        b.paragraph(t, number=i, spaced=True)
        for i, t in enumerate(rng.sample(texts.OTHER_WORK, rng.randint(1, 3)), start=1)
    ]
    # The first hall item is dated so the "1.9 月 1 日，…" shape (marker glued to a date) always occurs.
    hall = [
        b.paragraph(t, number=i, spaced=True)
        for i, t in enumerate(b.pick(texts.HALL_EVENTS, rng.randint(2, 4), first_dated=True), start=1)
    ]
    window = (
        Section(1, "省本级综窗办件情况", (Paragraph(kind="window"),)),
        Section(2, "事项授权及受理手册编制推进情况", (Paragraph(kind="manual", subject=b.dept()),)),
        Section(3, f"{words.other}工作开展情况", tuple(others)),
    )
    parts: list[Part] = [
        (rng.choice(("综窗改革攻坚行动", "综合窗口改革推进情况")), (), window, None),
        ("省级政务服务事项受理办理情况", (Paragraph(kind="categories"),), (), None),
        ("大厅工作动态", tuple(hall), (), None),
    ]
    if rng.random() < 0.85:
        leaders = []
        for _ in range(rng.randint(2, 4)):
            dept = b.dept()
            leaders.append(f"{dept}{role(dept, rng)}{person(rng)}")
        text = f"本周，{'，'.join(leaders)}分别到省政务服务大厅窗口调研值守。"
        # Exports sometimes promote this heading to a deeper markdown level; keep that quirk rare.
        parts.append(("厅（局）长进大厅", (Paragraph(text),), (), 4 if rng.random() < 0.25 else None))
    if rng.random() < 0.7:
        news = [
            b.paragraph(t, number=i, spaced=False)
            for i, t in enumerate(rng.sample(texts.NEWS, rng.randint(1, 3)), start=1)
        ]
        parts.append(("政务资讯", tuple(news), (), None))
    return _numbered(parts)


def _body_2022(b: _Builder, words: Wording) -> tuple[Section, ...]:
    """Return the sections of a 2022-layout issue."""
    rng = b.rng
    efficiency = [
        b.paragraph(t, number=i, spaced=False)
        for i, t in enumerate(b.pick(texts.EFFICIENCY, rng.randint(3, 5)), start=1)
    ]
    subs = [Section(1, "窗口服务效能提升工作情况", tuple(efficiency))]
    if rng.random() < 0.8:
        visits = [
            b.paragraph((t, None), number=i, spaced=False)
            for i, t in enumerate(rng.sample(texts.LEADER_VISITS, rng.randint(1, 2)), start=1)
        ]
        subs.append(Section(2, "厅（局）长进大厅", tuple(visits)))
    n_items = rng.choice((5, 6))
    bullets = rng.choice((0, 4, n_items))
    patrol = [Paragraph(rng.choice(texts.PATROL_INTROS), spaced=False)]
    for i, label in enumerate(texts.PATROL_ITEMS[:n_items], start=1):
        status = rng.choice(texts.PATROL_STATUS) if rng.random() < 0.3 else texts.PATROL_STATUS[0]
        patrol.append(
            Paragraph(f"{label}。{status}", number=i, cn_marker=True, bullet=i <= bullets, spaced=False)
        )
    return _numbered(
        [
            ("省级政务服务事项受理办理情况", (Paragraph(kind="categories"),), (), None),
            ("窗口工作动态", (), tuple(subs), None),
            ("大厅巡查情况", tuple(patrol), (), None),
        ]
    )
