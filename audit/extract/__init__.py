"""Turn one document into the records of every table: issue, facts, headings, dates, lists."""

from __future__ import annotations

from dataclasses import replace

from audit.extract.records import BodyDate, Enumeration, Extraction, Fact, Header, Heading, Note
from audit.ingest.document import Document

__all__ = ["BodyDate", "Enumeration", "Extraction", "Fact", "Header", "Heading", "extract_document"]


def extract_document(document: Document) -> Extraction:
    """Return the header, figures and text structure of ``document``."""
    # Imported here: the extractors compile their patterns at import, which a run served
    # entirely by the cache (the pre-publication gate) should not pay for.
    from audit.extract.figures import extract_facts
    from audit.extract.header import extract_header
    from audit.extract.layout import build_layout
    from audit.extract.structure import extract_dates, extract_enumerations, extract_headings
    from audit.extract.tables import table_totals

    layout = build_layout(document)
    header = extract_header(layout)
    return Extraction(
        document=document,
        header=header,
        facts=extract_facts(layout),
        headings=extract_headings(layout),
        dates=extract_dates(layout, header.period_end or header.published),
        enumerations=extract_enumerations(layout),
        totals=[replace(t, page=document.page_of(t.line)) for t in table_totals(document)],
        notes=[
            Note(n.line, n.code, n.message_zh, n.message_en, document.page_of(n.line)) for n in document.notes
        ],
    )
