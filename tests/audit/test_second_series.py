"""A second series end to end: 不动产登记工作周报, with a profile written from the README alone.

Its own centre, measures (受理登记申请 件, 登簿 件, 发放证书 本, 网办率 %) and relations (登簿 ≤ 受理,
cumulative and reconciling year-to-date figures). Issue 52 records more than it accepted; issue
53's year to date does not add up and it prints its online share only as 约为六成.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from audit import pipeline
from audit.cli import main
from audit.pipeline import check
from audit.profiles import reset_profiles
from schemas.settings import Settings

DATA = Path(__file__).parent / "data" / "estate"
PROFILE = DATA / "estate_weekly.toml"


@pytest.fixture(autouse=True)
def builtin_only() -> object:
    yield
    reset_profiles()


def test_the_profile_is_valid() -> None:
    result = CliRunner().invoke(main, ["profiles", "check", str(PROFILE)])
    assert result.exit_code == 0, result.output


def test_figures_and_findings_of_the_series() -> None:
    result = check([DATA], settings=Settings(profiles=(str(PROFILE),)))
    facts = {
        (Path(row.source).name, row.metric, row.scope): row.value for row in result.tables.facts.itertuples()
    }
    assert {k: v for k, v in facts.items() if k[0] == "2024-第10期.md"} == {
        ("2024-第10期.md", "estate.accepted", "week"): 1204,
        ("2024-第10期.md", "estate.recorded", "week"): 1150,
        ("2024-第10期.md", "estate.certificates", "week"): 980,
        ("2024-第10期.md", "estate.accepted", "ytd"): 10512,
        ("2024-第10期.md", "estate.recorded", "ytd"): 9876,
        ("2024-第10期.md", "estate.certificates", "ytd"): 8420,
        ("2024-第10期.md", "estate.online_rate", "ytd"): 62.5,
    }
    assert len(facts) == 7 + 7 + 6
    found = sorted((Path(f.source).name, f.rule, f.metric) for f in result.findings.itertuples())
    assert found == [
        ("2024-第11期.md", "completed_le_accepted", "estate.recorded"),
        ("2024-第12期.md", "metric_missing", "estate.online_rate"),
        ("2024-第12期.md", "ytd_reconciles", "estate.accepted"),
    ]
    messages = set(result.findings["message_zh"])
    assert "登记登簿 1260 件，超过受理 1120 件，且未注明结转" in messages


def test_workers_started_afresh_read_the_series_of_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # With the spawn (or forkserver) start method a worker inherits nothing from the run: the
    # profile must be handed to it, or every figure of this series would be left unread.
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    settings = Settings(profiles=(str(PROFILE),))
    alone = check([DATA], settings=settings).tables.facts
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        spawned = check([DATA], settings=settings, jobs=2).tables.facts
    finally:
        multiprocessing.set_start_method(previous, force=True)
    assert len(alone) == 20
    pd.testing.assert_frame_equal(spawned, alone)


def test_prior_year_and_change_figures_are_not_current_values() -> None:
    result = check([DATA / "2024-第10期.md"], settings=Settings(profiles=(str(PROFILE),)))
    assert 9870 not in set(result.tables.facts["value"])
    figures = result.tables.figures.set_index("raw")
    assert figures.loc["9870", "role"] != "metric"
    assert figures.loc["6.5", "role"] != "metric"


def test_without_the_profile_nothing_is_read_as_a_figure_of_another_series() -> None:
    result = check([DATA], settings=Settings())
    assert result.tables.facts.empty


def test_the_cli_takes_the_profile(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    args = ["check", str(DATA), "--profile", str(PROFILE), "--format", "json", "-o", str(out), "--no-cache"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {f["rule"] for f in data["findings"]} == {
        "completed_le_accepted",
        "ytd_reconciles",
        "metric_missing",
    }
    assert [c["coverage"] for c in data["summary"]["coverage"]][1:] == [1.0, 1.0]
