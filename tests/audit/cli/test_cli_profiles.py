"""``audit profiles`` lists and checks series profiles in the language of the run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main

ESTATE = Path(__file__).parents[1] / "data" / "estate" / "estate_weekly.toml"


@pytest.mark.parametrize(
    ("lang", "added", "builtin"),
    [
        (
            "zh",
            f"estate_weekly\t不动产登记工作周报 / Real-estate registration weekly\t刊名：不动产登记工作周报\t4 项指标\t{ESTATE}",
            "刊名：窗口工作周报",
        ),
        (
            "en",
            f"estate_weekly\t不动产登记工作周报 / Real-estate registration weekly\ttitles: 不动产登记工作周报\t4 metrics\t{ESTATE}",
            "titles: 窗口工作周报",
        ),
    ],
)
def test_the_listing_is_in_the_language_of_the_run(lang: str, added: str, builtin: str) -> None:
    result = CliRunner().invoke(main, ["profiles", "--profile", str(ESTATE), "--lang", lang])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == added
    assert builtin in lines[1]


@pytest.mark.parametrize(("lang", "said"), [("zh", "：档案有效"), ("en", ": valid profile")])
def test_a_valid_profile_is_said_so(lang: str, said: str) -> None:
    result = CliRunner().invoke(main, ["profiles", "check", str(ESTATE), "--lang", lang])
    assert (result.exit_code, result.stdout) == (0, f"{ESTATE}{said}\n")
