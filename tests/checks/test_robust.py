"""Robust outlier scores on a log scale, and the working-day count behind the rates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from checks.calendar import working_days
from checks.robust import log_scores


def scores(values: list[float], **options: float) -> list[float]:
    frame = log_scores(pd.Series(values, dtype=float), pd.Series(["a"] * len(values)), **options)  # type: ignore[arg-type]
    return frame["score"].round(1).tolist()


@pytest.mark.parametrize("factor", [10, 0.1, 11.5])
def test_a_slipped_digit_stands_out_and_its_neighbours_do_not(factor: float) -> None:
    values = [100.0, 104, 97, 101, 99, 103, 100, 98, 102, 100, 96, 101]
    values[6] *= factor
    result = scores(values)
    assert result[6] > 15
    assert max(result[:6] + result[7:]) < 1


def test_the_floor_keeps_a_very_regular_series_from_crying_wolf() -> None:
    # Every week alike, then 20 % more: a MAD of zero would make that infinitely unusual.
    result = scores([100.0] * 10 + [120.0], floor=0.12)
    assert result[-1] == pytest.approx(1.5, abs=0.1)


def test_too_little_history_and_non_positive_values_are_not_judged() -> None:
    assert all(pd.isna(v) for v in scores([100.0, 1000.0, 90.0]))
    result = scores([100.0] * 9 + [0.0, -5.0])
    assert pd.isna(result[-1]) and pd.isna(result[-2])


def test_groups_are_judged_apart() -> None:
    values = pd.Series([100.0] * 9 + [1000.0] * 9)
    groups = pd.Series(["a"] * 9 + ["b"] * 9)
    assert log_scores(values, groups)["score"].max() == 0


def test_typical_is_the_local_median() -> None:
    frame = log_scores(pd.Series([100.0] * 8 + [1000.0]), pd.Series(["a"] * 9))
    assert frame["typical"].round(6).tolist() == [100.0] * 9


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2024, 3, 4), date(2024, 3, 8), 5),  # an ordinary week
        (date(2024, 9, 30), date(2024, 10, 6), 1),  # National Day: only the Monday is worked
        (date(2024, 10, 7), date(2024, 10, 13), 5),  # Monday a holiday, Saturday a 调休 make-up day
        (date(2024, 2, 12), date(2024, 2, 16), 0),  # Spring Festival week
    ],
)
def test_working_days_follow_the_official_calendar(start: date, end: date, days: int) -> None:
    assert working_days(start, end) == days


def test_a_year_the_calendar_does_not_know_gives_none() -> None:
    assert working_days(date(2031, 3, 3), date(2031, 3, 7)) is None
