"""Each construction of a figure statement, in a sentence and as a table statement, in either order.

A table statement is what the table reader composes from a cell and its row and column labels
(行政许可事项今年以来受理332407件); it goes through the same grammar as a sentence.
"""

from __future__ import annotations

import pytest

from audit.extract.figures import read_figures
from audit.extract.layout import build_layout
from audit.extract.records import Fact, Figure
from tests.conftest import document

HEAD = "窗口工作周报\n2024年第3期（总第470期）\n某省政务服务中心\n2024年1月26日\n（1月15日—1月19日）\n"
Values = dict[tuple[str, str], float]


def read(body: str, table: str = "") -> tuple[list[Fact], list[Figure]]:
    """Return the facts and figures of ``body``, with ``table`` lines read as table statements."""
    layout = build_layout(document(HEAD + body))
    # One statement per line, as the table reader gives one per cell.
    cells = "\n".join(f"{line}。" for line in table.split("\n"))
    statements = build_layout(document(HEAD + "一、表\n" + cells)).sentences[1:] if table else []
    return read_figures(layout, statements=statements)


def values(body: str, table: str = "") -> Values:
    return {(f.metric, f.scope): f.value for f in read(body, table)[0]}


def roles(body: str) -> dict[str, str]:
    return {f.raw: f.role for f in read(body)[1]}


CATEGORY: Values = {("admin_license.accepted", "ytd"): 332407, ("admin_license.completed", "ytd"): 327016}
WINDOW: Values = {
    ("window.consultations", "week"): 1724,
    ("window.accepted", "week"): 774,
    ("window.consultations", "ytd"): 46612,
    ("window.accepted", "ytd"): 12658,
}

CONSTRUCTIONS = {
    "subject-measure-value": (
        ["据统计，今年以来，省本级行政许可事项受理332407件，办结327016件。"],
        ["行政许可事项今年以来受理332407件", "行政许可事项今年以来办结327016件"],
        CATEGORY,
    ),
    "respectively": (
        [
            "今年以来，行政许可事项受理、办结分别为332407件、327016件。",
            "今年以来，行政许可事项受理和办结分别是 332,407 件和 327,016 件。",
        ],
        ["今年以来行政许可事项受理332407件", "今年以来行政许可事项办结327016件"],
        CATEGORY,
    ),
    "colon-list": (
        [
            "今年以来行政许可事项办理情况：受理332407件；办结327016件。",
            "今年以来，行政许可事项：受理：332407件，办结：327016件。",
        ],
        ["行政许可事项受理（件）今年以来332407", "行政许可事项办结（件）今年以来327016"],
        CATEGORY,
    ),
    "value-before-subject": (
        ["今年以来，共受理332407件行政许可事项，办结327016件。"],
        ["今年以来受理332407件行政许可事项", "今年以来办结327016件行政许可事项"],
        CATEGORY,
    ),
    "prior-year-first": (
        ["去年同期行政许可事项受理300000件，今年以来受理332407件，办结327016件。"],
        [
            "行政许可事项去年同期受理300000件",
            "行政许可事项今年以来受理332407件",
            "行政许可事项今年以来办结327016件",
        ],
        CATEGORY,
    ),
    "prior-year-after": (
        ["今年以来，行政许可事项受理332407件（上年同期300000件），办结327016件（上年同期290000件）。"],
        [
            "行政许可事项今年以来受理332407件",
            "行政许可事项上年同期受理300000件",
            "行政许可事项今年以来办结327016件",
        ],
        CATEGORY,
    ),
    "change": (
        ["今年以来，行政许可事项受理332407件，同比增长10.8%，办结327016件，较上周增加1200件。"],
        ["行政许可事项今年以来受理332407件", "行政许可事项同比增长10.8%", "行政许可事项今年以来办结327016件"],
        CATEGORY,
    ),
    "week-then-ytd": (
        ["本周，综窗共计咨询1724人次、受理774件；今年以来，累计咨询46612人次、受理12658件。"],
        [
            "综合窗口本周咨询1724人次",
            "综合窗口本周受理774件",
            "综合窗口今年以来咨询46612人次",
            "综合窗口今年以来受理12658件",
        ],
        WINDOW,
    ),
    "ytd-then-week": (
        ["今年以来，综窗累计咨询46612人次、受理12658件，其中本周咨询1724人次、受理774件。"],
        [
            "综合窗口受理今年以来12658件",
            "综合窗口咨询今年以来46612人次",
            "综合窗口受理本周774件",
            "综合窗口咨询本周1724人次",
        ],
        WINDOW,
    ),
    "wording-drift": (
        ["本周综合窗口接待咨询1724人次，受理办件774件。今年以来累计接待咨询46612人次，受理办件12658件。"],
        [
            "本周综合窗口接待咨询1724人次",
            "本周综合窗口受理办件774件",
            "今年以来综合窗口接待咨询46612人次",
            "今年以来综合窗口受理办件12658件",
        ],
        WINDOW,
    ),
}


@pytest.mark.parametrize("form", ["sentence", "table"])
@pytest.mark.parametrize("name", list(CONSTRUCTIONS))
def test_each_construction_in_each_form(name: str, form: str) -> None:
    sentences, cells, expected = CONSTRUCTIONS[name]
    if form == "sentence":
        for sentence in sentences:
            assert values("一、情况\n" + sentence) == expected, sentence
    else:
        assert values("一、情况\n本周工作正常开展。", "\n".join(cells)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("今年以来，行政许可事项受理332407件，同比增长10.8%。", {"332407": "metric", "10.8": "change"}),
        ("去年同期，行政许可事项受理300000件。", {"300000": "prior"}),
        ("本周，综窗咨询1724人次，较上周增加12人次。", {"1724": "metric", "12": "change"}),
    ],
)
def test_prior_and_change_figures_keep_their_role(sentence: str, expected: dict[str, str]) -> None:
    assert {raw: role for raw, role in roles("一、情况\n" + sentence).items() if raw in expected} == expected


def test_prior_period_is_never_a_current_value() -> None:
    assert values("一、情况\n去年同期，行政许可事项受理300000件，办结290000件。") == {}


@pytest.mark.parametrize(
    ("phrase", "value", "low", "high"),
    [
        ("约33.24万件", 332400, 332350, 332450),
        ("33.24万件", 332400, 332350, 332450),
        ("3000余件", 3000, 3000, 4000),
        ("近3000件", 3000, 2000, 3000),
        ("超过3000件", 3000, 3000, float("inf")),
    ],
)
def test_approximate_figures_are_intervals(phrase: str, value: float, low: float, high: float) -> None:
    facts = read(f"一、情况\n今年以来，行政许可事项受理{phrase}。")[0]
    assert [(f.value, f.approx, f.low, f.high) for f in facts] == [(value, True, low, high)]


@pytest.mark.parametrize("order", ["approx-first", "exact-first"])
def test_an_exact_figure_wins_over_an_approximate_one(order: str) -> None:
    approx, exact = "今年以来行政许可事项受理约33.24万件。", "据统计，今年以来，行政许可事项受理332407件。"
    body = "一、情况\n" + (approx + exact if order == "approx-first" else exact + approx)
    facts, figures = read(body)
    assert [(f.value, f.approx) for f in facts] == [(332407, False)]
    assert [f.status for f in figures if f.role == "metric"] == (
        ["superseded", "used"] if order == "approx-first" else ["used", "superseded"]
    )


def test_two_different_values_are_a_conflict_and_neither_is_kept() -> None:
    facts, figures = read(
        "一、情况\n今年以来，行政许可事项受理332407件。", "行政许可事项今年以来受理332470件"
    )
    assert facts == []
    conflict = [f for f in figures if f.status == "conflict"]
    assert sorted(f.value for f in conflict) == [332407, 332470]
    assert {f.other_value for f in conflict} == {332407, 332470}


def test_the_same_value_twice_is_one_figure() -> None:
    facts, figures = read(
        "一、情况\n今年以来，行政许可事项受理332407件。", "行政许可事项今年以来受理332407件"
    )
    assert [(f.metric, f.value) for f in facts] == [("admin_license.accepted", 332407)]
    assert sorted(f.status for f in figures if f.role == "metric") == ["duplicate", "used"]


@pytest.mark.parametrize(
    ("printed", "problem"),
    [
        ("369\u2060861", "hidden"),
        ("369\u00ad861", "hidden"),
        ("369\u202e861", "hidden"),
        ("3.69861e5", "exponent"),
        ("369'861", "hidden"),
        ("-369861", "sign"),
        ("+369861", "sign"),
        ("99999999999999999999", "too_large"),
        # Two table columns typed with a tab or wide spaces: never one run-together number.
        ("1220\t13663", "gap"),
        ("1220  13663", "gap"),
        ("1220\u300013663", "gap"),
        ("１２２０\t１３６６３", "gap"),
    ],
)
def test_unreadable_numbers_are_reported_not_dropped_or_corrected(printed: str, problem: str) -> None:
    facts, figures = read(f"一、情况\n今年以来，行政许可事项受理{printed}件，办结1000件。")
    assert [f.metric for f in facts] == ["admin_license.completed"]
    (unreadable,) = [f for f in figures if f.role == "unreadable"]
    assert (unreadable.problem, unreadable.metric) == (problem, "admin_license.accepted")
    assert "行政许可事项受理" in unreadable.evidence


def test_a_decimal_count_keeps_its_digits() -> None:
    (fact,) = read("一、情况\n今年以来，行政许可事项受理369861.7件。")[0]
    assert (fact.value, fact.raw) == (369861.7, "369861.7")


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        ("今年以来，行政许可事项受理、办结332407件。", "measures"),
        ("今年以来，行政许可事项受理332407件、327016件。", "values"),
        ("综窗咨询1724人次、流转12471件。", "scope"),
    ],
)
def test_what_the_grammar_cannot_decide_is_unclear(sentence: str, problem: str) -> None:
    figures = read("一、情况\n" + sentence)[1]
    assert {f.problem for f in figures if f.role == "unclear"} == {problem}
    assert all(f.evidence == sentence for f in figures if f.role == "unclear")


@pytest.mark.parametrize(
    ("body", "carryover"),
    [
        ("今年以来，行政许可事项受理30件，办结40件（含上年结转）。", True),
        ("今年以来，行政许可事项受理30件，办结40件。注：行政许可事项办结数含上年结转。", True),
        ("今年以来，行政许可事项受理30件，办结40件。\n说明：办结数包括以前年度受理事项。", True),
        ("今年以来，行政许可事项受理30件，办结40件。注：公共服务事项含上年结转。", False),
        ("今年以来，行政许可事项受理30件，办结40件。", False),
    ],
)
def test_carryover_notes_in_the_clause_or_a_following_note(body: str, carryover: bool) -> None:
    facts = {f.metric: f for f in read("一、情况\n" + body)[0]}
    assert facts["admin_license.completed"].carryover is carryover


def test_share_with_its_denominator() -> None:
    body = "一、手册\n截至目前，共完成906个办理项的受理工作手册编制，占应编制总数1650个的54.91%。"
    assert values(body) == {("manual.items", "ytd"): 906, ("manual.share", "ytd"): 54.91}
    assert roles(body)["1650"] == "count"


def test_every_number_of_the_body_gets_a_role() -> None:
    body = (
        "一、情况\n1.9月1日，省中心召开会议，印发《通知》（川办发〔2023〕29号），明确13项措施。\n"
        "2.今年以来，行政许可事项受理332407件。\n（共印80份）"
    )
    found = {f.raw: f.role for f in read(body)[1]}
    assert found == {
        "1": "heading",
        "9月1日": "date",
        "〔2023〕29号": "reference",
        "13": "count",
        "2": "heading",
        "332407": "metric",
        "80": "furniture",
    }
