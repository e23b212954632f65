"""Mark the figures of an OCR'd document with what the engine said about their characters.

A figure read by OCR carries ``ocr=True``, the engine's lowest confidence over its characters,
and ``ocr_split`` when it touches a seam: a place where two pieces the engine read apart meet,
or where it read across a wide gap, so its digits may have been split in two or merged from two.
The figure is found by its printed text on its line (or across the break into the next line,
where the number was wrapped); where it occurs more than once, the worst occurrence counts, so
a doubt is never hidden behind a clean twin.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from audit.extract.records import Fact
from audit.ingest.document import Document, OcrLine


def mark_facts(facts: list[Fact], document: Document) -> list[Fact]:
    """Return ``facts`` with the OCR fields filled when ``document`` was read by OCR."""
    if not document.ocr:
        return facts
    return [_mark(fact, document) for fact in facts]


def _mark(fact: Fact, document: Document) -> Fact:
    index = fact.line - 1
    if not 0 <= index < len(document.ocr):
        return dataclasses.replace(fact, ocr=True)
    text, marks = document.lines[index], document.ocr[index]
    confidence, split = _worst(text, marks, fact.raw.strip())
    if confidence is None and index + 1 < len(document.ocr):
        # A number wrapped onto the next line: search the two lines as one.
        following, more = document.lines[index + 1], document.ocr[index + 1]
        joined = OcrLine(
            confidence=marks.confidence + more.confidence,
            seams=marks.seams + tuple(len(text) + seam for seam in more.seams),
        )
        confidence, split = _worst(text + following, joined, fact.raw.strip())
    if confidence is None:
        # Not found as printed (the extractor normalised it): the whole line vouches for it.
        confidence = min(marks.confidence, default=None)
    rounded = None if confidence is None else round(confidence, 4)
    return dataclasses.replace(fact, ocr=True, confidence=rounded, ocr_split=split)


def _worst(text: str, marks: OcrLine, raw: str) -> tuple[float | None, bool]:
    """The lowest confidence and any seam over every occurrence of ``raw`` in ``text``."""
    if not raw:
        return None, False
    found: list[tuple[float, bool]] = []
    start = text.find(raw)
    while start >= 0:
        end = start + len(raw)
        found.append(
            (min(marks.confidence[start:end], default=1.0), _touches_seam(text, marks.seams, start, end))
        )
        start = text.find(raw, start + 1)
    if not found:
        return None, False
    return min(conf for conf, _ in found), any(split for _, split in found)


def _touches_seam(text: str, seams: Sequence[int], start: int, end: int) -> bool:
    """Whether a seam lies inside the figure, or a digit stands just outside it.

    A digit next to a figure, with a space or a seam between them, means the engine cut one
    number in two ("519 2485") or the extractor took only part of what it read.
    """
    if any(start < seam < end for seam in seams):
        return True
    return _digit_before(text, start) or _digit_after(text, end)


def _digit_before(text: str, at: int) -> bool:
    before = text[:at].rstrip(" ")
    return bool(before) and before[-1].isdigit()


def _digit_after(text: str, at: int) -> bool:
    after = text[at:].lstrip(" ")
    return bool(after) and after[0].isdigit()
