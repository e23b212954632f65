"""Generate clean, internally consistent series of weekly issues (dates, numbering, cumulative figures)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from audit.generate.body import build_body, wording
from audit.generate.model import CATEGORIES, STYLES, UNITS, WINDOW_KINDS, Fact, IssueSpec
from audit.generate.workdays import is_workday, workdays

DEFAULT_PUBLISHER = "四川省政府政务服务和公共资源交易服务中心"
DEFAULT_TITLE = "窗口工作周报"
MANUAL_TOTAL = 1650

StyleChoice = str | Callable[[date], str]

# Weekly magnitudes per style, read off real issues: the 2022 layout reported larger category volumes.
_CATEGORY_BASE = {
    "2022": {"admin_license": 19000, "public_service": 880000, "other_powers": 500},
    "2023": {"admin_license": 9500, "public_service": 210000, "other_powers": 720},
}
_WINDOW_BASE = {"consultations": 1500, "accepted": 520, "issued": 4500, "transferred": 9000}


def resolve_style(style: StyleChoice, period_end: date) -> str:
    """Return the layout of the issue ending ``period_end``: a fixed style, "mixed", "reform" or a callable."""
    # "mixed" alternates by year (even years "2022", odd "2023"); "reform" switches after 2022, as the
    # real publication did.
    if callable(style):
        chosen = style(period_end)
    elif style == "mixed":
        chosen = "2022" if period_end.year % 2 == 0 else "2023"
    elif style == "reform":
        chosen = "2022" if period_end.year <= 2022 else "2023"
    else:
        chosen = style
    if chosen not in STYLES:
        raise ValueError(f"unknown style {chosen!r}; expected one of {STYLES}, 'mixed' or 'reform'")
    return chosen


def region_of(publisher: str) -> str:
    """Return the province named at the start of ``publisher`` ("四川省政府…" → "四川")."""
    m = re.match(r"(.+?)(?:省|市|自治区)", publisher)
    return m.group(1) if m else publisher[:2]


def first_period_start(year: int) -> date:
    """Return the Monday of the first Mon–Fri period whose Friday falls in ``year`` (that is 第1期)."""
    jan1 = date(year, 1, 1)
    friday = jan1 + timedelta(days=(4 - jan1.weekday()) % 7)
    return friday - timedelta(days=4)


@dataclass
class _Counters:
    """Year-to-date state of one series; restarted for the first period of each year."""

    accepted: dict[str, int] = field(default_factory=dict)
    completed: dict[str, int] = field(default_factory=dict)
    backlog: dict[str, int] = field(default_factory=dict)
    window: dict[str, int] = field(default_factory=dict)
    manual: int = 0
    public_share: float = 0.18


class _Simulator:
    """Weekly figures for one series; all randomness comes from one seeded stream."""

    def __init__(self, rng: random.Random, total: int) -> None:
        self.rng = rng
        self.total = total
        self.scale = rng.uniform(0.85, 1.15)
        self.pending = rng.randint(200, 600)
        self.year_pending = self.pending
        self.dip_weeks = 3
        self.target = self.pending + 100
        self.c = _Counters()
        self.k = 0

    def new_year(self) -> None:
        """Ensure the year-to-date counters restart; the other-powers backlog carries over into the new year."""
        rng = self.rng
        self.c = _Counters(public_share=rng.uniform(0.14, 0.24))
        self.k = 0
        self.year_pending = self.pending
        # Early in a year the carried-over backlog is worked off, so completions can exceed acceptances.
        self.dip_weeks = rng.randint(2, 5)
        self.target = self.pending + rng.randint(40, 200)

    def _draw(self, base: float, factor: float) -> int:
        """Return one weekly count around ``base``."""
        return max(1, round(base * self.scale * factor * self.rng.uniform(0.85, 1.15)))

    def week(self, start: date, end: date, style: str) -> tuple[dict[tuple[str, str], int | float], bool]:
        """Return one more week's stated figures, keyed by (metric, scope), and the carry-over flag."""
        rng, c = self.rng, self.c
        self.k += 1
        # Holiday weeks (Spring Festival, National Day) see fewer files.
        factor = max(len(workdays(start, end)), 1.5) / 5
        base = _CATEGORY_BASE[style]
        weekly = {cat: self._draw(base[cat], factor) for cat in CATEGORIES}
        win = {kind: self._draw(_WINDOW_BASE[kind], factor) for kind in WINDOW_KINDS}
        manual_week = max(1, round(rng.randint(8, 40) * min(1.0, factor + 0.2)))

        # Administrative licences: a backlog of a fraction of one week's intake.
        cat = "admin_license"
        a = weekly[cat]
        prev_b = c.backlog.get(cat, 0)
        b = round(a * rng.uniform(0.2, 0.5))
        self._add(cat, a, a + prev_b - b, b)

        # Public services: a backlog proportional to the year's intake, drifting slowly.
        cat = "public_service"
        a = weekly[cat]
        prev_b = c.backlog.get(cat, 0)
        c.public_share = min(0.3, max(0.12, c.public_share + rng.uniform(-0.003, 0.003)))
        b = round((c.accepted.get(cat, 0) + a) * c.public_share)
        b = max(0, min(b, prev_b + a - 1))
        self._add(cat, a, a + prev_b - b, b)

        # Other powers: a pending stock that dips after New Year, then recovers above its start level.
        cat = "other_powers"
        a = weekly[cat]
        p0 = self.year_pending
        if self.k <= self.dip_weeks:
            p = round(p0 * (1 - 0.35 * self.k / self.dip_weeks))
        else:
            low = round(p0 * 0.65)
            ramp = min(1.0, (self.k - self.dip_weeks) / 8)
            p = round(low + (self.target - low) * ramp) + rng.randint(-8, 8)
        p = max(0, min(p, self.pending + a - 1))
        self._add(cat, a, a + self.pending - p, 0)
        self.pending = p

        values: dict[tuple[str, str], int | float] = {}
        for cat in CATEGORIES:
            values[(f"{cat}.accepted", "ytd")] = c.accepted[cat]
            values[(f"{cat}.completed", "ytd")] = c.completed[cat]
        carry = c.completed["other_powers"] > c.accepted["other_powers"]
        if style == "2023":
            # Window and manual figures exist only in the 2023 layout; they accumulate only when stated,
            # so consecutive stated issues always reconcile.
            for kind in WINDOW_KINDS:
                c.window[kind] = c.window.get(kind, 0) + win[kind]
                values[(f"window.{kind}", "week")] = win[kind]
                values[(f"window.{kind}", "ytd")] = c.window[kind]
            manual_week = min(manual_week, self.total - c.manual)
            c.manual += manual_week
            values[("manual.items", "week")] = manual_week
            values[("manual.items", "ytd")] = c.manual
            values[("manual.share", "ytd")] = round(min(c.manual / self.total * 100, 100.0), 2)
        return values, carry

    def _add(self, cat: str, accepted: int, completed: int, backlog: int) -> None:
        """Ensure a category's counters include one more week."""
        c = self.c
        c.accepted[cat] = c.accepted.get(cat, 0) + accepted
        c.completed[cat] = c.completed.get(cat, 0) + completed
        c.backlog[cat] = backlog


def _facts(values: dict[tuple[str, str], int | float]) -> tuple[Fact, ...]:
    """Return the facts of one issue from its values."""
    return tuple(Fact(metric, scope, value, UNITS[metric]) for (metric, scope), value in values.items())


def _publication(end: date, previous: date | None, rng: random.Random) -> date:
    """Return a publication date 3–10 days after ``end``, later than ``previous``, on a working day if any."""
    candidates = [end + timedelta(days=d) for d in range(3, 11)]
    candidates = [d for d in candidates if previous is None or d > previous]
    working = [d for d in candidates if is_workday(d)]
    return rng.choice(working or candidates)


def _period_start(monday: date) -> date:
    """Return the first day of the period of the week of ``monday``: the make-up working days (调休)
    of the weekend before belong to it, as an office reporting every working day would print."""
    saturday, sunday = monday - timedelta(days=2), monday - timedelta(days=1)
    return saturday if is_workday(saturday) else sunday if is_workday(sunday) else monday


def generate_series(
    n: int,
    *,
    seed: int = 0,
    start_serial: int = 440,
    start: date = date(2023, 11, 6),
    style: StyleChoice = "2023",
    publisher: str = DEFAULT_PUBLISHER,
    title: str = DEFAULT_TITLE,
    manual_total: int = MANUAL_TOTAL,
) -> list[IssueSpec]:
    """Return ``n`` consecutive clean issues from the Mon–Fri week containing ``start``, the same for the same seed."""
    if n < 0:
        raise ValueError("n must be >= 0")
    monday = start - timedelta(days=start.weekday())
    region = region_of(publisher)
    rng = random.Random(f"{seed}|{publisher}|numbers")
    sim = _Simulator(rng, manual_total)
    pub_rng = random.Random(f"{seed}|{publisher}|published")
    # Simulated from the year's first week, so the first issue already carries realistic totals.
    week_start = first_period_start((monday + timedelta(days=4)).year)
    year = None
    issue_no = 0
    serial = start_serial
    published: date | None = None
    issues: list[IssueSpec] = []
    while len(issues) < n:
        end = week_start + timedelta(days=4)
        if end.year != year:
            year, issue_no = end.year, 0
            sim.new_year()
        issue_no += 1
        st = resolve_style(style, end)
        values, carry = sim.week(week_start, end, st)
        if week_start >= monday:
            published = _publication(end, published, pub_rng)
            text_rng = random.Random(f"{seed}|{publisher}|{serial}|text")
            words = wording(st, region, text_rng)
            issues.append(
                IssueSpec(
                    publisher=publisher,
                    title=title,
                    year=end.year,
                    issue_no=issue_no,
                    serial_no=serial,
                    published=published,
                    period_start=_period_start(week_start),
                    period_end=end,
                    as_of=end,
                    copies=text_rng.randint(76, 98),
                    style=st,
                    facts=_facts(values),
                    region=region,
                    carryover_note=carry,
                    other_powers_kinds=9 if st == "2022" else 6,
                    sections=build_body(st, week_start, end, region, text_rng, words),
                    wording=words,
                )
            )
            serial += 1
        week_start += timedelta(days=7)
    return issues
