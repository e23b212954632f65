"""Paragraphs are rebuilt from wrapped lines; numbers cut by a line break are whole again."""

from __future__ import annotations

import pytest

from audit.extract.layout import build_layout
from tests.conftest import document

HEAD = "窗口工作周报\n2024年第3期（总第470期）\n某省政务服务中心\n2024年1月26日\n（1月15日—1月19日）\n"


@pytest.mark.parametrize(
    "body",
    [
        "据统计，受理46,612件，办结1,234,567件。",
        "据统计，受理４６，６１２件，办结１，２３４，５６７件。",
        "据统计，受理46,\n612件，办结1,234,56\n7件。",
        "据统计，受理46\n,612件，办结1\n,234,567件。",
        "据统计，受理46,6\n— 2 —\n12件，\n办结1,234,567件。",
    ],
)
def test_thousands_separators_go_even_across_line_breaks(body: str) -> None:
    paragraphs = build_layout(document(HEAD + body)).paragraphs
    assert [p.text for p in paragraphs] == ["据统计，受理46612件，办结1234567件。"]


def test_separators_that_are_not_grouping_stay() -> None:
    paragraphs = build_layout(document(HEAD + "据统计，受理46,61件，共12,3456个。")).paragraphs
    assert paragraphs[0].text == "据统计，受理46，61件，共12，3456个。"


def test_headings_and_sentences_split_paragraphs() -> None:
    body = "一、受理办理情况\n据统计，受理\n\n10件。\n（一）办件\n本周，共计咨询\n5人次。"
    texts = [p.text for p in build_layout(document(HEAD + body)).paragraphs]
    assert texts == ["一、受理办理情况", "据统计，受理10件。", "（一）办件", "本周，共计咨询5人次。"]


def test_evidence_is_cut_from_the_original_lines() -> None:
    layout = build_layout(document(HEAD + "据统计，受理 46,\n612 件，办结\n1,234 件。"))
    sentence = layout.sentences[0]
    assert sentence.raw() == "据统计，受理 46,612 件，办结1,234 件。"
    start = sentence.text.index("46612")
    assert (sentence.raw(start, start + 5), sentence.line_at(start), sentence.line_at(start + 4)) == (
        "46,612",
        6,
        7,
    )
