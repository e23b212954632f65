"""Tables: rows of cached entries skip the models' checks but not their types; entries are cached once valid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from audit import tables
from audit.cache import ENTRY_SUFFIX, Cache
from audit.generate import generate_series, render, write_text
from audit.generate.layouts import Form
from audit.pipeline import check, read_paths
from audit.tables import SCHEMAS, _coerce, _empty, _frame, _rows
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A series whose last issue is the draft, with a masthead field missing in one history issue."""
    root = tmp_path_factory.mktemp("gate")
    specs = generate_series(12, seed=4, start=date(2024, 3, 4), style="mixed")
    (root / "history").mkdir()
    (root / "draft").mkdir()
    for n, spec in enumerate(specs[:-1]):
        if n == 3:  # a table with a 合计 row, read only in part: rows for the totals and notes tables
            spec = replace(spec, form=Form(categories="table", ragged=True))
        text = render(spec)
        if n == 5:  # no 共印N份: a null in an integer column
            text = "\n".join(line for line in text.split("\n") if "共印" not in line)
        write_text(root / "history" / f"{spec.serial_no}.md", text)
    write_text(root / "draft" / f"{specs[-1].serial_no}.md", render(specs[-1]))
    return root / "draft", root / "history"


def _table_rows(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    extractions, errors = read_paths(paths)
    assert errors == []
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for item in extractions:
        for name, part in _rows(item).items():
            rows[name] += part
    return rows


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_coercion_gives_the_models_types_and_values(name: str, history: tuple[Path, Path]) -> None:
    rows = _table_rows([EXAMPLES, *history])[name]
    assert rows
    frame = _frame(name, rows)
    pd.testing.assert_frame_equal(_coerce(name, frame), SCHEMAS[name].validate(frame))
    pd.testing.assert_frame_equal(_empty(name), SCHEMAS[name].validate(_frame(name, [])))


def _validated_rows(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record every table validated by a model: its name and row count."""
    seen: list[tuple[str, int]] = []
    for name, schema in SCHEMAS.items():
        original = schema.validate

        def validate(
            frame: pd.DataFrame, *args: Any, _name: str = name, _original: Any = original, **kw: Any
        ) -> Any:
            seen.append((_name, len(frame)))
            return _original(frame, *args, **kw)

        monkeypatch.setattr(schema, "validate", validate)
    return seen


def test_the_gate_checks_only_the_rows_it_parsed(
    history: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft, archive = history
    cold = check([draft], history=[archive], cache=Cache(tmp_path)).to_dict()
    seen = _validated_rows(monkeypatch)
    assert check([draft], history=[archive], cache=Cache(tmp_path)).to_dict() == cold
    assert seen == []  # every row came from an entry that passed the checks when it was written
    (draft / "copy.md").write_text(next(draft.iterdir()).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    try:
        check([draft], history=[archive], cache=Cache(tmp_path))
    finally:
        (draft / "copy.md").unlink()
    # The one parsed file, on its own: each of its tables that has rows; an empty one is only typed.
    assert [name for name, _ in seen] == [name for name in SCHEMAS if name not in ("totals", "notes")]
    assert seen[0] == ("issues", 1)
    assert all(count for _, count in seen)


def test_a_parsed_file_is_cached_only_once_its_tables_pass(
    history: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft, archive = history

    def failing(frames: Any, checked: Any = None) -> Any:
        raise RuntimeError("a model refused the tables")

    monkeypatch.setattr(tables, "validated", failing)
    with pytest.raises(RuntimeError):
        check([draft], history=[archive], cache=Cache(tmp_path))
    with pytest.raises(RuntimeError):
        read_paths([archive], cache=Cache(tmp_path))
    assert list(tmp_path.rglob(f"*{ENTRY_SUFFIX}")) == []
    monkeypatch.undo()
    monkeypatch.setenv("AUDIT_CACHE_KEY", "test key " + "k" * 32)
    check([draft], history=[archive], cache=Cache(tmp_path))
    assert len(list(tmp_path.rglob(f"*{ENTRY_SUFFIX}"))) == 12
