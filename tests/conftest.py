"""Shared fixtures: the real seed issues (when ../shared/seeds is present) and small helpers."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from audit.extract import Extraction, extract_document
from audit.ingest.document import Document
from audit.ingest.text import pipe_tables

# The test command must pass or fail the same way on every machine, so property tests replay a
# fixed set of examples; HYPOTHESIS_PROFILE=explore draws new ones to hunt for bugs.
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_2022 = SEEDS / "000_791b0b33f42eefcb.txt"
SEED_2023 = SEEDS / "001_5aab968088a6ebbd.txt"


def seed(path: Path) -> Path:
    """Return a seed file, skipping the test when the seeds are not beside this checkout."""
    if not path.is_file():
        pytest.skip(f"seed {path.name} not available")
    return path


def document(text: str, source: str = "issue.md", fmt: str = "md") -> Document:
    """Return a document made of ``text`` split into lines as a text file would be."""
    lines = tuple(text.split("\n"))
    tables, notes = pipe_tables(lines)
    return Document(source, lines, fmt, tables=tables, notes=notes)


def other_copies(text: str, more: int = 1) -> str:
    """Return ``text`` printing ``more`` copies more in its 版记: another version of the same issue."""
    changed = re.sub(r"共印\s*(\d+)", lambda m: f"共印{int(m[1]) + more}", text)
    assert changed != text or not more
    return changed


def extract_text(text: str, source: str = "issue.md") -> Extraction:
    """Return the extraction of a document made of ``text``."""
    return extract_document(document(text, source))


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test's extraction cache out of the user's cache folder."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(folder))
    # The key that seals cache entries, so that no test creates one in the user's config folder.
    monkeypatch.setenv("AUDIT_CACHE_KEY", "test key " + "k" * 32)
    return folder


@pytest.fixture(autouse=True)
def _language_of_the_locale() -> Iterator[None]:
    """Each test starts with messages in the locale's language: a CLI run's --lang must not leak."""
    from audit import messages

    messages._ACTIVE.clear()
    yield
    messages._ACTIVE.clear()
