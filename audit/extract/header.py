"""The masthead of an issue: series, numbering, publication date, period, cut-off, copies."""

from __future__ import annotations

import re
from datetime import date

from audit.extract.dates import FULL_DATE, PERIOD, make_date, nearest, period_dates
from audit.extract.layout import Layout, Span
from audit.extract.numbers import chinese_to_int
from audit.extract.records import Header

NUMBERING = re.compile(r"(?:(?P<year>\d{4})年)?第(?P<issue>\d+)期(?:（?总第(?P<serial>\d+)期）?)?")
SERIAL_ONLY = re.compile(r"总第(?P<serial>\d+)期")
TITLE = re.compile(r"^[\u4e00-\u9fff（）]{2,20}(?:周报|简报|月报|快报|专报|通报|动态|信息)$")
PUBLISHER = re.compile(
    r"^(?:主办单位|主办|编印单位|编印|编发|印发单位)?[：]?"
    r"(?P<name>[\u4e00-\u9fff（）]{4,40}?(?:中心|局|厅|委员会|办公室|政府|办|委|院|部))"
    r"(?:编印|编发|主办|印发|编)?"
    r"(?:(?P<date>\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日))?$"
)
AS_OF = re.compile(r"截至(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
YTD_WINDOW = re.compile(
    r"(?:(?P<y1>\d{4})年)?1月1日(?:起)?[至到—\-～]+(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
)
CN_FULL_DATE = re.compile(
    r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
COPIES = re.compile(r"共印(?P<n>\d+)份")
#: The years IssuesSchema accepts; a masthead year outside them is a misprint, read as missing.
YEARS = range(1949, 2201)
#: Longer numbers are no issue or copy count (and would not fit the tables' Int64 columns).
_MAX_COUNT_DIGITS = 9


def _count(text: str | None) -> int | None:
    """Return a printed count, None when absent or too long to be one."""
    return int(text) if text and len(text) <= _MAX_COUNT_DIGITS else None


def _outside_brackets(text: str, pos: int) -> bool:
    return text.rfind("（", 0, pos) <= text.rfind("）", 0, pos)


def _cn_year(text: str) -> int | None:
    digits = [chinese_to_int(c) for c in text]
    return int("".join(map(str, digits))) if None not in digits else None


def _published(header: Span) -> tuple[date | None, int | None]:
    """Return the publication date: the first full date of the masthead outside brackets.

    Official documents often print it in Chinese numerals (二〇二三年九月十一日).
    """
    found = [(m.start(), m, int) for m in FULL_DATE.finditer(header.text)]
    found += [(m.start(), m, None) for m in CN_FULL_DATE.finditer(header.text)]
    for start, match, _ in sorted(found, key=lambda item: item[0]):
        if not _outside_brackets(header.text, start) or header.text.startswith("至", match.end()):
            continue
        if match.re is FULL_DATE:
            parts: tuple[int | None, ...] = (int(match["y"]), int(match["m"]), int(match["d"]))
        else:
            parts = (_cn_year(match["y"]), chinese_to_int(match["m"]), chinese_to_int(match["d"]))
        if None not in parts:
            return make_date(*parts), header.line_at(start)  # type: ignore[arg-type]
    return None, None


def _names(layout: Layout, published_line: int | None) -> tuple[str | None, str | None]:
    title = publisher = None
    for line in layout.header_lines:
        text = line.text
        if title is None and TITLE.match(text):
            title = text
            continue
        match = PUBLISHER.match(text)
        if publisher is None and match and (match["date"] or line.number != published_line):
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


def extract_header(layout: Layout) -> Header:
    """Return the header fields of the issue laid out in ``layout``."""
    span = layout.header
    header = Header(masthead=" ".join(line.raw.strip() for line in layout.header_lines))
    numbering = NUMBERING.search(span.text) or SERIAL_ONLY.search(span.text)
    if numbering:
        groups = numbering.groupdict()
        year = int(groups["year"]) if groups.get("year") else None
        header.year = year if year in YEARS else None
        header.issue_no = _count(groups.get("issue"))
        header.serial_no = _count(groups.get("serial"))
        header.header_line = span.line_at(numbering.start())
    header.published, header.published_line = _published(span)
    header.publisher, header.title = _names(layout, header.published_line)
    # The period line normally sits in the masthead; some layouts print it under the first heading.
    found = [(span, PERIOD.search(span.text)), *((p, PERIOD.match(p.text)) for p in layout.paragraphs[:3])]
    where, period = next(((w, m) for w, m in found if m), (span, None))
    if period is not None:
        header.period_start, header.period_end = period_dates(period, header.year, header.published)
        header.period_line = where.line_at(period.start())
    reference = header.period_end or header.published
    header.as_of, header.as_of_line = _as_of(layout, reference)
    copies = [m for p in layout.paragraphs[-6:] for m in COPIES.finditer(p.text)]
    if copies:
        header.copies = _count(copies[-1]["n"])
    return header
