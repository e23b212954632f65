"""Settings come from --config, an audit.toml, or [tool.audit] in pyproject.toml, found upward."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.config import find_config, load_settings
from audit.errors import ConfigError
from schemas.settings import Settings


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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("disable = ['nope']\n", "unknown rule 'nope'"),
        ("[severity]\nperiod_valid = 'fatal'\n", "severity of period_valid is 'fatal'"),
        ("colour = 1\n", "unknown setting 'colour'"),
        ("max_period_days = 'x'\n", "max_period_days must be a number"),
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
