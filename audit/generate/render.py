"""Render an IssueSpec as the full text of one issue, in the 2022 or the 2023 layout."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from audit.generate.layouts import categories_table, window_table
from audit.generate.model import Enumeration, IssueSpec, Paragraph, Section
from audit.generate.numerals import cn_number

CARRYOVER_NOTE = "（含上年结转）"
_HAN = "\u4e00-\u9fff"
_SPACE_BEFORE = re.compile(rf"(?<=[{_HAN}])(?=\d)")
_SPACE_AFTER = re.compile(rf"(?<=\d)(?=[{_HAN}])")


def space_digits(text: str) -> str:
    """Return ``text`` with a space between every digit run and an adjacent Chinese character."""
    return _SPACE_AFTER.sub(" ", _SPACE_BEFORE.sub(" ", text))


def fmt_date(day: date, *, with_year: bool = False) -> str:
    """Return "9月1日" (or "2025年9月1日"); the 2023 layout adds its spaces afterwards."""
    text = f"{day.month}月{day.day}日"
    return f"{day.year}年{text}" if with_year else text


def fmt_dates(dates: Sequence[date]) -> str:
    """Return an event date or range as written in the body: "5月11日至13日", "8月31日至9月1日"."""
    if len(dates) == 1:
        return fmt_date(dates[0])
    first, last = dates[0], dates[-1]
    if (first.year, first.month) == (last.year, last.month):
        return f"{fmt_date(first)}至{last.day}日"
    return f"{fmt_date(first)}至{fmt_date(last)}"


def fmt_period(start: date, end: date) -> str:
    """Return the period line's content; a period crossing New Year names both years."""
    if start.year != end.year:
        return f"{fmt_date(start, with_year=True)}—{fmt_date(end, with_year=True)}"
    return f"{fmt_date(start)}—{fmt_date(end)}"


def fmt_enumeration(e: Enumeration) -> str:
    """Return "A、B、C等5个省直部门" or "“甲”“乙”“丙”三条措施"."""
    listed = "".join(f"“{x}”" for x in e.items) if e.quoted else "、".join(e.items)
    # Before a classifier 2 reads 两 ("两条措施"), never 二.
    count = ("两" if e.count == 2 else cn_number(e.count)) if e.chinese else str(e.count)
    return f"{listed}{'等' if e.deng else ''}{count}{e.noun}"


def fmt_points(points: Sequence[str]) -> str:
    """Return "一是…二是…三是…" for the given points."""
    return "".join(f"{cn_number(i)}是{p}" for i, p in enumerate(points, start=1))


def _categories_lead(spec: IssueSpec) -> tuple[str, str]:
    """Return the opening of the categories sentence (source and cut-off) and the 其它N类 count."""
    w = spec.wording
    as_of = spec.as_of
    if spec.style == "2022":
        lead = f"据{w.platform}，{as_of.year}年1月1日至{fmt_date(as_of, with_year=True)}，"
        return lead, cn_number(spec.other_powers_kinds)
    lead = f"据{w.platform}，" + (
        f"截至{fmt_date(as_of)}，" if w.since == "截至" else f"{w.since}（截至{fmt_date(as_of)}），"
    )
    return lead, str(spec.other_powers_kinds)


def categories_sentence(spec: IssueSpec) -> str:
    """Return the sentence (or the lead and table) with the year-to-date figures of the three categories."""
    w = spec.wording
    a = {c: spec.require(f"{c}.accepted") for c in ("admin_license", "public_service", "other_powers")}
    d = {c: spec.require(f"{c}.completed") for c in ("admin_license", "public_service", "other_powers")}
    note = CARRYOVER_NOTE if spec.carryover_note else ""
    lead, kinds = _categories_lead(spec)
    if spec.form.categories != "sentence":
        values = {c: (int(a[c]), int(d[c])) for c in a}
        table = categories_table(values, kinds, spec.form, note)
        return f"{lead}省本级各类事项受理办结情况如下：\n\n{table}"
    return (
        f"{lead}省本级行政许可事项受理{a['admin_license']}件，办结{d['admin_license']}件；"
        f"公共服务事项受理{a['public_service']}件，办结{d['public_service']}件，"
        f"{w.other}{kinds}类行权事项受理{a['other_powers']}件，{w.completed}{d['other_powers']}件{note}。"
    )


def window_sentence(spec: IssueSpec) -> str:
    """Return the 综窗 sentence (or table): this week's and the year's consultations, acceptances, issues, transfers."""
    week = [
        spec.require(f"window.{k}", "week") for k in ("consultations", "accepted", "issued", "transferred")
    ]
    ytd = [spec.require(f"window.{k}") for k in ("consultations", "accepted", "issued", "transferred")]
    if spec.form.window != "sentence":
        table = window_table(
            [int(v) for v in week], [int(v) for v in ytd], spec.wording.window_since, spec.form
        )
        return f"省本级综窗办件情况如下：\n\n{table}"
    return (
        f"本周，共计咨询{week[0]}人次、受理{week[1]}件、颁发{week[2]}件、流转{week[3]}件；"
        f"{spec.wording.window_since}，累计咨询{ytd[0]}人次、受理{ytd[1]}件、颁发{ytd[2]}件、流转{ytd[3]}件。"
    )


def manual_sentences(spec: IssueSpec, subject: str) -> str:
    """Return the two 受理工作手册 sentences: this week's items, the running total and its share."""
    week = spec.require("manual.items", "week")
    total = spec.require("manual.items")
    share = spec.require("manual.share")
    return (
        f"本周，完成{subject}{week}个办理项的受理工作手册编制。"
        f"{spec.wording.manual_since}，共完成{total}个办理项的受理工作手册编制，占比{share:.2f}%。"
    )


def paragraph_text(spec: IssueSpec, p: Paragraph) -> str:
    """Return the body text of one paragraph (without its list marker)."""
    if p.kind == "categories":
        text = categories_sentence(spec)
    elif p.kind == "window":
        text = window_sentence(spec)
    elif p.kind == "manual":
        text = manual_sentences(spec, p.subject)
    else:
        text = p.text
        if p.dates:
            text = text.replace("{date}", fmt_dates(p.dates))
        if p.enumeration is not None:
            text = text.replace("{enum}", fmt_enumeration(p.enumeration))
        if p.points:
            text = text.replace("{points}", fmt_points(p.points))
    # The 2023 layout spaces figures ("受理 774 件"), except in the paragraphs pasted from elsewhere
    # and in tables.
    if spec.style == "2023" and (p.spaced or p.kind != "text"):
        lead, table = text.split("\n\n", 1) if "\n\n" in text else (text, "")
        text = space_digits(lead) + (f"\n\n{table}" if table else "")
    return text


def _marker(spec: IssueSpec, p: Paragraph, first_in_sub: bool) -> str:
    """Return the list marker of a paragraph as the layout writes it."""
    if p.number is None:
        return ""
    if p.cn_marker:
        return f"{'- ' if p.bullet else ''}({cn_number(p.number)}) "
    if spec.style == "2022":
        return f"({p.number}) "
    # The real 2023 issues glue most markers to the text ("2.召集", "1.9 月 1 日"), a few keep a space.
    return f"{p.number}. " if first_in_sub else f"{p.number}."


def _header(spec: IssueSpec) -> list[str]:
    """Return the masthead lines of an issue."""
    serial = "" if "serial_no" in spec.omit else f"（总第{spec.serial_no}期）"
    number = f"{spec.year}年第{spec.issue_no}期{serial}"
    period = "" if "period" in spec.omit else f"（{fmt_period(spec.period_start, spec.period_end)}）"
    published = "" if "published" in spec.omit else fmt_date(spec.published, with_year=True)
    if spec.style == "2022":
        lines = [spec.title, number, spec.publisher, published, "政务服务工作", period]
    else:
        lines = [space_digits(number), f"# {spec.title}", space_digits(period), spec.publisher]
        lines.append(space_digits(published))
    return [line for line in lines if line]


def masthead(spec: IssueSpec) -> list[str]:
    """Return the masthead lines of an issue, as the renderer prints them."""
    return _header(spec)


def _section(spec: IssueSpec, s: Section, level: int) -> list[str]:
    """Return the blocks of a section and its subsections."""
    if level == 1:
        head = f"{cn_number(s.number)}、{s.title}"
        if spec.style == "2023":
            head = "#" * (s.hashes or 2) + " " + head
    else:
        head = f"（{cn_number(s.number)}）{s.title}"
        if spec.style == "2023":
            head = "#" * (s.hashes or 3) + " " + head
    blocks = [head]
    for i, p in enumerate(s.paragraphs):
        line = _marker(spec, p, first_in_sub=level > 1 and i == 0) + paragraph_text(spec, p)
        # Consecutive bullet items sit on adjacent lines, as in the exported originals.
        if p.bullet and i > 0 and s.paragraphs[i - 1].bullet:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    for sub in s.subsections:
        blocks += _section(spec, sub, level + 1)
    return blocks


def render(spec: IssueSpec) -> str:
    """Return the full text of ``spec`` in its layout, paragraphs separated by blank lines."""
    blocks = _header(spec)
    for s in spec.sections:
        blocks += _section(spec, s, 1)
    senders = list(spec.wording.sender_lines)
    if spec.style == "2022":
        blocks += [*senders, f"（共印 {spec.copies} 份）"]
    else:
        blocks += ["---", *senders, "---", f"（共印{spec.copies}份）"]
    return "\n\n".join(blocks) + "\n"


_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_RULE = re.compile(r"^-{3,}\n?", re.MULTILINE)
_MD_BULLET = re.compile(r"^- (?=\S)", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """Return ``text`` without markdown marks (#, **, ---, "- "), as a word processor would show it."""
    text = _MD_HEADING.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_BULLET.sub("", text)
    text = text.replace("**", "")
    return re.sub(r"\n{3,}", "\n\n", text)
