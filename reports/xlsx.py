"""The Excel audit workbook that compliance staff read, review and sign.

Sheets, in order: 概览 (Summary), 问题清单 (Findings, with the review columns), 提取数据 (Facts),
期次 (Issues), 未归类数字 (Unclassified numbers), 趋势 (Trends) and 已解决 (Resolved, always
present, headers only until a finding disappears). Sheets are written with xlsxwriter in
constant-memory mode, row after row, so the figures of 20,000 issues take seconds.

This module only renders: carrying review data over from the previous workbook and writing
atomically are the caller's (``audit.review``), since ``reports`` never imports ``audit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from reports.xlsx_cells import Book, clean_text, page_header
from reports.xlsx_findings import write_findings, write_resolved
from reports.xlsx_layout import Review, sheet_name, word
from reports.xlsx_marks import mark_evidence
from reports.xlsx_signoff import SignOffBlock
from reports.xlsx_summary import issue_ranges, write_summary
from reports.xlsx_tables import write_facts, write_issues, write_numbers
from reports.xlsx_trends import write_trends

__all__ = ["Review", "clean_text", "mark_evidence", "write_workbook"]


def write_workbook(
    data: Mapping[str, Any],
    path: str | Path,
    lang: str = "zh",
    *,
    reviews: Mapping[str, Review] | None = None,
    resolved: Sequence[Mapping[str, Any]] = (),
    generated: datetime | None = None,
    sign_off: SignOffBlock | None = None,
) -> None:
    """Save the audit workbook of one result object to ``path`` as is (give it a temporary path to be atomic).

    ``reviews`` maps fingerprints to the review carried over for a current finding; ``resolved``
    holds the Resolved sheet's rows by column key (see ``reports.xlsx_layout``); ``sign_off`` the
    sign-off block carried over from the previous workbook (``reports.xlsx_signoff``).
    """
    reviews = reviews or {}
    generated = generated or datetime.now()
    book = Book(path)
    tool = data.get("tool", {})
    book.xlsx.set_properties(
        {
            "author": clean_text(f"{tool.get('name', '')} {tool.get('version', '')}".strip()),
            "title": word("heading", lang),
        }
    )
    write_summary(book, data, reviews, generated, lang, sign_off)
    write_findings(book, data["findings"], reviews, lang)
    write_facts(book, data, lang)
    write_issues(book, data, lang)
    numbers = write_numbers(book, data, lang)
    write_trends(book, data, lang)
    write_resolved(book, resolved, lang)
    _print_setup(book, data, generated, lang, hide_resolved=not resolved, hide_numbers=not numbers)
    book.close()


def _series(data: Mapping[str, Any]) -> str:
    """Return the titles of the series audited (窗口工作周报), in order of first appearance."""
    titles = dict.fromkeys(str(i["title"]) for i in data["issues"] if i.get("title"))
    return "、".join(titles)


def _print_setup(
    book: Book,
    data: Mapping[str, Any],
    generated: datetime,
    lang: str,
    *,
    hide_resolved: bool,
    hide_numbers: bool,
) -> None:
    """Give every sheet a page header (title, series and issues, run time) and page N of M.

    An empty Resolved or Unclassified-numbers sheet is hidden, so printing the workbook never prints a page of headings only;
    it is still there for the next run to fill.
    """
    _, span, _ = issue_ranges(data["issues"], lang)
    centre = " ".join(part for part in (_series(data), span) if part)
    right = f"{word('generated', lang)} {generated.replace(microsecond=0):%Y-%m-%d %H:%M}"
    for sheet in book.sheets:
        title = sheet.get_name()
        legend = word("mark_legend", lang) if title == sheet_name("findings", lang) else ""
        page_header(
            sheet,
            f"{word('heading', lang)} · {title}",
            centre,
            right,
            word("page_footer", lang),
            legend,
        )
    if hide_resolved:
        book.sheet(sheet_name("resolved", lang)).hide()
    if hide_numbers:  # every number of the body has a role: nothing to print
        book.sheet(sheet_name("numbers", lang)).hide()
