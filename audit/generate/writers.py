"""Write a rendered issue as .md/.txt (any encoding), .docx or .pdf, byte-identical on every run."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "gb18030")
PDF_FONT = "STSong-Light"
# Office documents keep a timestamp per zip member; a fixed one makes the bytes reproducible.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOC_TIME = datetime(2000, 1, 1)


def write_text(path: Path | str, text: str, encoding: str = "utf-8", *, newline: str = "\n") -> Path:
    """Return ``path`` after writing ``text`` to it in ``encoding`` (utf-8, utf-8-sig or gb18030)."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unsupported encoding {encoding!r}; use one of {ENCODINGS}")
    path = Path(path)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def _stable_zip(data: bytes) -> bytes:
    """Return the zip archive ``data`` rewritten with fixed member timestamps, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def write_docx(
    path: Path | str,
    text: str,
    *,
    title: str = "",
    masthead: str = "lines",
    masthead_lines: int = 0,
    official: str = "",
    imprint: str = "",
    borders: str = "ruled",
) -> Path:
    """Return ``path`` after writing ``text`` to it as a .docx, one paragraph per non-empty line.

    Markdown pipe tables become Word tables drawn as ``borders`` (ruled, none; or tabs, spaces:
    rows of aligned text, no table object). ``masthead`` ("textbox" or "table") places
    the first ``masthead_lines`` lines in text boxes or a layout table. ``official`` (the series
    title) sets the document as a 红头 bulletin: that title in red, a running header and a page
    number footer, a footnote on the statistics, and ``imprint`` (…印发) before the copies line.
    """
    from docx import Document
    from docx.oxml.ns import qn

    from audit.generate import docx_layout, docx_tables

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    # Word picks the Chinese face from the eastAsia attribute, not from font.name.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    props = doc.core_properties
    props.title = title
    props.author = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = _DOC_TIME
    props.modified = _DOC_TIME
    lines = [line for line in text.split("\n") if line.strip()]
    head, lines = (lines[:masthead_lines], lines[masthead_lines:]) if masthead != "lines" else ([], lines)
    if official:
        docx_layout.body_font(doc)
        docx_layout.page_furniture(doc, official)
    if masthead == "textbox":
        docx_layout.masthead_boxes(doc, head)
    elif masthead == "table":
        docx_layout.masthead_table(doc, head, official)
    noted = False
    index = tables = 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith("|"):
            end = index
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            docx_tables.add_table(doc, lines[index:end], borders, tables)
            tables += 1
            index = end
            continue
        if official and imprint and index == len(lines) - 1:
            doc.add_paragraph(imprint)
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(line)
        if official and line.strip() == official:
            docx_layout.style_title(run)
        if official and not noted and line.endswith("如下："):
            docx_layout.add_footnote(doc, paragraph, docx_layout.FOOTNOTE)
            noted = True
        index += 1
    buffer = io.BytesIO()
    doc.save(buffer)
    path = Path(path)
    path.write_bytes(_stable_zip(buffer.getvalue()))
    return path


def _wrap(line: str, width: float, size: float) -> list[str]:
    """Return ``line`` cut into pieces no wider than ``width`` points in the PDF font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces, current, used = [], "", 0.0
    for ch in line:
        w = stringWidth(ch, PDF_FONT, size)
        if current and used + w > width:
            pieces.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    pieces.append(current)
    return pieces


def _draw_scrambled(c: object, x: float, y: float, piece: str, size: float) -> None:
    """Draw ``piece`` at (x, y) in three parts, the last part first, each at its own position."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    cut = len(piece) // 3
    parts = [(0, piece[:cut]), (cut, piece[cut : 2 * cut]), (2 * cut, piece[2 * cut :])]
    for start, part in (parts[2], parts[0], parts[1]):
        offset = stringWidth(piece[:start], PDF_FONT, size)
        c.drawString(x + offset, y, part)  # type: ignore[attr-defined]


def write_pdf(
    path: Path | str, text: str, *, title: str = "", font_size: float = 12, scrambled: bool = False
) -> Path:
    """Return ``path`` after writing ``text`` to it as an A4 PDF (STSong-Light, wrapped, "— N —" footers).

    ``scrambled`` writes each line's pieces out of order in the content stream (the last third
    first), as some exporters do: the page looks the same, the stream order differs.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    path = Path(path)
    page_w, page_h = A4
    margin, leading = 72.0, font_size * 1.6
    # invariant=1 fixes the creation date and document id, so the bytes only depend on the text.
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("")
    c.setCreator("audit.generate")
    page = 1
    y = page_h - margin

    def footer() -> None:
        c.setFont(PDF_FONT, font_size - 2)
        c.drawCentredString(page_w / 2, margin / 2, f"— {page} —")

    for line in text.split("\n"):
        if not line.strip():
            y -= leading / 2
            continue
        for piece in _wrap(line, page_w - 2 * margin, font_size):
            if y < margin + leading:
                footer()
                c.showPage()
                page += 1
                y = page_h - margin
            c.setFont(PDF_FONT, font_size)
            if scrambled and len(piece) >= 3:
                _draw_scrambled(c, margin, y - font_size, piece, font_size)
            else:
                c.drawString(margin, y - font_size, piece)
            y -= leading
    footer()
    c.showPage()
    c.save()
    return path


def soffice() -> str | None:
    """Return the LibreOffice command, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def export_pdf(source: Path | str, outdir: Path | str) -> Path:
    """Return the PDF LibreOffice exports from ``source`` (a .docx) into ``outdir``, as offices do.

    A private profile per call lets several exports run at once.
    """
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; install it to export PDFs")
    source, outdir = Path(source), Path(outdir)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                command,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    target = outdir / f"{source.stem}.pdf"
    if not target.is_file():
        raise RuntimeError(f"LibreOffice did not export {source.name}")
    return target
