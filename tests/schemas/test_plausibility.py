"""increment_outlier over small hand-made series: ordinary weeks, holidays, a slipped digit, an unknown year."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from audit.findings import evaluate
from checks.calendar import working_days
from schemas.settings import Settings
from tests.schemas.test_rules import fact, issue, tables

WOBBLE = [1.0, 0.95, 1.04, 0.98, 1.02, 0.97, 1.01, 0.99, 1.03, 0.96, 1.0, 1.05, 0.98, 1.02]


def week_of(n: int, monday: date) -> dict[str, Any]:
    start = monday + timedelta(weeks=n)
    end = start + timedelta(days=4)
    return issue(
        n,
        year=end.year,
        period_start=start,
        period_end=end,
        as_of=end,
        published=end + timedelta(days=5),
        masthead=f"{end.year}年第{10 + n}期",
    )


def weekly(row: dict[str, Any], n: int) -> float:
    """Return the intake of the span Saturday–Friday ending with issue ``row``: 40 a working day."""
    days = working_days(row["period_start"] - timedelta(days=2), row["period_end"])
    return round(40 * max(5 if days is None else days, 1.5) * WOBBLE[n])


def run(monday: date, typed: dict[int, float] | None = None, metric: str = "admin_license.accepted") -> list:
    """Return the increment_outlier findings of 14 issues whose weekly intake follows the working days."""
    issues = [week_of(n, monday) for n in range(len(WOBBLE))]
    total, facts = 5000.0, []
    for n, row in enumerate(issues):
        total += weekly(row, n)
        value = (typed or {}).get(n, total)
        facts.append(fact(n, metric, "ytd", value, raw=str(int(value))))
    findings = evaluate(tables(issues, facts), Settings())
    return [
        (f.rule, f.variant, f.severity, f.source)
        for f in findings.itertuples()
        if f.rule == "increment_outlier"
    ]


@pytest.mark.parametrize("monday", [date(2024, 3, 4), date(2024, 9, 2), date(2024, 1, 22)])
def test_ordinary_weeks_and_holiday_weeks_are_quiet(monday: date) -> None:
    # The spans cover Qingming, Labour Day, National Day (with its 调休 days) and Spring Festival.
    assert run(monday) == []


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (lambda v: v * 10 + 3, [("increment_outlier", "strong", "warning", "06.md")]),  # an extra digit
        (
            lambda v: float(str(int(v))[:2] + str(int(v))[1:]),
            [("increment_outlier", "strong", "warning", "06.md")],
        ),
        # A dropped digit makes the total fall (ytd_monotonic); the next week's jump is the outlier.
        (lambda v: float(str(int(v))[:-1]), [("increment_outlier", "strong", "warning", "07.md")]),
    ],
)
def test_a_slipped_digit_is_an_outlier(printed: Any, expected: list) -> None:
    clean = {}
    total = 5000.0
    monday = date(2024, 3, 4)
    for n in range(7):
        row = week_of(n, monday)
        total += weekly(row, n)
    clean[6] = printed(total)
    assert run(monday, clean) == expected


def test_a_year_the_calendar_does_not_know_is_said_once_and_judges_nothing() -> None:
    found = run(date(2031, 3, 3), {6: 99999999.0})
    assert found == [("increment_outlier", "calendar", "info", "01.md")]
