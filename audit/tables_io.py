"""Write the extracted tables to .json, .csv (one file per table) or .xlsx (one sheet per table)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from audit.errors import OutputError
from audit.output import is_stream, write_atomic, write_chunks
from audit.result import AuditResult

TABLES = ("issues", "facts", "headings", "dates", "enumerations")
#: The formats ``audit extract -o`` writes, by suffix.
SUFFIXES = (".json", ".csv", ".xlsx")


def _frames(result: AuditResult) -> dict[str, pd.DataFrame]:
    return {name: result.reported(getattr(result.tables, name)) for name in TABLES}


def _write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Write one sheet per table; document text is stored as text, never as a formula."""
    from reports.xlsx_cells import Book, Sheet

    book = Book(path)
    for name, frame in frames.items():
        sheet = Sheet(book, name)
        sheet.add(sheet.header(frame.columns))
        for row in frame.astype(object).itertuples(index=False):
            sheet.add([sheet.cell(_cell_value(value)) for value in row])
        sheet.finish(filter_row=1)
    book.close()


def _cell_value(value: object) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def write_tables(result: AuditResult, output: str) -> list[Path]:
    """Write the tables of ``result`` to ``output`` in the format its suffix names; return the files."""
    from reports.json import chunks

    path = Path(output)
    suffix = path.suffix.lower()
    if suffix == ".json" or is_stream(path):
        write_chunks(path, chunks(result.parts()))
        return [path]
    frames = _frames(result)
    if suffix == ".csv":
        written = []
        for name, frame in frames.items():
            target = path.with_name(f"{path.stem}-{name}.csv")
            write_atomic(target, lambda tmp, f=frame: f.to_csv(tmp, index=False, encoding="utf-8-sig"))
            written.append(target)
        return written
    if suffix == ".xlsx":
        write_atomic(path, lambda tmp: _write_xlsx(frames, tmp))
        return [path]
    raise OutputError(output, f"unknown output format {suffix or '(none)'}", "use .json, .csv or .xlsx")
