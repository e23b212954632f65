"""Pipe tables set in Word as offices set them: ruled, borderless, by tab stops, by full-width spaces."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT

from audit.generate.docx_tables import add_table

ROWS = [
    "| 事项类别 | 今年以来 |  |",
    "| --- | --- | --- |",
    "|  | 受理 | 办结 |",
    "| 行政许可事项 | 86235 | 83191 |",
    "| 合计 | 86235 | 83191 |",
]
GRID = [
    ["事项类别", "今年以来", "今年以来"],
    ["事项类别", "受理", "办结"],
    ["行政许可事项", "86235", "83191"],
    ["合计", "86235", "83191"],
]
CENTRE, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def _doc(borders: str, index: int = 0) -> docx.document.Document:
    doc = docx.Document()
    add_table(doc, ROWS, borders, index)
    return doc


def test_ruled_table_is_a_table_grid() -> None:
    (table,) = _doc("ruled").tables
    assert table.style.name == "Table Grid"
    assert [[cell.text for cell in row.cells] for row in table.rows] == GRID


@pytest.mark.parametrize(("index", "figures"), [(0, CENTRE), (1, RIGHT)], ids=["centred", "right"])
def test_borderless_table_has_no_lines_centred_headings_and_aligned_figures(
    index: int, figures: object
) -> None:
    (table,) = _doc("none", index).tables
    assert table.style.name == "Normal Table"  # Word's table style without borders
    assert [[cell.text for cell in row.cells] for row in table.rows] == GRID
    aligned = [[cell.paragraphs[0].alignment for cell in row.cells] for row in table.rows]
    assert aligned == [
        [None, CENTRE, CENTRE],
        [None, CENTRE, CENTRE],
        [None, figures, figures],
        [None, figures, figures],
    ]


def test_tab_stop_rows_are_paragraphs_with_centred_headings_and_right_aligned_figures() -> None:
    doc = _doc("tabs")
    assert doc.tables == []
    rows = [
        (p.text, [(t.position.pt, t.alignment) for t in p.paragraph_format.tab_stops]) for p in doc.paragraphs
    ]
    # Label column 84 pt (6 characters and a margin), two columns of 174 pt to the text width of 432 pt.
    assert rows == [
        ("事项类别\t今年以来", [(258.0, WD_TAB_ALIGNMENT.CENTER)]),
        ("\t受理\t办结", [(171.0, WD_TAB_ALIGNMENT.CENTER), (345.0, WD_TAB_ALIGNMENT.CENTER)]),
        ("行政许可事项\t86235\t83191", [(252.75, WD_TAB_ALIGNMENT.RIGHT), (426.75, WD_TAB_ALIGNMENT.RIGHT)]),
        ("合计\t86235\t83191", [(252.75, WD_TAB_ALIGNMENT.RIGHT), (426.75, WD_TAB_ALIGNMENT.RIGHT)]),
    ]


def test_space_rows_pad_every_cell_to_its_column_with_full_width_spaces() -> None:
    doc = _doc("spaces")
    assert doc.tables == []
    gap = "\u3000"
    assert [p.text for p in doc.paragraphs] == [
        f"事项类别{gap * 4}今年以来",
        f"{gap * 8}受理{gap * 11}办结",
        f"行政许可事项{gap * 2}86235{gap * 10}83191",
        f"合计{gap * 6}86235{gap * 10}83191",
    ]


def test_wide_tables_are_set_in_small_type() -> None:
    rows = ["| 项目 | " + " | ".join(["咨询（人次）", ""] * 4) + " |", "|" + " --- |" * 9]
    rows += [
        "|  | " + " | ".join(["本周", "今年以来"] * 4) + " |",
        "| 综窗办件 | " + " | ".join(["1"] * 8) + " |",
    ]
    doc = docx.Document()
    add_table(doc, rows, "none")
    sizes = {
        run.font.size.pt
        for row in doc.tables[0].rows
        for cell in row.cells
        for run in cell.paragraphs[0].runs
    }
    assert sizes == {9.0}


def test_unknown_borders_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown table borders 'dotted'"):
        _doc("dotted")
