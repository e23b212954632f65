"""A generated corpus of figure statements: no wrong current value is ever read without a finding.

The corpus crosses the constructions editors use (order of subject, scope and measures,
coordination with 分别, value before label, colon lists), prior-period and change clauses before
or after the figure, rounded summaries, and the noise of real exports (spaces, thousands
separators, full-width digits, a line break anywhere). For every variant, each figure read as a
current value is the true one, or the reader has flagged the sentence (unclear, unreadable,
conflicting); and the plain variants are read completely.
"""

from __future__ import annotations

import random
import re
from itertools import product

import pytest

from audit.extract.figures import read_figures
from audit.extract.layout import build_layout
from tests.conftest import document

HEAD = "窗口工作周报\n2024年第36期（总第470期）\n某省政务服务中心\n2024年9月6日\n（9月2日—9月6日）\n一、办理情况\n"
FLAGS = ("unclear", "unreadable")
TRUTH = {"accepted": 332407, "completed": 327016, "prior_a": 300512, "prior_c": 299871}

SUBJECTS = ("省本级行政许可事项", "行政许可类事项", "行政许可")
SCOPES = ("今年以来，", "截至9月6日，", "2024年1月1日至2024年9月6日，", "今年以来（截至9月6日），", "")
TEMPLATES = {
    "plain": "{scope}{subject}受理{A}件，办结{C}件。",
    "reversed": "{scope}{subject}办结{C}件，受理{A}件。",
    "respectively": "{scope}{subject}受理、办结分别为{A}件、{C}件。",
    "joined": "{subject}{scope}受理{A}件、办结{C}件。",
    "value-first": "{scope}共受理{A}件{subject}，办结{C}件。",
    "colon": "{scope}{subject}办理情况：受理{A}件；办结{C}件。",
    "colon-each": "{scope}{subject}：受理：{A}件，办结：{C}件。",
}
PRIORS = {
    "none": "",
    "before": "去年同期{subject}受理{PA}件、办结{PC}件；",
    "header-before": "去年同期，{subject}受理{PA}件，办结{PC}件；",
    "after-paren": "",
    "aside": "",
    "header-after": "",
    "change": "",
}
SUMMARIES = ("", "exact-round", "misround")


def _number(value: int, style: str) -> str:
    text = f"{value:,}" if style == "grouped" else str(value)
    if style == "fullwidth":
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


def _sentence(template: str, subject: str, scope: str, prior: str, style: str) -> str:
    a, c = _number(TRUTH["accepted"], style), _number(TRUTH["completed"], style)
    if prior == "after-paren":
        a += "件（上年同期" + _number(TRUTH["prior_a"], style)
    if prior == "change":
        c += "件，同比增长" + "2.5%" + "，较上周增加" + _number(1200, style)
    text = TEMPLATES[template].format(scope=scope, subject=subject, A=a, C=c)
    if prior == "after-paren":
        text = text.replace(
            f"件（上年同期{_number(TRUTH['prior_a'], style)}件",
            f"件（上年同期{_number(TRUTH['prior_a'], style)}件）",
            1,
        )
    if prior == "aside" and template in ("plain", "reversed", "value-first", "colon-each"):
        a += "件，上年同期为" + _number(TRUTH["prior_a"], style)
        text = TEMPLATES[template].format(scope=scope, subject=subject, A=a, C=c)
    if prior == "header-after":
        pa, pc = _number(TRUTH["prior_a"], style), _number(TRUTH["prior_c"], style)
        text = text.rstrip("。") + f"；去年同期，受理{pa}件，办结{pc}件。"
    if prior in ("before", "header-before"):
        if not scope:  # a prior-period clause needs the scope of the figures after it
            scope = "今年以来，"
            text = TEMPLATES[template].format(scope=scope, subject=subject, A=a, C=c)
        text = (
            PRIORS[prior].format(
                subject=subject, PA=_number(TRUTH["prior_a"], style), PC=_number(TRUTH["prior_c"], style)
            )
            + text
        )
    if style == "spaced":  # a space between digits and Chinese, as the 2023 layout prints
        text = re.sub(r"(?<=[^\d\s,.])(?=\d)|(?<=\d)(?=[^\d\s,.])", " ", text)
    return text


def _summary(kind: str, subject: str) -> str:
    if kind == "exact-round":
        return f"今年以来，{subject}受理约{TRUTH['accepted'] / 10_000:.2f}万件。"
    if kind == "misround":
        return f"今年以来，{subject}受理约{TRUTH['accepted'] / 10_000 + 1:.2f}万件。"
    return ""


def _variants() -> list[tuple[str, ...]]:
    every = list(
        product(TEMPLATES, SUBJECTS, SCOPES, PRIORS, SUMMARIES, ("plain", "grouped", "fullwidth", "spaced"))
    )
    return random.Random(12).sample(every, 600)


def _wrap(text: str, rng: random.Random) -> str:
    """Return ``text`` with a hard line break at a random place, as exports wrap lines."""
    cut = rng.randrange(1, len(text) - 1)
    return text[:cut] + "\n" + text[cut:]


@pytest.mark.parametrize("variant", _variants(), ids=lambda v: "-".join(v[:1] + v[2:3] + v[3:]))
def test_no_wrong_current_value_without_a_finding(variant: tuple[str, ...]) -> None:
    template, subject, scope, prior, summary, style = variant
    rng = random.Random(hash(variant) & 0xFFFF)
    sentence = _sentence(template, subject, scope, prior, style)
    extra = _summary(summary, subject)
    body = _wrap(extra + sentence if rng.random() < 0.5 else sentence + extra, rng)
    facts, figures = read_figures(build_layout(document(HEAD + body)))
    flagged = {f.metric for f in figures if f.role in FLAGS or f.status == "conflict"}
    read = {(f.metric, f.scope): f.value for f in facts}
    truth = {
        ("admin_license.accepted", "ytd"): TRUTH["accepted"],
        ("admin_license.completed", "ytd"): TRUTH["completed"],
    }
    for key, value in read.items():
        assert key in truth, f"{key} read from {body!r}"
        # A flag without a metric (a value whose subject could not be told) stands for any metric.
        assert value == truth[key] or key[0] in flagged or "" in flagged, f"{key} = {value} from {body!r}"
    if prior in ("none", "after-paren", "change", "aside", "header-after") and not flagged:
        assert read == truth, body
    superseded = [f for f in figures if f.status == "superseded"]
    if summary and "" not in flagged:
        assert len(superseded) == 1 and superseded[0].approx
        inside = superseded[0].low <= TRUTH["accepted"] <= superseded[0].high  # type: ignore[operator]
        assert inside is (summary == "exact-round")


WINDOW_TRUTH = {"consultations": (1724, 46612), "accepted": (774, 12658), "transferred": (12471, 204351)}
WINDOW_WORDS = {
    "consultations": ("咨询", "接待咨询"),
    "accepted": ("受理", "受理办件"),
    "transferred": ("流转", "流转办件"),
}
UNITS = {"consultations": "人次", "accepted": "件", "transferred": "件"}


def _window(order: str, words: int, subject: str, joiner: str) -> str:
    def part(scope: int) -> str:
        return joiner.join(
            f"{WINDOW_WORDS[m][words]}{WINDOW_TRUTH[m][scope]}{UNITS[m]}" for m in WINDOW_TRUTH
        )

    week, ytd = f"本周，{subject}共计{part(0)}", f"今年以来，{subject}累计{part(1)}"
    if order == "week-first":
        return f"{week}；{ytd}。"
    if order == "ytd-first":
        return f"{ytd}，其中本周{part(0)}。"
    return f"{ytd}。{week}。"


@pytest.mark.parametrize(
    "variant",
    list(
        product(("week-first", "ytd-first", "two-sentences"), (0, 1), ("", "综窗", "综合窗口"), ("、", "，"))
    ),
    ids=lambda v: "-".join(map(str, v)),
)
def test_window_figures_in_either_order(variant: tuple[str, int, str, str]) -> None:
    body = "（一）省本级综窗办件情况\n" + _window(*variant)
    facts, figures = read_figures(build_layout(document(HEAD + body)))
    read = {(f.metric, f.scope): f.value for f in facts}
    truth = {(f"window.{m}", s): v[i] for m, v in WINDOW_TRUTH.items() for i, s in enumerate(("week", "ytd"))}
    assert read == truth, body
    assert not [f for f in figures if f.role in FLAGS]
