"""The docs stay honest: every command has help and a README line; the Quick start is the CI command."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from audit.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "audit") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_and_a_readme_line(name: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20
    assert f"`{name}" in README
    result = CliRunner().invoke(main, [*name.split()[1:], "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in quick.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"audit check examples/", commands[0])


def test_changelog_exists() -> None:
    assert "## 0.1.0" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
