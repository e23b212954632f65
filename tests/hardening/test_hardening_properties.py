"""Property-based tests: extraction never fails, never invents a figure, and ignores export noise."""

from __future__ import annotations

import random
import re
import tempfile
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.errors import NotAnIssue
from audit.extract import Extraction, extract_document
from audit.extract.normalize import is_footer, normalize_line
from audit.extract.numbers import parse_number
from audit.formats import render_output
from audit.generate import add_noise, strip_markdown
from audit.generate.noise import ALL
from audit.ingest.document import Document
from audit.pipeline import check
from tests.hardening.hardening_support import issue_texts

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real issues, so that random text actually reaches the patterns of the extractor.
TOKENS = (
    *("窗口工作周报", "某某政务服务中心", "年", "月", "日", "第", "期", "总第", "（", "）", "(", ")"),
    *("—", "-", "至", "～", "截至", "1月1日", "本周", "本期", "今年以来", "累计", "综窗", "咨询"),
    *("人次", "受理", "办结", "颁发", "流转", "件", "，", "。", "；", "、", "：", "省本级行政许可事项"),
    *("公共服务事项", "其它", "类行权事项", "手册", "完成", "办理项", "个", "共完成", "占比", "%", "万"),
    *("共印", "份", "一、", "（一）", "1.", "①", "一是", "等", "项", "十", "九", "百", "零", "两", "〇"),
    *("．", ".", "０", "５", "٣", "𝟓", "\u3000", "\xa0", "— 3 —", "-3-", "#", "**", "\t", "结转"),
)
NUMBERS = (
    st.integers(0, 10**6).map(str)
    | st.integers(0, 10**30).map(str)
    | st.sampled_from(["2023", "0001", "1600", "2300", "9" * 400, "万" * 3000, "1.5", "0.0", "12", "31"])
)
LINES = st.lists(st.sampled_from(TOKENS) | NUMBERS | st.text(max_size=4), max_size=25).map("".join)


def document(text: str, source: str = "issue.md") -> Document:
    """Return a Markdown document made of ``text``."""
    return Document(source, tuple(text.split("\n")), "md")


def values(extraction: Extraction) -> tuple[object, ...]:
    """Return what an issue says (masthead and figures), without where it says it."""
    h = extraction.header
    masthead = (h.publisher, h.title, h.year, h.issue_no, h.serial_no, h.published)
    dates = (h.period_start, h.period_end, h.as_of, h.copies)
    facts = sorted(
        (f.metric, f.scope, f.value, f.unit, f.carryover, f.category_count) for f in extraction.facts
    )
    return masthead, dates, facts


@cache
def clean_values(index: int, markdown: bool) -> tuple[object, ...]:
    """Return the values of a generated issue without any noise (Markdown, or as Word shows it)."""
    text = issue_texts()[index]
    return values(extract_document(document(text if markdown else strip_markdown(text))))


def squeeze(text: str, keep_footers: bool = False) -> str:
    """Return ``text`` without white space, commas and page footers, full-width forms folded."""
    lines = (normalize_line(0, line).text for line in text.split("\n"))
    return re.sub(r"[\s,，]", "", "".join(line for line in lines if keep_footers or not is_footer(line)))


def assert_nothing_invented(extraction: Extraction, text: str) -> None:
    """Ensure each figure is printed in ``text`` and its printed form reads as its value."""
    source = squeeze(text)
    for fact in extraction.facts:
        # (A figure alone, 412, looks like a page number; here it is not one.)
        printed = squeeze(fact.raw, keep_footers=True)
        assert printed and printed in source, (fact, printed)
        number, wan = (printed[:-1], True) if printed.endswith("万") else (printed, False)
        parsed = parse_number(number, wan)
        assert parsed is not None, fact
        if fact.metric == "manual.items" and fact.scope == "week":
            assert fact.value >= parsed  # the sum of the items listed, the first of which is printed here
        else:
            assert fact.value == parsed, (fact, printed)


# --- never raises --------------------------------------------------------------------------


@PROPERTY
@given(st.lists(st.text(), max_size=30))
def test_any_unicode_text_extracts_without_error(lines: list[str]) -> None:
    extraction = extract_document(Document("x.md", tuple(lines), "md"))
    assert_nothing_invented(extraction, "\n".join(lines))


@PROPERTY
@given(st.lists(LINES, max_size=30))
def test_report_like_text_extracts_without_error_or_invention(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert_nothing_invented(extract_document(document(text)), text)


@st.composite
def mutated_issue(draw: st.DrawFn) -> str:
    """Return a real issue with some numbers replaced by extreme ones and some lines shuffled about."""
    text = draw(st.sampled_from(issue_texts()))
    runs = list(re.finditer(r"\d+", text))
    for index in sorted(set(draw(st.lists(st.integers(0, len(runs) - 1), max_size=6))), reverse=True):
        run = runs[index]
        text = text[: run.start()] + draw(NUMBERS) + text[run.end() :]
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["repeat", "drop", "insert"]))
        if action == "repeat":
            lines.insert(at, lines[at])  # a heading number or a dated sentence printed twice
        elif action == "drop" and len(lines) > 1:
            del lines[at]
        else:
            lines.insert(at, draw(LINES))
    return "\n".join(lines)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated_issue(), min_size=1, max_size=3))
def test_damaged_issues_go_through_the_whole_pipeline(texts: list[str]) -> None:
    # A misprinted year, a 30-digit count, a repeated heading: findings or nulls, never a crash,
    # also in the rules that compare one issue with the next.
    with tempfile.TemporaryDirectory() as folder:
        for number, text in enumerate(texts):
            (Path(folder) / f"issue-{number}.md").write_text(text, encoding="utf-8")
        result = check([folder])
        # A file with control characters in it is rightly refused as binary; nothing else may fail.
        binary = {
            str(Path(folder) / f"issue-{number}.md")
            for number, text in enumerate(texts)
            if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text)
        }
    # A mutation that leaves no masthead at all makes the file no issue (one line, exit 2).
    assert all(
        (error.source in binary and "binary" in str(error.reason)) or isinstance(error, NotAnIssue)
        for error in result.errors
    )
    for fmt in ("json", "text", "junit", "github"):
        render_output(result, fmt).encode("utf-8")
    for text in texts:
        assert_nothing_invented(extract_document(document(text)), text)


# Texts a hostile file can hold that used to make extraction quadratic (minutes for tens of KB).
SLOW_BEFORE = {
    "grouped digits": "1" + ",000" * 16000,
    "counts": "甲、乙" + "1个" * 16000,
    "completions": "办理项本周手册占" + "完成" * 32000,
    "digits then a count": "9" * 64000 + "个",
    "lines without a full stop": "\n".join(f"第{i}行没有句号，受理{i}件" for i in range(20000)),
}


@pytest.mark.parametrize("text", SLOW_BEFORE.values(), ids=SLOW_BEFORE.keys())
def test_hostile_text_extracts_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    for lines in (
        (text,),
        tuple(text.split("\n")) if "\n" in text else (text[i : i + 35] for i in range(0, len(text), 35)),
    ):
        extract_document(Document("x.md", tuple(lines), "md"))
    assert time.perf_counter() - started < 10  # about a second today


# --- export noise changes nothing -----------------------------------------------------------

FOOTERS = ("— {n} —", "-{n}-", "- {n} -", "—{n}—")
# Characters an export may print full-width; the normaliser folds them back one for one.
FULL_WIDTH = {
    **{str(d): chr(0xFF10 + d) for d in range(10)},
    **dict(zip("%(),:;.-", "％（），：；．－", strict=True)),
}


@st.composite
def noisy_issue(draw: st.DrawFn) -> tuple[int, bool, str]:
    """Return an issue (its index and layout) with export noise and random insertions."""
    index = draw(st.integers(0, len(issue_texts()) - 1))
    markdown = draw(st.booleans())
    text = issue_texts()[index] if markdown else strip_markdown(issue_texts()[index])
    kinds = draw(st.sets(st.sampled_from(ALL)))
    text = add_noise(text, random.Random(draw(st.integers(0, 2**32))), kinds)
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 15))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        kind = draw(st.sampled_from(["break", "space", "footer", "page", "fullwidth", "blank"]))
        if kind in ("break", "page") and len(line) > 40:
            # A hard wrap (or a page break with its footer) somewhere in a long line.
            cut = draw(st.integers(1, len(line) - 1))
            footer = (
                [draw(st.sampled_from(FOOTERS)).format(n=draw(st.integers(1, 99)))] if kind == "page" else []
            )
            lines[at : at + 1] = [line[:cut], *footer, line[cut:]]
        elif kind == "space" and len(line) > 1:
            cut = draw(st.integers(1, len(line) - 1))
            if not set(line[cut - 1 : cut + 1]) & set("#*-_>|"):  # inside markup a space changes meaning
                lines[at] = line[:cut] + draw(st.sampled_from([" ", "  ", "\u3000", "\xa0"])) + line[cut:]
        elif kind == "footer":
            lines.insert(at, draw(st.sampled_from(FOOTERS)).format(n=draw(st.integers(1, 99))))
        elif kind == "fullwidth":
            spots = [
                i for i, c in enumerate(line) if c in FULL_WIDTH and not line.startswith(("#", "-", "*"))
            ]
            if spots:
                spot = draw(st.sampled_from(spots))
                lines[at] = line[:spot] + FULL_WIDTH[line[spot]] + line[spot + 1 :]
        elif kind == "blank":
            lines.insert(at, "")
    return index, markdown, "\n".join(lines)


@PROPERTY
@given(noisy_issue())
def test_export_noise_leaves_the_masthead_and_figures_unchanged(issue: tuple[int, bool, str]) -> None:
    index, markdown, text = issue
    extraction = extract_document(document(text))
    assert values(extraction) == clean_values(index, markdown)
    assert_nothing_invented(extraction, text)


@pytest.mark.parametrize(
    "line", ["受理-０省本级行政许可事项", "受理-0省本级行政许可事项", "受理+０省本级行政许可事项"]
)
def test_a_sign_on_a_count_without_its_unit_is_reported_not_read(line: str) -> None:
    extraction = extract_document(Document("x.md", (line,), "md"))
    assert extraction.facts == []
    assert [(f.role, f.problem) for f in extraction.figures] == [("unreadable", "sign")]
