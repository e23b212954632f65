"""increment_outlier and ratio_outlier over small hand-made series: ordinary weeks, holidays, a slipped
digit, an unknown year; and ratio_outlier on a clean generated series."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from audit.extract import extract_document
from audit.findings import evaluate
from audit.generate import generate_series, render
from audit.tables import build_tables
from checks.calendar import working_days
from schemas.settings import Settings
from tests.conftest import document
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


# ratio_outlier: completed over accepted, both printed as year-to-date totals.
SHARE = [0.9, 0.92, 0.88, 0.91, 0.89, 0.9, 0.93, 0.9, 0.87, 0.91, 0.9, 0.92, 0.89, 0.9]
ACCEPTED, COMPLETED = "admin_license.accepted", "admin_license.completed"


def totals(monday: date, completed_share: list[float] = SHARE) -> list[tuple[float, float]]:
    """Return (accepted, completed) year to date of 14 issues: completed about 0.9 of each week's intake."""
    accepted, completed, out = 5000.0, 4500.0, []
    for n in range(len(WOBBLE)):
        week = weekly(week_of(n, monday), n)
        accepted += week
        completed += round(week * completed_share[n])
        out.append((accepted, completed))
    return out


def totals_findings(monday: date, figures: list[tuple[float, float]]) -> Any:
    """Return the findings of weekly issues printing ``figures`` as (accepted, completed) year-to-date totals."""
    issues = [week_of(n, monday) for n in range(len(figures))]
    facts = []
    for n, (accepted, completed) in enumerate(figures):
        facts += [
            fact(n, ACCEPTED, "ytd", accepted, raw=str(int(accepted))),
            fact(n, COMPLETED, "ytd", completed, raw=str(int(completed))),
        ]
    return evaluate(tables(issues, facts), Settings())


def ratio_findings(monday: date, figures: list[tuple[float, float]]) -> list[tuple[str, str, str, str, str]]:
    """Return the ratio_outlier findings of 14 issues printing ``figures`` as year-to-date totals."""
    findings = totals_findings(monday, figures)
    return [
        (f.variant, f.severity, f.source, f.observed, f.expected)
        for f in findings.itertuples()
        if f.rule == "ratio_outlier"
    ]


@pytest.mark.parametrize("monday", [date(2024, 3, 4), date(2024, 9, 2), date(2024, 1, 22)])
def test_an_ordinary_ratio_is_quiet(monday: date) -> None:
    assert ratio_findings(monday, totals(monday)) == []


def test_a_completed_total_typed_with_a_wrong_digit_puts_the_ratio_out_of_line() -> None:
    monday = date(2024, 3, 4)
    figures = totals(monday)
    accepted, completed = figures[6]
    assert (accepted, completed) == (6351.0, 5723.0)
    # 5723 typed 5623 (6 is the key beside 7): that week's completions look halved, so the next
    # week's look half as many again.
    figures[6] = (accepted, 5623.0)
    assert ratio_findings(monday, figures) == [
        ("strong", "warning", "06.md", "0.44", "≈ 0.90"),
        ("unusual", "info", "07.md", "1.40", "≈ 0.90"),
    ]


def test_a_holiday_week_counts_as_the_fraction_of_a_week_it_is() -> None:
    # The backlog cleared in a week of holidays (Spring Festival 2024, no working day) doubles its
    # ratio: an info; the same in an ordinary week is a warning.
    monday = date(2024, 1, 22)
    holiday, ordinary = list(SHARE), list(SHARE)
    holiday[3] = ordinary[8] = 2.0
    assert ratio_findings(monday, totals(monday, holiday)) == [("unusual", "info", "03.md", "2.00", "≈ 0.90")]
    assert ratio_findings(monday, totals(monday, ordinary)) == [
        ("strong", "warning", "08.md", "2.00", "≈ 0.90")
    ]


def test_a_year_the_calendar_does_not_know_judges_no_ratio_and_says_so_once() -> None:
    monday = date(2031, 3, 3)
    figures = totals(monday)
    figures[6] = (figures[6][0], 99999.0)
    assert ratio_findings(monday, figures) == [("calendar", "info", "01.md", "", "")]


def test_a_clean_generated_series_has_no_ratio_warning() -> None:
    series = generate_series(30, seed=4, start=date(2024, 3, 4), variation="seasonal")
    extractions = [extract_document(document(render(spec), f"{spec.serial_no}.md")) for spec in series]
    findings = evaluate(build_tables(extractions), Settings())
    ratios = findings[findings["rule"] == "ratio_outlier"]
    # One week whose completions lagged (0.68 of its intake against about 1.05): worth a look, no more.
    assert list(zip(ratios["severity"], ratios["source"], ratios["observed"], strict=True)) == [
        ("info", "449.md", "0.68")
    ]
