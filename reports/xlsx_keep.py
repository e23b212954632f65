"""Hidden ids that let the next run find its sheets and columns whatever a reviewer renamed.

Each sheet and each table column of the audit workbook gets a hidden workbook-level defined name
(``_audit.sheet.findings`` → ``'问题清单'!$A$1``, ``_audit.col.findings.note`` → ``'问题清单'!$U$1``).
Defined names were chosen over a hidden row or custom document properties because spreadsheet
programs keep them pointing at the same cell: Excel, WPS and LibreOffice rewrite a name's reference
when its sheet is renamed or moved, or columns are inserted or deleted before it (a deleted
column's name becomes ``#REF!``). A hidden row can be deleted, sorted or filtered away, and
document properties would not follow a rename. ``hidden`` keeps them out of the Name Manager.

The reading side is ``audit.keep``; the palette here tells it which fills the toolkit itself
writes, so that any other fill in the workbook is known to be the reviewer's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from reports.xlsx_cells import FILLS, Book
from reports.xlsx_layout import (
    FACT_COLUMNS,
    FINDING_COLUMNS,
    ISSUE_COLUMNS,
    NUMBER_COLUMNS,
    RESOLVED_COLUMN,
    REVIEW_COLUMNS,
    SHEETS,
    Column,
)

PREFIX = "_audit."
#: The columns each table sheet may hold, by sheet key.
SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    "findings": (*FINDING_COLUMNS, *REVIEW_COLUMNS),
    "resolved": (RESOLVED_COLUMN, *FINDING_COLUMNS, *REVIEW_COLUMNS),
    "facts": FACT_COLUMNS,
    "issues": ISSUE_COLUMNS,
    "numbers": NUMBER_COLUMNS,
}
#: The fill colours the toolkit uses, as six hex digits.
TOOL_COLOURS = frozenset(colour.upper() for colour in FILLS.values())


def sheet_id(key: str) -> str:
    return f"{PREFIX}sheet.{key}"


def column_id(sheet: str, column: str) -> str:
    return f"{PREFIX}col.{sheet}.{column}"


def sheet_key(title: str) -> str | None:
    """Return the key of a sheet by its title in either language."""
    return next((key for key, names in SHEETS.items() if title in names), None)


def column_key(sheet: str, header: Any) -> str | None:
    """Return the key of a column of sheet ``sheet`` by its header in either language."""
    if not isinstance(header, str):
        return None
    return next((c.key for c in SHEET_COLUMNS.get(sheet, ()) if header in (c.zh, c.en)), None)


def quote_sheetname(title: str) -> str:
    """Return a sheet title as a reference names it: quoted, a quote in it doubled."""
    return "'" + title.replace("'", "''") + "'"


def stamp(book: Book, title: str, header: Iterable[Any], header_row: int) -> None:
    """Give the sheet ``title`` and the columns of its header row (at ``header_row``) their hidden ids."""
    key = sheet_key(title)
    if key is None:
        return
    where = quote_sheetname(title)
    _hidden_name(book, sheet_id(key), f"{where}!$A$1")
    for index, text in enumerate(header):
        column = column_key(key, getattr(text, "value", text))
        if column:
            _hidden_name(book, column_id(key, column), f"{where}!${xl_col_to_name(index)}${header_row}")


def _hidden_name(book: Book, name: str, reference: str) -> None:
    """Define a workbook-level name kept out of the Name Manager.

    xlsxwriter has no public switch for a hidden name (it hides only its own filter ranges); it keeps
    each name as a [name, sheet index, reference, hidden] entry, written when the workbook is closed.
    """
    if book.xlsx.define_name(name, f"={reference}") != 0:
        raise ValueError(f"cannot define the name {name} = {reference}")
    entry = book.xlsx.defined_names[-1]
    if entry[0] != name:  # a later xlsxwriter keeps names otherwise: fail loudly rather than show them
        raise RuntimeError(f"xlsxwriter did not keep the defined name {name} as expected")
    entry[3] = True


def read_ids(names: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, dict[str, int]], dict[str, int]]:
    """Return the sheet titles by key, the column positions (0-based) by sheet key and column key, and
    the header row (1-based) of each sheet with column ids.

    A name whose reference a client broke (``#REF!``: its column was deleted) is left out.
    """
    sheets: dict[str, str] = {}
    columns: dict[str, dict[str, int]] = {}
    rows: dict[str, int] = {}
    for name, defined in names.items():
        if not name.startswith(PREFIX):
            continue
        try:
            title, cell = next(iter(defined.destinations))
            row, column = xl_cell_to_rowcol(cell.replace("$", ""))
        except Exception:  # a reference a client rewrote to #REF! or another form
            continue
        parts = name[len(PREFIX) :].split(".")
        if parts[0] == "sheet" and len(parts) == 2:
            sheets[parts[1]] = title
        elif parts[0] == "col" and len(parts) == 3:
            columns.setdefault(parts[1], {})[parts[2]] = column
            rows[parts[1]] = row + 1
    return sheets, columns, rows
