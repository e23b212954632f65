"""``read``: content decides the reader, unsupported formats fail loudly, nothing escapes as a traceback."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from audit.errors import AuditError, UnreadableInput, UnsupportedFormat
from audit.ingest import Document, Input, discover, read
from audit.ingest import ocr as ocr_module
from audit.ingest import text as text_module

RESAVE_AS_DOCX = "open it in Word or WPS and save as .docx, then run again"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(text: str | None) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    if text is not None:
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(72, 800, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _item(path: Path, data: bytes) -> Input:
    path.write_bytes(data)
    return Input(path=path, source=path.name)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        # Content first: a renamed file is read as what it is.
        ("report.txt", "docx", ("docx", ("正文",))),
        ("report.md", "pdf", ("pdf", ("正文",))),
        ("report.docx", "pdf", ("pdf", ("正文",))),
        ("report.pdf.txt", "text", ("txt", ("正文",))),
        ("report", "text", ("txt", ("正文",))),
    ],
)
def test_content_picks_the_reader(
    tmp_path: Path, name: str, data: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    content = {"docx": _docx_bytes("正文"), "pdf": _pdf_bytes("正文"), "text": "正文\n".encode()}[data]
    document = read(_item(tmp_path / name, content))
    assert (document.format, document.lines) == expected


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("note.txt", b"{\\rtf1\\ansi hello}", "RTF document, not .docx"),
        ("note.rtf", b"{\\rtf1\\ansi hello}", "RTF document, not .docx"),
        # Word's "save as web page" keeps the .doc name; a .doc name on text is refused, not read as text.
        (
            "web.doc",
            "<html><body>周报</body></html>".encode(),
            ".doc file that is not a Word/WPS binary document",
        ),
        ("tpl.wpt", "周报".encode(), ".wpt file that is not a Word/WPS binary document"),
        ("macro.DOCM", b"PK\x03\x04" + bytes(40), ".docm files are not supported"),
        ("other.odt", b"PK\x03\x04" + bytes(40), ".odt files are not supported"),
    ],
)
def test_unsupported_formats_say_how_to_convert(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        read(_item(tmp_path / name, data))
    assert str(caught.value) == f"{name}: {reason}; {RESAVE_AS_DOCX}"


def test_image_is_not_a_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_module, "available", lambda: False)  # with the [ocr] extra it is read
    with pytest.raises(
        UnsupportedFormat,
        match=r"^scan\.txt: image file \(a scanned page\?\), not a text, \.docx or \.pdf report; install OCR",
    ):
        read(_item(tmp_path / "scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(100)))


def test_password_protected_docx_is_an_ole2_file(tmp_path: Path) -> None:
    data = OLE2 + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(100)
    with pytest.raises(UnreadableInput, match=r"^locked\.docx: password-protected Word document; remove"):
        read(_item(tmp_path / "locked.docx", data))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("text.docx", "窗口工作周报\n".encode(), "damaged or truncated .docx"),
        ("zeros.docx", bytes(1000), "damaged or truncated .docx"),
        ("zeros.pdf", bytes(1000), "not a valid PDF (damaged or truncated)"),
    ],
)
def test_name_promising_a_container_the_content_lacks(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(UnreadableInput) as caught:
        read(_item(tmp_path / name, data))
    assert str(caught.value).startswith(f"{name}: {reason}; ")


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match=r"^folder: is a directory; "):
        read(Input(path=tmp_path, source="folder"))


def test_missing_file_at_read_time(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match=r"^gone\.txt: no such file or directory; check the path$"):
        read(Input(path=tmp_path / "gone.txt", source="gone.txt"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    item = _item(tmp_path / "secret.txt", "周报".encode())
    item.path.chmod(0)
    with pytest.raises(UnreadableInput, match=r"^secret\.txt: Permission denied$"):
        read(item)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(13, "Permission denied"), "Permission denied"),
        (OSError(5, "Input/output error"), "Input/output error"),
    ],
)
def test_os_errors_become_unreadable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    item = _item(tmp_path / "a.txt", "周报".encode())

    def failing_read(*args: object) -> Document:
        raise error

    monkeypatch.setattr(text_module, "read_text", failing_read)
    with pytest.raises(UnreadableInput) as caught:
        read(item)
    assert str(caught.value) == f"a.txt: {reason}"


def test_unexpected_errors_become_unreadable_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> Document:
        raise RuntimeError("boom")

    monkeypatch.setattr(text_module, "read_text", broken)
    with pytest.raises(UnreadableInput) as caught:
        read(_item(tmp_path / "a.txt", "周报".encode()))
    assert (
        str(caught.value) == "a.txt: unexpected error while reading (RuntimeError: boom); please report this"
    )
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_keyboard_interrupt_is_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> Document:
        raise KeyboardInterrupt

    monkeypatch.setattr(text_module, "read_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        read(_item(tmp_path / "a.txt", "周报".encode()))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_read_like_a_file(tmp_path: Path) -> None:
    # `audit check /dev/stdin` or `<(…)`: stat gives no size and the stream cannot seek.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes("窗口工作周报\n第二行\n".encode("gb18030")))
    writer.start()
    document = read(discover([str(fifo)])[0])
    writer.join(timeout=5)
    assert (document.lines, document.encoding) == (("窗口工作周报", "第二行"), "gb18030")


def test_mixed_directory_yields_the_good_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_module, "available", lambda: False)  # the scan stays unread without the extra
    files: dict[str, bytes] = {
        "2023/01-utf8.md": "# 窗口工作周报\n\n本周受理 774 件。\n".encode(),
        "2023/02-gbk.txt": "窗口工作周报\r\n本周受理 774 件。\r\n".encode("gbk"),
        "2023/03-report.docx": _docx_bytes("窗口工作周报"),
        "2023/04-report.pdf": _pdf_bytes("窗口工作周报"),
        "2023/05-empty.txt": b"",
        "2023/06-binary.txt": bytes(range(256)),
        "2023/07-legacy.doc": OLE2 + bytes(600),
        "2023/08-broken.docx": _docx_bytes("窗口工作周报")[:300],
        "2023/09-scan.pdf": _pdf_bytes(None),
        "2023/~$03-report.docx": b"lock",
        "2023/.10-hidden.txt": "隐藏".encode(),
        "2023/11-data.xlsx": b"PK\x03\x04",
    }
    for name, data in files.items():
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / name).write_bytes(data)

    documents: list[Document] = []
    errors: list[tuple[str, str, str]] = []
    for item in discover([tmp_path / "in"]):
        try:
            documents.append(read(item))
        except AuditError as error:
            errors.append((Path(error.source).name, type(error).__name__, str(error.reason)))

    assert [(Path(d.source).name, d.format, d.encoding, d.lines[0]) for d in documents] == [
        ("01-utf8.md", "md", "utf-8", "# 窗口工作周报"),
        ("02-gbk.txt", "txt", "gb18030", "窗口工作周报"),
        ("03-report.docx", "docx", None, "窗口工作周报"),
        ("04-report.pdf", "pdf", None, "窗口工作周报"),
    ]
    assert errors == [
        ("05-empty.txt", "UnreadableInput", "empty file"),
        ("06-binary.txt", "UnreadableInput", "binary data, not a text, .docx or .pdf report"),
        (
            "07-legacy.doc",
            "UnreadableInput",
            "damaged or unsupported Word/WPS binary file (truncated or not a compound file)",
        ),
        ("08-broken.docx", "UnreadableInput", "damaged or truncated .docx"),
        ("09-scan.pdf", "UnreadableInput", "PDF has no text layer (scanned image?)"),
    ]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_is_cut_at_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 1000)
    with pytest.raises(UnreadableInput, match=r"^/dev/zero: file too large \(over 1000 bytes\)$"):
        read(discover(["/dev/zero"])[0])
