"""The masthead of an issue: series, numbering, publication date, period, cut-off, copies."""

from __future__ import annotations

import re
from datetime import date

from audit.extract.dates import IMPRINT_WORD, LABELLED_PERIOD, PERIOD, make_date, nearest, period_dates
from audit.extract.layout import TABLE_CELL, Layout, Span
from audit.extract.normalize import NormLine
from audit.extract.numbering import ISSUE, SERIAL, YEARS, count, lone_year, read_numbering
from audit.extract.numbers import COUNT, YEAR, numeral_value
from audit.extract.numbers import MONTH_DAY as MD
from audit.extract.records import Header

TITLE = re.compile(
    r"^(?P<title>[\u4e00-\u9fff（）]{2,20}?(?:周报|简报|月报|快报|专报|通报|动态|信息))"
    r"(?:（?(?:增刊|特刊|合刊)(?:\d+|[一二三四五六七八九十]+)?）?)?$"
)
PUBLISHER = re.compile(
    r"^(?:主办单位|主办|编印单位|编印|编发|印发单位)?[：]?"
    r"(?P<name>[\u4e00-\u9fff（）]{4,40}?(?:中心|局|厅|委员会|办公室|政府|办|委|院|部))"
    r"(?:编印|编发|主办|印发|编)?"
    rf"(?:(?P<date>{YEAR}年{MD}月{MD}日))?$"
)
AS_OF = re.compile(r"截至(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
YTD_WINDOW = re.compile(
    r"(?:(?P<y1>\d{4})年)?1月1日(?:起)?[至到—\-～]+(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
)
#: A full date in Arabic or Chinese numerals (2023年9月11日, 二〇二三年九月十一日).
DATE = re.compile(rf"(?P<y>{YEAR})年(?P<m>{MD})月(?P<d>{MD})日")
#: The publication date printed in the 版记 at the end: …2023年9月11日印发.
IMPRINT = re.compile(rf"(?P<y>{YEAR})年(?P<m>{MD})月(?P<d>{MD})日{IMPRINT_WORD}")
#: The copies line of the 版记: （共印60份）, 共印发120份, 印数：91份 and 印数：91 (the label says what
#: the number is), 印120份 (the unit does).
COPIES = re.compile(
    rf"(?:(?:共印[发制]?|印数)[：:]?|印(?={COUNT}[份册本]))(?P<n>{COUNT})"
    r"(?:[份册本]|(?![\d〇零一二两三四五六七八九十百千年月日期]))"
)
#: How many paragraphs from the end the 版记 (sent to, copies, imprint) can start.
TAIL_PARAGRAPHS = 6


def _date(match: re.Match[str]) -> date | None:
    parts = (numeral_value(match["y"]), numeral_value(match["m"]), numeral_value(match["d"]))
    return make_date(*parts) if None not in parts else None  # type: ignore[arg-type]


def _outside_brackets(text: str, pos: int) -> bool:
    return text.rfind("（", 0, pos) <= text.rfind("）", 0, pos)


def _published(header: Span, skip: tuple[int, int]) -> tuple[date | None, int | None]:
    """Return the publication date: the first full date of the masthead outside brackets.

    Dates of the period (``skip``, a labelled period line) and the start of a range are not it.
    """
    for match in DATE.finditer(header.text):
        start = match.start()
        if skip[0] <= start < skip[1] or not _outside_brackets(header.text, start):
            continue
        if header.text.startswith("至", match.end()) or header.text.endswith("截至", 0, start):
            continue
        found = _date(match)
        if found is not None:
            return found, header.line_at(start)
    return None, None


def _imprint(layout: Layout) -> tuple[date | None, int | None]:
    """Return the date the 版记 says the issue was printed (…年…月…日印发), the last one printed."""
    # Line by line: the 版记's lines carry no full stop, so its paragraph runs on into the next line.
    lines = [line for paragraph in layout.paragraphs[-TAIL_PARAGRAPHS:] for line in paragraph.lines]
    for line in reversed(lines):
        for match in reversed(list(IMPRINT.finditer(line.text))):
            found = _date(match)
            if found is not None:
                return found, line.number
    return None, None


#: The numbering inside a masthead cell, cut out so that what surrounds it can be read as a name.
_NUMBERING_IN_CELL = re.compile(f"{ISSUE.pattern}|{SERIAL.pattern}")


def _cells(line: NormLine) -> list[str]:
    """Return the cells of a masthead line (a layout table row is ``cell|cell``).

    A text box may hold the title and the numbering on one line (窗口工作周报 2023年第34期): the
    numbering is a cell boundary too.
    """
    text = _NUMBERING_IN_CELL.sub(TABLE_CELL, line.text) if "期" in line.text else line.text
    return [cell for cell in text.split(TABLE_CELL) if cell] if TABLE_CELL in text else [text]


def _names(layout: Layout, published_line: int | None) -> tuple[str | None, str | None]:
    title = publisher = None
    for line in layout.header_lines:
        for text in _cells(line):
            if title is None and (named := TITLE.match(text)):
                title = named["title"]
                continue
            match = PUBLISHER.match(text)
            # The publisher's line also carries the date when it is not a cell of its own.
            alone = match and (match["date"] or line.number != published_line or TABLE_CELL in line.text)
            if publisher is None and alone:
                publisher = match["name"]
    return publisher, title


def _as_of(layout: Layout, reference: date | None) -> tuple[date | None, int | None]:
    for sentence in layout.sentences:
        for pattern in (AS_OF, YTD_WINDOW):
            match = pattern.search(sentence.text)
            if not match:
                continue
            month, day = int(match["m"]), int(match["d"])
            found = make_date(int(match["y"]), month, day) if match["y"] else nearest(month, day, reference)
            return found, sentence.line_at(match.start())
    return None, None


def _period(layout: Layout) -> tuple[Span, re.Match[str] | None]:
    """Return where the period is printed and its match: the masthead, else the first paragraphs.

    A bracketed period line (（8月28日—9月1日）) is the usual form; a labelled one (统计时间：…至…)
    may also sit under the first heading.
    """
    span = layout.header
    found = PERIOD.search(span.text) or LABELLED_PERIOD.search(span.text)
    if found:
        return span, found
    for paragraph in layout.paragraphs[:3]:
        found = PERIOD.match(paragraph.text) or LABELLED_PERIOD.search(paragraph.text)
        if found:
            return paragraph, found
    return span, None


def extract_header(layout: Layout) -> Header:
    """Return the header fields of the issue laid out in ``layout``."""
    span = layout.header
    header = Header(masthead=" ".join(line.raw.strip() for line in layout.header_lines))
    numbering = read_numbering(span.text)
    header.kind = numbering.kind
    header.year = numbering.year
    if header.year is None and numbering.start is not None:
        header.year = lone_year([cell for line in layout.header_lines for cell in _cells(line)])
    header.issue_no, header.issue_no_end = numbering.issue_no, numbering.issue_no_end
    header.serial_no, header.serial_no_end = numbering.serial_no, numbering.serial_no_end
    if numbering.start is not None:
        header.header_line = span.line_at(numbering.start)
    where, period = _period(layout)
    skip = period.span() if period is not None and where is span else (0, 0)
    header.published, header.published_line = _published(span, skip)
    if header.published is None:
        header.published, header.published_line = _imprint(layout)
    header.publisher, header.title = _names(layout, header.published_line)
    if period is not None:
        header.period_start, header.period_end = period_dates(period, header.year, header.published)
        header.period_line = where.line_at(period.start())
    if header.year is None and numbering.start is not None:
        # 第34期 without its year: the issue belongs to the year its period ends in (or, failing
        # that, the year it was published), recorded as inferred.
        known = header.period_end or header.published
        header.year = known.year if known is not None and known.year in YEARS else None
        header.year_inferred = header.year is not None
    reference = header.period_end or header.published
    header.as_of, header.as_of_line = _as_of(layout, reference)
    copies = [m for p in layout.paragraphs[-TAIL_PARAGRAPHS:] for m in COPIES.finditer(p.text)]
    if copies:
        header.copies = count(copies[-1]["n"])
    return header
