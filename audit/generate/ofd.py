"""Write a rendered issue as an OFD file (GB/T 33190), laid out the way real converters lay it out.

The package holds OFD.xml → Doc_0/Document.xml → one Content.xml per page, fonts in
PublicRes.xml, text as positioned TextObjects (millimetres, origin top left, Y the baseline).
``mode`` picks how text is cut into objects, as different producers do:

- ``line``: one TextObject per line;
- ``runs``: one per run of one script, Chinese in 宋体 and digits/Latin in Times New Roman
  (what Word→OFD converters make of the usual 仿宋 + Times body text);
- ``chars``: one per character, as virtual printers write them.

``shuffle`` writes each page's objects in reverse, so content order is not reading order.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

OFD_MODES = ("line", "runs", "chars")
NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 25.0
FONT_SIZE = 4.2333  # 12 pt in millimetres
LEADING = FONT_SIZE * 1.6
_CJK_FONT, _LATIN_FONT = 2, 3
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_ofd(
    path: Path | str, text: str, *, title: str = "", mode: str = "line", shuffle: bool = False
) -> Path:
    """Return ``path`` after writing ``text`` to it as an A4 OFD, wrapped, with "— N —" footers."""
    if mode not in OFD_MODES:
        raise ValueError(f"unknown OFD mode {mode!r}; use one of {OFD_MODES}")
    pages = list(_paginate(text))
    parts: dict[str, str] = {
        "OFD.xml": _ofd_xml(title),
        "Doc_0/Document.xml": _document_xml(len(pages)),
        "Doc_0/PublicRes.xml": _public_res_xml(),
    }
    next_id = 10
    for number, lines in enumerate(pages):
        objects: list[str] = []
        for y, line in lines:
            for x, piece, font in _pieces(line, mode):
                objects.append(_text_object(next_id, x, y, piece, font))
                next_id += 1
        if shuffle:
            objects.reverse()
        parts[f"Doc_0/Pages/Page_{number}/Content.xml"] = _page_xml(objects)
    path = Path(path)
    path.write_bytes(_zip(parts))
    return path


def char_width(char: str, size: float = FONT_SIZE) -> float:
    """Advance of ``char``: a full em for CJK and full-width forms, half an em otherwise."""
    return size if unicodedata.east_asian_width(char) in ("W", "F") else size * 0.5


def _wrap(line: str, width: float) -> list[str]:
    pieces, current, used = [], "", 0.0
    for char in line:
        advance = char_width(char)
        if current and used + advance > width:
            pieces.append(current)
            current, used = "", 0.0
        current += char
        used += advance
    pieces.append(current)
    return pieces


def _paginate(text: str) -> Iterator[list[tuple[float, str]]]:
    """Pages of (baseline, line), the footer "— N —" last on each page."""
    page: list[tuple[float, str]] = []
    y = MARGIN
    number = 1
    for raw in text.split("\n"):
        if not raw.strip():
            y += LEADING / 2
            continue
        for piece in _wrap(raw, PAGE_W - 2 * MARGIN):
            if y + LEADING > PAGE_H - MARGIN:
                yield [*page, (PAGE_H - MARGIN / 2, f"— {number} —")]
                page, y, number = [], MARGIN, number + 1
            y += LEADING
            page.append((y, piece))
    yield [*page, (PAGE_H - MARGIN / 2, f"— {number} —")]


def _pieces(line: str, mode: str) -> Iterator[tuple[float, str, int]]:
    """(x, text, font) of each TextObject the line is cut into."""
    x = MARGIN
    if line.startswith("— "):
        x = (PAGE_W - sum(char_width(char) for char in line)) / 2
    if mode == "line":
        yield x, line, _CJK_FONT
        return
    run, run_font, run_x = "", _CJK_FONT, x
    for char in line:
        font = _CJK_FONT if char_width(char) == FONT_SIZE else _LATIN_FONT
        if run and (mode == "chars" or font != run_font):
            yield run_x, run, run_font
            run, run_x = "", x
        if not run:
            run_font = font
        run += char
        x += char_width(char)
    if run:
        yield run_x, run, run_font


def _text_object(object_id: int, x: float, y: float, text: str, font: int) -> str:
    widths = [char_width(char) for char in text]
    width, ascent = sum(widths), FONT_SIZE * 0.88
    boundary = f"{x:.3f} {y - ascent:.3f} {width:.3f} {FONT_SIZE:.3f}"
    deltas = " ".join(f"{w:.4g}" for w in widths[:-1])
    delta = f" DeltaX={quoteattr(deltas)}" if deltas else ""
    return (
        f'<ofd:TextObject ID="{object_id}" Boundary="{boundary}" Font="{font}" Size="{FONT_SIZE}">'
        '<ofd:FillColor Value="0 0 0"/>'
        f'<ofd:TextCode X="0" Y="{ascent:.3f}"{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>'
    )


def _ofd_xml(title: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>00000000000000000000000000000000</ofd:DocID>"
        f"<ofd:Title>{escape(title)}</ofd:Title><ofd:Creator>audit.generate</ofd:Creator>"
        "<ofd:CreationDate>2000-01-01</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )


def _document_xml(pages: int) -> str:
    page_list = "".join(
        f'<ofd:Page ID="{1000 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(pages)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}">'
        "<ofd:CommonData><ofd:MaxUnitID>999999</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"
    )


def _public_res_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="{_CJK_FONT}" FontName="宋体" FamilyName="宋体"/>'
        f'<ofd:Font ID="{_LATIN_FONT}" FontName="Times New Roman" FamilyName="Times New Roman"/>'
        "</ofd:Fonts></ofd:Res>"
    )


def _page_xml(objects: list[str]) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer ID="1" Type="Body">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            member = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, content.encode("utf-8"))
    return buffer.getvalue()
