"""openpyxl read-only against python-calamine on the sheets a new run reads back from the workbook.

Usage: python benchmarks/bench_readback.py [WORKBOOK.xlsx] [--findings N] [--repeat R]

Without a workbook, writes one of N synthetic findings (10,000 by default), fills the review
columns of two rows in three as a reviewer would (text, numbers, dates with and without a time,
several lines) and saves it with openpyxl, as a spreadsheet program saves it (shared strings).
Then reads 问题清单, 已解决 and 概览 R times with each reader, prints the median seconds, and
checks that both read the same values once calamine's are read as openpyxl's
(``audit.readback.value``: empty cells None, whole numbers int, dates datetime).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from bench_xlsx import synthetic_result  # run as a script: benchmarks/ is on the path
from python_calamine import CalamineWorkbook

from audit.readback import value
from audit.review import write_review_workbook

SHEETS = ("问题清单", "已解决", "概览")


def reviewed_workbook(path: Path, findings: int) -> None:
    """Write a workbook of ``findings`` findings and review two rows in three, as a reviewer would."""
    write_review_workbook(synthetic_result(findings), path)
    book = openpyxl.load_workbook(path)
    sheet = book[SHEETS[0]]
    header = [c.value for c in sheet[1]]
    for n, row in enumerate(sheet.iter_rows(min_row=2)):
        if n % 3 == 0:
            continue
        row[header.index("复核状态")].value = ("已确认", "误报", "已豁免", "待定")[n % 4]
        row[header.index("复核人")].value = f"张{n}" if n % 5 else 1234
        row[header.index("复核日期")].value = datetime(
            2024, 5, 1 + n % 28, 9 if n % 7 == 0 else 0, 30 * (n % 2)
        )
        row[header.index("备注")].value = (
            (f"备注 {n}\n第二行" if n % 11 == 0 else f"备注 {n}") if n % 2 else 3.5
        )
    book.save(path)


def with_openpyxl(path: Path) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    found = {}
    for name in SHEETS:
        sheet = book[name]
        sheet.reset_dimensions()
        found[name] = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return found


def with_calamine(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    found = {
        name: [
            [value(cell) for cell in row]
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ]
        for name in SHEETS
    }
    book.close()
    return found


def _rectangle(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Return the rows padded to one width, trailing empty rows dropped (openpyxl keeps ragged rows)."""
    width = max((len(row) for row in rows), default=0)
    padded = [tuple(row) + (None,) * (width - len(row)) for row in rows]
    while padded and all(v is None for v in padded[-1]):
        padded.pop()
    return padded


def differences(first: dict[str, list[list[Any]]], second: dict[str, list[list[Any]]]) -> list[str]:
    """Return each cell whose value or type differs between the two readings."""
    found = []
    for name in SHEETS:
        a, b = _rectangle(first[name]), _rectangle(second[name])
        if len(a) != len(b):
            found.append(f"{name}: {len(a)} rows against {len(b)}")
        for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
            for column, (p, q) in enumerate(zip(x, y, strict=False), start=1):
                if p != q or type(p) is not type(q):
                    found.append(f"{name}!R{number}C{column}: {p!r} against {q!r}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?")
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(options.workbook) if options.workbook else Path(folder) / "reviewed.xlsx"
        if not options.workbook:
            reviewed_workbook(path, options.findings)
        times: dict[str, list[float]] = {"openpyxl": [], "calamine": []}
        readings = {}
        for _ in range(options.repeat):  # interleaved, so that both see the same machine
            for label, read in (("openpyxl", with_openpyxl), ("calamine", with_calamine)):
                began = time.perf_counter()
                readings[label] = read(path)
                times[label].append(time.perf_counter() - began)
        rows = sum(len(rows) for rows in readings["openpyxl"].values())
        print(f"{path.name}: {rows} rows on {', '.join(SHEETS)}, median of {options.repeat}")
        for label, seconds in times.items():
            print(
                f"  {label:<9} {statistics.median(seconds):.3f} s  ({' '.join(f'{s:.3f}' for s in seconds)})"
            )
        found = differences(readings["openpyxl"], readings["calamine"])
        print(f"  values that differ: {len(found)}", *found[:10], sep="\n  ")


if __name__ == "__main__":
    main()
