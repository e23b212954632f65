"""An audit workbook read back: its cell values with python-calamine, its structure with openpyxl.

The review cycle reads whole sheets (问题清单, 已解决, 概览, 期次): python-calamine parses them three to
five times faster than openpyxl's read-only mode (``benchmarks/bench_readback.py``), and its values
are made to read as openpyxl's did, so nothing read back changes: an empty cell is None, a whole
number an int, a date a datetime. What calamine does not give stays with openpyxl, opened read-only
beside it: the defined names (the hidden column ids), the header row of a large sheet without
parsing the sheet whole, and cell fills. A sheet holding an error value (#N/A), which calamine
reads as empty, is read with openpyxl, which keeps it as text.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.workbook import Workbook
from python_calamine import CalamineWorkbook

_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*\bt=\"e\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


def value(cell: Any) -> Any:
    """Return a value read by python-calamine as openpyxl reads it."""
    if cell == "":
        return None
    kind = cell.__class__
    if kind is float:
        return int(cell) if cell.is_integer() else cell
    if kind is date:  # a date without a time: openpyxl gives midnight
        return datetime(cell.year, cell.month, cell.day)
    return cell


class Values:
    """The sheets of one workbook as lists of rows of values (1-based row n is ``rows[n - 1]``)."""

    def __init__(self, path: Path, book: Workbook, failed: Callable[[], Exception]) -> None:
        self.path = path
        self.book = book
        self.failed = failed
        self.loaded: dict[str, list[list[Any]]] = {}
        try:
            self.calamine = CalamineWorkbook.from_path(str(path))
            self.parts = _sheet_parts(path)
        except Exception:  # a damaged file can fail anywhere inside calamine or zipfile
            raise failed() from None

    def rows(self, title: str) -> list[list[Any]]:
        """Return every row of sheet ``title``, read once."""
        if title not in self.loaded:
            try:
                if self._errors(title):
                    sheet = self.book[title]
                    # A file saved by another program may state a wrong size or none (a second pass).
                    sheet.reset_dimensions()
                    found = [list(row) for row in sheet.iter_rows(values_only=True)]
                else:
                    cells = self.calamine.get_sheet_by_name(title).to_python(skip_empty_area=False)
                    found = [[value(cell) for cell in row] for row in cells]
            except Exception:
                raise self.failed() from None
            self.loaded[title] = found
        return self.loaded[title]

    def _errors(self, title: str) -> bool:
        """Return True when sheet ``title`` holds an error value (its part searched as bytes)."""
        part = self.parts.get(title)
        if part is None:
            return False
        with zipfile.ZipFile(self.path) as archive:
            return bool(_ERROR_CELL.search(archive.read(part)))

    def close(self) -> None:
        self.calamine.close()


def _sheet_parts(path: Path) -> dict[str, str]:
    """Return the zip part of each sheet by title, from the workbook part and its relationships."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    targets = {}
    for tag in _RELATIONSHIP.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        targets[attributes.get(b"Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    parts = {}
    for tag in _SHEET.findall(workbook):
        attributes = dict(_ATTRIBUTE.findall(tag))
        key = next((v for k, v in attributes.items() if k.endswith(b":id")), None)
        part = targets.get(key)
        if part in names:
            parts[html.unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))] = part
    return parts
