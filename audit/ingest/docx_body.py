"""The body of a Word document in reading order: paragraphs, tables, text boxes and notes.

Page headers and footers live in parts of their own and are not read: they are page furniture
(page numbers, a running title) and must never enter a sentence. Text boxes and shapes hold
whole paragraphs; Word stores a shape twice (``mc:Choice`` for new readers, ``mc:Fallback`` for
old ones), so only the Choice is read. Footnotes follow the paragraph that cites them, endnotes
follow the body, each as a line of its own starting 注N：.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from docx.oxml.ns import qn
from lxml import etree

from audit.ingest.document import ReadNote, Table
from audit.ingest.tabular import is_data_table, make_table, note

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE, _CHOICE = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice"
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_R, _T, _RPR, _VANISH = qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:vanish")
_TXBX = qn("w:txbxContent")
_BREAKS = frozenset({qn("w:br"), qn("w:cr")})
_TABS = frozenset({qn("w:tab"), qn("w:ptab")})
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_SHAPES = frozenset({qn("w:drawing"), qn("w:pict"), qn("w:object")})
_FOOTNOTE_REF, _ENDNOTE_REF = qn("w:footnoteReference"), qn("w:endnoteReference")
_VAL = qn("w:val")
# Inside a paragraph: properties and deleted or moved-away text are not the paragraph's text.
_SKIP = frozenset({qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:sectPr")})
_OFF = frozenset({"0", "false", "off"})


class BodyReader:
    """Collect the lines, tables and notes of a document body, in reading order."""

    def __init__(self, footnotes: Mapping[str, etree._Element], endnotes: Mapping[str, etree._Element]):
        self.lines: list[str] = []
        self.tables: list[Table] = []
        self.notes: list[ReadNote] = []
        self._footnotes = footnotes
        self._endnotes = endnotes
        self._cited_endnotes: list[str] = []
        self._note_number = 0

    def read(self, body: etree._Element) -> None:
        self._blocks(body)
        for ident in self._cited_endnotes:
            self._note(self._endnotes[ident])

    def _blocks(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _P:
                self._paragraph(child)
            elif tag == _TBL:
                self._table(child)
            elif tag == _ALTERNATE:
                for choice in child.iterchildren(_CHOICE):
                    self._blocks(choice)
                    break
            else:
                # Content controls (w:sdt/w:sdtContent), w:customXml and the like wrap blocks.
                self._blocks(child)

    def _paragraph(self, paragraph: etree._Element) -> None:
        parts: list[str] = []
        boxes: list[etree._Element] = []
        cited: list[str] = []
        _collect_runs(paragraph, parts, boxes, cited)
        self.lines.extend("".join(parts).split("\n"))
        for box in boxes:
            self._blocks(box)
        for ident in cited:
            if ident in self._footnotes:
                self._note(self._footnotes[ident])
            elif ident in self._endnotes and ident not in self._cited_endnotes:
                self._cited_endnotes.append(ident)

    def _note(self, element: etree._Element) -> None:
        self._note_number += 1
        text = " ".join(part for line in _plain_lines(element) if (part := line.strip()))
        if text:
            self.lines.append(f"注{self._note_number}：{text}")

    def _table(self, table: etree._Element) -> None:
        rows = _descendants_until(table, _TR)
        grid, printed, notes = _grid(table, rows, len(self.lines) + 1)
        if not is_data_table(grid):
            self._layout_rows(rows)
            return
        start = len(self.lines) + 1
        self.lines.extend(" | ".join(row) for row in printed)
        made, notes = make_table(grid, list(range(start, start + len(grid))), notes=notes)
        self.tables.append(made)
        self.notes.extend(notes)

    def _layout_rows(self, rows: list[etree._Element]) -> None:
        """A layout row of one-line cells is one line (第34期 beside 总第454期), else its cells' blocks.

        A table of no figures positions blocks on the page (a masthead, a box around a table), so
        the tables it holds are read as tables of their own.
        """
        for row in rows:
            cells = _descendants_until(row, _TC)
            texts = [_cell_lines(cell) for cell in cells]
            nested = any(cell.find(f".//{_TBL}") is not None for cell in cells)
            if not nested and all(len(lines) <= 1 for lines in texts):
                joined = " ".join(lines[0] for lines in texts if lines)
                if joined:
                    self.lines.append(joined)
            else:
                for cell in cells:
                    self._blocks(cell)


def _grid(
    table: etree._Element, rows: list[etree._Element], first_line: int
) -> tuple[list[list[str]], list[list[str]], list[ReadNote]]:
    """Return the grid with merged cells spread, the cells as printed per row, and notes on odd merges."""
    columns = table.find(qn("w:tblGrid"))
    width = len(columns.findall(qn("w:gridCol"))) if columns is not None else 0
    grid: list[list[str]] = []
    printed: list[list[str]] = []
    notes: list[ReadNote] = []
    for index, row in enumerate(rows):
        line = first_line + index
        cells: list[str] = [""] * _row_property(row, "w:gridBefore")
        shown: list[str] = []
        for cell in _descendants_until(row, _TC):
            properties = cell.find(qn("w:tcPr"))
            span = _int_property(properties, "w:gridSpan", 1)
            merge = properties.find(qn("w:vMerge")) if properties is not None else None
            text = " ".join(_cell_lines(cell))
            shown.append(text)
            column = len(cells)
            if merge is not None and merge.get(_VAL, "continue") != "restart":
                above = grid[-1] if grid else None
                if above is None or column >= len(above):
                    notes.append(
                        note(
                            line,
                            "table_merge",
                            "表格合并单元格上方没有起始格，按空白读取",
                            "a merged table cell continues a cell that does not exist above it; read as empty",
                        )
                    )
                else:
                    text = above[column]
            cells.extend([text] * span)
        cells.extend([""] * _row_property(row, "w:gridAfter"))
        if width and len(cells) > width:
            notes.append(
                note(
                    line,
                    "table_span",
                    f"表格行有 {len(cells)} 格，超出表格的 {width} 列，多出的格未读取",
                    f"table row spans {len(cells)} cells, beyond the table's {width} columns; the extra cells were not read",
                )
            )
            cells = cells[:width]
        grid.append(cells)
        printed.append(shown)
    return grid, printed, notes


def _row_property(row: etree._Element, name: str) -> int:
    return _int_property(row.find(qn("w:trPr")), name, 0)


def _int_property(properties: etree._Element | None, name: str, default: int) -> int:
    found = properties.find(qn(name)) if properties is not None else None
    value = found.get(_VAL) if found is not None else None
    return int(value) if value and value.isdigit() else default


def _cell_lines(cell: etree._Element) -> list[str]:
    return [part for line in _plain_lines(cell) if (part := line.strip())]


def _plain_lines(container: etree._Element) -> list[str]:
    """The lines of a cell or note, text boxes and nested tables included, without notes or tables of its own."""
    reader = BodyReader({}, {})
    reader._blocks(container)
    return reader.lines


def _descendants_until(element: etree._Element, tag: str) -> list[etree._Element]:
    """Elements named ``tag`` below ``element``, looking through wrappers but not into nested tables."""
    found: list[etree._Element] = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag not in (_TBL, _TR, _TC) and isinstance(child.tag, str):
            found.extend(_descendants_until(child, tag))
    return found


def _text_boxes(shape: etree._Element) -> Iterator[etree._Element]:
    """The outermost text boxes of a drawing or VML shape."""
    for box in shape.iter(_TXBX):
        parent = box.getparent()
        while parent is not None and parent is not shape and parent.tag != _TXBX:
            parent = parent.getparent()
        if parent is None or parent is shape:
            yield box


def _collect_runs(
    element: etree._Element, parts: list[str], boxes: list[etree._Element], cited: list[str]
) -> None:
    # python-docx's Paragraph.text only sees direct w:r and w:hyperlink children, so it drops text
    # inside tracked insertions, smart tags, fields and content controls; walk everything instead.
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _TABS:
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag in (_FOOTNOTE_REF, _ENDNOTE_REF):
            cited.append(child.get(qn("w:id"), ""))
        elif tag == _ALTERNATE:
            choice = child.find(_CHOICE)
            if choice is not None:
                boxes.extend(_text_boxes(choice))
        elif tag in _SHAPES:
            boxes.extend(_text_boxes(child))
        elif tag == _R and _hidden(child):
            continue
        elif tag != _P:
            _collect_runs(child, parts, boxes, cited)


def _hidden(run: etree._Element) -> bool:
    properties = run.find(_RPR)
    vanish = properties.find(_VANISH) if properties is not None else None
    return vanish is not None and vanish.get(qn("w:val"), "true").lower() not in _OFF


def notes_of(xml: bytes | None, kind: str) -> dict[str, etree._Element]:
    """Return the footnotes or endnotes of a notes part by id, without Word's separator notes."""
    if not xml:
        return {}
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, huge_tree=False))
    notes: dict[str, etree._Element] = {}
    for element in root.iterchildren(qn(f"w:{kind}")):
        if element.get(qn("w:type")) in (None, "normal"):
            notes[element.get(qn("w:id"), "")] = element
    return notes
