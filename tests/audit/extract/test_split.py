"""A file holding several issues is split at each masthead; a file with one stays whole."""

from __future__ import annotations

import re
from datetime import date

import pytest

from audit.extract import extract_document, place, split_document
from audit.generate.mastheads import render_combined, render_compilation, render_form, render_supplement
from audit.generate.series import generate_series
from tests.conftest import document

SPECS = generate_series(4, start=date(2023, 9, 4), style="2022", seed=11)
SPECS_2023 = generate_series(3, start=date(2023, 9, 4), style="2023", seed=12)


def _spans(text: str, source: str = "q3.docx") -> list[tuple[str, int, int, str, int | None, int | None]]:
    """Return, per issue: source, first and last non-blank line, kind, issue and serial number."""
    out = []
    for part in split_document(document(text, source)):
        lines = [part.offset + n for n, line in enumerate(part.document.lines, start=1) if line.strip()]
        header = place(extract_document(part.document), part).header
        out.append(
            (part.document.source, lines[0], lines[-1], header.kind, header.issue_no, header.serial_no)
        )
    return out


def _first_lines(texts: list[str]) -> list[int]:
    starts, line = [], 1
    for text in texts:
        starts.append(line)
        line += text.rstrip("\n").count("\n") + 2  # its lines and the blank line after it
    return starts


@pytest.mark.parametrize("form", ["plain", "chinese", "boxes", "cells", "no_year", "imprint"])
def test_compilation_is_split_at_each_masthead(form: str) -> None:
    texts = [render_form(spec, form) for spec in SPECS[:3]]
    spans = _spans(render_compilation(texts))
    assert [(s[0], s[1], s[3], s[4], s[5]) for s in spans] == [
        (f"q3.docx#{n}", first, "regular", spec.issue_no, spec.serial_no)
        for n, (first, spec) in enumerate(zip(_first_lines(texts), SPECS, strict=False), start=1)
    ]


def test_each_issue_keeps_its_figures_and_file_lines() -> None:
    texts = [
        render_form(SPECS_2023[0]),
        render_combined(SPECS_2023[1], SPECS_2023[2]),
        render_supplement(SPECS_2023[2]),
    ]
    parts = split_document(document(render_compilation(texts, separator="-" * 20), "q3.md"))
    extractions = [place(extract_document(part.document), part) for part in parts]
    assert [e.header.kind for e in extractions] == ["regular", "combined", "supplement"]
    first = extractions[0]
    assert {(f.metric, f.scope): f.value for f in first.facts} == {
        (f.metric, f.scope): f.value for f in SPECS_2023[0].facts
    }
    combined = {(f.metric, f.scope): f.value for f in extractions[1].facts}
    assert combined[("window.accepted", "ytd")] == SPECS_2023[2].require("window.accepted")
    assert combined[("window.accepted", "week")] == SPECS_2023[1].require(
        "window.accepted", "week"
    ) + SPECS_2023[2].require("window.accepted", "week")
    assert extractions[2].facts == []
    # Lines are the file's lines: every figure cites the line of the file that prints it.
    whole = render_compilation(texts, separator="-" * 20).split("\n")
    for e in extractions:
        assert all(str(int(f.value)) in whole[f.line - 1].replace(" ", "") for f in e.facts if f.unit != "%")
        assert e.header.header_line is not None and re.search("期|刊", whole[e.header.header_line - 1])
        assert e.document.source.startswith("q3.md#") and len(e.document.lines) == len(whole)
    assert all(f.line > len(texts[0].split("\n")) for e in extractions[1:] for f in e.facts)


@pytest.mark.parametrize(
    "text",
    [
        render_form(SPECS[0]),
        # A heading naming a training session's 第2期 opens no issue.
        render_form(SPECS[0]).replace("二、", "（三）第2期业务培训班\n\n二、", 1),
        # The issue numbers of other issues quoted in sentences open none either.
        render_form(SPECS[0]).replace("二、", "据2023年第33期（总第453期）通报，本周继续推进。\n\n二、", 1),
        "会议纪要\n\n一、会议情况\n\n本次会议研究了有关事项。\n\n二、下一步\n\n抓好落实。\n",
    ],
    ids=["one-issue", "heading-with-issue-number", "sentence-with-issue-number", "no-masthead"],
)
def test_a_single_issue_stays_whole(text: str) -> None:
    parts = split_document(document(text, "a.md"))
    assert [(p.document.source, p.document.lines, p.offset) for p in parts] == [
        ("a.md", tuple(text.split("\n")), 0)
    ]


def test_tables_and_notes_follow_their_issue() -> None:
    from audit.ingest.document import ReadNote, Table

    texts = [render_form(SPECS[0]), render_form(SPECS[1])]
    base = document(render_compilation(texts), "q.docx")
    second = _first_lines(texts)[1]
    tables = (Table((("a", "b"),), 0, (3,)), Table((("c", "d"),), 0, (second + 5,)))
    notes = (ReadNote(second + 6, "ragged", "表格不规则", "ragged table"),)
    parts = split_document(type(base)(base.source, base.lines, base.format, tables=tables, notes=notes))
    assert [(len(p.document.tables), len(p.document.notes)) for p in parts] == [(1, 0), (1, 1)]
    # Within the part its lines count from 1; placed back, they are the file's.
    assert (parts[1].document.tables[0].lines, parts[1].document.notes[0].line) == ((6,), 7)
    assert parts[1].offset == second - 1


def test_a_running_page_header_opens_no_issue() -> None:
    # A PDF repeats 窗口工作周报（第N期） at the top of every page: the same issue, not a new one.
    text = render_form(SPECS[0]).replace(
        "二、", f"窗口工作周报（{SPECS[0].year}年第{SPECS[0].issue_no}期）\n\n二、", 1
    )
    assert [p.document.source for p in split_document(document(text, "a.pdf"))] == ["a.pdf"]
    compiled = render_compilation([text, render_form(SPECS[1])])
    assert [p.document.source for p in split_document(document(compiled, "q.pdf"))] == ["q.pdf#1", "q.pdf#2"]
