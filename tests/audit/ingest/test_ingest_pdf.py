"""PDF reports: Chinese text through reportlab's CID font and back through pdfminer, and bad PDFs."""

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
    # Blank lines separate pdfminer's text boxes; trailing blanks of each page are dropped.
    assert document.lines == (
        "窗口工作周报",
        "",
        "2023 年第 34 期（总第 454 期）",
        "",
        "本周，共计咨询 1724 人次、受理 774 件、颁发 6613 件；",
        "今年以来，累计咨询 46612 人次。",
        "",
        "单位 受理 办结",
        "省发改委 12 10",
        "第二页：办结 327016 件",
    )


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
