"""The figures of an issue, found by their phrases wherever the editor put them.

Three kinds of sentence carry figures: the province-level statistics (行政许可事项 /
公共服务事项 / 其它N类行权事项, 受理 and 办结, year to date), the comprehensive window's
counts (咨询 人次, 受理 / 颁发 / 流转 件, 本周 and 今年以来), and the progress of the
受理工作手册 (办理项 this week and in total, 占比 %).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import chain, pairwise

from audit.extract.layout import Layout, Span
from audit.extract.numbers import NUMBER, parse_number
from audit.extract.records import Fact
from audit.extract.tables import table_statements
from schemas.settings import CARRYOVER_WORDS

# Only the 受理/办结 categories need their clause (for carry-over notes); the others keep none,
# which matters in memory for an archive of 100,000 issues.
NO_CLAUSE = ""

_CATEGORY = re.compile(
    rf"(?P<admin_license>行政许可(?:类)?(?:事项)?)|(?P<public_service>公共服务(?:类)?(?:事项)?)"
    rf"|(?P<other_powers>(?:其它|其他)(?P<kinds>{NUMBER})类(?:行权|行政权力)(?:事项)?)"
)
# Editors put a few words between the verb and the number: 受理各类申请 N 件, 咨询量为 N 人次.
_GAP = r"[^\d，。；、：！？（）件]{0,6}?"
_VALUE = rf"{_GAP}(?P<num>{NUMBER})(?P<wan>万)?"
_ACTIONS = {
    "accepted": re.compile(rf"受理{_VALUE}件"),
    "completed": re.compile(rf"办结{_VALUE}件"),
}
_WINDOW = {
    "window.consultations": re.compile(rf"咨询{_VALUE}人次"),
    "window.accepted": re.compile(rf"受理{_VALUE}件"),
    "window.issued": re.compile(rf"颁发{_VALUE}件"),
    "window.transferred": re.compile(rf"流转{_VALUE}件"),
}
_WINDOW_UNITS = {"window.consultations": "人次"}
_SCOPE_MARK = re.compile(
    r"本周|本期|今年以来|年初以来|年初至今|本年度|本年|全年|截至目前|截至\d|累计|1月1日(?:起)?(?:至|以来)"
)
_YTD_WORDS = re.compile(r"今年以来|年初以来|年初至今|本年度|本年|全年|截至|累计|1月1日|共完成|总计")
_WEEK_WORDS = re.compile(r"本周|本期")
# Bounded, so that a clause of many 完成 and no 办理项 is not scanned to its end from each of them.
_MANUAL_WEEK = re.compile(r"完成(?P<what>.{0,200}?)办理项")
_MANUAL_COUNT = re.compile(rf"(?P<num>{NUMBER})个")
_MANUAL_TOTAL = re.compile(rf"(?:共|累计|总计|合计)完成(?:了)?(?P<num>{NUMBER})个")
_SHARE = re.compile(r"(?:占比|完成率|占)(?:为|达)?(?P<num>\d+(?:\.\d+)?)%")


def _fact(
    sentence: Span,
    match: re.Match[str],
    offset: int,
    metric: str,
    scope: str,
    unit: str,
    clause: str,
    **qualifiers: object,
) -> Fact | None:
    """Return the fact for ``match`` (found ``offset`` characters into the sentence)."""
    wan = match.groupdict().get("wan")
    value = parse_number(match["num"], bool(wan))
    if value is None:
        return None
    start, end = offset + match.start("num"), offset + match.end("wan" if wan else "num")
    return Fact(
        metric=metric,
        scope=scope,
        value=value,
        unit=unit,
        line=sentence.line_at(start),
        evidence=sentence.evidence,
        raw=sentence.raw(start, end),
        clause=clause,
        **qualifiers,
    )


def _categories(sentence: Span) -> Iterator[Fact]:
    text = sentence.text
    found = list(_CATEGORY.finditer(text))
    for index, category in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        clause = text[category.start() : end]
        name = next(k for k in ("admin_license", "public_service", "other_powers") if category[k])
        kinds = parse_number(category["kinds"]) if category["kinds"] else None
        before = text[: category.start()]
        scope = "week" if _WEEK_WORDS.search(before) and not _YTD_WORDS.search(before) else "ytd"
        for action, pattern in _ACTIONS.items():
            match = pattern.search(clause)
            if match is None:
                continue
            fact = _fact(
                sentence,
                match,
                category.start(),
                f"{name}.{action}",
                scope,
                "件",
                clause,
                carryover=any(word in clause for word in CARRYOVER_WORDS),
                category_count=int(kinds) if kinds is not None else None,
            )
            if fact:
                yield fact


def _scoped_clauses(text: str) -> Iterator[tuple[int, int, str | None]]:
    """Yield (start, end, scope) pieces of a sentence cut at its scope words (本周, 今年以来 ...)."""
    cuts = [m.start() for m in _SCOPE_MARK.finditer(text)]
    bounds = [0, *[c for c in cuts if c > 0], len(text)]
    scope: str | None = None
    for start, end in pairwise(bounds):
        piece = text[start:end]
        if _YTD_WORDS.match(piece) or (_YTD_WORDS.search(piece) and not _WEEK_WORDS.search(piece)):
            scope = "ytd"
        elif _WEEK_WORDS.search(piece):
            scope = "week"
        yield start, end, scope


def _window(sentence: Span) -> Iterator[Fact]:
    text = sentence.text
    if _CATEGORY.search(text) or not re.search(r"咨询.{0,8}人次|颁发|流转|综窗", text):
        return
    for start, end, scope in _scoped_clauses(text):
        clause = text[start:end]
        for metric, pattern in _WINDOW.items():
            match = pattern.search(clause)
            if match and scope:
                fact = _fact(
                    sentence, match, start, metric, scope, _WINDOW_UNITS.get(metric, "件"), NO_CLAUSE
                )
                if fact:
                    yield fact


def _manual(sentence: Span) -> Iterator[Fact]:
    text = sentence.text
    if "手册" not in text or ("办理项" not in text and "占" not in text):
        return
    for start, end, scope in _scoped_clauses(text):
        clause = text[start:end]
        total = _MANUAL_TOTAL.search(clause)
        if total:
            fact = _fact(sentence, total, start, "manual.items", "ytd", "个", NO_CLAUSE)
            if fact:
                yield fact
        elif scope == "week" and (done := _MANUAL_WEEK.search(clause)):
            counts = list(_MANUAL_COUNT.finditer(clause, done.start("what"), done.end("what")))
            values = [parse_number(c["num"]) for c in counts]
            if counts and None not in values:
                first = _fact(sentence, counts[0], start, "manual.items", "week", "个", NO_CLAUSE)
                if first:
                    yield Fact(**{**first.__dict__, "value": float(sum(v for v in values if v is not None))})
        share = _SHARE.search(clause)
        if share:
            fact = _fact(sentence, share, start, "manual.share", "ytd", "%", NO_CLAUSE)
            if fact:
                yield fact


def extract_facts(layout: Layout) -> list[Fact]:
    """Return the figures of the issue, the first mention of each metric and scope only."""
    facts: list[Fact] = []
    seen: set[tuple[str, str]] = set()
    # Each data cell of a table is a statement of its own, read like a sentence (audit.extract.tables).
    statements = chain(layout.sentences, table_statements(layout))
    document = layout.document
    for fact in (f for s in statements for f in (*_categories(s), *_window(s), *_manual(s))):
        if (fact.metric, fact.scope) not in seen:
            seen.add((fact.metric, fact.scope))
            page = document.page_of(fact.line)
            facts.append(replace(fact, page=page) if page is not None else fact)
    return facts
