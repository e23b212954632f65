"""Masthead numbers in every form: numerals, ranges of a 合刊, a 增刊 outside the numbering."""

from __future__ import annotations

import pytest

from audit.extract.numbering import Numbering, lone_year, read_numbering
from audit.extract.numbers import numeral_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("454", 454),
        ("四百五十四", 454),
        ("四五四", 454),
        ("二〇二三", 2023),
        ("二零二三", 2023),
        ("三十四", 34),
        ("十四", 14),
        ("一百零五", 105),
        ("一〇五", 105),
        ("一千零五十", 1050),
        ("", None),
        ("四x", None),
    ],
)
def test_numeral_value(text: str, value: int | None) -> None:
    assert numeral_value(text) == value


def _fields(n: Numbering) -> tuple[object, ...]:
    return (n.kind, n.year, n.issue_no, n.issue_no_end, n.serial_no, n.serial_no_end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年第34期（总第454期）", ("regular", 2023, 34, None, 454, None)),
        ("二〇二三年第三十四期（总第四百五十四期）", ("regular", 2023, 34, None, 454, None)),
        ("二零二三年第三十四期（总第四五四期）", ("regular", 2023, 34, None, 454, None)),
        ("第34期（总第454期）", ("regular", None, 34, None, 454, None)),
        ("2023年第34期|总第454期", ("regular", 2023, 34, None, 454, None)),
        ("第34期总第454期", ("regular", None, 34, None, 454, None)),
        ("总第454期", ("regular", None, None, None, 454, None)),
        ("2023年度第34期", ("regular", 2023, 34, None, None, None)),
        ("2022年第14-15期（总第389-390期）", ("combined", 2022, 14, 15, 389, 390)),
        ("2022年第14—15期（总第389—390期）", ("combined", 2022, 14, 15, 389, 390)),
        ("2022年第14、15期（总第389、390期）合刊", ("combined", 2022, 14, 15, 389, 390)),
        ("2022年第14期-第15期（总第389期-第390期）", ("combined", 2022, 14, 15, 389, 390)),
        ("二〇二二年第十四至十五期（总第三八九至三九〇期）", ("combined", 2022, 14, 15, 389, 390)),
        ("2022年第15-14期（总第389期）", ("regular", 2022, 15, None, 389, None)),
        # A 合刊 said only in words: combined, its range unknown.
        ("窗口工作周报（合刊）2023年第34期（总第454期）", ("combined", 2023, 34, None, 454, None)),
        ("2023年第34期（合刊）（总第454期）", ("combined", 2023, 34, None, 454, None)),
        ("二〇二三年第三十四期合刊", ("combined", 2023, 34, None, None, None)),
        ("2023年增刊1", ("supplement", 2023, 1, None, None, None)),
        ("窗口工作周报（增刊）2023年增刊第2期四川省中心", ("supplement", 2023, 2, None, None, None)),
        ("2023年第1期增刊", ("supplement", 2023, 1, None, None, None)),
        ("增刊第二期", ("supplement", None, 2, None, None, None)),
        ("窗口工作周报（特刊）2023年特刊四川省中心", ("supplement", 2023, None, None, None, None)),
        ("窗口工作周报", ("regular", None, None, None, None, None)),
    ],
)
def test_read_numbering(text: str, expected: tuple[object, ...]) -> None:
    assert _fields(read_numbering(text)) == expected


@pytest.mark.parametrize(
    ("cells", "year"),
    [(["第34期", "2023年"], 2023), (["二〇二三年度"], 2023), (["2023年9月11日"], None), (["1023年"], None)],
)
def test_lone_year(cells: list[str], year: int | None) -> None:
    assert lone_year(cells) == year
