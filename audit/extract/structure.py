"""What text rules need besides figures: numbered headings, body dates, stated counts."""

from __future__ import annotations

import re
from datetime import date

from audit.extract.dates import MONTH_DAY, make_date, nearest
from audit.extract.layout import Layout
from audit.extract.numbers import CN_NUMERAL, parse_number
from audit.extract.records import BodyDate, Enumeration, Heading

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Each pattern starts with a look at the characters it can start with: the engine then passes over
# every other position on one set lookup instead of trying each alternative there.
_SHI = re.compile(r"(?=[一二三四五六七八九十])(?:^|(?<=[。；，：]))(?P<n>[一二三四五六七八九十]{1,2})是")
_RANGE_END = re.compile(r"(?:至|到|—|-|～)(?P<d>\d{1,2})日")
_EFFECTIVE = re.compile(r"^[^，。；]{0,6}?(?:起)?(?:正式)?(?:施行|实施|生效|执行)")
_DEADLINE = re.compile(r"^(?:前|之前|以前|止|为止|截止)")
# A count starts where its run of digits (or numerals) starts: trying every later position of the run
# again made a long run of digits quadratic (a 32 KB line took ten seconds).
_NUMERAL_CHAR = CN_NUMERAL.removesuffix("+")
_COUNT = re.compile(
    rf"(?=[等\d{CN_NUMERAL[1:-2]}])(?P<deng>等)?(?P<n>(?<!\d)\d+|(?<!{_NUMERAL_CHAR}){CN_NUMERAL})(?P<unit>个|项|条|家|户|名|类|种|方面|批|所)"
)
_QUOTED_TAIL = re.compile(r"(?:“[^“”]*”[、]?){2,}$")
_CLAUSE_BREAK = re.compile(r"[，。；：！？]")
ITEM_MAX = 30
_LIST_SCAN = 300


def _marker_heading(match: re.Match[str]) -> tuple[str, int] | None:
    style = match.lastgroup
    if style is None:
        return None
    text = match[style]
    number = _CIRCLED.index(text) + 1 if style == "circ" else parse_number(text)
    return (style, int(number)) if number is not None else None


def extract_headings(layout: Layout) -> list[Heading]:
    """Return the numbered headings in document order, each with the index of its parent."""
    headings: list[Heading] = []
    stack: list[tuple[str, int]] = []

    def add(style: str, number: int, line: int, text: str) -> None:
        styles = [s for s, _ in stack]
        if style in styles:
            del stack[styles.index(style) :]
        parent = stack[-1][1] if stack else -1
        headings.append(Heading(line, style, number, text[:40], parent))
        stack.append((style, len(headings) - 1))

    for paragraph in layout.paragraphs:
        if paragraph.marker and (found := _marker_heading(paragraph.marker)):
            add(*found, paragraph.line_at(0), paragraph.text)
        for match in _SHI.finditer(paragraph.text):
            number = parse_number(match["n"])
            if number is not None:
                add("shi", int(number), paragraph.line_at(match.start()), paragraph.text[match.start() :])
    return headings


def _date_kind(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - 3) : start], text[end:]
    if text.rfind("《", 0, start) > text.rfind("》", 0, start):
        return "title"
    if "截至" in before or "截止" in before:
        return "cutoff"
    if after.startswith(("至", "起至", "到")) and text[start:end].endswith("1月1日"):
        return "window"
    if re.search(r"1月1日(?:起)?[至到—\-～]$", text[max(0, start - 12) : start]):
        return "cutoff"
    if _DEADLINE.match(after):
        return "deadline"
    if _EFFECTIVE.match(after):
        return "effective"
    return "event"


def extract_dates(layout: Layout, reference: date | None) -> list[BodyDate]:
    """Return every explicit date in the body, resolved to a year near ``reference``."""
    found: list[BodyDate] = []
    for sentence in layout.sentences:
        text = sentence.text
        for match in MONTH_DAY.finditer(text):
            month, day = int(match["m"]), int(match["d"])
            when = make_date(int(match["y"]), month, day) if match["y"] else nearest(month, day, reference)
            if when is None:
                continue
            kind = _date_kind(text, match.start(), match.end())
            found.append(BodyDate(sentence.line_at(match.start()), when, kind, sentence.evidence))
            tail = _RANGE_END.match(text, match.end())
            if tail and (until := make_date(when.year, when.month, int(tail["d"]))):
                found.append(BodyDate(sentence.line_at(tail.start()), until, kind, sentence.evidence))
    return found


def _listed(prefix: str) -> int:
    # Only the text just before a count can hold its list; the whole prefix of a long run of counts
    # would be scanned once per count.
    prefix = prefix[-_LIST_SCAN:]
    clause = prefix[max((m.end() for m in _CLAUSE_BREAK.finditer(prefix)), default=0) :]
    quoted = _QUOTED_TAIL.search(clause)
    if quoted:
        return quoted[0].count("“")
    depth, items, last = 0, 1, 0
    for index, char in enumerate(clause):
        depth += (char in "“《（" and 1) or ((char in "”》）" and -1) or 0)
        if char == "、" and depth == 0:
            items, last = items + 1, index
    return items if items > 1 and len(clause) - last <= ITEM_MAX else 0


def extract_enumerations(layout: Layout) -> list[Enumeration]:
    """Return the lists whose count is stated right after them."""
    found: list[Enumeration] = []
    for sentence in layout.sentences:
        text = sentence.text
        # A list is counted once: "A、B等四个方面提出9项举措" states one count for A、B.
        used = 0
        for match in _COUNT.finditer(text):
            if text[max(0, match.start() - 1) : match.start()] in ("第", ".") or (
                match.start() > 0 and text[match.start() - 1].isdigit()
            ):
                continue
            stated = parse_number(match["n"])
            listed = _listed(text[used : match.start()])
            if stated is None or listed < 2:
                continue
            used = match.end()
            found.append(
                Enumeration(
                    sentence.line_at(match.start("n")),
                    int(stated),
                    listed,
                    bool(match["deng"]),
                    sentence.evidence,
                )
            )
    return found
