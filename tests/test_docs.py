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


COMMANDS = [("audit", main), *_commands(main)]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize(
    ("locale", "usage", "example"),
    [("zh_CN.UTF-8", "用法：", "示例："), ("en_GB.UTF-8", "Usage:", "Example:")],
)
def test_every_command_has_help_with_an_example_in_both_languages(
    name: str, command: click.Command, locale: str, usage: str, example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", locale)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = CliRunner().invoke(main, [*name.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(usage) and example in result.stdout
    # No catalogue key shows through: every help text of the command and its options was rendered.
    assert not re.search(r"\bhelp\.[a-z_.]+", result.stdout), result.stdout
    if name != "audit":
        assert f"`{name}" in README


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in quick.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"audit check examples/", commands[0])


def test_changelog_exists() -> None:
    assert "## 0.1.0" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
