"""The single slips of a printed figure and the choice of the one that fits."""

from __future__ import annotations

import pytest

from checks.typos import Correction, corrections, neighbours, only_fit


@pytest.mark.parametrize(
    ("printed", "meant", "slip"),
    [
        (332407, 334207, "swap"),
        (324, 342, "swap"),
        (3344, 344, "double"),
        (3407, 34207, "drop"),
        (3417, 3427, "neighbour"),
        (5, 50000, "wan"),
        (120000, 12, "wan"),
    ],
)
def test_corrections_include_the_meant_value(printed: int, meant: int, slip: str) -> None:
    assert {c.value: c.slip for c in corrections(float(printed))}[float(meant)] == slip


def test_swap_is_named_before_another_slip_giving_the_same_value() -> None:
    # 12 → 21 is an adjacent swap; 1 and 2 are neighbouring keys as well, but that needs two slips.
    # 3454 → 3445 only by a swap; 3454 → 3455 by a neighbour key.
    found = {c.value: c.slip for c in corrections(3454.0)}
    assert (found[3445.0], found[3455.0]) == ("swap", "neighbour")


def test_corrections_never_return_the_printed_value_or_a_leading_zero() -> None:
    values = [c.value for c in corrections(105.0)]
    assert 105.0 not in values
    assert all(not str(int(v)).startswith("0") or v == 0 for v in values)
    assert 15.0 not in values  # deleting a digit that is not doubled is no slip of the list
    assert {150.0, 1005.0, 1050000.0} <= set(values)
    assert len(values) == len(set(values))


def test_decimal_count_reads_back_as_a_misplaced_separator() -> None:
    assert Correction(332407.0, "separator") in corrections(3324.07, "3324.07")


@pytest.mark.parametrize("value", [float("nan"), -3.0])
def test_nothing_to_correct(value: float) -> None:
    assert corrections(value) == []


def test_neighbours_cover_row_and_keypad() -> None:
    assert neighbours("5") == "2468"
    assert "9" in neighbours("0") and "1" in neighbours("0")


@pytest.mark.parametrize(
    ("fitting", "expected"),
    [
        ({("a", 5.0)}, ("a", 5.0)),
        ({("a", 5.0), ("b", 6.0)}, None),
        (set(), None),
    ],
)
def test_only_fit_needs_exactly_one(
    fitting: set[tuple[str, float]], expected: tuple[str, float] | None
) -> None:
    candidates = [
        ("a", Correction(5.0, "swap")),
        ("a", Correction(5.0, "drop")),
        ("b", Correction(6.0, "wan")),
    ]
    found = only_fit(candidates, lambda key, value: (key, value) in fitting)
    assert (None if found is None else (found[0], found[1].value)) == expected
