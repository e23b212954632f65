"""The figures of an issue: every statement the grammar reads, reconciled into one value per metric.

Sentences of the body (and, through one hook, the statements the table reader composes from each
cell's row and column labels) go through the grammar of the series profile. Every number gets a
``Figure`` row with its role. The current values of a metric and scope are then reconciled: the
same value twice is one figure; an exact value wins over an approximate one; two different exact
values are a conflict, and neither becomes a fact (the rules report it, naming both sentences).
Carry-over notes are read in the clause and in a later 注/说明 sentence naming the category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from audit.extract.grammar import Reading, Role, Statement, Value, lexicon, read_sentence, tokens
from audit.extract.grammar.lexicon import last_scope
from audit.extract.layout import Layout, Paragraph, Span
from audit.extract.normalize import is_footer
from audit.extract.records import Fact, Figure
from audit.extract.tables import table_statements
from audit.profiles import Profile, profile_for
from schemas.settings import CARRYOVER_WORDS

# A note that qualifies figures printed before it: 注：…, 说明：…, 备注：…, ※…, *…
_NOTE = re.compile(r"^(?:注|说明|备注|附注)\d*[：:]|^[※*＊]")
_FURNITURE = re.compile(r"共印$|印发$")
_DIGITS = re.compile(r"\d+")
HEADING_MAX = 40
_DIGITS_ONLY = re.compile(r"[^\d.]")


@dataclass
class _Candidate:
    fact: Fact
    figure: int


def _figure(span: Span, role: Role) -> Figure:
    value = role.value
    start, end = (value.num_start, value.num_end) if value is not None else (role.start, role.end)
    name = role.role
    if name == "count" and _FURNITURE.search(span.text[max(0, role.start - 4) : role.start]):
        name = "furniture"
    # The digits as printed for what a reviewer must check; the normalised digits for the rest.
    printed = name in ("unreadable", "unclear") or role.metric
    return Figure(
        line=span.line_at(start),
        raw=(span.raw(start, end) if printed else span.text[start:end]) or role.raw,
        value=value.value if value is not None else None,
        role=name,
        evidence=span.evidence,
        metric=role.metric,
        scope=role.scope,
        approx=bool(value and value.approx),
        low=value.low if value is not None else None,
        high=value.high if value is not None else None,
        problem=role.problem or (value.problem if value is not None else ""),
    )


def _fact(span: Span, reading: Reading, statement: Statement) -> Fact:
    value: Value = statement.value
    subject = statement.subject
    clause = ""
    if subject is not None and subject.start < value.start:
        later = [s.start for s in reading.subjects if s.start > subject.start]
        clause = span.text[subject.start : later[0] if later else len(span.text)]
    total = statement.total
    return Fact(
        metric=statement.metric.id,
        scope=statement.scope,
        value=total if total is not None else float("nan"),
        unit=statement.metric.unit,
        line=span.line_at(value.num_start),
        evidence=span.evidence,
        raw=span.raw(value.num_start, value.num_end),
        clause=clause,
        carryover=any(word in clause for word in CARRYOVER_WORDS),
        category_count=subject.category_count if subject is not None else None,
        approx=value.approx,
        low=value.low if not statement.parts else total,
        high=value.high if not statement.parts else total,
    )


def _metric_figure(span: Span, fact: Fact, value: Value) -> Figure:
    return Figure(
        line=fact.line,
        raw=fact.raw,
        value=fact.value,
        role="metric",
        evidence=span.evidence,
        metric=fact.metric,
        scope=fact.scope,
        approx=fact.approx,
        low=fact.low,
        high=fact.high,
        status="used",
    )


def _read(span: Span, reading: Reading, figures: list[Figure], candidates: list[_Candidate]) -> None:
    for statement in reading.statements:
        fact = _fact(span, reading, statement)
        # A sign on a count (受理-369861件, 受理+12件, or either with its unit left out) is never the
        # count itself: the number is reported as unreadable, like a signed count the value reader
        # refuses.
        if statement.metric.unit != "%" and fact.raw[:1] in "+-":
            figures.append(
                Figure(
                    line=fact.line,
                    raw=fact.raw,
                    value=None,
                    role="unreadable",
                    evidence=span.evidence,
                    metric=fact.metric,
                    scope=fact.scope,
                    problem="sign",
                )
            )
            continue
        candidates.append(_Candidate(fact, len(figures)))
        figures.append(_metric_figure(span, fact, statement.value))
    figures.extend(_figure(span, role) for role in reading.roles)


def _is_heading(paragraph: Paragraph) -> bool:
    """Return True for a section heading (一、… （一）… # …) rather than a numbered item of text."""
    text = paragraph.text
    if len(text) > HEADING_MAX or "，" in text or "。" in text or "；" in text:
        return False
    return paragraph.marker is not None or paragraph.lines[0].raw.lstrip().startswith("#")


def _headings(span: Span, end: int) -> Iterator[Figure]:
    for match in _DIGITS.finditer(span.text, 0, end):
        yield Figure(span.line_at(match.start()), match[0], float(match[0]), "heading", span.evidence)


def read_figures(
    layout: Layout, profile: Profile | None = None, statements: Iterable[Span] | None = None
) -> tuple[list[Fact], list[Figure]]:
    """Return the facts of the issue (one per metric and scope) and the role of every number."""
    profile = profile or profile_for(None)
    lex = lexicon(profile)
    figures: list[Figure] = []
    candidates: list[_Candidate] = []
    notes: list[Span] = []
    context: str | None = None
    for paragraph in layout.paragraphs:
        scope: str | None = None
        if _is_heading(paragraph):
            named = [t.subject for t in tokens(lex, paragraph.text) if t.kind == "subject"]
            context = named[0] if named else None
        for index, sentence in enumerate(paragraph.sentences):
            if _NOTE.match(sentence.text):
                notes.append(sentence)
            if not lex.numbered.search(sentence.text):
                # Most sentences hold no number: only the scope they leave for the next one counts.
                scope = last_scope(lex, sentence.text, scope)
                continue
            start = paragraph.marker.end() if index == 0 and paragraph.marker else 0
            if start:
                figures.extend(_headings(sentence, start))
            reading = read_sentence(lex, profile, sentence.text, scope, start, context)
            scope = reading.scope
            _read(sentence, reading, figures, candidates)
    # Each data cell of a table is a statement of its own, read like a sentence (audit.extract.tables).
    spans = table_statements(layout) if statements is None else statements
    for span in spans:
        _read(span, read_sentence(lex, profile, span.text), figures, candidates)
    for line in layout.tail:
        if line.text and is_footer(line.text):
            figures.extend(
                Figure(line.number, m[0], float(m[0]), "furniture", line.raw.strip())
                for m in _DIGITS.finditer(line.text)
            )
    facts = _noted(_reconcile(candidates, figures), notes, lex)
    document = layout.document
    for fact in facts:
        fact.page = document.page_of(fact.line)
    return facts, figures


def _reconcile(candidates: list[_Candidate], figures: list[Figure]) -> list[Fact]:
    """Return one fact per metric and scope; mark duplicates, superseded and conflicting figures."""
    groups: dict[tuple[str, str], list[_Candidate]] = {}
    for candidate in candidates:
        groups.setdefault((candidate.fact.metric, candidate.fact.scope), []).append(candidate)
    chosen: dict[tuple[str, str], _Candidate] = {}
    for key, group in groups.items():
        exact = [c for c in group if not c.fact.approx]
        pool = exact or group
        first = pool[0]
        rivals = [c for c in pool if not _agree(c.fact, first.fact, exact=bool(exact))]
        if rivals:
            other = rivals[0]
            for candidate in pool:
                peer = other if _agree(candidate.fact, first.fact, exact=bool(exact)) else first
                figures[candidate.figure] = replace(
                    figures[candidate.figure],
                    status="conflict",
                    other_line=peer.fact.line,
                    other_value=peer.fact.value,
                    other_evidence=peer.fact.evidence,
                )
            continue
        chosen[key] = first
        for candidate in group:
            if candidate is first:
                continue
            status = "superseded" if candidate.fact.approx and exact else "duplicate"
            figures[candidate.figure] = replace(
                figures[candidate.figure],
                status=status,
                other_line=first.fact.line,
                other_value=first.fact.value,
                other_evidence=first.fact.evidence,
            )
    return [c.fact for c in sorted(chosen.values(), key=lambda c: c.figure)]


def _agree(fact: Fact, other: Fact, *, exact: bool) -> bool:
    if exact:
        return fact.value == other.value
    return (fact.low or 0) <= (other.high or 0) and (other.low or 0) <= (fact.high or 0)


def _noted(facts: list[Fact], notes: list[Span], lex: object) -> list[Fact]:
    """Return ``facts`` with the carry-over notes of 注/说明 sentences applied to the category they name."""
    for note in notes:
        if not any(word in note.text for word in CARRYOVER_WORDS):
            continue
        named = {t.subject for t in tokens(lex, note.text) if t.kind == "subject"}  # type: ignore[arg-type]
        facts = [
            replace(f, carryover=True, clause=f"{f.clause}（{note.text}）")
            if not named or f.metric.split(".")[0] in named or _subject_of(f) in named
            else f
            for f in facts
        ]
    return facts


def _subject_of(fact: Fact) -> str:
    return fact.metric.rsplit(".", 1)[0]


def extract_facts(layout: Layout, profile: Profile | None = None) -> list[Fact]:
    """Return the figures of the issue, one per metric and scope."""
    return read_figures(layout, profile)[0]
