"""Scans: without the [ocr] extra one line and exit 2; with it, exact mastheads, F1 on the figures and doubts flagged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.errors import UnreadableInput, UnsupportedFormat
from audit.extract import extract_document
from audit.findings import evaluate
from audit.generate import generate_series, render, strip_markdown, write_text
from audit.generate.scan import SCAN_RULES, ScanStyle, cjk_font_path, write_scan_pdf
from audit.ingest import Input, read
from audit.ingest import ocr as ocr_module
from audit.tables import build_tables
from schemas.settings import Settings

OCR_MODULES = ("rapidocr", "onnxruntime", "pypdfium2", "cv2")
needs_ocr = pytest.mark.skipif(
    not ocr_module.available() or cjk_font_path() is None, reason="the [ocr] extra or a CJK font is missing"
)


def _blank_scan(path: Path, pages: int = 1, size: tuple[int, int] = (170, 240)) -> Path:
    """An image-only PDF (no font needed): grey bars where a scanner would see lines of text."""
    from PIL import Image, ImageDraw

    images = []
    for _ in range(pages):
        image = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(image)
        for y in range(20, size[1] - 20, 12):
            draw.rectangle((15, y, size[0] - 15, y + 5), fill=(90, 90, 90))
        images.append(image)
    images[0].save(path, "PDF", resolution=20.0, save_all=True, append_images=images[1:])
    return path


def _read(path: Path) -> object:
    return read(Input(path, str(path)))


def test_without_the_extra_a_scan_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr_module, "available", lambda: False)
    scan = _blank_scan(tmp_path / "scan.pdf")
    with pytest.raises(UnreadableInput) as caught:
        _read(scan)
    assert str(caught.value) == (
        f"{scan}: PDF has no text layer (scanned image?); "
        "install OCR support (pip install 'weekly-report-audit[ocr]') or export the original to PDF again"
    )
    page = tmp_path / "page.png"
    page.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(
        UnsupportedFormat, match=r"page\.png: image file \(a scanned page\?\).*\[ocr\]'\) or export"
    ):
        _read(page)


def test_cli_without_the_extra_prints_one_line_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr_module, "available", lambda: False)
    scan = _blank_scan(tmp_path / "scan.pdf")
    result = CliRunner().invoke(main, ["check", str(scan)])
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert str(scan) in errors[0] and "pip install 'weekly-report-audit[ocr]'" in errors[0]


@pytest.mark.parametrize(
    "command", [["--help"], ["check", "{text}", "--format", "json"], ["extract", "{pdf}"]], ids=str
)
def test_nothing_imports_ocr_libraries_unless_a_scan_is_met(tmp_path: Path, command: list[str]) -> None:
    from audit.generate import write_pdf

    text = "窗口工作周报\n本周受理 774 件。"
    paths = {
        "{text}": str(write_text(tmp_path / "a.md", text)),
        "{pdf}": str(write_pdf(tmp_path / "a.pdf", text)),
    }
    argv = [paths.get(arg, arg) for arg in command]
    code = (
        "import sys; from audit.cli import main\n"
        f"try: main({argv!r})\n"
        "except SystemExit: pass\n"
        f"loaded = [m for m in {OCR_MODULES!r} if m in sys.modules]\n"
        "assert not loaded, loaded"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@needs_ocr
def test_too_many_pages_are_refused_before_any_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = _blank_scan(tmp_path / "archive.pdf", pages=500, size=(40, 60))
    monkeypatch.setattr(ocr_module, "_engine", lambda: pytest.fail("the engine was loaded"))
    with pytest.raises(UnreadableInput) as caught:
        _read(scan)
    assert str(caught.value) == (
        f"{scan}: scanned document has 500 pages, over the OCR limit of {ocr_module.MAX_OCR_PAGES}; "
        "split it into issues, or raise AUDIT_OCR_MAX_PAGES"
    )


def _png_header(width: int, height: int) -> bytes:
    """A PNG signature, an IHDR announcing ``width`` × ``height`` pixels, and an empty IDAT."""
    import struct
    import zlib

    body = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + body + struct.pack(">I", zlib.crc32(body))
    return header + struct.pack(">I", 0) + b"IDAT" + struct.pack(">I", zlib.crc32(b"IDAT"))


@needs_ocr
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cut.png", b"\x89PNG\r\n\x1a\n" + bytes(60), "damaged or unreadable image"),
        ("big.png", _png_header(10_000, 10_000), "image too large (10000×10000 pixels, limit 60 million)"),
        ("bomb.png", _png_header(60_000, 60_000), "image too large (pixel bomb?)"),
    ],
    ids=["cut", "big", "bomb"],
)
def test_hostile_images_are_refused_in_one_line(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableInput) as caught:
        _read(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def _truth(spec: object) -> set[tuple[str, str, float]]:
    text = strip_markdown(render(spec))  # type: ignore[arg-type]
    facts = extract_document(_read_text(text)).facts
    return {(f.metric, f.scope, f.value) for f in facts}


def _read_text(text: str) -> object:
    from tests.conftest import document

    return document(text, "issue.txt", "txt")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, Path]]:
    if not ocr_module.available() or cjk_font_path() is None:
        pytest.skip("the [ocr] extra or a CJK font is missing")
    folder = tmp_path_factory.mktemp("scans")
    specs = [generate_series(1, seed=21, style="2023")[0], generate_series(1, seed=22, style="2022")[0]]
    return [
        (spec, write_scan_pdf(folder / f"{n}.pdf", strip_markdown(render(spec)), ScanStyle(dpi=200), seed=n))
        for n, spec in enumerate(specs)
    ]


@needs_ocr
def test_scans_at_200_dpi_read_the_masthead_and_the_figures(scanned: list[tuple[object, Path]]) -> None:
    true_positive = false_positive = false_negative = 0
    for spec, path in scanned:
        document = _read(path)
        assert document.format == "scan"  # type: ignore[attr-defined]
        assert len(document.pages) == len(document.lines) == len(document.ocr)  # type: ignore[attr-defined]
        assert document.pages[-1] >= 2  # type: ignore[attr-defined]
        extraction = extract_document(document)  # type: ignore[arg-type]
        header = extraction.header
        assert (header.year, header.issue_no, header.serial_no) == (spec.year, spec.issue_no, spec.serial_no)  # type: ignore[attr-defined]
        assert (header.published, header.period_start, header.period_end) == (
            spec.published,  # type: ignore[attr-defined]
            spec.period_start,  # type: ignore[attr-defined]
            spec.period_end,  # type: ignore[attr-defined]
        )
        assert all(f.ocr and f.confidence is not None for f in extraction.facts)
        got = {(f.metric, f.scope, f.value) for f in extraction.facts}
        want = _truth(spec)
        true_positive += len(got & want)
        false_positive += len(got - want)
        false_negative += len(want - got)
    f1 = 2 * true_positive / (2 * true_positive + false_positive + false_negative)
    assert f1 >= 0.99, (true_positive, false_positive, false_negative)


@needs_ocr
def test_every_wrong_ocr_value_is_flagged(scanned: list[tuple[object, Path]], tmp_path: Path) -> None:
    # A tough scan (150 dpi, heavy blur): values may be misread, none may pass unflagged.
    spec = scanned[0][0]
    rough = ScanStyle(dpi=150, blur_radius=1.1, jpeg_quality=30, skew_degrees=1.2)
    path = write_scan_pdf(tmp_path / "rough.pdf", strip_markdown(render(spec)), rough, seed=5)  # type: ignore[arg-type]
    extraction = extract_document(_read(path))  # type: ignore[arg-type]
    findings = evaluate(build_tables([extraction]), Settings())
    flagged = {(f.metric, f.scope) for f in findings.itertuples() if f.severity in ("warning", "error")}
    truth = {(metric, scope): value for metric, scope, value in _truth(spec)}
    wrong = [(f.metric, f.scope) for f in extraction.facts if truth.get((f.metric, f.scope)) != f.value]
    assert [key for key in wrong if key not in flagged] == []
    assert set(SCAN_RULES) <= {"ocr_uncertain"}


class _FakeResult:
    """What RapidOCR returns for one page: boxes, texts, scores and per-character word boxes."""

    def __init__(self, pieces: list[tuple[str, float, float, float, list[float]]]) -> None:
        # (text, left, top, score, per-character confidences); characters 20 px wide, 40 px high.
        self.boxes, self.txts, self.scores, self.word_results = [], [], [], []
        for text, left, top, score, chars in pieces:
            self.boxes.append(
                [
                    [left, top],
                    [left + 20 * len(text), top],
                    [left + 20 * len(text), top + 40],
                    [left, top + 40],
                ]
            )
            self.txts.append(text)
            self.scores.append(score)
            words = []
            x = left
            for char, confidence in zip(text, chars, strict=True):
                gap = 30 if char == "|" else 0  # "|" stands for a wide gap before the next character
                words.append(
                    (
                        char.replace("|", ""),
                        confidence,
                        [[x, top], [x + 20, top], [x + 20, top + 40], [x, top + 40]],
                    )
                )
                x += 20 + gap
            self.word_results.append(tuple(w for w in words if w[0]))
        self.txts = [t.replace("|", "") for t in self.txts]


def _fake_engine(pages: list[_FakeResult]) -> object:
    calls = iter(pages)
    return lambda image, **options: next(calls)


def test_lines_confidence_seams_and_notes_from_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ones = lambda text: [1.0] * len(text)  # noqa: E731
    page = _FakeResult(
        [
            # Out of order on purpose, and one line cut into two boxes.
            ("本周，受理774件", 100, 200, 0.95, [1, 1, 1, 1, 1, 0.61, 1, 1, 1]),
            ("窗口工作周报", 100, 100, 1.0, ones("窗口工作周报")),
            ("、颁发66", 280, 202, 0.99, ones("、颁发66")),
            ("13件、", 380, 198, 0.99, ones("13件、")),
            ("流转12|471件。", 100, 300, 0.99, ones("流转12|471件。")),
            ("旧梁买买实花", 100, 400, 0.4, [0.4] * 6),
        ]
    )
    # The engine is faked, so this runs without the [ocr] extra too.
    monkeypatch.setattr(ocr_module, "available", lambda: True)
    monkeypatch.setattr(ocr_module, "_engine", lambda: _fake_engine([page]))
    image = tmp_path / "page.png"
    from PIL import Image

    Image.new("RGB", (60, 80), "white").save(image)
    document = _read(image)
    assert document.format == "scan"  # type: ignore[attr-defined]
    assert document.lines == (  # type: ignore[attr-defined]
        "窗口工作周报",
        "本周，受理774件、颁发6613件、",
        "流转12471件。",
        "旧梁买买实花",
    )
    assert document.pages == (1, 1, 1, 1)  # type: ignore[attr-defined]
    assert document.ocr[1].seams == (9, 14)  # type: ignore[attr-defined]
    assert document.ocr[2].seams == (4,)  # type: ignore[attr-defined]
    assert [(note.line, note.code) for note in document.notes] == [(4, "ocr_unreadable_line")]  # type: ignore[attr-defined]
    facts = {(f.metric, f.scope): f for f in extract_document(document).facts}  # type: ignore[arg-type]
    accepted, issued = facts[("window.accepted", "week")], facts[("window.issued", "week")]
    assert (accepted.value, accepted.ocr, accepted.confidence, accepted.ocr_split) == (774, True, 0.61, False)
    assert (issued.value, issued.confidence, issued.ocr_split) == (6613, 1.0, True)
    assert facts[("window.transferred", "week")].ocr_split  # read across a wide gap
