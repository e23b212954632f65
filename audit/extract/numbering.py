"""How a masthead numbers its issue: 2023年第34期（总第454期）and every form editors print.

Numbers come in Arabic or Chinese numerals (第三十四期, 总第四五四期, 二〇二三年); a 合刊 prints
a range (第14-15期（总第389-390期）, 第14、15期, 第十四至十五期); a 增刊 or 特刊 stands outside
the regular numbering (增刊1, 第1期增刊, 2023年特刊). The year may be missing (第34期 alone),
and a masthead spread over the cells of a layout table or over text boxes arrives as
``2023年第34期|总第454期`` or with each value on its own line: the patterns run over the
masthead's lines joined without breaks, so a value in its own cell still meets its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit.extract.numbers import COUNT as NUM
from audit.extract.numbers import YEAR, numeral_value

# 合刊 ranges: 14-15, 14—15, 14～15, 14至15, 14、15, 14/15 (a second 第 may repeat: 第14、第15期).
_RANGE = "(?:[-—～至到、/]|期[-—～至到、]?)第?"
_CELL = "\\|*"
ISSUE = re.compile(
    rf"(?:(?P<year>{YEAR})年{_CELL}(?:度{_CELL})?)?(?<!总)第(?P<issue>{NUM})(?:{_RANGE}(?P<issue_end>{NUM}))?期"
)
SERIAL = re.compile(rf"总第(?P<serial>{NUM})(?:{_RANGE}(?P<serial_end>{NUM}))?期")
# A supplement names itself next to its number, before or after it: 增刊1, 增刊第1期, 第1期增刊, 特刊.
SUPPLEMENT = re.compile(
    rf"(?:(?P<year>{YEAR})年{_CELL})?(?:第(?P<after>{NUM})期{_CELL}（?)?(?P<word>增刊|特刊)"
    # After the word, a number in Chinese numerals needs its 期 (增刊第二期): 增刊四川省… is no number.
    rf"(?:第?(?P<before>\d{{1,4}})(?![\d年月])期?|第?(?P<before_cn>{NUM})期)?"
)
#: The years IssuesSchema accepts; a masthead year outside them is a misprint, read as missing.
YEARS = range(1949, 2201)
#: Longer numbers are no issue or copy count (and would not fit the tables' Int64 columns).
MAX_COUNT = 10**9 - 1


def count(text: str | None) -> int | None:
    """Return a printed count, None when absent, not a number or too large to be one."""
    value = numeral_value(text)
    return value if value is not None and value <= MAX_COUNT else None


@dataclass(frozen=True)
class Numbering:
    """The numbers a masthead prints and where the numbering starts in the masthead text."""

    kind: str = "regular"
    year: int | None = None
    issue_no: int | None = None
    issue_no_end: int | None = None
    serial_no: int | None = None
    serial_no_end: int | None = None
    start: int | None = None


def _year(text: str | None) -> int | None:
    value = numeral_value(text)
    return value if value in YEARS else None


def _end(start: int | None, end: int | None) -> int | None:
    """Return the end of a range only when it extends the start (第14-15期, not 第15-14期)."""
    return end if start is not None and end is not None and end > start else None


#: A year printed in a cell or text box of its own, apart from the issue number.
LONE_YEAR = re.compile(rf"(?P<year>{YEAR})年度?")


def lone_year(cells: list[str]) -> int | None:
    """Return the year of a masthead cell that holds only a year (2023年, 二〇二三年度)."""
    for cell in cells:
        if (match := LONE_YEAR.fullmatch(cell)) and (year := _year(match["year"])):
            return year
    return None


def read_numbering(text: str) -> Numbering:
    """Return the numbering printed in the masthead ``text`` (normalised, lines joined)."""
    serial = SERIAL.search(text)
    serial_no = count(serial["serial"]) if serial else None
    serial_end = _end(serial_no, count(serial["serial_end"])) if serial else None
    # The title may name the supplement too (窗口工作周报（增刊）): the mention with a number wins.
    supplements = list(SUPPLEMENT.finditer(text)) if "刊" in text else []
    if supplements:
        supplement = next(
            (m for m in supplements if m["before"] or m["before_cn"] or m["after"]), supplements[0]
        )
        number = supplement["before"] or supplement["before_cn"] or supplement["after"]
        year = next((m["year"] for m in supplements if m["year"]), None)
        year = year or (issue["year"] if (issue := ISSUE.search(text)) else None)
        return Numbering(
            kind="supplement",
            year=_year(year),
            issue_no=count(number),
            serial_no=serial_no,
            start=supplement.start(),
        )
    issue = ISSUE.search(text)
    if issue is None and serial is None:
        return Numbering()
    issue_no = count(issue["issue"]) if issue else None
    issue_end = _end(issue_no, count(issue["issue_end"])) if issue else None
    # A 合刊 may say so only in words (窗口工作周报（合刊）, 第34期（合刊）) without its range: it is one
    # all the same, and the series rules say that they cannot tell where it ends.
    combined = issue_end is not None or serial_end is not None or "合刊" in text
    starts = [m.start() for m in (issue, serial) if m is not None]
    return Numbering(
        kind="combined" if combined else "regular",
        year=_year(issue["year"]) if issue else None,
        issue_no=issue_no,
        issue_no_end=issue_end,
        serial_no=serial_no,
        serial_no_end=serial_end,
        start=min(starts),
    )
