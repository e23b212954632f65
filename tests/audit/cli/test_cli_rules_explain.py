"""``audit rules --explain RULE``: what a rule checks, each test's severity, its thresholds and settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.catalogue import RULE_SETTINGS
from audit.cli import main
from schemas.rules import RULES
from schemas.settings import Settings


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_is_explained(rule, lang: str) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["rules", "--explain", rule.id, "--lang", lang])
    assert result.exit_code == 0, result.output
    title = rule.title_en if lang == "en" else rule.title_zh
    assert result.stdout.startswith(f"{rule.id} — {title}")
    for test in rule.tests:
        assert f"{rule.id}.{test.variant}" in result.stdout
        assert (test.en if lang == "en" else test.zh) in result.stdout
    assert f'disable = ["{rule.id}"]' in result.stdout


def test_thresholds_come_from_the_settings_in_force(tmp_path: Path) -> None:
    config = tmp_path / "audit.toml"
    config.write_text(
        '[tool.audit]\nmax_period_days = 14\n[tool.audit.severity]\n"period_valid.length" = "error"\n',
        encoding="utf-8",
    )
    args = ["rules", "--explain", "period_valid", "--config", str(config), "--lang", "en"]
    result = CliRunner().invoke(main, args)
    assert "max_period_days = 14" in result.stdout
    assert "period_valid.length       error" in result.stdout


def test_every_tunable_setting_is_explained_by_a_rule() -> None:
    tunable = {f.name for f in dataclasses.fields(Settings)} - {"disabled", "severity"}
    assert tunable == {name for names in RULE_SETTINGS.values() for name in names}


def test_an_unknown_rule_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["rules", "--explain", "nope", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == "audit: nope: is not a rule; see `audit rules` for the ids\n"
