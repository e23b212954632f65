"""OFD: generated issues and the seeds read exactly as their text, with pages; hostile packages refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from audit.errors import UnreadableInput
from audit.extract import Extraction, extract_document
from audit.generate import generate_series, render, strip_markdown, write_text
from audit.generate.ofd import OFD_MODES, write_ofd
from audit.ingest import Input, discover, read
from audit.ingest import ofd as ofd_module
from audit.ingest.document import Document
from tests.conftest import SEED_2022, SEED_2023, seed

_HEADER = ("publisher", "title", "year", "issue_no", "serial_no", "published", "period_start", "period_end")
_MORE = ("as_of", "copies")


def _read(path: Path) -> Document:
    return read(Input(path, str(path)))


def _summary(extraction: Extraction) -> tuple[object, ...]:
    header = tuple(getattr(extraction.header, field) for field in _HEADER + _MORE)
    facts = tuple(
        (f.metric, f.scope, f.value, f.unit, f.carryover, f.category_count) for f in extraction.facts
    )
    return header, facts


def _specs() -> list[object]:
    return [*generate_series(2, seed=11, style="2022"), *generate_series(2, seed=12, style="2023")]


@pytest.mark.parametrize("mode", OFD_MODES)
@pytest.mark.parametrize("shuffle", [False, True])
def test_generated_issue_reads_as_its_text(tmp_path: Path, mode: str, shuffle: bool) -> None:
    for spec in _specs():
        text = strip_markdown(render(spec))  # type: ignore[arg-type]
        plain = _read(write_text(tmp_path / "issue.txt", text))
        ofd = _read(write_ofd(tmp_path / "issue.ofd", text, mode=mode, shuffle=shuffle))
        assert ofd.format == "ofd"
        want, got = extract_document(plain), extract_document(ofd)
        assert _summary(got) == _summary(want)
        assert len(got.facts) >= 6
        assert all(got.header.__dict__[field] is not None for field in _HEADER)


@pytest.mark.parametrize("path", [SEED_2022, SEED_2023], ids=["2022", "2023"])
def test_seed_as_ofd_reads_as_the_seed(tmp_path: Path, path: Path) -> None:
    text = seed(path).read_text("utf-8")
    ofd = _read(write_ofd(tmp_path / "seed.ofd", text, mode="runs"))
    assert _summary(extract_document(ofd)) == _summary(extract_document(_read(path)))


def test_lines_carry_their_page(tmp_path: Path) -> None:
    text = "\n".join(f"第{n}段：本周受理 {n} 件。" for n in range(1, 81))
    document = _read(write_ofd(tmp_path / "long.ofd", text))
    assert len(document.pages) == len(document.lines)
    assert document.pages[0] == 1 and document.pages[-1] == max(document.pages) >= 3
    assert list(document.pages) == sorted(document.pages)
    last = document.lines.index("第80段：本周受理 80 件。") + 1
    assert document.page_of(last) == document.pages[-1]
    # Each page ends in its own footer, on that page.
    footers = [
        (line, page)
        for line, page in zip(document.lines, document.pages, strict=True)
        if line.startswith("— ")
    ]
    assert footers == [(f"— {n} —", n) for n in range(1, max(document.pages) + 1)]


def test_content_not_suffix_decides(tmp_path: Path) -> None:
    path = write_ofd(tmp_path / "report.zip", "窗口工作周报\n本周受理 774 件。")
    (tmp_path / "report.docx").write_bytes(path.read_bytes())
    assert _read(tmp_path / "report.docx").lines[:1] == ("窗口工作周报",)
    assert [item.source for item in discover([tmp_path])] == [str(tmp_path / "report.docx")]


def _repack(data: bytes, change: dict[str, bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in change:
                replacement = change[info.filename]
                if replacement is not None:
                    dst.writestr(info.filename, replacement)
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def _bomb(data: bytes) -> bytes:
    return _repack(data, {"Doc_0/Pages/Page_0/Content.xml": b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>"})


def _encrypted(data: bytes) -> bytes:
    # Set the "encrypted" flag bit of every local and central header, as zip encryption does.
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at >= 0:
            out[at + offset] |= 0x01
            at = out.find(signature, at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[: len(b) // 2], "damaged or truncated OFD file"),
        (lambda b: b[:30], "damaged or truncated OFD file"),
        (_bomb, "refused: Doc_0/Pages/Page_0/Content.xml inflates"),
        (_encrypted, "password-protected (encrypted) OFD file"),
        (lambda b: _repack(b, {"Doc_0/Document.xml": None}), "damaged or truncated OFD file (no readable"),
        (lambda b: _repack(b, {"Doc_0/Pages/Page_0/Content.xml": b"<ofd:Page"}), "damaged or truncated OFD"),
        (lambda b: _repack(b, {"Doc_0/Pages/Page_0/Content.xml": b"<Page/>"}), "OFD has no text (scanned"),
    ],
    ids=["half", "head", "bomb", "encrypted", "no-document", "bad-xml", "no-text"],
)
def test_hostile_packages_are_refused_in_one_line(tmp_path: Path, damage: object, message: str) -> None:
    good = write_ofd(tmp_path / "good.ofd", "窗口工作周报\n本周受理 774 件。").read_bytes()
    path = tmp_path / "bad.ofd"
    path.write_bytes(damage(good))  # type: ignore[operator]
    with pytest.raises(UnreadableInput) as caught:
        _read(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_too_many_pages_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ofd_module, "MAX_OFD_PAGES", 2)
    path = write_ofd(tmp_path / "long.ofd", "\n".join(f"第{n}行" for n in range(200)))
    with pytest.raises(UnreadableInput, match=r"long\.ofd: OFD has \d+ pages \(limit 2\)"):
        _read(path)


def test_missing_page_becomes_a_note(tmp_path: Path) -> None:
    good = write_ofd(tmp_path / "two.ofd", "\n".join(f"第{n}行：受理 {n} 件" for n in range(60))).read_bytes()
    path = tmp_path / "gap.ofd"
    path.write_bytes(_repack(good, {"Doc_0/Pages/Page_0/Content.xml": None}))
    document = _read(path)
    assert document.lines[0] == ""
    assert [note.code for note in document.notes] == ["ofd_part_missing"]
    assert "page 1" in document.notes[0].message_en
