"""The vectorised building blocks: a row passes when the rule holds or a value is missing."""

from __future__ import annotations

import pandas as pd
import pytest

import checks

FRAME = pd.DataFrame(
    {
        "a": pd.array([1, 5, None, 3], dtype="Int64"),
        "b": pd.array([2, 4, 1, 3], dtype="Int64"),
        "flag": [False, True, False, False],
        "x": [0.5, 2.0, None, 101.0],
    }
)


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (lambda df: checks.not_above(df, column="a", limit="b"), [True, False, True, True]),
        (lambda df: checks.not_above(df, column="a", limit="b", unless="flag"), [True, True, True, True]),
        (lambda df: checks.not_below(df, column="a", limit="b"), [False, True, True, True]),
        (lambda df: checks.equal(df, column="a", other="b"), [False, False, True, True]),
        (lambda df: checks.equal(df, column="a", other="b", tolerance=1), [True, True, True, True]),
        (lambda df: checks.in_range(df, column="x", low=0.0, high=100.0), [True, True, True, False]),
        (lambda df: checks.at_most(df, column="x", limit=1.0), [True, False, True, False]),
        (lambda df: checks.is_whole(df, column="x"), [False, True, True, True]),
        (lambda df: checks.follows(df, column="b", previous="a"), [True, False, True, False]),
        (lambda df: checks.increases(df, column="b", previous="a"), [True, False, True, False]),
        (lambda df: checks.differs(df, column="a", previous="b"), [True, True, True, False]),
        (lambda df: checks.starts_at(df, column="a", first=1), [True, False, True, False]),
    ],
)
def test_checks(check, expected: list[bool]) -> None:
    result = check(FRAME)
    assert result.dtype == bool
    assert result.tolist() == expected


def test_dates_with_missing_values_pass() -> None:
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(["2024-01-01", None, "2024-01-09"]),
            "end": pd.to_datetime(["2024-01-05", "2024-01-05", "2024-01-05"]),
        }
    )
    assert checks.not_above(frame, column="start", limit="end").tolist() == [True, True, False]
    assert checks.increases(frame, column="end", previous="start").tolist() == [True, True, False]
