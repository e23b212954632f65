"""A rendered issue as the Word document an office would send: tables, boxes, notes and page furniture.

The text of an issue (Markdown pipe tables included) becomes a .docx the way real bulletins
are set: the title in red 方正小标宋, a running header and a "— N —" page-number footer, the
masthead in text boxes (one per line, as editors drag them into place; Word writes each box
twice, as ``mc:Choice`` and ``mc:Fallback``) or in a borderless layout table with 总第N期 in a
cell of its own, statistics tables with merged heading cells (单位：件 above them), a footnote
on the statistics, and the 版记 with its 印发 line. Tables are set by ``docx_tables``.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

_TITLE_FONT = "方正小标宋简体"
_BODY_FONT = "仿宋_GB2312"
_RED = "FF0000"
_SERIAL = re.compile(r"^(?P<number>.*?第\s*\S+\s*期)\s*(?P<serial>（总第.*期）)\s*$")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"'
)
FOOTNOTE = "数据来源于省一体化政务服务平台，截至统计日的累计数。"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _box_run(text: str, index: int) -> etree._Element:
    """Return a run holding a floating text box with ``text``, in both of Word's encodings."""
    body = f'<w:p><w:r><w:t xml:space="preserve">{_escape(text)}</w:t></w:r></w:p>'
    offset = 200000 * index
    xml = f"""<w:r {_NAMESPACES}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{index + 2}" behindDoc="0"
 locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>{offset}</wp:posOffset></wp:positionV>
<wp:extent cx="5400000" cy="190000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>
<wp:docPr id="{index + 1}" name="文本框 {index + 1}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" cy="190000"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx><wps:bodyPr rot="0" wrap="square" lIns="0" tIns="0"
 rIns="0" bIns="0" anchor="t"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>
</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="box{index}" type="#_x0000_t202"
 style="position:absolute;margin-top:{offset // 12700}pt;width:425pt;height:15pt" filled="f" stroked="f">
<v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""
    return etree.fromstring(xml)


def masthead_boxes(doc: Any, lines: list[str]) -> None:
    """Add the masthead as text boxes anchored in one paragraph; 总第N期 sits in a box of its own."""
    paragraph = doc.add_paragraph()
    pieces: list[str] = []
    for line in lines:
        split = _SERIAL.match(line)
        pieces += [split["number"], split["serial"]] if split else [line]
    for index, piece in enumerate(pieces):
        paragraph._p.append(_box_run(piece, index))


def masthead_table(doc: Any, lines: list[str], title: str) -> None:
    """Add the masthead as a borderless two-column table: 第N期 and 总第N期 in cells side by side."""
    table = doc.add_table(rows=len(lines), cols=2)
    for row, line in zip(table.rows, lines, strict=True):
        split = _SERIAL.match(line)
        if split:
            row.cells[0].text, row.cells[1].text = split["number"], split["serial"]
            continue
        cell = row.cells[0].merge(row.cells[1])
        cell.text = ""
        run = cell.paragraphs[0].add_run(line)
        if line == title:
            style_title(run)


def style_title(run: Any) -> None:
    """Set a run as the red 方正小标宋 title of a 红头 document."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.size = Pt(22)
    run.font.color.rgb = RGBColor.from_string(_RED)
    run.font.name = _TITLE_FONT
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _TITLE_FONT)


def add_footnote(doc: Any, paragraph: Any, text: str) -> None:
    """Attach a footnote (注) to ``paragraph``, creating the footnotes part."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = (
        f'<w:footnotes xmlns:w="{_W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    reference = etree.fromstring(
        f'<w:r xmlns:w="{_W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    )
    paragraph._p.append(reference)


def page_furniture(doc: Any, running: str) -> None:
    """Add a running header and a centred "— N —" footer with a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    section.header.paragraphs[0].text = running
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = etree.fromstring(
        f'<w:fldSimple xmlns:w="{_W}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )
    footer._p.append(field)
    footer.add_run(" —")


def body_font(doc: Any) -> None:
    from docx.oxml.ns import qn

    normal = doc.styles["Normal"]
    normal.font.name = _BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)
