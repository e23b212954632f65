"""Tables printed without lines in a PDF: read as grids from their figures' alignment, prose left alone.

Small PDFs drawn with reportlab (a CJK CID font) test the geometry; the layouts the generator sets
in Word (borderless tables, tab stops, full-width spaces) are exported with LibreOffice when it is
installed and must give the facts of the plain-text issue.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from audit.extract import extract_document
from audit.generate import generate_series, render, strip_markdown, write_pdf
from audit.generate.corpus import write_issue
from audit.generate.layouts import Form
from audit.generate.writers import export_pdf, soffice
from audit.ingest import Input, read
from audit.ingest.document import Document
from audit.ingest.pdf_grid import Grid, find_grids
from audit.ingest.pdf_layout import Cell, PageItem
from tests.audit.generate.test_generate_layouts import SPECS, summary
from tests.conftest import extract_text

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

Piece = tuple[float, str, str]  # (x, "l" | "r" | "c", text): drawn from, ending at, or centred on x
Page = list[tuple[float, list[Piece]]]  # (baseline y, pieces)


def _pdf(path: Path, pages: list[Page]) -> Path:
    pdf = canvas.Canvas(str(path))
    for page in pages:
        pdf.setFont(FONT, 11)
        for y, pieces in page:
            for x, align, text in pieces:
                draw = {"l": pdf.drawString, "r": pdf.drawRightString, "c": pdf.drawCentredString}[align]
                draw(x, y, text)
        pdf.showPage()
    pdf.save()
    return path


def _read(path: Path) -> Document:
    return read(Input(path=path, source=path.name))


def _line(text: str) -> list[Piece]:
    return [(72, "l", text)]


CENTRES = (290.0, 430.0)  # the middle of the two figure columns
DATA = [
    ("行政许可事项", "86235", "83191"),
    ("公共服务事项", "1917529", "1553495"),
    ("合计", "2003764", "1636686"),
]


def _figures(row: tuple[str, ...], align: str) -> list[Piece]:
    offset = {"r": 25.0, "c": 0.0, "l": -25.0}[align]
    return [(72, "l", row[0])] + [
        (centre + offset, align, text) for centre, text in zip(CENTRES, row[1:], strict=True)
    ]


def _headings() -> list[list[Piece]]:
    # 今年以来 is centred over the two columns, as a merged heading cell prints it.
    return [
        [(72, "l", "事项类别"), (sum(CENTRES) / 2, "c", "今年以来")],
        [(centre, "c", text) for centre, text in zip(CENTRES, ("受理", "办结"), strict=True)],
    ]


def _table_page(align: str, top: float = 760) -> Page:
    rows = _headings() + [_figures(row, align) for row in DATA]
    return [
        (top, _line("据统计，今年以来，省本级各类事项受理办结情况如下：")),
        (top - 22, _line("单位：件")),
    ] + [(top - 44 - 22 * i, row) for i, row in enumerate(rows)]


GRID = (
    ("事项类别", "今年以来", "今年以来"),
    ("", "受理", "办结"),
    *DATA,
)
PRINTED = ("事项类别 | 今年以来", "受理 | 办结", *(" | ".join(row) for row in DATA))
SENTENCE = (
    "据统计，今年以来，省本级行政许可事项受理86235件，办结83191件；公共服务事项受理1917529件，办结1553495件。"
)


@pytest.mark.parametrize("align", ["r", "c", "l"], ids=["right-aligned", "centred", "left-aligned"])
def test_borderless_table_is_a_grid_and_gives_the_facts_of_the_sentence(tmp_path: Path, align: str) -> None:
    page = [*_table_page(align), (560, _line("表后正文。"))]
    document = _read(_pdf(tmp_path / "t.pdf", [page]))
    assert document.lines == (
        "据统计，今年以来，省本级各类事项受理办结情况如下：",
        "单位：件",
        *PRINTED,
        "表后正文。",
    )
    (table,) = document.tables
    assert (table.cells, table.header_rows, table.lines, table.page) == (GRID, 2, (3, 4, 5, 6, 7), 1)
    assert document.notes == ()
    facts = {(f.metric, f.scope): (f.value, f.unit, f.line) for f in extract_document(document).facts}
    said = {(f.metric, f.scope): (f.value, f.unit) for f in extract_text(SENTENCE).facts}
    assert {key: value[:2] for key, value in facts.items()} == said
    assert facts[("public_service.completed", "ytd")] == (1553495, "件", 6)


def test_table_running_over_a_page_break_is_one_grid(tmp_path: Path) -> None:
    running = (815, _line("窗口工作周报 2024年第11期"))
    headings = _headings()
    first: Page = [running, (700, _line("据统计，今年以来，省本级各类事项受理办结情况如下："))]
    first += [(100, headings[0]), (78, headings[1]), (30, [(297, "c", "— 1 —")])]
    second: Page = [running] + [(760 - 22 * i, _figures(row, "r")) for i, row in enumerate(DATA)]
    second += [(680, _line("表后正文。")), (30, [(297, "c", "— 2 —")])]
    document = _read(_pdf(tmp_path / "t.pdf", [first, second]))
    assert document.lines == ("据统计，今年以来，省本级各类事项受理办结情况如下：", *PRINTED, "表后正文。")
    assert document.pages == (1, 1, 1, 2, 2, 2, 2)
    (table,) = document.tables
    assert (table.cells, table.header_rows, table.lines, table.page) == (GRID, 2, (2, 3, 4, 5, 6), 1)


PROSE = [
    "2024 年第 11 期（总第 441 期）",
    "本周，共计咨询 1724 人次、受理 774 件、颁发 6613 件、流转 3711 件；",
    "今年以来，累计咨询 46612 人次、受理 4910 件、颁发 40686 件、流转 83747 件。",
    "据统计，省本级行政许可事项受理 86235 件，办结 83191 件；公共服务事项受理",
    "1917529 件，办结 1553495 件，其它 6 类行权事项受理 6759 件，办结 6578 件。",
]


def test_prose_with_figures_is_never_cut_into_cells(tmp_path: Path) -> None:
    # Lines of figures right under each other, and a 版记 line set apart by full-width spaces.
    lines = [*PROSE, "四川省政务服务中心办公室\u3000\u30002024年3月20日印发"]
    document = _read(
        _pdf(tmp_path / "p.pdf", [[(780 - 20 * i, _line(text)) for i, text in enumerate(lines)]])
    )
    # The full-width spaces are a gap on the page: they read as one space, as before.
    expected = (*PROSE, "四川省政务服务中心办公室 2024年3月20日印发")
    assert (document.lines, document.tables, document.notes) == (expected, (), ())


@pytest.mark.parametrize("style", ["2022", "2023"])
def test_ordinary_issue_pdf_gives_no_table_and_the_facts_of_its_text(tmp_path: Path, style: str) -> None:
    spec = generate_series(2, seed=31, style=style)[1]
    text = strip_markdown(render(spec))
    document = _read(write_pdf(tmp_path / "issue.pdf", text))
    assert (document.tables, document.notes) == ((), ())
    assert summary(extract_document(document)) == summary(extract_text(text))


# Rows of figures that look like a table yet are none: their text is read as before, with a note.
UNALIGNED = [
    (700, [(72, "l", "受理"), (200, "l", "86235"), (350, "l", "83191")]),
    (680, [(72, "l", "办结"), (260, "l", "1917529"), (420, "l", "1553495")]),
]
HEADLESS = [(700 - 20 * i, _figures(row, "r")) for i, row in enumerate(DATA)]


@pytest.mark.parametrize(
    ("rows", "lines", "zh", "en"),
    [
        pytest.param(
            [(720, [(200, "c", "受理"), (350, "c", "办结")]), *UNALIGNED],
            ("受理 办结", "受理  86235  83191", "办结  1917529  1553495"),
            "这 2 行的数字排成无框表格的样子，但各列没有对齐",
            "these 2 lines print figures like a table without lines, but their columns do not line up",
            id="columns do not line up",
        ),
        pytest.param(
            HEADLESS,
            tuple("  ".join(row) for row in DATA),
            "这 3 行的数字排成无框表格的样子，但上方没有表头行，数字无法归属指标",
            "these 3 lines print figures like a table without lines, but no heading row above names their measures",
            id="no heading row",
        ),
    ],
)
def test_table_like_rows_that_are_no_grid_are_read_as_text_with_a_note(
    tmp_path: Path, rows: Page, lines: tuple[str, ...], zh: str, en: str
) -> None:
    document = _read(_pdf(tmp_path / "r.pdf", [[(760, _line("正文。")), *rows]]))
    assert document.lines == ("正文。", *lines)
    assert document.tables == ()
    first = 3 if lines[0] == "受理 办结" else 2  # the first row of figures
    assert [(n.line, n.code) for n in document.notes] == [(first, "table_layout")]
    (note,) = document.notes
    assert note.message_zh == f"{zh}，未按表格读取，仍按正文读取；请核对其中的数字"
    assert note.message_en == f"{en}; they were read as text, not as a table: check their figures"
    # The cells keep a wide gap: two columns' digits are never read as one number.
    assert "  " in document.lines[-1]


def test_figures_of_rows_that_are_no_grid_are_unreadable_never_run_together(tmp_path: Path) -> None:
    rows = [(720, [(200, "c", "受理"), (350, "c", "办结")]), *UNALIGNED]
    document = _read(_pdf(tmp_path / "r.pdf", [[(760, _line("一、行政许可事项今年以来情况。")), *rows]]))
    figures = extract_document(document).figures
    assert [(f.raw, f.value, f.role, f.problem) for f in figures] == [
        ("86235  83191", None, "unreadable", "gap"),
        ("1917529  1553495", None, "unreadable", "gap"),
    ]


def _items(rows: list[list[tuple[float, float, str]]], size: float = 10.0) -> list[PageItem]:
    return [
        PageItem(
            top=100.0 + 20 * i,
            bottom=110.0 + 20 * i,
            text=" ".join(text for _, _, text in row),
            size=size,
            cells=tuple(Cell(x0, x1, text) for x0, x1, text in row),
        )
        for i, row in enumerate(rows)
    ]


# The 综窗 figures: a row under each measure (受理（件）) over 本周 | 今年以来.
WINDOW_PERIODS = [(150, 170, "本周"), (190, 230, "今年以来"), (250, 270, "本周"), (290, 330, "今年以来")]
WINDOW_ROWS = [
    [(72, 112, "省本级"), (148, 170, "461"), (196, 226, "4910"), (248, 270, "3711"), (294, 326, "40686")],
    [(72, 112, "分中心"), (152, 170, "52"), (200, 226, "610"), (252, 270, "87"), (298, 326, "1290")],
]


@pytest.mark.parametrize(
    ("top", "heading"),
    [
        pytest.param(
            [(72, 92, "项目"), (165, 215, "受理（件）"), (265, 315, "颁发（件）")],
            (("项目", "受理（件）", "受理（件）", "颁发（件）", "颁发（件）"),),
            id="centred over its columns",
        ),
        pytest.param(
            [(72, 92, "项目"), (150, 200, "受理（件）"), (250, 300, "颁发（件）")],
            (("项目", "受理（件）", "受理（件）", "颁发（件）", "颁发（件）"),),
            id="left-aligned, typed with spaces",
        ),
        pytest.param(
            [(215, 265, "综窗办件")],
            (("", "综窗办件", "综窗办件", "综窗办件", "综窗办件"),),
            id="centred over all: the widest span",
        ),
        pytest.param(
            [(72, 92, "项目"), (140, 160, "受理（件）"), (162, 175, "颁发（件）")],
            (),
            id="two headings over one column: no heading row",
        ),
        pytest.param([(190, 290, "表1 综窗办件情况")], (), id="a caption is no heading"),
        pytest.param([(290, 330, "单位：件")], (), id="a unit line is no heading"),
    ],
)
def test_upper_heading_covers_the_columns_it_stands_over(
    top: list[tuple[float, float, str]], heading: tuple[tuple[str, ...], ...]
) -> None:
    periods = ("", "本周", "今年以来", "本周", "今年以来")
    rows = [top, WINDOW_PERIODS, *WINDOW_ROWS]
    kept = rows[1 - len(heading) :]
    printed = tuple(tuple(text for _, _, text in row) for row in kept)
    grids, refusals = find_grids(_items(rows))
    assert refusals == []
    expected = Grid(1 - len(heading), len(kept), (*heading, periods, *printed[-2:]), printed, len(kept) - 2)
    assert grids == [expected]


def test_rows_that_are_no_grid_never_become_the_headings_of_the_next_table() -> None:
    unaligned = [
        [(72, 100, "受理"), (150, 175, "86235"), (250, 275, "83191")],
        [(72, 100, "办结"), (200, 230, "1917529"), (300, 330, "1553495")],
    ]
    items = _items([*unaligned, WINDOW_PERIODS, *WINDOW_ROWS])
    grids, refusals = find_grids(items)
    assert [(grid.first, grid.count, grid.header_rows) for grid in grids] == [(2, 3, 1)]
    assert [(refusal.first, refusal.count) for refusal in refusals] == [(0, 2)]


LAYOUTS = {
    "borderless, categories as rows": Form(categories="table", window="table", borders="none"),
    "borderless, measures as rows": Form(categories="transposed", window="transposed", borders="none"),
    "borderless, measures over periods": Form(categories="table", window="stacked", borders="none"),
    "tab stops": Form(categories="table", window="stacked", borders="tabs"),
    "full-width spaces": Form(categories="transposed", window="table", borders="spaces"),
}


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("form", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_libreoffice_export_of_a_table_without_lines_gives_the_facts_of_the_text(
    tmp_path: Path, form: Form
) -> None:
    spec = SPECS[0]
    plain = summary(extract_text(render(spec)))
    docx = write_issue(tmp_path / "issue.docx", replace(spec, form=form), "docx")
    extraction = extract_document(_read(export_pdf(docx, tmp_path)))
    assert summary(extraction) == plain
    document = extraction.document
    assert (len(document.tables), document.notes) == (2, ())
    # The categories table runs over the page break: its rows keep their own pages.
    assert {fact.page for fact in extraction.facts} == {1, 2}
    assert all(fact.page == document.page_of(fact.line) for fact in extraction.facts)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_borderless_table_with_a_remark_in_a_cell(tmp_path: Path) -> None:
    # The 2022 layout (no 综窗 figures), 办结 of the last category noted （含上年结转） in its cell.
    spec = replace(SPECS[1], carryover_note=True)
    plain = summary(extract_text(render(spec)))
    docx = write_issue(
        tmp_path / "issue.docx", replace(spec, form=Form(categories="table", borders="none")), "docx"
    )
    extraction = extract_document(_read(export_pdf(docx, tmp_path)))
    assert summary(extraction) == plain
    (table,) = extraction.document.tables
    assert table.cells[-2][-1].endswith("（含上年结转）")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_misprinted_total_in_tab_stop_rows_is_a_table_total_finding(tmp_path: Path) -> None:
    from audit.findings import evaluate
    from audit.tables import build_tables
    from schemas.settings import Settings

    form = Form(categories="table", borders="tabs", total_error=5)
    docx = write_issue(tmp_path / "issue.docx", replace(SPECS[1], form=form), "docx")
    extraction = extract_document(_read(export_pdf(docx, tmp_path)))
    (table,) = extraction.document.tables
    found = evaluate(build_tables([extraction]), Settings())
    assert [(f.rule, f.line) for f in found.itertuples()] == [("table_total", table.lines[-1])]
