"""Turn one document into the records of every table: issue, facts, headings, dates, lists."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from audit.extract.records import BodyDate, Enumeration, Extraction, Fact, Figure, Header, Heading, Note
from audit.ingest.document import Document

if TYPE_CHECKING:
    from audit.extract.split import Part

__all__ = [
    "BodyDate",
    "Enumeration",
    "Extraction",
    "Fact",
    "Figure",
    "Header",
    "Heading",
    "extract_document",
    "place",
    "split_document",
]


def _imprint(dates: list[BodyDate], header: Header) -> list[BodyDate]:
    """Return ``dates`` with the publication date printed in the 版记 (…印发) marked as such.

    It is the issue's own date, not an event of the week, so ``dates_in_period`` passes it over.
    """
    if header.published_line is None:
        return dates
    return [
        replace(d, kind="imprint") if (d.line, d.date) == (header.published_line, header.published) else d
        for d in dates
    ]


def split_document(document: Document) -> list[Part]:
    """Return the issues ``document`` holds: itself, or one part per masthead (``file#2``).

    Extract each part's document, then ``place`` the extraction back into the file.
    """
    from audit.extract.split import split_issues

    return split_issues(document)


def place(extraction: Extraction, part: Part) -> Extraction:
    """Return the extraction of ``part`` with the file's line numbers (see ``audit.extract.split``)."""
    from audit.extract.split import place as place_part

    return place_part(extraction, part)


def extract_document(document: Document) -> Extraction:
    """Return the header, figures and text structure of ``document``."""
    # Imported here: the extractors compile their patterns at import, which a run served
    # entirely by the cache (the pre-publication gate) should not pay for.
    from audit.extract.figures import read_figures
    from audit.extract.header import extract_header
    from audit.extract.layout import build_layout
    from audit.extract.ocr_marks import mark_facts
    from audit.extract.structure import extract_dates, extract_enumerations, extract_headings
    from audit.extract.tables import table_totals

    layout = build_layout(document)
    header = extract_header(layout)
    from audit.profiles import profile_for

    facts, figures = read_figures(layout, profile_for(header.title))
    return Extraction(
        document=document,
        header=header,
        facts=mark_facts(facts, document),
        headings=extract_headings(layout),
        dates=_imprint(extract_dates(layout, header.period_end or header.published), header),
        enumerations=extract_enumerations(layout),
        totals=[replace(t, page=document.page_of(t.line)) for t in table_totals(document)],
        notes=[
            Note(n.line, n.code, n.message_zh, n.message_en, document.page_of(n.line)) for n in document.notes
        ],
        figures=figures,
    )
