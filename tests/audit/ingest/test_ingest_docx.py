"""Word .docx reports: what becomes a line, and how damaged or hostile files are refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from audit.errors import UnreadableInput, UnsupportedFormat
from audit.ingest import Input, read
from audit.ingest import docx as docx_module

RESAVE = "open and re-save it in Word, or export it again"


def _append_run(parent: object, text: str) -> None:
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    parent.append(run)  # type: ignore[attr-defined]


def _report(path: Path) -> Path:
    """A report exercising every construct the reader handles."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：不应出现"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_paragraph("窗口工作周报")
    paragraph = document.add_paragraph("本周，共计咨询 ")
    paragraph.add_run("1724").bold = True
    paragraph.add_run(" 人次")
    paragraph.add_run().add_break()  # Shift+Enter: a new line on screen, same paragraph
    paragraph.add_run("受理 774 件")
    paragraph.add_run("（隐藏批注）").font.hidden = True
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    for i, row in enumerate([("单位", "受理", "办结"), ("省发改委", "12", "10")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(1, 0).add_paragraph("（含下属）")
    nested = table.cell(1, 2).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "嵌套"
    nested.cell(0, 1).text = "表格"
    tracked = document.add_paragraph("制表\t符")
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "审核")
    _append_run(insertion, "（修订插入）")
    tracked._p.append(insertion)
    # A content control wrapping a whole paragraph, as form-like templates use.
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inner = OxmlElement("w:p")
    _append_run(inner, "控件内段落")
    content.append(inner)
    sdt.append(content)
    document.element.body.insert(len(document.element.body) - 1, sdt)
    document.add_paragraph("四川省政府政务服务和公共资源交易服务中心")
    document.save(str(path))
    return path


def test_paragraphs_and_table_rows_in_document_order(tmp_path: Path) -> None:
    document = read(Input(path=_report(tmp_path / "r.docx"), source="in/r.docx"))
    assert (document.source, document.format, document.encoding) == ("in/r.docx", "docx", None)
    assert document.lines == (
        "窗口工作周报",
        "本周，共计咨询 1724 人次",
        "受理 774 件",
        "",
        "单位 | 受理 | 办结",
        "省发改委 （含下属） | 12 | 10 嵌套 表格",
        "制表\t符（修订插入）",
        "控件内段落",
        "四川省政府政务服务和公共资源交易服务中心",
    )


def _docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """Copy a .docx, replacing (or with None, dropping) some members."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
        for name, content in replace.items():
            if name not in source.namelist() and content is not None:
                target.writestr(name, content)
    return out.getvalue()


def _content_types(data: bytes, old: bytes, new: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    return _rezip(data, {"[Content_Types].xml": types.replace(old, new)})


def _bad_cases() -> list[object]:
    good = _docx_bytes("窗口工作周报")
    only_blank = _docx_bytes("", "  ", "")
    cases: list[tuple[str, bytes, type[Exception], str]] = [
        ("truncated", good[: len(good) // 2], UnreadableInput, f"damaged or truncated .docx; {RESAVE}"),
        ("not a docx", _rezip(good, {"word/document.xml": None}), UnreadableInput, "no word/document.xml"),
        (
            "broken xml",
            _rezip(good, {"word/document.xml": b"<w:document><w:body><w:p>"}),
            UnreadableInput,
            f"damaged or truncated .docx; {RESAVE}",
        ),
        ("no text", _docx_bytes(), UnreadableInput, "no text"),
        ("blank paragraphs", only_blank, UnreadableInput, "no text"),
        (
            "macro-enabled",
            _content_types(
                good,
                b"wordprocessingml.document.main+xml",
                b"ms-word.document.macroEnabled.main+xml",
            ),
            UnsupportedFormat,
            "macro-enabled Word document or template",
        ),
        (
            "spreadsheet",
            _content_types(good, b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"),
            UnreadableInput,
            "damaged or truncated .docx (not a Word document)",
        ),
        (
            "opendocument",
            _rezip(good, {"mimetype": b"application/vnd.oasis.opendocument.text", "word/document.xml": None}),
            UnsupportedFormat,
            "OpenDocument file (.odt)",
        ),
    ]
    return [pytest.param(data, error, message, id=case) for case, data, error, message in cases]


@pytest.mark.parametrize(("data", "error", "message"), _bad_cases())
def test_bad_docx(tmp_path: Path, data: bytes, error: type[Exception], message: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read(Input(path=path, source="周报/bad.docx"))
    assert type(caught.value) is error
    assert str(caught.value).startswith("周报/bad.docx: ")
    assert message in str(caught.value)


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    # 32 MiB of zeros deflates to ~32 KiB: a ratio no Word document comes near.
    path = tmp_path / "bomb.docx"
    path.write_bytes(_rezip(_docx_bytes("正文"), {"word/media/pad.bin": bytes(32 * 1024 * 1024)}))
    with pytest.raises(
        UnreadableInput, match=r"^bomb\.docx: refused: word/media/pad\.bin inflates \d+:1 \(zip bomb\?\)"
    ):
        read(Input(path=path, source="bomb.docx"))


def test_uncompressed_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_module, "MAX_DOCX_UNCOMPRESSED", 1000)
    path = tmp_path / "big.docx"
    path.write_bytes(_docx_bytes("正文"))
    with pytest.raises(
        UnreadableInput,
        match=r"^big\.docx: \.docx too large when uncompressed \(\d+ bytes, limit 1000 bytes\)",
    ):
        read(Input(path=path, source="big.docx"))
