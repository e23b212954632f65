"""Turn one document into the records of every table: issue, facts, headings, dates, lists."""

from __future__ import annotations

from dataclasses import dataclass

from audit.extract.figures import Fact, extract_facts
from audit.extract.header import Header, extract_header
from audit.extract.layout import build_layout
from audit.extract.structure import (
    BodyDate,
    Enumeration,
    Heading,
    extract_dates,
    extract_enumerations,
    extract_headings,
)
from audit.ingest.document import Document

__all__ = ["Extraction", "extract_document"]


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    header: Header
    facts: list[Fact]
    headings: list[Heading]
    dates: list[BodyDate]
    enumerations: list[Enumeration]


def extract_document(document: Document) -> Extraction:
    """Return the header, figures and text structure of ``document``."""
    layout = build_layout(document)
    header = extract_header(layout)
    return Extraction(
        document=document,
        header=header,
        facts=extract_facts(layout),
        headings=extract_headings(layout),
        dates=extract_dates(layout, header.period_end or header.published),
        enumerations=extract_enumerations(layout),
    )
