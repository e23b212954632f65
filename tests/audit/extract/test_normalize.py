"""Normalisation folds what exports vary in and keeps the way back to the original columns."""

from __future__ import annotations

import pytest

from audit.extract.normalize import GAP, is_footer, normalize_line


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("2023 年第 34 期（总第 454 期）", "2023年第34期（总第454期）"),
        ("２０２３年第３４期(总第４５４期)", "2023年第34期（总第454期）"),
        ("受理 46,612 件", "受理46，612件"),
        ("## 一、综窗改革攻坚行动", "一、综窗改革攻坚行动"),
        ("- (一) 按时到岗情况。", "（一）按时到岗情况。"),
        ("3.近日，**应急管理厅**推出", "3.近日，应急管理厅推出"),
        ("\u3000\u3000据统计，受理\xa0５件", "据统计，受理5件"),
        ("---", ""),
        ("（8 月 28 日－9 月 1 日）", "（8月28日-9月1日）"),
        ("（8月28日～9月1日）", "（8月28日～9月1日）"),
        # Digits parted by a tab or wide space stay parted (GAP); one space between them is not a column.
        ("行政许可\t1220\t13663", f"行政许可1220{GAP}13663"),
        ("合计  1220   13663 件", f"合计1220{GAP}13663件"),
        ("１２２０\u3000１３６６３", f"1220{GAP}13663"),
        ("受理 1 2 件", "受理12件"),
        ("2023年9月11日\t\t2023年第34期", "2023年9月11日2023年第34期"),
    ],
)
def test_normalize_line(raw: str, text: str) -> None:
    assert normalize_line(1, raw).text == text


@pytest.mark.parametrize("raw", ["受理 46,612 件", "３.近日，**应急**推出", "  （一）  按时 到岗"])
def test_columns_map_back_to_the_original(raw: str) -> None:
    line = normalize_line(7, raw)
    for pos, char in enumerate(line.text):
        original = raw[line.col(pos)]
        assert original == char or normalize_line(1, original).text == char


def test_a_gap_maps_back_to_the_white_space_it_stands_for() -> None:
    line = normalize_line(1, "受理1220  13663件")
    assert line.col(line.text.index(GAP)) == 6


@pytest.mark.parametrize(
    ("text", "footer"),
    [
        ("—3—", True),
        ("-3-", True),
        ("- 3 -", True),
        ("— 12 —", True),
        ("第3页", True),
        ("3/12", True),
        ("12", True),
    ],
)
def test_page_footers(text: str, footer: bool) -> None:
    assert is_footer(normalize_line(1, text).text) is footer


@pytest.mark.parametrize("text", ["受理12件", "2023年9月1日", "（共印80份）", "一、综窗"])
def test_text_is_not_a_footer(text: str) -> None:
    assert not is_footer(normalize_line(1, text).text)
