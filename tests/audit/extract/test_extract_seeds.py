"""The two real issues extract exactly (acceptance of the foundation issue)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit.extract import extract_document
from audit.ingest import Input, read
from tests.conftest import SEED_2022, SEED_2023, seed

HEADERS = {
    SEED_2022: dict(
        year=2022,
        issue_no=14,
        serial_no=389,
        published=date(2022, 5, 20),
        period_start=date(2022, 5, 5),
        period_end=date(2022, 5, 13),
        as_of=date(2022, 5, 13),
        copies=80,
        publisher="四川省政府政务服务和公共资源交易服务中心",
        title="窗口工作周报",
    ),
    SEED_2023: dict(
        year=2023,
        issue_no=34,
        serial_no=454,
        published=date(2023, 9, 11),
        period_start=date(2023, 8, 28),
        period_end=date(2023, 9, 1),
        as_of=date(2023, 9, 1),
        copies=91,
        publisher="四川省政府政务服务和公共资源交易服务中心",
        title="窗口工作周报",
    ),
}
FACTS = {
    SEED_2022: {
        ("admin_license.accepted", "ytd"): 369861,
        ("admin_license.completed", "ytd"): 369148,
        ("public_service.accepted", "ytd"): 17075536,
        ("public_service.completed", "ytd"): 5192485,
        ("other_powers.accepted", "ytd"): 9494,
        ("other_powers.completed", "ytd"): 10359,
    },
    SEED_2023: {
        ("window.consultations", "week"): 1724,
        ("window.accepted", "week"): 774,
        ("window.issued", "week"): 6613,
        ("window.transferred", "week"): 12471,
        ("window.consultations", "ytd"): 46612,
        ("window.accepted", "ytd"): 12658,
        ("window.issued", "ytd"): 115944,
        ("window.transferred", "ytd"): 204351,
        ("manual.items", "week"): 31,
        ("manual.items", "ytd"): 906,
        ("manual.share", "ytd"): 54.91,
        ("admin_license.accepted", "ytd"): 332407,
        ("admin_license.completed", "ytd"): 327016,
        ("public_service.accepted", "ytd"): 7273758,
        ("public_service.completed", "ytd"): 5972103,
        ("other_powers.accepted", "ytd"): 25602,
        ("other_powers.completed", "ytd"): 25738,
    },
}


def _extract(path: Path):
    return extract_document(read(Input(path, path.name)))


@pytest.mark.parametrize("path", list(HEADERS), ids=lambda p: p.name)
def test_seed_header(path: Path) -> None:
    header = _extract(seed(path)).header
    assert {key: getattr(header, key) for key in HEADERS[path]} == HEADERS[path]


@pytest.mark.parametrize("path", list(FACTS), ids=lambda p: p.name)
def test_seed_facts(path: Path) -> None:
    facts = _extract(seed(path)).facts
    assert {(f.metric, f.scope): f.value for f in facts} == FACTS[path]


def test_seed_facts_point_at_their_line_and_sentence() -> None:
    extraction = _extract(seed(SEED_2023))
    lines = extraction.document.lines
    for fact in extraction.facts:
        assert fact.raw in lines[fact.line - 1]
        assert fact.raw in fact.evidence
    window = next(f for f in extraction.facts if f.metric == "window.accepted" and f.scope == "ytd")
    assert window.evidence.startswith("本周，共计咨询 1724 人次")
    assert window.raw == "12658"


def test_seed_other_powers_qualifiers() -> None:
    facts = {(f.metric, f.scope): f for f in _extract(seed(SEED_2022)).facts}
    other = facts[("other_powers.completed", "ytd")]
    assert (other.category_count, other.carryover) == (9, False)
    facts = {(f.metric, f.scope): f for f in _extract(seed(SEED_2023)).facts}
    assert facts[("other_powers.completed", "ytd")].category_count == 6
    # "累计办结" is a cumulative count, not a carry-over note.
    assert facts[("other_powers.completed", "ytd")].carryover is False


def test_seed_list_marker_before_date_is_a_heading_and_a_date() -> None:
    extraction = _extract(seed(SEED_2023))
    line = next(i for i, text in enumerate(extraction.document.lines, 1) if text.startswith("1.9 月 1 日"))
    assert [(h.style, h.number) for h in extraction.headings if h.line == line] == [("ar", 1)]
    assert [(d.date, d.kind) for d in extraction.dates if d.line == line] == [(date(2023, 9, 1), "event")]


def test_seed_headings_and_enumerations() -> None:
    extraction = _extract(seed(SEED_2023))
    top = [h.number for h in extraction.headings if h.style == "cn"]
    assert top == [1, 2, 3, 4, 5]
    assert sorted((e.stated, e.listed, e.has_deng) for e in extraction.enumerations) == [
        (3, 3, False),
        (4, 3, True),
        (4, 4, True),
        (11, 11, True),
    ]


def _seed_docx(path: Path, folder: Path) -> Path:
    """The seed as an office would have it in Word: one paragraph per line, Markdown marks dropped."""
    import docx

    from audit.generate import strip_markdown

    document = docx.Document()
    for line in strip_markdown(path.read_text(encoding="utf-8")).split("\n"):
        if line.strip():
            document.add_paragraph(line)
    target = folder / f"{path.stem}.docx"
    document.save(str(target))
    return target


def _converted(path: Path, fmt: str, folder: Path) -> Path:
    from audit.generate.writers import export_pdf, soffice

    converted = _seed_docx(seed(path), folder)
    if fmt == "pdf":
        if soffice() is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        converted = export_pdf(converted, folder)
    return converted


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("path", list(HEADERS), ids=lambda p: p.name)
def test_seed_converted_extracts_as_the_text(tmp_path: Path, path: Path, fmt: str) -> None:
    extraction = _extract(_converted(path, fmt, tmp_path))
    assert {key: getattr(extraction.header, key) for key in HEADERS[path]} == HEADERS[path]
    assert {(f.metric, f.scope): f.value for f in extraction.facts} == FACTS[path]
    lines = extraction.document.lines
    for fact in extraction.facts:
        assert fact.raw in lines[fact.line - 1]
        if fmt == "pdf":
            assert fact.page == extraction.document.page_of(fact.line) >= 1
        else:
            assert fact.page is None


def test_seed_pdf_facts_cite_their_pages(tmp_path: Path) -> None:
    extraction = _extract(_converted(SEED_2023, "pdf", tmp_path))
    pages = {(f.metric, f.scope): f.page for f in extraction.facts}
    # The window and manual figures open the issue; the provincial figures follow on the same page.
    assert pages[("window.accepted", "week")] == 1
    assert set(pages.values()) == {1}
    assert max(extraction.document.pages) == 2
