"""Mastheads as editors print them: Chinese numerals, no year, cells and text boxes, 合刊 and 增刊.

``render_form(spec, form)`` renders an issue with the masthead of ``form``; every form carries
the same fields as ``plain`` (the project's own layout), so a reader must give the same issue
row for each. ``combine`` makes a 合刊 of two consecutive issues, ``render_supplement`` a 增刊
or 特刊 outside the numbering, and ``render_compilation`` several issues in one file, as a
quarter's export or a bound compilation holds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from audit.generate.model import IssueSpec
from audit.generate.render import _header, fmt_date, render

_DIGITS = "〇一二三四五六七八九"
#: The masthead forms ``render_form`` knows; ``plain`` is the project's own layout.
MASTHEAD_FORMS: tuple[str, ...] = (
    "plain",
    "chinese",
    "chinese_digits",
    "no_year",
    "cells",
    "boxes",
    "labelled_period",
    "imprint",
    "spaced",
)
#: How a 合刊 prints its range of numbers.
#: How a 合刊 prints its numbers; the ``word-`` forms say 合刊 in words and print only the first
#: numbers, as some editors do.
COMBINED_FORMS: tuple[str, ...] = ("dash", "dun", "chinese", "word-title", "word-number")
SUPPLEMENT_FORMS: tuple[str, ...] = ("增刊{n}", "增刊第{n}期", "第{n}期增刊", "特刊")


def cn_count(n: int) -> str:
    """Return ``n`` (1–9999) in Chinese numerals with units: 454 → 四百五十四, 105 → 一百零五."""
    if not 0 < n < 10000:
        raise ValueError(f"cn_count supports 1..9999, got {n}")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out[1:] if out.startswith("一十") else out


def cn_digits(n: int) -> str:
    """Return ``n`` digit by digit in Chinese numerals: 2023 → 二〇二三, 454 → 四五四."""
    return "".join(_DIGITS[int(c)] for c in str(n))


def cn_date(day: date, *, with_year: bool = True) -> str:
    """Return 二〇二三年九月十一日 (or 九月十一日)."""
    text = f"{cn_count(day.month)}月{cn_count(day.day)}日"
    return f"{cn_digits(day.year)}年{text}" if with_year else text


def _period(spec: IssueSpec, fmt: object = fmt_date) -> str:
    start, end = spec.period_start, spec.period_end
    both = start.year != end.year
    return f"{fmt(start, with_year=both)}—{fmt(end, with_year=both)}"  # type: ignore[operator]


def _numbering(spec: IssueSpec, number: str, serial: str, year: str | None) -> str:
    return f"{year + '年' if year else ''}第{number}期（总第{serial}期）"


def _masthead(spec: IssueSpec, form: str) -> list[str]:
    """Return the masthead lines of ``spec`` in ``form`` (the 2022 layout's order of items)."""
    y, i, s = spec.year, spec.issue_no, spec.serial_no
    published = fmt_date(spec.published, with_year=True)
    period = f"（{_period(spec)}）"
    number = _numbering(spec, str(i), str(s), str(y))
    if form == "chinese":
        number = _numbering(spec, cn_count(i), cn_count(s), cn_digits(y))
        published, period = cn_date(spec.published), f"（{_period(spec, cn_date)}）"
    elif form == "chinese_digits":
        number = _numbering(spec, cn_count(i), cn_digits(s), cn_digits(y))
        published = cn_date(spec.published)
    elif form == "no_year":
        number = _numbering(spec, str(i), str(s), None)
    elif form == "cells":
        return [
            f"{spec.title} | {y}年第{i}期 | 总第{s}期",
            f"{spec.publisher} | {published}",
            period,
            "政务服务工作",
        ]
    elif form == "boxes":
        return [f"第{i}期", f"总第{s}期", f"{y}年", spec.title, spec.publisher, published, period]
    elif form == "labelled_period":
        start, end = spec.period_start, spec.period_end
        period = f"统计时间：{fmt_date(start, with_year=True)}至{fmt_date(end, with_year=True)}"
    elif form == "imprint":
        published = ""
    elif form == "spaced":
        number = " ".join(f"{y}年第{cn_count(i)}期（总第{s}期）")
    elif form != "plain":
        raise ValueError(f"unknown masthead form {form!r}; known: {', '.join(MASTHEAD_FORMS)}")
    return [line for line in (spec.title, number, spec.publisher, published, "政务服务工作", period) if line]


def _body_and_tail(spec: IssueSpec) -> tuple[list[str], str]:
    """Return the body blocks of ``spec`` as rendered (masthead left out) and its copies line."""
    blocks = render(spec).rstrip("\n").split("\n\n")
    return blocks[len(_header(spec)) : -1], blocks[-1]


def render_form(spec: IssueSpec, form: str = "plain") -> str:
    """Return the text of ``spec`` with the masthead of ``form`` (and its 版记 to match)."""
    body, copies = _body_and_tail(spec)
    if form == "chinese":
        copies = f"（共印{cn_count(spec.copies)}份）"
    tail = [copies]
    if form == "imprint":
        # The date printed only in the 版记, as many offices do: 某中心办公室  2023年9月11日印发.
        tail.insert(0, f"{spec.publisher}办公室          {fmt_date(spec.published, with_year=True)}印发")
    return "\n\n".join([*_masthead(spec, form), *body, *tail]) + "\n"


def combine(first: IssueSpec, second: IssueSpec) -> IssueSpec:
    """Return the 合刊 of two consecutive issues: both weeks, numbered as ``first`` (see ``render_combined``)."""
    weekly = {(f.metric, f.scope): f for f in first.facts}
    facts = tuple(
        replace(f, value=f.value + weekly[(f.metric, f.scope)].value)
        if f.scope == "week" and (f.metric, f.scope) in weekly
        else f
        for f in second.facts
    )
    return replace(
        second,
        issue_no=first.issue_no,
        serial_no=first.serial_no,
        period_start=first.period_start,
        facts=facts,
    )


def render_combined(first: IssueSpec, second: IssueSpec, form: str = "dash") -> str:
    """Return the text of the 合刊 of ``first`` and ``second``: 第14-15期（总第389-390期）."""
    spec = combine(first, second)
    y, (i1, i2), (s1, s2) = spec.year, (first.issue_no, second.issue_no), (first.serial_no, second.serial_no)
    if form == "dash":
        number = f"{y}年第{i1}-{i2}期（总第{s1}-{s2}期）"
    elif form == "dun":
        number = f"{y}年第{i1}、{i2}期（总第{s1}、{s2}期）合刊"
    elif form == "chinese":
        number = f"{cn_digits(y)}年第{cn_count(i1)}至{cn_count(i2)}期（总第{cn_count(s1)}至{cn_count(s2)}期）"
    elif form == "word-title":
        number = f"{y}年第{i1}期（总第{s1}期）"
    elif form == "word-number":
        number = f"{y}年第{i1}期（合刊）（总第{s1}期）"
    else:
        raise ValueError(f"unknown 合刊 form {form!r}; known: {', '.join(COMBINED_FORMS)}")
    lines = _masthead(spec, "plain")
    lines[1] = number
    if form == "word-title":
        lines[0] = f"{lines[0]}（合刊）"
    body, copies = _body_and_tail(spec)
    return "\n\n".join([*lines, *body, copies]) + "\n"


def render_supplement(spec: IssueSpec, number: int = 1, form: str = SUPPLEMENT_FORMS[0]) -> str:
    """Return a 增刊 (or 特刊) published with ``spec``'s series: no regular number, no statistics."""
    label = form.format(n=number)
    published = fmt_date(spec.published, with_year=True)
    body = [
        "一、专题情况",
        f"为做好{spec.region}政务服务窗口专项工作，现将有关情况专报如下，请各部门窗口认真抓好落实。",
        "二、下一步工作",
        "各部门窗口要进一步提高认识，压实责任，确保各项工作按时完成。",
    ]
    lines = [
        f"{spec.title}（{'特刊' if label == '特刊' else '增刊'}）",
        f"{spec.year}年{label}",
        spec.publisher,
        published,
    ]
    return "\n\n".join([*lines, *body, f"（共印{spec.copies}份）"]) + "\n"


def render_compilation(parts: Sequence[str], *, separator: str = "") -> str:
    """Return several issues' texts as one file (a quarter's export), each after ``separator``."""
    joiner = f"\n\n{separator}\n\n" if separator else "\n\n"
    return joiner.join(part.rstrip("\n") for part in parts) + "\n"
