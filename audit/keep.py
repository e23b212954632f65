"""What a reviewer added to the audit workbook that a new run would not write again.

A run rewrites the workbook from the result and the review columns it carries over. Anything else a
reviewer put there — a column or sheet of their own, a cell comment, a fill — would silently
disappear, so ``additions`` lists it and the caller refuses to write. Sheets and columns are found
by their hidden ids first (``reports.xlsx_keep``), so a renamed sheet or header is still recognised;
a workbook written before the ids existed is read by the visible names.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.messages import Listed, Text, text
from reports.xlsx_keep import SHEET_COLUMNS, TOOL_COLOURS, column_key, read_ids
from reports.xlsx_layout import SHEETS, find_sheet
from schemas.rules import RULES_BY_ID

_FILLS = re.compile(rb"<fills\b.*?</fills>", re.S)
_FG_COLOUR = re.compile(rb"<(?:\w+:)?fgColor\b([^>]*)>")
_RGB = re.compile(rb'rgb="([0-9A-Fa-f]{6,8})"')
_COMMENT = re.compile(rb"<(?:\w+:)?comment\b.*?</(?:\w+:)?comment>", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>")
_RULE_LINE = re.compile(rf"^({'|'.join(map(re.escape, RULES_BY_ID))})[：:]")
#: At most this many additions are named in the one-line message.
NAMED = 4


@dataclass(frozen=True)
class Layout:
    """Where the toolkit's sheets and columns are in one workbook: titles by key, columns by id."""

    sheets: dict[str, str] = field(default_factory=dict)
    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The header row of each table sheet (1-based): where its column ids point, else the first.
    header_rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, workbook: Any) -> Layout:
        """Return the layout of an opened workbook: by hidden id, else by the visible sheet names."""
        titles, columns, rows = read_ids(workbook.defined_names)
        names = list(workbook.sheetnames)
        sheets = {}
        for key in SHEETS:
            title = titles.get(key)
            found = title if title in names else find_sheet(names, key)
            if found is not None:
                sheets[key] = found
        return cls(
            sheets=sheets,
            ids={k: v for k, v in columns.items() if k in sheets},
            header_rows={k: v for k, v in rows.items() if k in sheets},
        )

    def header_row(self, key: str) -> int:
        return self.header_rows.get(key, 1)

    def positions(self, key: str, headers: list[Any]) -> dict[str, int]:
        """Return the 0-based position of each known column of sheet ``key``: by id, then by header."""
        found = dict(self.ids.get(key, {}))
        taken = set(found.values())
        for index, header in enumerate(headers):
            column = column_key(key, header)
            if column and column not in found and index not in taken:
                found[column] = index
                taken.add(index)
        return found

    def extras(self, key: str, headers: list[Any]) -> list[str]:
        """Return the headers of sheet ``key`` the toolkit does not write (a reviewer's own columns)."""
        taken = set(self.positions(key, headers).values())
        return [
            str(header).strip()
            for index, header in enumerate(headers)
            if index not in taken and header is not None and str(header).strip()
        ]


def additions(path: Path, workbook: Any, layout: Layout) -> list[str]:
    """Return, as short phrases, everything in the workbook a new run would not write again."""
    found = [f"sheet {title!r}" for title in workbook.sheetnames if title not in layout.sheets.values()]
    for key in SHEET_COLUMNS:
        if key in layout.sheets:
            title = layout.sheets[key]
            row = layout.header_row(key)
            headers = list(next(workbook[title].iter_rows(min_row=row, max_row=row, values_only=True), ()))
            found += [f"column {header!r} on {title}" for header in layout.extras(key, headers)]
    found += _comments(path)
    if _foreign_fill(path):
        found += _filled_cells(workbook, layout)
    return found


def describe(found: list[str]) -> Text:
    """Return the additions as one phrase, the first few named (in the language it is shown in)."""
    named = Listed(found[:NAMED])
    if len(found) <= NAMED:
        return named
    return text("and_more", named=named, n=len(found), more=len(found) - NAMED)


def _parts(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            wanted = [n for n in archive.namelist() if n == "xl/styles.xml" or "omments" in n]
            return {name: archive.read(name) for name in wanted}
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}


def _comments(path: Path) -> list[str]:
    """Return a phrase for the comments the toolkit did not write, if any.

    The toolkit's comments name the rules behind a figure, one ``rule_id：title`` per line; clients
    drop or blank the author on saving (LibreOffice does), so the text is what tells them apart.
    """
    parts = _parts(path)
    if any("threadedComments" in name for name in parts):
        return ["cell comments"]
    for name, data in parts.items():
        if "comments" in name and name.endswith(".xml") and "threaded" not in name:
            for comment in _COMMENT.findall(data):
                text = "".join(t.decode("utf-8", "replace") for t in _TEXT.findall(comment))
                if not all(_RULE_LINE.match(line) for line in text.splitlines() if line.strip()) or not text:
                    return ["cell comments"]
    return []


def _foreign_fill(path: Path) -> bool:
    """Return True when the style sheet holds a fill colour the toolkit never uses (cheap: no cells read)."""
    styles = _parts(path).get("xl/styles.xml", b"")
    section = _FILLS.search(styles)
    for attributes in _FG_COLOUR.findall(section[0] if section else b""):
        rgb = _RGB.search(attributes)
        if rgb is None or rgb[1].decode().upper()[-6:] not in TOOL_COLOURS:
            return True
    return False


def _filled_cells(workbook: Any, layout: Layout) -> list[str]:
    """Return the first cell of each sheet filled in a colour the toolkit does not use."""
    found = []
    for title in layout.sheets.values():
        for row in workbook[title].iter_rows():
            cell = next((c for c in row if _foreign(getattr(c, "fill", None))), None)
            if cell is not None:
                found.append(f"a fill at {title}!{cell.coordinate}")
                break
    return found


def _foreign(fill: Any) -> bool:
    if fill is None or getattr(fill, "fill_type", None) in (None, "none", "gray125"):
        return False
    colour = getattr(fill.fgColor, "rgb", None)
    return not isinstance(colour, str) or colour.upper()[-6:] not in TOOL_COLOURS
