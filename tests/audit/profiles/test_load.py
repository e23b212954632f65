"""Profiles shipped with the toolkit are read without their JSON Schema at run time: checked here."""

from __future__ import annotations

from importlib import resources

import pytest

from audit.errors import ConfigError
from audit.profiles import builtin_profiles, check_profile, parse_profile

SHIPPED = sorted(p.name for p in resources.files("audit.profiles").iterdir() if p.name.endswith(".toml"))


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_profile_passes_its_schema(name: str) -> None:
    with resources.as_file(resources.files("audit.profiles").joinpath(name)) as path:
        assert check_profile(path) == []


def test_every_shipped_profile_is_built_in() -> None:
    assert [p.path for p in builtin_profiles()] == [f"audit/profiles/{n}" for n in SHIPPED]


def test_a_profile_read_from_a_file_is_checked() -> None:
    text = (
        (resources.files("audit.profiles") / SHIPPED[0])
        .read_text("utf-8")
        .replace('unit = "件"', "unit = 3", 1)
    )
    with pytest.raises(ConfigError, match=r"metrics\[0\]\.unit"):
        parse_profile(text, "mine.toml")
    assert parse_profile(text, "mine.toml", checked=False).metrics[0].unit == 3
