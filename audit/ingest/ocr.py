"""Scanned PDFs and page images through OCR (the optional ``[ocr]`` extra).

Pages are rendered with pypdfium2 at ``RENDER_DPI`` and read by RapidOCR on onnxruntime, whose
models ship inside the wheel, so nothing is fetched at run time. Nothing here imports an OCR
library until a scanned page is met: ``available()`` only asks whether the packages exist.
The engine's boxes become lines in reading order; every character keeps the engine's
confidence and every place where two boxes meet, or where the engine read across a wide gap,
is kept as a seam, so the figure logic can flag a number the engine was unsure of or may
have split or merged (see ``audit.extract.ocr_marks``).
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

from audit.errors import UnreadableInput
from audit.ingest.document import Document, OcrLine, ReadNote

if TYPE_CHECKING:
    from PIL import Image

#: Pages are rendered at this resolution; below 200 dpi the engine starts to misread digits.
RENDER_DPI = 200
#: A weekly report has a handful of pages; OCR costs seconds per page, so a long scan is refused.
MAX_OCR_PAGES = int(os.environ.get("AUDIT_OCR_MAX_PAGES", "60"))
#: Largest page image read (pixels); Pillow's own decompression-bomb guard sits at about 179 M.
MAX_IMAGE_PIXELS = 60_000_000
INSTALL_OCR = "pip install 'weekly-report-audit[ocr]'"
OCR_MODULES = ("rapidocr", "onnxruntime", "pypdfium2")
# A line whose characters average below this confidence was probably not read at all.
UNREADABLE_LINE = 0.75
# A horizontal gap wider than this many text heights between two boxes gets a space ...
_SPACE_GAP = 0.35
# ... and within one box, a gap between characters wider than this many median character
# widths means the engine read two things as one (a seam).
_WIDE_GAP = 0.9
# Two boxes are on one line when their vertical overlap is at least this share of the lower one.
_SAME_LINE = 0.5

Progress = Callable[[int, int], None]


def available() -> bool:
    """Whether the ``[ocr]`` extra is installed (found, not imported)."""
    return all(importlib.util.find_spec(name) is not None for name in OCR_MODULES)


def ocr_pdf(stream: BinaryIO, source: str) -> Document:
    """Read a PDF without a text layer by rendering each page and reading it with OCR."""
    import pypdfium2 as pdfium

    data = stream.read()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableInput(
            source, "scanned PDF cannot be opened for OCR", "export or scan it again"
        ) from exc
    try:
        count = len(pdf)
        _check_page_count(count, source)
        images = (_render(pdf[index]) for index in range(count))
        return _read_pages(images, count, source, "PDF has no text layer")
    finally:
        pdf.close()


def ocr_image(stream: BinaryIO, source: str) -> Document:
    """Read a page image (PNG, JPEG, TIFF with one page per frame) with OCR."""
    from PIL import Image, ImageSequence

    try:
        with warnings.catch_warnings():
            # Between Pillow's warning and error thresholds the size check below decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(stream.read()))
        # The header alone gives the size: refuse a pixel bomb before decoding anything.
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise UnreadableInput(
                source,
                f"image too large ({width}×{height} pixels, limit {MAX_IMAGE_PIXELS // 1_000_000} million)",
                "scan it again at 200–300 dpi",
            )
        count = getattr(image, "n_frames", 1)
        _check_page_count(count, source)
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError as exc:
        raise UnreadableInput(
            source, "image too large (pixel bomb?)", "scan it again at 200–300 dpi"
        ) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise UnreadableInput(source, "damaged or unreadable image", "scan or export it again") from exc
    return _read_pages(iter(frames), len(frames), source, "image")


def _check_page_count(count: int, source: str) -> None:
    if count == 0:
        raise UnreadableInput(source, "scanned document has no pages", "scan or export it again")
    if count > MAX_OCR_PAGES:
        raise UnreadableInput(
            source,
            f"scanned document has {count} pages, over the OCR limit of {MAX_OCR_PAGES}",
            "split it into issues, or raise AUDIT_OCR_MAX_PAGES",
        )


def _render(page: Any) -> Image.Image:
    try:
        width, height = page.get_size()
        # A page the size of a wall would render to gigabytes: keep it within the pixel budget.
        scale = min(RENDER_DPI / 72, (MAX_IMAGE_PIXELS / max(width * height, 1.0)) ** 0.5)
        return page.render(scale=scale).to_pil().convert("RGB")
    finally:
        page.close()


def _read_pages(images: Iterator[Image.Image], count: int, source: str, what: str) -> Document:
    engine = _engine()
    progress = _progress(source)
    lines: list[str] = []
    pages: list[int] = []
    marks: list[OcrLine] = []
    for number, image in enumerate(images, start=1):
        for text, mark in _page_lines(engine, image):
            lines.append(text)
            pages.append(number)
            marks.append(mark)
        if progress:
            progress(number, count)
    notes = tuple(
        ReadNote(
            line=number,
            code="ocr_unreadable_line",
            message_zh=f"第 {page} 页此行 OCR 置信度低（{min(mark.confidence):.2f}），可能漏读数字，请与扫描件核对",
            message_en=f"page {page}: OCR read this line with low confidence ({min(mark.confidence):.2f});"
            " figures on it may be missed; check it against the scan",
        )
        for number, (mark, page) in enumerate(zip(marks, pages, strict=True), start=1)
        if _mean(mark.confidence) < UNREADABLE_LINE
    )
    if not any(line.strip() for line in lines):
        raise UnreadableInput(source, f"{what} and OCR found no text on it", "scan it again at 300 dpi")
    return Document(
        source=source, lines=tuple(lines), format="scan", pages=tuple(pages), notes=notes, ocr=tuple(marks)
    )


def _mean(values: tuple[float, ...]) -> float:
    return sum(values) / len(values) if values else 1.0


@cache
def _engine() -> Any:
    """One engine per process (loading the models takes a moment), logging errors only."""
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "error"})


def _progress(source: str) -> Progress | None:
    """Per-page progress on stderr for interactive runs (AUDIT_QUIET silences it)."""
    if os.environ.get("AUDIT_QUIET") or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total > 1:
            end = "\n" if done == total else ""
            print(f"\raudit: OCR {source} page {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


@dataclass(frozen=True)
class _Box:
    """One piece of text the engine read: its characters, their confidences, where it lies."""

    text: str
    confidence: tuple[float, ...]
    seams: tuple[int, ...]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def _page_lines(engine: Any, image: Image.Image) -> list[tuple[str, OcrLine]]:
    import numpy as np

    # No angle classifier: scanned pages are upright, and it was measured flipping a clear line
    # 180° into garbage (a whole sentence of figures lost).
    result = engine(np.asarray(image), use_cls=False, return_word_box=True)
    if result.boxes is None or result.txts is None:
        return []
    words = result.word_results if len(result.word_results) == len(result.txts) else [None] * len(result.txts)
    boxes = [
        _box(text, float(score), points, word)
        for text, score, points, word in zip(result.txts, result.scores, result.boxes, words, strict=True)
        if text.strip()
    ]
    return [_join(line) for line in _group_lines(boxes)]


def _box(text: str, score: float, points: Any, words: Iterable[Any] | None) -> _Box:
    xs = [float(point[0]) for point in points]
    ys = [float(point[1]) for point in points]
    confidence, seams = _characters(text, score, words)
    return _Box(text, confidence, seams, min(xs), max(xs), min(ys), max(ys))


def _characters(
    text: str, score: float, words: Iterable[Any] | None
) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """Per-character confidence and the wide gaps inside one box, from the engine's word boxes."""
    pieces = [(str(word), float(conf), box) for word, conf, box in (words or ()) if word]
    if "".join(word for word, _, _ in pieces).replace(" ", "") != text.replace(" ", ""):
        # The word boxes do not cover the text one to one: the box score stands for every character.
        return tuple(score for _ in text), ()
    confidence: list[float] = []
    spans: list[tuple[int, float, float]] = []
    at = 0
    for word, conf, box in pieces:
        while at < len(text) and text[at] == " " and word[0] != " ":
            confidence.append(1.0)
            at += 1
        if box is not None:
            xs = [float(point[0]) for point in box]
            spans.append((at, min(xs), max(xs)))
        confidence.extend([conf] * len(word))
        at += len(word)
    confidence.extend([1.0] * (len(text) - len(confidence)))
    return tuple(confidence[: len(text)]), _wide_gaps(spans)


def _wide_gaps(spans: list[tuple[int, float, float]]) -> tuple[int, ...]:
    if len(spans) < 2:
        return ()
    widths = sorted(right - left for _, left, right in spans)
    median = max(widths[len(widths) // 2], 1.0)
    return tuple(
        offset
        for (_, _, previous_right), (offset, left, _) in itertools.pairwise(spans)
        if left - previous_right > _WIDE_GAP * median
    )


def _group_lines(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes into lines, top to bottom, each line left to right."""
    lines: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        if lines:
            anchor = lines[-1]
            top = max(min(b.top for b in anchor), box.top)
            bottom = min(max(b.bottom for b in anchor), box.bottom)
            if bottom - top >= _SAME_LINE * min(box.height, min(b.height for b in anchor)):
                anchor.append(box)
                continue
        lines.append([box])
    for line in lines:
        line.sort(key=lambda b: b.left)
    return lines


def _join(line: list[_Box]) -> tuple[str, OcrLine]:
    text = ""
    confidence: list[float] = []
    seams: list[int] = []
    for index, box in enumerate(line):
        if index:
            previous = line[index - 1]
            seams.append(len(text))
            if box.left - previous.right > _SPACE_GAP * min(box.height, previous.height):
                text += " "
                confidence.append(1.0)
        seams.extend(len(text) + offset for offset in box.seams)
        text += box.text
        confidence.extend(box.confidence)
    return text, OcrLine(confidence=tuple(confidence), seams=tuple(seams))
