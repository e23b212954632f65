"""Legacy Word .doc and Kingsoft .wps: read exactly as their .docx, and hostile files refused in one line."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import docx
import pytest

from audit.errors import UnreadableInput, UnsupportedFormat
from audit.extract import extract_document
from audit.generate import generate_series, render, strip_markdown, write_docx
from audit.generate.legacy import save_as_legacy, soffice
from audit.ingest import Input, read
from audit.ingest import doc as doc_module
from tests.conftest import SEED_2022, SEED_2023

_HEADER_FIELDS = ("publisher", "title", "year", "issue_no", "serial_no", "published")
_PERIOD_FIELDS = ("period_start", "period_end", "as_of", "copies")


def _table_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("窗口工作周报")
    table = document.add_table(rows=3, cols=3)
    rows = [("类别", "受理", "办结"), ("行政许可", "5,192,485", "5,100,000"), ("公共服务", "12", "10")]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_paragraph("表后段落：综窗咨询 1724 人次")
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Generated issues of both layouts, the two seeds and a table, as .docx, .doc and .wps."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("legacy")
    sources: list[Path] = []
    for style in ("2022", "2023"):
        for spec in generate_series(2, seed=7, style=style):
            path = folder / f"gen-{style}-{spec.serial_no}.docx"
            sources.append(write_docx(path, strip_markdown(render(spec))))
    for seed_path in (SEED_2022, SEED_2023):
        if seed_path.is_file():
            sources.append(write_docx(folder / f"seed-{seed_path.stem}.docx", seed_path.read_text("utf-8")))
    sources.append(_table_docx(folder / "table.docx"))
    for fmt in ("doc", "wps"):
        save_as_legacy(sources, folder, fmt)
    return {path.stem: path for path in sources}


def _read(path: Path) -> object:
    return read(Input(path, str(path)))


@pytest.mark.parametrize("fmt", ["doc", "wps"])
def test_legacy_copy_reads_as_its_docx(corpus: dict[str, Path], fmt: str) -> None:
    assert len(corpus) >= 5
    for stem, original in corpus.items():
        expected = _read(original)
        legacy = _read(original.with_suffix(f".{fmt}"))
        assert legacy.format == fmt  # type: ignore[attr-defined]
        assert legacy.lines == expected.lines, stem  # type: ignore[attr-defined]
        if stem == "table":
            continue
        got, want = extract_document(legacy), extract_document(expected)  # type: ignore[arg-type]
        assert dataclasses.asdict(got.header) == dataclasses.asdict(want.header), stem
        assert got.facts == want.facts, stem
        assert len(got.facts) >= 6, stem


def test_legacy_copy_of_a_seed_matches_the_seed_text(corpus: dict[str, Path]) -> None:
    seeds = [path for path in (SEED_2022, SEED_2023) if path.is_file()]
    if not seeds:
        pytest.skip("seeds not available")
    for seed_path in seeds:
        text = extract_document(_read(seed_path))  # type: ignore[arg-type]
        legacy = extract_document(_read(corpus[f"seed-{seed_path.stem}"].with_suffix(".doc")))  # type: ignore[arg-type]
        for field in _HEADER_FIELDS + _PERIOD_FIELDS:
            assert getattr(legacy.header, field) == getattr(text.header, field), field
        assert [(f.metric, f.scope, f.value, f.unit) for f in legacy.facts] == [
            (f.metric, f.scope, f.value, f.unit) for f in text.facts
        ]


def test_table_rows_keep_their_place(corpus: dict[str, Path]) -> None:
    document = _read(corpus["table"].with_suffix(".doc"))
    assert document.lines == (  # type: ignore[attr-defined]
        "窗口工作周报",
        "类别 | 受理 | 办结",
        "行政许可 | 5,192,485 | 5,100,000",
        "公共服务 | 12 | 10",
        "表后段落：综窗咨询 1724 人次",
    )


def test_content_not_suffix_decides(corpus: dict[str, Path], tmp_path: Path) -> None:
    renamed = tmp_path / "report.docx"
    renamed.write_bytes(corpus["table"].with_suffix(".doc").read_bytes())
    assert _read(renamed).lines[1] == "类别 | 受理 | 办结"  # type: ignore[attr-defined]


def _rename_stream(data: bytes, old: str, new: str) -> bytes:
    """Rename a compound-file directory entry in place (names are UTF-16LE, 64 bytes, length after)."""
    at = data.find(old.encode("utf-16-le") + b"\0\0")
    assert at >= 0
    entry = bytearray(data[at : at + 66])
    entry[:64] = (new.encode("utf-16-le") + b"\0\0").ljust(64, b"\0")
    entry[64:66] = (2 * len(new) + 2).to_bytes(2, "little")
    return data[:at] + bytes(entry) + data[at + 66 :]


def _encrypted(data: bytes) -> bytes:
    """Set fEncrypted in the Word file information block, as Word does for a password-protected file."""
    at = data.find(bytes([0xEC, 0xA5]))  # wIdent opens the WordDocument stream
    flags = bytearray(data)
    flags[at + 11] |= 0x01
    return bytes(flags)


@pytest.mark.parametrize(
    ("name", "damage", "error", "message"),
    [
        (
            "cut.doc",
            lambda b: b[: len(b) // 2],
            UnreadableInput,
            "damaged or unsupported Word/WPS binary file",
        ),
        ("head.wps", lambda b: b[:600], UnreadableInput, "damaged or unsupported Word/WPS binary file"),
        (
            "locked.doc",
            _encrypted,
            UnreadableInput,
            "password-protected Word/WPS document; remove the password",
        ),
        (
            "works.wps",
            lambda b: _rename_stream(b, "WordDocument", "CONTENTS"),
            UnsupportedFormat,
            "Microsoft Works document (.wps), not Word or Kingsoft WPS",
        ),
        (
            "sheet.doc",
            lambda b: _rename_stream(b, "WordDocument", "Workbook"),
            UnsupportedFormat,
            "Excel workbook, not a report document",
        ),
    ],
)
def test_hostile_legacy_files_are_refused_in_one_line(
    corpus: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    damage: object,
    error: type[Exception],
    message: str,
) -> None:
    # Without antiword the converter's verdict stands; the fallback has its own test.
    monkeypatch.setattr(shutil, "which", lambda program: None)
    path = tmp_path / name
    path.write_bytes(damage(corpus["table"].with_suffix(".doc").read_bytes()))  # type: ignore[operator]
    with pytest.raises(error) as caught:
        _read(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_oversized_file_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_module, "MAX_DOC_BYTES", 1000)
    path = tmp_path / "big.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2000))
    with pytest.raises(UnreadableInput, match=r"big\.doc: file too large \(over 1000 bytes\)"):
        _read(path)


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_antiword_is_the_fallback_when_the_converter_fails(
    corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from doc2docx.errors import UnsupportedFeatureError

    def refuse(data: bytes) -> bytes:
        raise UnsupportedFeatureError("not in this milestone")

    monkeypatch.setattr(doc_module, "_to_docx", refuse)
    document = _read(corpus["table"].with_suffix(".wps"))
    assert document.format == "wps"  # type: ignore[attr-defined]
    assert document.lines == (  # type: ignore[attr-defined]
        "窗口工作周报",
        "类别 | 受理 | 办结",
        "行政许可 | 5,192,485 | 5,100,000",
        "公共服务 | 12 | 10",
        "表后段落：综窗咨询 1724 人次",
    )
    assert [note.code for note in document.notes] == ["text_fallback"]  # type: ignore[attr-defined]
