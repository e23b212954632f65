"""The extraction cache and parallel parsing change how fast a run is, never what it finds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import audit.pipeline
from audit.cache import Cache, clear_cache, extractor_version
from audit.cli import main
from audit.generate import generate_series, render, write_text
from audit.pipeline import PARALLEL_FROM, check, read_paths


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    for spec in generate_series(PARALLEL_FROM + 8, seed=6, start=date(2024, 6, 3), style="mixed"):
        write_text(folder / f"{spec.serial_no}.md", render(spec))
    return folder


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = audit.pipeline.extract_document

    def counting(document):  # type: ignore[no-untyped-def]
        parsed.append(document.source)
        return original(document)

    monkeypatch.setattr(audit.pipeline, "extract_document", counting)
    return parsed


def test_unchanged_files_are_not_parsed_again(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    parsed = _count_parses(monkeypatch)
    first = check([archive], cache=cache).to_dict()
    assert len(parsed) == PARALLEL_FROM + 8
    (archive / "copy.md").write_bytes(next(archive.glob("*.md")).read_bytes())
    second = check([archive], cache=cache)
    assert len(parsed) == PARALLEL_FROM + 8  # the copy has the same content: a cache hit too
    assert "copy.md" in " ".join(second.tables.issues["source"])
    (archive / "copy.md").unlink()
    assert check([archive], cache=cache).to_dict() == first


def test_entries_are_per_extractor_version_and_a_damaged_entry_is_a_miss(
    archive: Path, tmp_path: Path
) -> None:
    cache = Cache(tmp_path)
    read_paths([archive], cache=cache)
    entries = list((tmp_path / extractor_version()).rglob("*.pickle"))
    assert len(entries) == PARALLEL_FROM + 8
    entries[0].write_bytes(b"not a pickle")
    extractions, errors = read_paths([archive], cache=cache)
    assert (len(extractions), errors) == (PARALLEL_FROM + 8, [])


def test_no_cache_writes_nothing(archive: Path, private_cache: Path) -> None:
    result = CliRunner().invoke(
        main, ["extract", str(archive), "--no-cache", "-o", str(private_cache / "x.json")]
    )
    assert result.exit_code == 0
    assert not list(private_cache.rglob("*.pickle"))


def test_cache_clear(archive: Path, private_cache: Path) -> None:
    CliRunner().invoke(main, ["extract", str(archive)])
    assert list(private_cache.rglob("*.pickle"))
    result = CliRunner().invoke(main, ["cache", "clear"])
    assert result.exit_code == 0 and str(private_cache) in result.stdout
    assert not private_cache.exists() or not list(private_cache.rglob("*.pickle"))
    assert clear_cache(private_cache) == (private_cache, 0)


def test_parallel_output_is_identical(archive: Path) -> None:
    serial = CliRunner().invoke(
        main, ["check", str(archive), "--format", "json", "--jobs", "1", "--no-cache"]
    )
    parallel = CliRunner().invoke(
        main, ["check", str(archive), "--format", "json", "--jobs", "2", "--no-cache"]
    )
    assert serial.exit_code == parallel.exit_code
    assert serial.stdout == parallel.stdout
