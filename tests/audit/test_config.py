"""Settings come from --config, an audit.toml, or [tool.audit] in pyproject.toml, found upward."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.config import find_config, load_settings
from audit.errors import ConfigError
from schemas.settings import Settings
from tests.hardening.hardening_support import series_texts


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_settings(start=tmp_path) == Settings()


def test_pyproject_table_found_upward(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.audit]\ndisable = ["dates_in_period"]\nmax_period_days = 9\n'
        '[tool.audit.severity]\nas_of_matches_period = "error"\n',
        encoding="utf-8",
    )
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    settings = load_settings(start=inner)
    assert (settings.disabled, settings.max_period_days, settings.severity) == (
        frozenset({"dates_in_period"}),
        9,
        {"as_of_matches_period": "error"},
    )


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(tmp_path) is None


def test_audit_toml_takes_plain_keys(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text('carryover_words = ["结转", "积存"]\n', encoding="utf-8")
    assert load_settings(path).carryover_words == ("结转", "积存")


def test_ratio_thresholds_are_settings(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text("ratio_info = 3.5\nratio_warning = 8\nratio_floor = 0.1\n", encoding="utf-8")
    settings = load_settings(path)
    assert (settings.ratio_info, settings.ratio_warning, settings.ratio_floor) == (3.5, 8.0, 0.1)


def test_versions_take_the_formats_a_file_can_have(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text('versions = ["docx", "pdf"]\n', encoding="utf-8")
    assert load_settings(path).versions == ("docx", "pdf")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("disable = ['nope']\n", "unknown rule 'nope'"),
        (
            "[severity]\nperiod_valid = 'fatal'\n",
            "severity.period_valid: Input should be 'error', 'warning' or 'info' (got 'fatal')",
        ),
        ("colour = 1\n", "unknown setting 'colour'"),
        (
            "versions = ['pdf', 'xls']\n",
            "versions.1: Input should be 'pdf', 'ofd', 'scan', 'docx', 'doc', 'wps', 'md' or 'txt' (got 'xls')",
        ),
        ("max_period_days = 'x'\n", "max_period_days: Input should be a valid integer (got 'x')"),
        ("disable = [\n", "invalid TOML"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('severity = "critical"\n', "severity: Input should be a valid dictionary (got 'critical')"),
        ("max_period_days = inf\n", "max_period_days: Input should be a valid integer (got inf)"),
        ("max_period_days = -5\n", "max_period_days: Input should be greater than or equal to 1 (got -5)"),
        ("max_period_days = true\n", "max_period_days: Input should be a valid integer (got True)"),
        ("max_period_days = 7.5\n", "max_period_days: Input should be a valid integer (got 7.5)"),
        (
            "max_publish_delay_days = '3'\n",
            "max_publish_delay_days: Input should be a valid integer (got '3')",
        ),
        ("ytd_tolerance = nan\n", "ytd_tolerance: Input should be a finite number (got nan)"),
        ("ytd_tolerance = -1\n", "ytd_tolerance: Input should be greater than or equal to 0 (got -1)"),
        ("ratio_warning = 0\n", "ratio_warning: Input should be greater than 0 (got 0)"),
        ("ratio_floor = -0.1\n", "ratio_floor: Input should be greater than or equal to 0 (got -0.1)"),
        ("disable = 'period_valid'\n", "disable: Input should be a valid list (got 'period_valid')"),
        ("carryover_words = ['']\n", "carryover_words.0: String should have at least 1 character (got '')"),
        ("carryover_words = [3]\n", "carryover_words.0: Input should be a valid string (got 3)"),
    ],
)
def test_every_bad_value_names_its_key_and_what_is_wanted(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(text, encoding="utf-8")
    issue = tmp_path / "issue.md"
    issue.write_text(series_texts(1)[0], encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(issue), "--config", str(path), "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr == f"audit: {path}: {message}\n"
