"""``audit gx export``: the rule catalogue as a GX suite that GX loads back unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import great_expectations as gx
import pytest
from click.testing import CliRunner

from audit.cli.gx import gx_group
from schemas.rules import RULES


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("suite") / "suite.json"
    result = CliRunner().invoke(gx_group, ["export", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def test_gx_loads_the_suite_back_unchanged(suite: dict[str, Any]) -> None:
    loaded = gx.ExpectationSuite(**suite)
    assert loaded.to_json_dict() == suite
    assert (loaded.name, len(loaded.expectations)) == ("weekly_report_audit", 64)


def test_every_rule_is_an_expectation_or_listed_as_not_expressed(suite: dict[str, Any]) -> None:
    expressed = {e["meta"]["rule"] for e in suite["expectations"]}
    missing = {item.split(".")[0] for item in suite["meta"]["not_expressed"]}
    assert expressed | missing == {rule.id for rule in RULES}
    assert suite["meta"]["not_expressed"] == []


def test_each_expectation_carries_its_rules_severity(suite: dict[str, Any]) -> None:
    catalogue = {(r.id, t.variant): t.severity for r in RULES for t in r.tests}
    gx_level = {"error": "critical", "warning": "warning", "info": "info"}
    for item in suite["expectations"]:
        meta = item["meta"]
        assert meta["severity"] == catalogue[(meta["rule"], meta["variant"])]
        assert item["severity"] == gx_level[meta["severity"]]


def test_carry_over_is_a_row_condition(suite: dict[str, Any]) -> None:
    [exceeds] = [e for e in suite["expectations"] if e["meta"]["variant"] == "exceeds"]
    assert exceeds["type"] == "expect_column_pair_values_a_to_be_greater_than_b"
    assert exceeds["kwargs"]["row_condition"] == {
        "type": "comparison",
        "column": {"name": "noted"},
        "operator": "!=",
        "parameter": True,
    }


def test_meta_describes_each_table(suite: dict[str, Any]) -> None:
    tables = suite["meta"]["tables"]
    assert list(tables)[:3] == ["issues", "facts", "panel"]
    assert set(tables) == {e["meta"]["table"] for e in suite["expectations"]}
    assert tables["year_consistent"]["derived"] == ["year_consistent__differs__ok"]
    assert suite["meta"]["derived"] == ["value_valid.whole", "year_consistent.differs"]


def test_stdout_export_is_the_same_and_stable(suite: dict[str, Any]) -> None:
    first = CliRunner().invoke(gx_group, ["export"])
    second = CliRunner().invoke(gx_group, ["export"])
    assert first.stdout == second.stdout
    assert json.loads(first.stdout) == suite


def test_config_sets_severities_and_disables_rules(tmp_path: Path) -> None:
    config = tmp_path / "audit.toml"
    config.write_text(
        '[tool.audit]\ndisable = ["dates_in_period"]\n[tool.audit.severity]\nytd_reconciles = "error"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(gx_group, ["export", "--config", str(config)])
    data = json.loads(result.stdout)
    assert "dates_in_period" not in {e["meta"]["rule"] for e in data["expectations"]}
    assert data["meta"]["disabled"] == ["dates_in_period"]
    [reconciles] = [e for e in data["expectations"] if e["meta"]["rule"] == "ytd_reconciles"]
    assert (reconciles["meta"]["severity"], reconciles["severity"]) == ("error", "critical")
