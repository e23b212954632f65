"""The docs stay honest: every command has help and a README line; the Quick start is the CI command."""

from __future__ import annotations

import re

import click
import pytest
import yaml
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


HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]


def _hook_takes(path: str) -> bool:
    """Return True when pre-commit would pass ``path`` to the hook (it uses re.search on both patterns)."""
    return bool(re.search(HOOK["files"], path)) and not re.search(HOOK.get("exclude", "^$"), path)


@pytest.mark.parametrize(
    ("path", "taken"),
    [
        ("README.md", False),
        ("docs/README.md", False),
        ("CHANGELOG.md", False),
        ("Readme.txt", False),
        ("examples/2024-第45期-总第490期.md", False),
        ("tests/fixtures/a.txt", False),
        ("drafts/2024-第3期.docx", True),
        ("2024-第49期.md", True),
        ("archive/2023/窗口工作周报第34期.pdf", True),
        ("drafts/notes.xlsx", False),
    ],
)
def test_the_pre_commit_hook_takes_issues_and_never_this_readme(path: str, taken: bool) -> None:
    assert _hook_takes(path) is taken


def test_the_readme_recipes_can_work_as_written() -> None:
    # The package is not on PyPI and has no release tag: no line may say otherwise.
    assert not re.search(r"pip install [\"']?weekly-report-audit", README)
    assert not re.search(r"rev:\s*v\d", README)
    recipe = README.split("## CI recipe", 1)[1].split("## ", 1)[0]
    config = yaml.safe_load(recipe.split("```yaml")[2].split("```")[0])
    assert [hook["id"] for hook in config[0]["hooks"]] == [HOOK["id"]]
    assert re.fullmatch(r"[0-9a-f]{40}", str(config[0]["rev"]))
    assert "pre-commit try-repo" in recipe
