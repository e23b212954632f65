"""Word layouts offices produce: text boxes, layout tables, merged cells, notes, broken tables."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from audit.extract import extract_document
from audit.generate.corpus import write_issue
from audit.generate.docx_layout import add_footnote, masthead_boxes, masthead_table, page_furniture
from audit.generate.layouts import Form
from audit.ingest import Input, read
from audit.ingest.document import Document
from tests.audit.generate.test_generate_layouts import SPECS


def _read(document: docx.document.Document, path: Path) -> Document:
    document.save(str(path))
    return read(Input(path=path, source=path.name))


def test_text_boxes_are_read_once_each_in_anchor_order(tmp_path: Path) -> None:
    document = docx.Document()
    masthead_boxes(document, ["窗口工作周报", "2023年第34期（总第454期）"])
    document.add_paragraph("正文")
    got = _read(document, tmp_path / "box.docx")
    # Each box is stored twice (mc:Choice and its VML mc:Fallback): read once, 总第454期 right after 第34期.
    assert got.lines == ("", "窗口工作周报", "2023年第34期", "（总第454期）", "正文")


def test_layout_table_row_is_one_line_and_no_data_table(tmp_path: Path) -> None:
    document = docx.Document()
    masthead_table(
        document, ["窗口工作周报", "2023年第34期（总第454期）", "某省政务服务中心"], "窗口工作周报"
    )
    got = _read(document, tmp_path / "layout.docx")
    assert got.lines == ("窗口工作周报", "2023年第34期 （总第454期）", "某省政务服务中心")
    assert got.tables == ()


def test_page_furniture_stays_out_and_footnotes_follow_their_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    page_furniture(document, "窗口工作周报")
    paragraph = document.add_paragraph("各类事项办理情况如下：")
    add_footnote(document, paragraph, "数据来源于省一体化政务服务平台。")
    document.add_paragraph("下一段。")
    got = _read(document, tmp_path / "notes.docx")
    assert got.lines == ("各类事项办理情况如下：", "注1：数据来源于省一体化政务服务平台。", "下一段。")


def _merged_table(document: docx.document.Document) -> None:
    table = document.add_table(rows=5, cols=3)
    rows = [
        ("事项类别", "今年以来", ""),
        ("", "受理（件）", "办结（件）"),
        ("行政许可事项", "332407", "327016"),
        ("公共服务事项", "7273758", "5972103"),
        ("合计", "7606165", "6299119"),
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2)).text = "今年以来"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "事项类别"


def test_merged_cells_spread_over_the_grid(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("单位：件")
    _merged_table(document)
    got = _read(document, tmp_path / "merged.docx")
    (table,) = got.tables
    assert table.cells[:2] == (
        ("事项类别", "今年以来", "今年以来"),
        ("事项类别", "受理（件）", "办结（件）"),
    )
    assert (table.header_rows, table.lines, table.page) == (2, (2, 3, 4, 5, 6), None)
    assert got.lines[1:4] == (
        "事项类别 | 今年以来",
        " | 受理（件） | 办结（件）",
        "行政许可事项 | 332407 | 327016",
    )
    assert got.notes == ()


def _span(cell: object, span: int) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:gridSpan")
    element.set(qn("w:val"), str(span))
    properties.append(element)


def _continue_merge(cell: object) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement("w:vMerge"))


@pytest.mark.parametrize(
    ("damage", "code", "line"),
    [
        pytest.param(
            lambda t: t.rows[2]._tr.remove(t.rows[2].cells[2]._tc), "table_ragged", 4, id="ragged row"
        ),
        pytest.param(lambda t: _span(t.cell(2, 2), 3), "table_span", 4, id="span beyond the grid"),
        pytest.param(lambda t: _continue_merge(t.cell(0, 2)), "table_merge", 2, id="merge without a start"),
    ],
)
def test_broken_table_gives_a_note_and_the_rest_is_read(
    tmp_path: Path, damage: object, code: str, line: int
) -> None:
    document = docx.Document()
    document.add_paragraph("表前。")
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(
        [("事项", "受理", "办结"), ("行政许可事项", "1", "2"), ("公共服务事项", "3", "4"), ("其它", "5", "6")]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    damage(table)  # type: ignore[operator]
    document.add_paragraph("表后的段落照常读取。")
    got = _read(document, tmp_path / "broken.docx")
    assert [(n.code, n.line) for n in got.notes] == [(code, line)]
    assert got.notes[0].message_zh and got.notes[0].message_en
    assert got.lines[-1] == "表后的段落照常读取。"
    assert len(got.tables) == 1 and got.tables[0].width == 3


def test_endnotes_follow_the_body(tmp_path: Path) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    paragraph = document.add_paragraph("正文一。")
    document.add_paragraph("正文二。")
    xml = (
        f'<w:endnotes xmlns:w="{w}"><w:endnote w:type="separator" w:id="-1"><w:p/></w:endnote>'
        '<w:endnote w:id="1"><w:p><w:r><w:t>尾注内容。</w:t></w:r></w:p></w:endnote></w:endnotes>'
    )
    part = Part(PackURI("/word/endnotes.xml"), CT.WML_ENDNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.ENDNOTES)
    paragraph._p.append(etree.fromstring(f'<w:r xmlns:w="{w}"><w:endnoteReference w:id="1"/></w:r>'))
    assert _read(document, tmp_path / "endnote.docx").lines == ("正文一。", "正文二。", "注1：尾注内容。")


def test_data_table_nested_in_a_layout_table_is_a_table(tmp_path: Path) -> None:
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.text = "各类事项办理情况："
    inner = cell.add_table(rows=2, cols=2)
    for r, row in enumerate([("事项", "受理（件）"), ("行政许可事项", "332407")]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    got = _read(document, tmp_path / "nested.docx")
    assert got.lines == ("各类事项办理情况：", "事项 | 受理（件）", "行政许可事项 | 332407", "")
    (table,) = got.tables
    assert (table.cells, table.lines) == ((("事项", "受理（件）"), ("行政许可事项", "332407")), (2, 3))


@pytest.mark.parametrize(
    ("borders", "gap"),
    [("tabs", "\t"), ("spaces", "\u3000")],
)
def test_rows_aligned_by_tabs_or_spaces_are_never_read_as_run_together_numbers(
    tmp_path: Path, borders: str, gap: str
) -> None:
    # A table typed as paragraphs, its columns set by tab stops or full-width spaces: each row's
    # figures are reported as unreadable (error figure_unreadable), never joined into one value.
    form = Form(categories="table", borders=borders)
    docx_file = write_issue(tmp_path / "issue.docx", replace(SPECS[1], form=form), "docx")
    extraction = extract_document(read(Input(docx_file, str(docx_file))))
    printed = {str(int(f.value)) for f in extraction.facts}
    gaps = [f for f in extraction.figures if f.problem == "gap"]
    assert gaps and all(f.role == "unreadable" and f.value is None and gap in f.raw for f in gaps)
    # No fact is two neighbouring figures of a row spelled together.
    pieces = [[p for p in f.raw.split(gap) if p] for f in gaps]
    assert not any(a + b in printed for row in pieces for a, b in itertools.pairwise(row))
