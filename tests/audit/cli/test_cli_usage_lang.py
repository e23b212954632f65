"""Usage errors in the language of the run: --lang zh (even before the bad option) or a Chinese locale."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from audit.cli import main


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["check", "--lang", "zh"], "错误：缺少参数 'PATHS...'。", "Error: Missing argument 'PATHS...'."),
        (
            ["check", "x", "--format", "yaml", "--lang", "zh"],
            "'--format' 的值 'yaml' 无效",
            "Invalid value for '--format'",
        ),
        (["check", "--lang", "zh", "--bogus", "x"], "错误：没有选项 '--bogus'。", "No such option"),
        (["chek", "--lang", "zh"], "错误：没有命令 'chek'。", "No such command 'chek'"),
    ],
)
def test_usage_errors_follow_the_language(
    args: list[str], zh: str, en: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    chinese = CliRunner().invoke(main, args)
    assert chinese.exit_code == 2
    assert chinese.stderr.startswith("用法：") and zh in chinese.stderr
    english = CliRunner().invoke(main, [a if a != "zh" else "en" for a in args])
    assert english.exit_code == 2
    assert english.stderr.startswith("Usage:") and en in english.stderr


def test_a_chinese_locale_alone_gives_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2 and "缺少参数 'PATHS...'" in result.stderr
