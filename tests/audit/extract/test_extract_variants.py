"""The same issues with export noise, saved as .docx, .pdf and GB18030 .txt, extract to the same values."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from audit.extract import Extraction, extract_document
from audit.generate import (
    add_noise,
    generate_series,
    render,
    strip_markdown,
    write_docx,
    write_pdf,
    write_text,
)
from audit.generate.noise import ALL
from audit.ingest import Input, read
from tests.conftest import SEED_2022, SEED_2023, seed

WRITERS = {
    "docx": lambda path, text: write_docx(path.with_suffix(".docx"), text),
    "pdf": lambda path, text: write_pdf(path.with_suffix(".pdf"), text),
    "gb18030": lambda path, text: write_text(path.with_suffix(".txt"), text, encoding="gb18030"),
    "utf-8-sig": lambda path, text: write_text(path.with_suffix(".md"), text, encoding="utf-8-sig"),
}


def values(extraction: Extraction) -> tuple[object, ...]:
    header = extraction.header
    masthead = (
        header.publisher,
        header.title,
        header.year,
        header.issue_no,
        header.serial_no,
        header.published,
        header.period_start,
        header.period_end,
        header.as_of,
        header.copies,
    )
    facts = sorted(
        (f.metric, f.scope, f.value, f.unit, f.carryover, f.category_count) for f in extraction.facts
    )
    return masthead, facts


def extract_file(path: Path) -> Extraction:
    return extract_document(read(Input(path, path.name)))


def variant(
    tmp_path: Path, text: str, writer: str, noise_seed: int, kinds: tuple[str, ...] = ALL
) -> Extraction:
    noisy = add_noise(
        strip_markdown(text) if writer != "utf-8-sig" else text, random.Random(noise_seed), kinds
    )
    return extract_file(WRITERS[writer](tmp_path / f"variant-{noise_seed}", noisy))


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("path", [SEED_2022, SEED_2023], ids=lambda p: p.name[:3])
def test_seed_variants_extract_the_same(tmp_path: Path, path: Path, writer: str) -> None:
    original = extract_file(seed(path))
    text = seed(path).read_text(encoding="utf-8")
    for noise_seed in range(3):
        assert values(variant(tmp_path, text, writer, noise_seed)) == values(original)


@pytest.mark.parametrize("kind", ALL)
def test_each_kind_of_noise_alone(tmp_path: Path, kind: str) -> None:
    spec = generate_series(1, seed=3, start=date(2024, 5, 6))[0]
    text = render(spec)
    clean = extract_document(read(Input(write_text(tmp_path / "clean.md", text), "clean.md")))
    for noise_seed in range(5):
        assert values(variant(tmp_path, text, "gb18030", noise_seed, (kind,))) == values(clean)


@pytest.mark.parametrize("style", ["2022", "2023"])
def test_generated_issues_extract_their_true_values(tmp_path: Path, style: str) -> None:
    for spec in generate_series(4, seed=5, start=date(2024, 12, 16), style=style):
        extraction = extract_file(
            write_docx(tmp_path / f"{spec.serial_no}.docx", strip_markdown(render(spec)))
        )
        header = extraction.header
        assert (header.year, header.issue_no, header.serial_no, header.published) == (
            spec.year,
            spec.issue_no,
            spec.serial_no,
            spec.published,
        )
        assert (header.period_start, header.period_end, header.as_of) == (
            spec.period_start,
            spec.period_end,
            spec.as_of,
        )
        assert sorted((f.metric, f.scope, f.value) for f in extraction.facts) == sorted(
            (f.metric, f.scope, float(f.value)) for f in spec.facts
        )
