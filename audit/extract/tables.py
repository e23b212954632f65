"""Tables made into statements: one short sentence per data cell, parsed like any sentence.

A cell under 受理（件）/ 今年以来 in the row 行政许可事项 says what the sentence
"今年以来行政许可事项受理332407件" says, so each data cell is composed into that statement —
scope, subject, measure, value, unit, taken from its row and column labels — and handed to the
figure logic, which then reads tables and sentences alike. Either orientation works: categories
as rows and measures as columns, or measures as rows and 本周 / 今年以来 as columns. A 合计 row
gives no statements; it is checked against the sum of the rows above it (``table_totals``).

The one entry point for the figure logic is ``table_statements(layout)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from audit.extract.layout import Layout, Span
from audit.extract.normalize import normalize_line
from audit.extract.numbers import parse_number
from audit.extract.records import TableTotal
from audit.ingest.document import Document, Table
from audit.ingest.tabular import is_numeric

_SCOPE = re.compile(r"本周|本期|今年以来|年初以来|年初至今|截至目前|本年度?累计|本年|累计|全年")
_UNIT = re.compile(r"[（(](?:单位[：:])?(?P<unit>万?(?:件|人次|个|项))[）)]")
_CAPTION_UNIT = re.compile(r"单位[：:]\s*(?P<unit>万?(?:件|人次|个|项))")
_MEASURE = re.compile(r"受理|办结|咨询|颁发|流转|办件|完成|占比")
# What the comprehensive window counts: a table naming these is the window's, even where a
# row or column says only 受理.
_WINDOW = re.compile(r"综窗|咨询|颁发|流转")
_TOTAL = re.compile(r"^(?:合计|总计|小计|总数|合\s*计)")
_VALUE = re.compile(r"^[-+]?(?P<num>\d+(?:\.\d+)?)(?P<wan>万)?")
_CELL_UNIT = re.compile(r"^(?:件|人次|个|项|%)")
#: Lines above a table searched for its caption's unit (单位：件).
_CAPTION_LINES = 3


@dataclass(frozen=True)
class TableStatement(Span):
    """A statement composed from one data cell, pointing back at the table row as printed.

    ``text`` is the composed statement; every position maps to the row's line, ``raw`` of the
    value is the cell as printed and ``evidence`` the row as printed with the cell's column label.
    """

    row_line: int
    cell: str
    value_start: int
    printed: str

    def line_at(self, pos: int) -> int:
        return self.row_line

    @property
    def evidence(self) -> str:  # type: ignore[override]
        return self.printed

    def raw(self, start: int = 0, end: int | None = None) -> str:
        end = len(self.text) if end is None else end
        if start >= self.value_start:
            return self.cell
        return self.text[start:end]

    def sub(self, start: int, end: int) -> Span:
        return self


@dataclass(frozen=True)
class _Label:
    scope: str
    unit: str
    rest: str
    printed: str


def _label(parts: Sequence[str]) -> _Label:
    """Split the stacked heading cells of one row or column into scope, unit and the rest."""
    kept: list[str] = []
    for part in parts:
        if part and (not kept or kept[-1] != part):
            kept.append(part)
    text = normalize_line(0, "".join(kept)).text
    unit = next((m["unit"] for m in _UNIT.finditer(text)), "")
    text = _UNIT.sub("", text)
    scope = next((m[0] for m in _SCOPE.finditer(text)), "")
    rest = _SCOPE.sub("", text) if scope else text
    return _Label(scope, unit, rest, " / ".join(kept))


def _data_columns(table: Table) -> list[int]:
    body = table.cells[table.header_rows :]
    return [c for c in range(table.width) if any(is_numeric(row[c]) for row in body if c < len(row))]


def _caption_unit(document: Document, table: Table) -> str:
    first = table.lines[0] if table.lines else 1
    for line in reversed(document.lines[max(first - 1 - _CAPTION_LINES, 0) : first - 1]):
        if found := _CAPTION_UNIT.search(normalize_line(0, line).text):
            return found["unit"]
    return ""


def _value(cell: str) -> tuple[str, float | None, str]:
    """Return the number of a cell as the figure logic reads it, its value and the words after it."""
    text = normalize_line(0, cell).text.replace("，", "").replace(",", "")
    found = _VALUE.match(text)
    if not found:
        return "", None, ""
    rest = _CELL_UNIT.sub("", text[found.end() :], count=1)
    return found[0], parse_number(found["num"], bool(found["wan"])), rest


def _statement(
    table: Table, row: int, column: int, labels: tuple[_Label, _Label], context: str, unit: str
) -> TableStatement | None:
    cell = table.cells[row][column]
    value, number, remark = _value(cell)
    if number is None:
        return None
    row_label, column_label = labels
    # The label holding the verb is the measure; the other names what is measured.
    if _MEASURE.search(row_label.rest) and not _MEASURE.search(column_label.rest):
        subject, measure = column_label.rest, row_label.rest
    else:
        subject, measure = row_label.rest, column_label.rest
    if not subject and context:
        subject = context
    scope = column_label.scope or row_label.scope
    unit = column_label.unit or row_label.unit or unit or ("人次" if "咨询" in measure else "件")
    prefix = f"{scope}{subject}{measure}"
    # A remark printed in the cell after the figure (25738（含上年结转）) stays with it.
    text = f"{prefix}{value}{unit}{remark}"
    line = table.lines[row]
    shown = f"{column_label.printed}" if column_label.printed else ""
    printed = f"{_row_text(table, row)}（{shown}）" if shown else _row_text(table, row)
    return TableStatement(
        text=text,
        lines=(normalize_line(line, cell),),
        offsets=(0,),
        row_line=line,
        cell=cell.strip(),
        value_start=len(prefix),
        printed=printed,
    )


def _row_text(table: Table, row: int) -> str:
    cells: list[str] = []
    for cell in table.cells[row]:
        if not cells or cell != cells[-1] or not cell:
            cells.append(cell)
    return " | ".join(cells)


def _frame(document: Document, table: Table) -> tuple[list[int], list[int], list[_Label], str, str] | None:
    """Return the data columns, the label columns, each column's label, the context and the unit."""
    if table.header_rows == 0 or len(table.cells) <= table.header_rows:
        return None
    data = _data_columns(table)
    labels = [c for c in range(table.width) if c not in data]
    heads = [_label([table.cells[r][c] for r in range(table.header_rows)]) for c in range(table.width)]
    heading = [cell for row in table.cells[: table.header_rows] for cell in row]
    words = "".join(heading + [row[c] for row in table.cells for c in labels])
    context = "综窗" if _WINDOW.search(words) and not re.search(r"行政许可|公共服务|行权", words) else ""
    return data, labels, heads, context, _caption_unit(document, table)


def _statements(document: Document, table: Table) -> Iterator[TableStatement]:
    frame = _frame(document, table)
    if frame is None:
        return
    data, labels, heads, context, unit = frame
    for row in range(table.header_rows, len(table.cells)):
        row_label = _label([table.cells[row][c] for c in labels])
        if _TOTAL.match(row_label.rest):
            continue
        for column in data:
            if not (heads[column].rest or heads[column].scope):
                continue  # an empty heading names no measure (a ReadNote says so)
            statement = _statement(table, row, column, (row_label, heads[column]), context, unit)
            if statement is not None:
                yield statement


def table_statements(layout: Layout) -> Iterator[Span]:
    """Yield one statement per data cell of every table of the document, table by table, row by row."""
    for table in layout.document.tables:
        yield from _statements(layout.document, table)


def table_totals(document: Document) -> list[TableTotal]:
    """Return each total cell of a 合计 row with the sum of the rows above it in its column."""
    totals: list[TableTotal] = []
    for table in document.tables:
        frame = _frame(document, table)
        if frame is None:
            continue
        data, labels, heads, _, _ = frame
        parts: list[int] = []
        for row in range(table.header_rows, len(table.cells)):
            if not _TOTAL.match(_label([table.cells[row][c] for c in labels]).rest):
                parts.append(row)
                continue
            for column in data:
                stated = _value(table.cells[row][column])[1]
                values = [_value(table.cells[r][column])[1] for r in parts]
                if stated is None or not values or None in values:
                    continue
                totals.append(
                    TableTotal(
                        line=table.lines[row],
                        label=heads[column].printed,
                        stated=stated,
                        summed=round(sum(v for v in values if v is not None), 6),
                        rows=len(values),
                        evidence=_row_text(table, row),
                    )
                )
            parts = []
    return totals
