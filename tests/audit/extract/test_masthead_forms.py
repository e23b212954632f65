"""Every masthead form gives the issue row of the plain form of the same issue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit.extract import Extraction, extract_document
from audit.generate.mastheads import MASTHEAD_FORMS, render_form
from audit.generate.series import generate_series
from audit.generate.writers import write_docx
from audit.ingest import Input, read
from tests.conftest import extract_text

FIELDS = (
    "kind",
    "publisher",
    "title",
    "year",
    "issue_no",
    "issue_no_end",
    "serial_no",
    "serial_no_end",
    "published",
    "period_start",
    "period_end",
    "as_of",
    "copies",
)
# A 2022-layout run, and 2023-layout runs across two New Years (periods naming both years).
SPECS = [
    *generate_series(2, start=date(2022, 5, 2), style="2022", seed=5),
    *generate_series(2, start=date(2023, 12, 25), style="2023", seed=6),
    *generate_series(1, start=date(2024, 12, 30), style="2023", seed=7),
]


def _row(extraction: Extraction) -> dict[str, object]:
    return {name: getattr(extraction.header, name) for name in FIELDS}


def _facts(extraction: Extraction) -> list[tuple[str, str, float]]:
    return sorted((f.metric, f.scope, f.value) for f in extraction.facts)


@pytest.mark.parametrize("form", MASTHEAD_FORMS[1:])
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.style}-{s.serial_no}")
def test_form_gives_the_plain_issue(spec, form: str) -> None:  # type: ignore[no-untyped-def]
    plain = extract_text(render_form(spec, "plain"))
    found = extract_text(render_form(spec, form))
    assert _row(found) == _row(plain)
    assert _row(plain)["serial_no"] == spec.serial_no and _row(plain)["published"] == spec.published
    assert _facts(found) == _facts(plain) and len(_facts(plain)) >= 6
    assert found.header.year_inferred is (form == "no_year")


@pytest.mark.parametrize("form", ["chinese", "cells", "boxes", "imprint"])
def test_form_in_a_word_file(tmp_path: Path, form: str) -> None:
    spec = SPECS[0]
    path = write_docx(tmp_path / f"{form}.docx", render_form(spec, form))
    found = extract_document(read(Input(path, path.name)))
    assert _row(found) == _row(extract_text(render_form(spec, "plain")))


BODY = "一、受理办理情况\n据统计，今年以来（截至9月1日），省本级行政许可事项受理10件，办结9件。\n"
TAIL = "送：中心领导。\n（共印 60 份）"


@pytest.mark.parametrize(
    "period",
    [
        "统计时间：2023年8月28日至2023年9月1日",
        "统计时间：8月28日—9月1日",
        "报告期：8月28日-9月1日",
        "统计周期：2023.8.28~2023.9.1",
        "（统计时间：8月28日至9月1日）",
        "本期统计时间为8月28日～9月1日",
        "报告期:八月二十八日至九月一日",
    ],
)
def test_labelled_period_lines(period: str) -> None:
    text = f"窗口工作周报\n2023年第34期（总第454期）\n某省政务服务中心\n2023年9月11日\n{period}\n{BODY}{TAIL}"
    header = extract_text(text).header
    assert (header.period_start, header.period_end, header.period_line) == (
        date(2023, 8, 28),
        date(2023, 9, 1),
        5,
    )
    assert (header.published, header.published_line) == (date(2023, 9, 11), 4)


def test_labelled_period_under_the_first_heading() -> None:
    text = f"窗口工作周报\n2023年第34期（总第454期）\n某省政务服务中心\n2023年9月11日\n一、总体情况\n统计时间：8月28日至9月1日。\n{BODY}{TAIL}"
    header = extract_text(text).header
    assert (header.period_start, header.period_end, header.period_line) == (
        date(2023, 8, 28),
        date(2023, 9, 1),
        6,
    )


@pytest.mark.parametrize(
    ("imprint", "published"),
    [
        ("某省政务服务中心办公室          2023年9月11日印发", date(2023, 9, 11)),
        ("某省政务服务中心办公室 二〇二三年九月十一日印发", date(2023, 9, 11)),
        ("2023年9月11日印", date(2023, 9, 11)),
    ],
)
def test_publication_date_printed_only_in_the_imprint(imprint: str, published: date) -> None:
    text = f"窗口工作周报\n第34期（总第454期）\n某省政务服务中心\n（8月28日—9月1日）\n{BODY}{imprint}\n{TAIL}"
    extraction = extract_text(text)
    header = extraction.header
    assert (header.published, header.published_line, header.year, header.year_inferred) == (
        published,
        7,
        2023,
        True,
    )
    # Never an event date that dates_in_period would check (a date in Chinese numerals is none at all).
    assert all(d.kind == "imprint" and d.date == published for d in extraction.dates if d.line == 7)


def test_a_date_released_in_the_last_lines_is_no_imprint() -> None:
    text = f"窗口工作周报\n第34期\n某省政务服务中心\n（8月28日—9月1日）\n{BODY}2023年9月1日印发通知，部署工作。\n{TAIL}"
    header = extract_text(text).header
    assert (header.published, header.period_end, header.year, header.year_inferred) == (
        None,
        None,
        None,
        False,
    )


@pytest.mark.parametrize(
    "copies",
    ["（共印九十一份）", "（共印 91 份）", "共印９１份", "印数：91份"],
)
def test_copies(copies: str) -> None:
    text = f"窗口工作周报\n2023年第34期（总第454期）\n某省政务服务中心\n2023年9月11日\n{BODY}{copies}"
    assert extract_text(text).header.copies == 91


@pytest.mark.parametrize(
    "masthead",
    [
        "窗口工作周报（增刊）\n2023年增刊1\n某省政务服务中心\n2023年9月11日",
        "窗口工作周报\n2023年第1期增刊\n某省政务服务中心\n2023年9月11日",
        "窗口工作周报（特刊）\n2023年特刊\n某省政务服务中心\n2023年9月11日",
    ],
)
def test_supplement_keeps_the_series_title(masthead: str) -> None:
    header = extract_text(masthead + "\n" + BODY + TAIL).header
    assert (header.kind, header.title, header.publisher, header.year, header.serial_no) == (
        "supplement",
        "窗口工作周报",
        "某省政务服务中心",
        2023,
        None,
    )


def test_year_cannot_be_inferred_without_dates() -> None:
    header = extract_text("窗口工作周报\n第3期\n某省政务服务中心\n一、情况\n本周无新增数据。").header
    assert (header.year, header.year_inferred, header.issue_no) == (None, False, 3)


@pytest.mark.parametrize(
    ("masthead", "expected"),
    [
        (
            "窗口工作周报    2023年第34期（总第454期）\n某省政务服务中心    2023年9月11日\n（8月28日—9月1日）",
            ("窗口工作周报", 2023, False, 34, 454, date(2023, 8, 28)),
        ),
        (
            "政务服务工作动态\n（第34期）\n某省政务服务中心                    2023年9月11日\n（8月28日至9月1日，共5个工作日）",
            ("政务服务工作动态", 2023, True, 34, None, date(2023, 8, 28)),
        ),
        (
            "工 作 简 报\n第 34 期\n某省政务服务中心编                2023年9月11日\n统计时间：8月28日—9月1日",
            ("工作简报", 2023, True, 34, None, date(2023, 8, 28)),
        ),
        (
            "内部资料 注意保存\n窗口工作周报\n２０２３年第３４期（总第４５４期）\n某省政务服务中心　　２０２３年９月１１日\n（８月２８日－９月１日）",
            ("窗口工作周报", 2023, False, 34, 454, date(2023, 8, 28)),
        ),
        (
            "第三十四期 | 窗口工作周报 | 总第四五四期\n某省政务服务中心 | 二〇二三年九月十一日\n报告期：2023年8月28日至2023年9月1日",
            ("窗口工作周报", 2023, True, 34, 454, date(2023, 8, 28)),
        ),
    ],
    ids=[
        "title-and-number-in-one-box",
        "bracketed-number-period-note",
        "spaced-title",
        "full-width",
        "cells-cn",
    ],
)
def test_bulletin_mastheads(masthead: str, expected: tuple[object, ...]) -> None:
    header = extract_text(masthead + "\n" + BODY + TAIL).header
    found = (
        header.title,
        header.year,
        header.year_inferred,
        header.issue_no,
        header.serial_no,
        header.period_start,
    )
    assert found == expected
    assert (header.publisher, header.published, header.period_end) == (
        "某省政务服务中心",
        date(2023, 9, 11),
        date(2023, 9, 1),
    )


@pytest.mark.parametrize("layout", ["textbox", "table"])
@pytest.mark.parametrize("form", ["plain", "chinese", "chinese_digits", "no_year", "spaced"])
def test_form_in_word_text_boxes_and_layout_tables(tmp_path: Path, form: str, layout: str) -> None:
    # The masthead's first four lines (title, numbering, publisher, date) in real w:txbxContent boxes
    # or a borderless layout table, as Word files from offices hold them.
    spec = SPECS[0]
    path = write_docx(tmp_path / "a.docx", render_form(spec, form), masthead=layout, masthead_lines=4)
    found = extract_document(read(Input(path, path.name)))
    assert _row(found) == _row(extract_text(render_form(spec, "plain")))
    assert found.header.year_inferred is (form == "no_year")
