"""The library entry points: the bundled examples, the seeds and the pre-publication case."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from audit import pipeline, tables
from audit.generate import build_archive, generate_series, inject, render, write_text
from audit.pipeline import check, extract
from schemas import derive
from schemas.findings import FindingsSchema
from tests.conftest import ROOT, SEED_2022, SEED_2023, seed

EXAMPLES = ROOT / "examples"


def serious(result) -> list[tuple[str, str, str | None]]:
    rows = result.findings[result.findings["severity"].isin(["error", "warning"])]
    return sorted(
        (Path(f.source).name, f.rule, f.metric if isinstance(f.metric, str) else None)
        for f in rows.itertuples()
    )


def test_examples_give_exactly_the_injected_findings() -> None:
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))["expected"]
    result = check([EXAMPLES])
    assert result.errors == []
    assert len(result.tables.issues) == 12
    assert serious(result) == sorted((e["file"], e["rule"], e["metric"]) for e in expected)


def test_findings_pass_their_schema() -> None:
    # A run gives the findings their model's column types only: its checks must hold by construction.
    findings = check([EXAMPLES]).findings
    assert len(findings)
    pd.testing.assert_frame_equal(FindingsSchema.validate(findings.copy()), findings)


def test_examples_extract_every_format() -> None:
    issues = extract([EXAMPLES]).tables.issues
    assert sorted(issues["format"].unique()) == ["docx", "md", "pdf", "txt"]
    assert issues["serial_no"].tolist() == list(range(490, 502))


def test_each_seed_alone_has_exactly_one_error() -> None:
    for path, observed in ((SEED_2022, "10359"), (SEED_2023, "25738")):
        result = check([seed(path)])
        assert [(f.rule, f.severity, f.metric, f.observed) for f in result.findings.itertuples()] == [
            ("completed_le_accepted", "error", "other_powers.completed", observed)
        ]


def _archive(folder: Path, series) -> Path:
    folder.mkdir()
    for spec in series:
        write_text(folder / f"{spec.serial_no}.md", render(spec))
    return folder


def test_clean_draft_against_clean_archive_passes(tmp_path: Path) -> None:
    series = generate_series(8, seed=2, start=date(2024, 4, 1))
    archive = _archive(tmp_path / "archive", series[:-1])
    draft = write_text(tmp_path / "draft.md", render(series[-1]))
    result = check([draft], history=[archive])
    assert (result.exit_code("error"), len(result.findings), result.targets) == (0, 0, [str(draft)])
    assert [i["source"] for i in result.to_dict()["issues"]] == [str(draft)]


def test_draft_whose_ytd_drops_fails_with_one_finding_on_the_draft(tmp_path: Path) -> None:
    series = generate_series(8, seed=2, start=date(2024, 4, 1))
    broken, expected = inject(series, "ytd_monotonic", at=7, rng=random.Random(1))
    archive = _archive(tmp_path / "archive", broken[:-1])
    draft = write_text(tmp_path / "draft.md", render(broken[-1]))
    result = check([draft], history=[archive])
    assert result.exit_code("error") == 1
    assert [(f.rule, f.source, f.metric) for f in result.findings.itertuples()] == [
        ("ytd_monotonic", str(draft), expected[0].metric)
    ]
    assert result.findings.iloc[0]["other_source"].startswith(str(archive))


def test_findings_are_deterministic() -> None:
    first = check([EXAMPLES]).to_dict()
    assert check([EXAMPLES]).to_dict() == first


def test_history_keeps_only_what_can_pair_with_the_draft(tmp_path: Path) -> None:
    series = generate_series(90, seed=2, start=date(2022, 6, 6))
    other = generate_series(3, seed=2, start=date(2024, 6, 3), publisher="某市政务服务中心")
    archive = _archive(tmp_path / "archive", [*series[:-1], *other])
    draft = write_text(tmp_path / "draft.md", render(series[-1]))
    result = check([draft], history=[archive])
    years = result.tables.issues["year"].tolist()
    assert result.exit_code("warning") == 0
    assert set(result.tables.issues["publisher"]) == {series[-1].publisher}
    assert (series[0].year, series[-1].year) == (2022, 2024)
    assert sorted(set(years)) == [2023, 2024]


SERIES_DEFECTS = ("serial_sequential", "ytd_monotonic", "ytd_reconciles", "share_consistent", "value_valid")


def test_archive_checked_in_parts_finds_what_the_whole_finds(tmp_path: Path, monkeypatch) -> None:
    # Parts of whole series, one issue per part at least; chunks of two documents for the
    # per-issue rules: the findings are those of one pass over the whole archive.
    expected = build_archive(tmp_path, 12, n_series=3, defects=SERIES_DEFECTS, seed=4)
    whole = check([tmp_path])
    monkeypatch.setattr(derive, "SERIES_PART", 1)
    monkeypatch.setattr(tables, "CHUNK", 2)
    parts = check([tmp_path])
    assert parts.findings.equals(whole.findings)
    assert parts.tables.headings.empty and len(parts.tables.facts) == len(whole.tables.facts)
    found = {(f.rule, Path(f.source).name) for f in whole.findings.itertuples() if f.severity != "info"}
    assert found == {(e["rule"], Path(e["file"]).name) for e in expected}


def test_a_parallel_run_ends_its_pool_in_order_not_by_killing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The kill path is for a run abandoned half-way; a finished run that took it did so in the garbage
    # collector, where a SIGTERM arriving at that moment was swallowed as an "exception ignored".
    from audit import workers

    killed: list[object] = []
    monkeypatch.setattr(workers, "_stop", lambda pool, processes: killed.append(pool))
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    result = extract([EXAMPLES], jobs=2)
    assert len(result.tables.issues) == 12
    assert killed == []


@pytest.mark.parametrize("fails", [False, True], ids=["finished", "abandoned"])
def test_a_parallel_run_leaves_nothing_frozen(monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
    # The pool freezes what the main process holds while it runs; a library caller's later garbage
    # must still be collected, whether the run finished or was abandoned half-way.
    import gc

    from audit.workers import parallel_map

    frozen: list[int] = []
    items = list(range(40))
    outcomes = parallel_map(abs, items, 2, name=str)
    frozen.append(next(outcomes) * 0 + gc.get_freeze_count())
    if fails:
        outcomes.close()
    else:
        assert list(outcomes) == items[1:]
    assert frozen[0] > 0
    assert gc.get_freeze_count() == 0
