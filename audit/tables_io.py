"""Write the extracted tables to .json, .csv (one file per table) or .xlsx (one sheet per table)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from audit.errors import OutputError
from audit.output import write_atomic, write_text
from audit.result import AuditResult

TABLES = ("issues", "facts", "headings", "dates", "enumerations")


def _frames(result: AuditResult) -> dict[str, pd.DataFrame]:
    targets = set(result.targets)
    return {
        name: getattr(result.tables, name).pipe(lambda f: f[f["source"].isin(targets)]) for name in TABLES
    }


def write_tables(result: AuditResult, output: str) -> list[Path]:
    """Write the tables of ``result`` to ``output`` in the format its suffix names; return the files."""
    from reports.json import render

    path = Path(output)
    suffix = path.suffix.lower()
    if suffix == ".json":
        write_text(path, render(result.to_dict()))
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

        def write(tmp: Path) -> None:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, frame in frames.items():
                    plain = frame.copy()
                    for column in plain.select_dtypes(include=["datetime"]).columns:
                        plain[column] = plain[column].dt.date
                    plain.to_excel(writer, sheet_name=name, index=False)

        write_atomic(path, write)
        return [path]
    raise OutputError(output, f"unknown output format {suffix or '(none)'}", "use .json, .csv or .xlsx")
