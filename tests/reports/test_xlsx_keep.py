"""The hidden ids of the workbook's sheets and columns: hidden names pointing at the right cells."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reports.xlsx import write_workbook
from reports.xlsx_keep import PREFIX, SHEET_COLUMNS, read_ids
from reports.xlsx_layout import SHEETS, pick
from tests.reports.test_xlsx import FINDINGS, GENERATED, result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_and_table_column_has_a_hidden_id(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "audit.xlsx"
    write_workbook(result(FINDINGS), path, lang, generated=GENERATED)
    book = openpyxl.load_workbook(path)
    names = {name: book.defined_names[name] for name in book.defined_names if name.startswith(PREFIX)}
    # Hidden: kept out of the Name Manager, where a reviewer could delete or rename them.
    assert [name for name, defined in names.items() if not defined.hidden] == []
    sheets, columns, rows = read_ids(names)
    assert sheets == {key: pick(pair, lang) for key, pair in SHEETS.items()}
    for key, table in SHEET_COLUMNS.items():
        header = [cell.value for cell in book[sheets[key]][1]]
        assert {column: header[index] for column, index in columns[key].items()} == {
            column.key: column.header(lang) for column in table
        }, key
        assert rows[key] == 1
    findings = [cell.value for cell in book[sheets["findings"]][1]]
    letter = get_column_letter(findings.index(pick(("备注", "Note"), lang)) + 1)
    assert names[f"{PREFIX}col.findings.note"].attr_text == f"'{sheets['findings']}'!${letter}$1"
