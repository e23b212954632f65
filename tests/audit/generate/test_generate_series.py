"""Invariants of generated clean series: dates, numbering, New Year, cumulative figures, shares."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from audit.generate.contract import reference_findings
from audit.generate.model import CATEGORIES, WINDOW_METRICS, IssueSpec
from audit.generate.series import MANUAL_TOTAL, first_period_start, generate_series, region_of, resolve_style
from schemas.calendar import Calendar


def over_new_year(style: str) -> list[IssueSpec]:
    """Return 14 issues from 2024-11-04 (总第490期) to 2025-02-07: New Year falls at index 8."""
    return generate_series(14, seed=3, start=date(2024, 11, 4), start_serial=490, style=style)


@pytest.fixture(scope="module")
def series() -> list[IssueSpec]:
    return over_new_year("2023")


def test_periods_are_contiguous_working_weeks(series: list[IssueSpec]) -> None:
    # 2025-01-26 (a Sunday) was a make-up working day: it opens the period of the week after.
    starts = {spec.period_start: spec.period_end for spec in series}
    assert starts[date(2025, 1, 26)] == date(2025, 1, 31)
    for spec in series:
        assert spec.period_end.weekday() == 4 and spec.as_of == spec.period_end
        monday = spec.period_end - timedelta(days=4)
        assert spec.period_start == monday or Calendar().is_workday(spec.period_start)
        assert 0 <= (monday - spec.period_start).days <= 2
    for prev, cur in itertools.pairwise(series):
        between = Calendar().working_days(
            prev.period_end + timedelta(days=1), cur.period_start - timedelta(days=1)
        )
        assert between == ([], [])


def test_publication_follows_the_period_and_increases(series: list[IssueSpec]) -> None:
    for spec in series:
        assert 3 <= (spec.published - spec.period_end).days <= 10
    assert all(a.published < b.published for a, b in itertools.pairwise(series))


def test_numbering_restarts_with_the_year_of_the_period_end(series: list[IssueSpec]) -> None:
    assert [s.serial_no for s in series] == list(range(490, 504))
    assert [s.issue_no for s in series] == [45, 46, 47, 48, 49, 50, 51, 52, 1, 2, 3, 4, 5, 6]
    assert [s.year for s in series] == [2024] * 8 + [2025] * 6
    assert all(s.year == s.period_end.year for s in series)


def test_week_over_new_year_is_the_first_issue_and_restarts_the_counts(series: list[IssueSpec]) -> None:
    crossing = series[8]
    assert (crossing.period_start, crossing.period_end) == (date(2024, 12, 30), date(2025, 1, 3))
    assert (crossing.year, crossing.issue_no) == (2025, 1)
    for metric in (*WINDOW_METRICS, "manual.items"):
        assert crossing.require(metric) == crossing.require(metric, "week")
        assert crossing.require(metric) < series[7].require(metric)
    for cat in CATEGORIES:
        assert crossing.require(f"{cat}.accepted") < series[7].require(f"{cat}.accepted")


def test_window_year_to_date_adds_the_week(series: list[IssueSpec]) -> None:
    for prev, cur in itertools.pairwise(series):
        if cur.year != prev.year:
            continue
        for metric in (*WINDOW_METRICS, "manual.items"):
            assert cur.require(metric) == prev.require(metric) + cur.require(metric, "week")


def test_category_totals_grow_and_completed_stays_below_accepted() -> None:
    long = generate_series(60, seed=11, start=date(2023, 1, 2))
    notes = 0
    for prev, cur in itertools.pairwise(long):
        if cur.year == prev.year:
            for cat in CATEGORIES:
                assert cur.require(f"{cat}.accepted") > prev.require(f"{cat}.accepted")
                assert cur.require(f"{cat}.completed") > prev.require(f"{cat}.completed")
    for spec in long:
        for cat in CATEGORIES:
            completed, accepted = spec.require(f"{cat}.completed"), spec.require(f"{cat}.accepted")
            if cat == "other_powers" and spec.carryover_note:
                notes += 1
                assert completed > accepted
            else:
                assert completed <= accepted
    # The carry-over exemption is exercised, but only in a minority of issues (early in a year).
    assert 1 <= notes < len(long) / 3


def test_manual_share_uses_one_fixed_total(series: list[IssueSpec]) -> None:
    for spec in series:
        assert spec.require("manual.share") == round(spec.require("manual.items") / MANUAL_TOTAL * 100, 2)
        assert 0 < spec.require("manual.share") <= 100


def test_counts_have_realistic_magnitudes(series: list[IssueSpec]) -> None:
    late = series[7]  # week 52: a whole year accumulated
    assert 300_000 < late.require("admin_license.accepted") < 800_000
    assert 7_000_000 < late.require("public_service.accepted") < 16_000_000
    assert 20_000 < late.require("other_powers.accepted") < 60_000
    assert 800 < late.require("window.consultations", "week") < 2_500


def test_styles_choose_the_facts() -> None:
    mixed = over_new_year("mixed")
    assert [s.style for s in mixed] == ["2022"] * 8 + ["2023"] * 6
    assert len(mixed[0].facts) == 6 and {f.scope for f in mixed[0].facts} == {"ytd"}
    assert len(mixed[8].facts) == 6 + 8 + 3
    assert mixed[0].other_powers_kinds == 9 and mixed[8].other_powers_kinds == 6
    chosen = generate_series(3, style=lambda end: "2022" if end.day < 15 else "2023")
    assert [s.style for s in chosen] == ["2022", "2023", "2023"]
    assert resolve_style("reform", date(2022, 5, 13)) == "2022"
    with pytest.raises(ValueError):
        resolve_style("2021", date(2022, 5, 13))


@pytest.mark.parametrize("style", ["2023", "2022", "mixed", "reform"])
def test_clean_series_break_no_rule(style: str) -> None:
    for seed in range(3):
        assert reference_findings(generate_series(20, seed=seed, start=date(2022, 11, 7), style=style)) == []


def test_same_seed_same_series_other_seed_other_figures() -> None:
    a = generate_series(5, seed=9)
    assert a == generate_series(5, seed=9)
    assert a != generate_series(5, seed=10)


def test_helpers() -> None:
    assert first_period_start(2025) == date(2024, 12, 30)
    assert first_period_start(2023) == date(2023, 1, 2)
    assert region_of("四川省政府政务服务和公共资源交易服务中心") == "四川"
    assert generate_series(0) == []
