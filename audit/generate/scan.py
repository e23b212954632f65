"""Render an issue as a scan: page images with skew, blur, JPEG noise and a red seal, as an image PDF.

What a scanner and an office make of a printed issue: A4 pages in a Song/serif face, the page
a little rotated, soft focus, JPEG artefacts and speckle, and the office's red seal stamped over
part of the text. Everything is drawn with Pillow from a seeded random source, so the same
arguments give the same pages.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image, ImageFont

#: CJK faces tried in order (Debian/Ubuntu fonts-noto-cjk, then other common places).
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
#: Rules about how a figure was read, not what it says: scans exercise them, injected defects cannot.
SCAN_RULES: tuple[str, ...] = ("ocr_uncertain",)
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 1.0
FONT_POINTS = 12.0
LEADING = 1.6


@dataclass(frozen=True)
class ScanStyle:
    """How a scan was made: resolution and the defects it carries."""

    dpi: int = 200
    skew_degrees: float = 0.8
    blur_radius: float = 0.6
    jpeg_quality: int = 50
    speckle: float = 0.002
    seal: bool = True


def cjk_font_path() -> str | None:
    """Return a CJK font file on this machine, or None."""
    return next((path for path in FONT_PATHS if Path(path).is_file()), None)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    path = cjk_font_path()
    if path is None:
        raise RuntimeError("no CJK font found; install fonts-noto-cjk")
    return ImageFont.truetype(path, size)


def render_scan(text: str, style: ScanStyle = ScanStyle(), seed: int | str = 0) -> list[Image.Image]:
    """Return the pages of ``text`` as scanned greyscale-on-white RGB images."""
    rng = random.Random(f"scan|{seed}")
    pages = _typeset(text, style.dpi)
    seal_page = rng.randrange(len(pages))
    return [
        _degrade(page, style, rng, with_seal=style.seal and number == seal_page)
        for number, page in enumerate(pages)
    ]


def write_scan_pdf(path: Path | str, text: str, style: ScanStyle = ScanStyle(), seed: int | str = 0) -> Path:
    """Return ``path`` after writing ``text`` as an image-only PDF scanned in ``style``."""
    pages = render_scan(text, style, seed)
    path = Path(path)
    pages[0].save(path, "PDF", resolution=float(style.dpi), save_all=True, append_images=pages[1:])
    return path


def write_scan_image(
    path: Path | str, text: str, style: ScanStyle = ScanStyle(), seed: int | str = 0
) -> Path:
    """Return ``path`` after writing the first page of ``text`` as a scanned image (.png or .jpg)."""
    page = render_scan(text, style, seed)[0]
    path = Path(path)
    page.save(path, dpi=(style.dpi, style.dpi))
    return path


def _typeset(text: str, dpi: int) -> list[Image.Image]:
    from PIL import Image, ImageDraw

    width, height = (round(side * dpi) for side in A4_INCHES)
    margin = round(MARGIN_INCHES * dpi)
    size = round(FONT_POINTS / 72 * dpi)
    font = _font(size)
    leading = round(size * LEADING)
    pages: list[Image.Image] = []

    def new_page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
        page = Image.new("L", (width, height), 255)
        return page, ImageDraw.Draw(page)

    def footer(draw: ImageDraw.ImageDraw, number: int) -> None:
        label = f"— {number} —"
        draw.text(((width - font.getlength(label)) / 2, height - margin / 2 - size), label, font=font, fill=0)

    page, draw = new_page()
    y = margin
    for line in text.split("\n"):
        if not line.strip():
            y += leading // 2
            continue
        for piece in _wrap(line, font, width - 2 * margin):
            if y + leading > height - margin:
                footer(draw, len(pages) + 1)
                pages.append(page)
                page, draw = new_page()
                y = margin
            draw.text((margin, y), piece, font=font, fill=0)
            y += leading
    footer(draw, len(pages) + 1)
    pages.append(page)
    return pages


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: float) -> Sequence[str]:
    pieces, current = [], ""
    for char in line:
        if current and font.getlength(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    return pieces


def _degrade(page: Image.Image, style: ScanStyle, rng: random.Random, *, with_seal: bool) -> Image.Image:
    from PIL import Image, ImageFilter

    page = page.rotate(rng.uniform(-1, 1) * style.skew_degrees, resample=Image.BICUBIC, fillcolor=255)
    if style.blur_radius > 0:
        page = page.filter(ImageFilter.GaussianBlur(style.blur_radius))
    page = _speckle(page, style.speckle, rng)
    rgb = page.convert("RGB")
    if with_seal:
        rgb = _stamp(rgb, style.dpi, rng)
    buffer = io.BytesIO()
    rgb.save(buffer, "JPEG", quality=style.jpeg_quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _speckle(page: Image.Image, share: float, rng: random.Random) -> Image.Image:
    """Dust and toner: a share of pixels set to black or white at random."""
    if share <= 0:
        return page
    width, height = page.size
    pixels = page.load()
    for _ in range(int(width * height * share)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))  # type: ignore[index]
    return page


def _stamp(page: Image.Image, dpi: int, rng: random.Random) -> Image.Image:
    """A round red seal (ring, star, arc of text) multiplied over part of the page's text."""
    from PIL import Image, ImageChops, ImageDraw

    radius = round(0.8 * dpi)  # a 40 mm office seal
    width, height = page.size
    margin = round(MARGIN_INCHES * dpi)
    cx = rng.randint(width // 2, width - margin - radius // 2)
    cy = rng.randint(margin + radius, max(margin + radius, height // 2))
    seal = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(seal)
    red = (220, 40, 40)
    ring = max(2, radius // 14)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=ring)
    star = [
        (
            cx + (radius * 0.3 if k % 2 == 0 else radius * 0.12) * math.sin(math.pi * k / 5),
            cy - (radius * 0.3 if k % 2 == 0 else radius * 0.12) * math.cos(math.pi * k / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=red)
    font = _font(max(8, radius // 5))
    label = "政务服务中心"
    for k, char in enumerate(label):
        angle = math.radians(-70 + 140 * k / (len(label) - 1))
        x = cx + radius * 0.72 * math.sin(angle)
        y = cy - radius * 0.72 * math.cos(angle)
        draw.text((x, y), char, font=font, fill=red, anchor="mm")
    # Ink on paper darkens what is under it: multiply, not paste.
    return ImageChops.multiply(page, seal)
