"""Every layout form of an issue extracts exactly as its plain text: Markdown, Word, LibreOffice PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from audit.extract import Extraction, extract_document
from audit.generate import generate_series, render
from audit.generate.corpus import write_issue
from audit.generate.layouts import Form
from audit.generate.writers import export_pdf, soffice
from audit.ingest import Input, read
from tests.conftest import extract_text

FIELDS = (
    "publisher",
    "title",
    "year",
    "issue_no",
    "serial_no",
    "published",
    "period_start",
    "period_end",
    "as_of",
    "copies",
)
FORMS = {
    "textbox-masthead": Form(masthead="textbox"),
    "layout-table-masthead": Form(masthead="table"),
    "categories-as-rows": Form(categories="table", window="table"),
    "measures-as-rows": Form(categories="transposed", window="transposed"),
    "measures-over-periods": Form(categories="table", window="stacked"),
    "all-at-once": Form(masthead="textbox", categories="table", window="transposed"),
}
# One issue of each real layout (the 2022 one prints no 综窗 figures), one with a carry-over note.
SPECS = [
    generate_series(3, seed=21, start=date(2024, 3, 4), style="2023")[1],
    generate_series(3, seed=22, start=date(2022, 5, 2), style="2022")[2],
]


def summary(extraction: Extraction) -> tuple[dict[str, Any], dict[tuple[str, str], tuple[Any, ...]]]:
    header = {name: getattr(extraction.header, name) for name in FIELDS}
    facts = {
        (f.metric, f.scope): (
            f.value,
            f.unit,
            f.category_count,
            f.carryover if "completed" in f.metric else None,
        )
        for f in extraction.facts
    }
    return header, facts


def _read(path: Path) -> Extraction:
    return extract_document(read(Input(path, path.name)))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.style)
@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_layout_form_extracts_as_the_plain_text(tmp_path: Path, spec: Any, form: Form, fmt: str) -> None:
    plain = summary(extract_text(render(spec)))
    laid = replace(spec, form=form)
    got = summary(_read(write_issue(tmp_path / f"issue.{fmt}", laid, fmt)))
    assert got == plain
    assert plain[1], "the plain text must carry figures for the comparison to mean anything"


def test_word_tables_are_tables_with_merged_headings(tmp_path: Path) -> None:
    laid = replace(SPECS[0], form=FORMS["categories-as-rows"])
    document = read(Input(write_issue(tmp_path / "issue.docx", laid, "docx"), "issue.docx"))
    window, categories = document.tables
    assert window.header_rows == categories.header_rows == 2
    assert window.cells[0][1:] == ("综窗办件",) * 4
    assert categories.cells[0] == ("事项类别", "今年以来", "今年以来")
    assert categories.cells[-1][0] == "合计"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize(
    "form", [FORMS["all-at-once"], FORMS["measures-as-rows"]], ids=["textbox", "transposed"]
)
def test_libreoffice_pdf_extracts_as_the_plain_text_with_pages(tmp_path: Path, form: Form) -> None:
    spec = SPECS[0]
    plain = summary(extract_text(render(spec)))
    docx = write_issue(tmp_path / "issue.docx", replace(spec, form=form), "docx")
    extraction = _read(export_pdf(docx, tmp_path))
    assert summary(extraction) == plain
    assert extraction.document.format == "pdf"
    assert all(fact.page == extraction.document.page_of(fact.line) for fact in extraction.facts)
    assert {fact.page for fact in extraction.facts} >= {1}
    # The running header and the "— N —" footer of every page are left out.
    assert not any(line.strip().startswith("— ") for line in extraction.document.lines)


def test_misstated_total_and_ragged_row_are_generated_as_defects(tmp_path: Path) -> None:
    from audit.findings import evaluate
    from audit.tables import build_tables
    from schemas.settings import Settings

    rules = {}
    for name, form in {
        "total": Form(categories="table", total_error=5),
        "ragged": Form(categories="table", ragged=True),
    }.items():
        extraction = extract_text(render(replace(SPECS[1], form=form)))
        found = evaluate(build_tables([extraction]), Settings())
        rules[name] = sorted(set(found["rule"]))
    assert rules == {"total": ["table_total"], "ragged": ["read_incomplete"]}
