"""PDF reports: Chinese text through reportlab's CID font and back in visual order, and bad PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from audit.errors import UnreadableInput
from audit.ingest import Input, read
from audit.ingest import ocr as ocr_module

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

Page = list[tuple[float, float, str]]  # (x, y, text); x < 0 means centred


def _pdf(path: Path, pages: list[Page], encrypt: StandardEncryption | None = None) -> Path:
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    for page in pages:
        pdf.setFont(FONT, 12)
        for x, y, text in page:
            if x < 0:
                pdf.drawCentredString(297, y, text)
            else:
                pdf.drawString(x, y, text)
        pdf.showPage()
    pdf.save()
    return path


def _report_pages() -> list[Page]:
    first: Page = [
        (-1, 800, "窗口工作周报"),
        (-1, 780, "2023 年第 34 期（总第 454 期）"),
        (72, 740, "本周，共计咨询 1724 人次、受理 774 件、颁发 6613 件；"),
        (72, 725, "今年以来，累计咨询 46612 人次。"),
    ]
    # A table: cells far apart on one baseline must stay one line, in reading order.
    for y, row in ((690, ("单位", "受理", "办结")), (675, ("省发改委", "12", "10"))):
        first += [(72 + 150 * i, y, cell) for i, cell in enumerate(row)]
    return [first, [(72, 800, "第二页：办结 327016 件")]]


def test_chinese_lines_page_after_page(tmp_path: Path) -> None:
    document = read(Input(path=_pdf(tmp_path / "r.pdf", _report_pages()), source="周报/r.pdf"))
    assert (document.source, document.format, document.encoding) == ("周报/r.pdf", "pdf", None)
    assert document.lines == (
        "窗口工作周报",
        "2023 年第 34 期（总第 454 期）",
        "本周，共计咨询 1724 人次、受理 774 件、颁发 6613 件；",
        "今年以来，累计咨询 46612 人次。",
        "单位 受理 办结",
        "省发改委 12 10",
        "第二页：办结 327016 件",
    )
    assert document.pages == (1, 1, 1, 1, 1, 1, 2)


def test_blank_pages_add_no_lines(tmp_path: Path) -> None:
    pages: list[Page] = [[(72, 800, "第一页")], [], [(72, 800, "第三页")]]
    assert read(Input(path=_pdf(tmp_path / "r.pdf", pages), source="r.pdf")).lines == ("第一页", "第三页")


def _unreadable(path: Path) -> str:
    with pytest.raises(UnreadableInput) as caught:
        read(Input(path=path, source=path.name))
    assert type(caught.value) is UnreadableInput
    return str(caught.value)


def test_scanned_pdf_has_no_text_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_module, "available", lambda: False)  # with the [ocr] extra it is read
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 600, 300, 200, fill=1)  # stands in for the page image
    pdf.showPage()
    pdf.save()
    assert _unreadable(path) == (
        "scan.pdf: PDF has no text layer (scanned image?); "
        "install OCR support (pip install 'weekly-report-audit[ocr]') or export the original to PDF again"
    )


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "locked.pdf", _report_pages(), StandardEncryption("secret"))
    assert _unreadable(path) == (
        "locked.pdf: PDF is password-protected; "
        "remove the password (save or print it to a new PDF without protection), then run again"
    )


def test_owner_password_only_pdf_text_is_undecodable(tmp_path: Path) -> None:
    # Opens without a password, yet pdfminer deciphers the font's CIDSystemInfo strings wrongly and
    # emits "(cid:N)" for every glyph. Refuse it rather than hand garbage to the extractors.
    path = _pdf(tmp_path / "owner.pdf", _report_pages(), StandardEncryption("", ownerPassword="owner"))
    assert _unreadable(path) == (
        "owner.pdf: PDF text cannot be decoded (its fonts carry no Unicode mapping); "
        "remove the password (save or print it to a new PDF without protection), then run again"
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut in half"),
        pytest.param(lambda data: data[:-40], id="trailer cut"),
        pytest.param(lambda data: data[:200], id="header only"),
        pytest.param(lambda data: b"%PDF-1.4\n" + b"garbage " * 100, id="garbage"),
        pytest.param(lambda data: b"%PDF-", id="magic only"),
        pytest.param(lambda data: b"<html>404 Not Found</html>", id="html named .pdf"),
    ],
)
def test_damaged_pdf(tmp_path: Path, damage: object) -> None:
    good = _pdf(tmp_path / "good.pdf", _report_pages()).read_bytes()
    path = tmp_path / "bad.pdf"
    path.write_bytes(damage(good))  # type: ignore[operator]
    assert _unreadable(path) == (
        "bad.pdf: not a valid PDF (damaged or truncated); "
        "export the original document to PDF again, or open and re-save it"
    )


def test_content_stream_order_is_not_reading_order(tmp_path: Path) -> None:
    from audit.generate import write_pdf

    text = "窗口工作周报\n（9月4日—9月8日）\n本周，共计咨询1724人次、受理774件。"
    lines = read(Input(path=write_pdf(tmp_path / "s.pdf", text, scrambled=True), source="s.pdf")).lines
    assert lines == ("窗口工作周报", "（9月4日—9月8日）", "本周，共计咨询1724人次、受理774件。")


@pytest.mark.parametrize("footer", ["— {n} —", "-{n}-", "第 {n} 页 共 2 页"])
def test_running_header_and_page_numbers_never_split_a_sentence(tmp_path: Path, footer: str) -> None:
    def page(n: int, body: list[str]) -> Page:
        furniture = [(72, 815, "窗口工作周报 2023年第34期"), (-1, 30, footer.format(n=n))]
        return furniture + [(72, 760 - 20 * i, line) for i, line in enumerate(body)]

    pages = [
        page(1, ["一、情况", "据统计，今年以来，省本级行政许可事项受理"]),
        page(2, ["332407 件，办结 327016 件。"]),
    ]
    document = read(Input(path=_pdf(tmp_path / "r.pdf", pages), source="r.pdf"))
    assert document.lines == (
        "一、情况",
        "据统计，今年以来，省本级行政许可事项受理",
        "332407 件，办结 327016 件。",
    )
    assert document.pages == (1, 1, 2)
    from audit.extract import extract_document

    facts = {f.metric: (f.value, f.line, f.page) for f in extract_document(document).facts}
    assert facts == {
        "admin_license.accepted": (332407, 3, 2),
        "admin_license.completed": (327016, 3, 2),
    }


def _ruled_table(path: Path, rows: list[tuple[str, ...]]) -> Path:
    pdf = canvas.Canvas(str(path))
    pdf.setFont(FONT, 11)
    pdf.drawString(72, 780, "单位：件")
    top, height, widths = 760, 20, [150, 100, 100]
    xs = [72 + sum(widths[:i]) for i in range(len(widths) + 1)]
    for r, row in enumerate(rows):
        y = top - r * height
        for c, text in enumerate(row):
            pdf.drawString(xs[c] + 4, y - 14, text)
    for r in range(len(rows) + 1):
        pdf.line(xs[0], top - r * height, xs[-1], top - r * height)
    for x in xs:
        pdf.line(x, top, x, top - len(rows) * height)
    pdf.drawString(72, top - len(rows) * height - 30, "表后正文。")
    pdf.showPage()
    pdf.save()
    return path


def test_ruled_table_is_a_grid_in_line_order(tmp_path: Path) -> None:
    rows = [
        ("事项类别", "受理（件）", "办结（件）"),
        ("行政许可事项", "332407", "327016"),
        ("合计", "332407", "327016"),
    ]
    document = read(Input(path=_ruled_table(tmp_path / "t.pdf", rows), source="t.pdf"))
    assert document.lines == (
        "单位：件",
        "事项类别 | 受理（件） | 办结（件）",
        "行政许可事项 | 332407 | 327016",
        "合计 | 332407 | 327016",
        "表后正文。",
    )
    (table,) = document.tables
    assert (table.cells, table.header_rows, table.lines, table.page) == (tuple(rows), 1, (2, 3, 4), 1)


def _page_with_rule(path: Path, rule: tuple[float, float], grid: bool) -> Path:
    """A page whose sentence runs on to page 2, a rule in the lower half, and a body-size line under it."""
    pdf = canvas.Canvas(str(path))
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 760, "据统计，今年以来，省本级行政许可事项受理")
    x0, x1 = rule
    pdf.line(x0, 140, x1, 140)
    if grid:  # the rule is the top of a small ruled table
        pdf.line(x0, 140, x0, 100)
        pdf.line(x1, 140, x1, 100)
        pdf.line(x0, 100, x1, 100)
    pdf.drawString(74, 124, "1 数据来源于省一体化政务服务平台。")
    pdf.showPage()
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 760, "332407 件，办结 327016 件。")
    pdf.drawString(72, 740, "下一段。")
    pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize(
    ("grid", "lines"),
    [
        pytest.param(
            False,
            (
                "据统计，今年以来，省本级行政许可事项受理",
                "332407 件，办结 327016 件。",
                "1 数据来源于省一体化政务服务平台。",
                "下一段。",
            ),
            id="footnote under the separator waits for the sentence end",
        ),
        pytest.param(
            True,
            (
                "据统计，今年以来，省本级行政许可事项受理",
                "1 数据来源于省一体化政务服务平台。",
                "332407 件，办结 327016 件。",
                "下一段。",
            ),
            id="a ruled box is no separator",
        ),
    ],
)
def test_footnote_in_body_size_is_found_under_the_separator_rule(
    tmp_path: Path, grid: bool, lines: tuple[str, ...]
) -> None:
    # LibreOffice sets footnotes of a document without a footnote style in body size: only the short
    # rule from the left margin says they are notes.
    document = read(Input(path=_page_with_rule(tmp_path / "n.pdf", (72, 200), grid), source="n.pdf"))
    assert document.lines == lines
