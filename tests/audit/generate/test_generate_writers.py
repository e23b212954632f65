"""Writers produce files that read back with the same Chinese text, byte-identical on every run."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
import pytest
from pdfminer.high_level import extract_text

from audit.generate.noise import FOOTER_RE
from audit.generate.render import render, strip_markdown
from audit.generate.series import generate_series
from audit.generate.writers import write_docx, write_pdf, write_text

TEXT = strip_markdown(render(generate_series(1, seed=8, start=date(2025, 1, 6))[0]))


def squeeze(text: str) -> str:
    """Return ``text`` without page footers and whitespace, for comparing extracted text."""
    lines = [line for line in text.split("\n") if not FOOTER_RE.match(line)]
    return re.sub(r"\s+", "", "".join(lines))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_round_trip(tmp_path: Path, encoding: str) -> None:
    path = write_text(tmp_path / "issue.txt", TEXT, encoding)
    raw = path.read_bytes()
    assert raw.decode(encoding) == TEXT
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    with pytest.raises(ValueError):
        write_text(tmp_path / "x.txt", TEXT, "big5")


def test_docx_round_trip_and_stable_bytes(tmp_path: Path) -> None:
    a = write_docx(tmp_path / "a.docx", TEXT, title="窗口工作周报")
    b = write_docx(tmp_path / "b.docx", TEXT, title="窗口工作周报")
    assert a.read_bytes() == b.read_bytes()
    paragraphs = [p.text for p in docx.Document(str(a)).paragraphs]
    assert paragraphs == [line for line in TEXT.split("\n") if line.strip()]


def test_pdf_round_trip_and_stable_bytes(tmp_path: Path) -> None:
    a = write_pdf(tmp_path / "a.pdf", TEXT)
    b = write_pdf(tmp_path / "b.pdf", TEXT)
    assert a.read_bytes() == b.read_bytes()
    extracted = extract_text(str(a))
    assert squeeze(extracted) == squeeze(TEXT)
    assert "— 1 —" in extracted
