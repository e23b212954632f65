"""Help and usage errors in the language of the run.

click reads help texts when the command tree is built, before ``--lang`` is parsed, so commands
and options hold catalogue keys (``help.check``) and these classes render them when the help is
shown: in the language ``--lang`` chose (it is eager: ``--lang zh --help`` works), else the locale's.
Usage errors click raises are shown the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from audit.messages import MESSAGES, language, say, set_language

# click's own help texts, by the catalogue key that says them in either language.
_CLICK_HELP = {"Show this message and exit.": "help.help", "Show the version and exit.": "help.version"}
# click's usage errors (English, from gettext) and their Chinese form; unmatched ones are kept as they are.
_USAGE_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^Missing argument '(.+)'\.$", r"缺少参数 '\1'。"),
        (r"^Missing option '(.+)'\.$", r"缺少选项 '\1'。"),
        (r"^No such option:? '?([^'\s]+)'?\.?(?: Did you mean '?([^'\s?]+)'?\?)?$", r"没有选项 '\1'。"),
        (
            r"^No such option:? '?([^'\s]+)'?\.?\s+\(Possible options: (.+)\)$",
            r"没有选项 '\1'（可能是：\2）。",
        ),
        (r"^No such command '(.+?)'\.(?: \(Did you mean one of: (.+)\?\))?$", r"没有命令 '\1'。"),
        (r"^Option '(.+)' requires an argument\.$", r"选项 '\1' 需要一个值。"),
        (r"^Option '(.+)' requires (\d+) arguments\.$", r"选项 '\1' 需要 \2 个值。"),
        (r"^Got unexpected extra arguments? \((.+)\)$", r"多余的参数：\1"),
        (r"^Invalid value for '(.+?)': '(.*)' is not one of (.+)\.$", r"'\1' 的值 '\2' 无效，可选：\3。"),
        (r"^Invalid value for '(.+?)': (.+)$", r"'\1' 的值无效：\2"),
    )
)


_NOTES_ZH = {"[default: ": "[默认：", "(number of cores)": "（CPU 核数）", "[required]": "[必填]"}
_CLICK_NOTES = re.compile("|".join(re.escape(note) for note in _NOTES_ZH))


def _language_in(args: list[str]) -> str | None:
    """Return the value of ``--lang`` among raw arguments, so errors found while parsing them follow it."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def localised(key: str | None) -> str | None:
    """Return the text of a help key (or of one of click's own help texts), anything else unchanged."""
    if key is None:
        return None
    key = _CLICK_HELP.get(key, key)
    return say(key) if key in MESSAGES else key


@contextmanager
def _rendered(objects: list[Any]) -> Iterator[None]:
    """Swap the help keys of commands and parameters for their text while the help is formatted."""
    saved = [(obj, obj.help) for obj in objects if hasattr(obj, "help")]
    try:
        for obj, help_key in saved:
            obj.help = localised(help_key)
        yield
    finally:
        for obj, help_key in saved:
            obj.help = help_key


class Localised(click.Command):
    """A command whose help texts are catalogue keys, shown in the language of the run."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        if parent is None:
            set_language(_language_in(list(args)))
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise localise_usage(error) from None

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = list(getattr(self, "commands", {}).values())
        with _rendered([self, *self.get_params(ctx), *commands]):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), say("usage"))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for r in (p.get_help_record(ctx) for p in self.get_params(ctx)) if r is not None]
        if language() == "zh":
            records = [(term, _CLICK_NOTES.sub(lambda m: _NOTES_ZH[m[0]], help)) for term, help in records]
        if records:
            with formatter.section(say("help.section.options")):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            rows = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
            if rows:
                with formatter.section(say("help.section.commands")):
                    formatter.write_dl(rows)


class LocalisedGroup(Localised, click.Group):
    """A command group whose help, and its commands' summaries, are shown in the language of the run."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Listed by ``format_options`` under a translated heading."""


def usage_error(error: click.UsageError) -> str:
    """Return a usage error as click shows it, in the language of the run."""
    message = error.format_message()
    if language() == "zh":
        message = next(
            (pattern.sub(zh, message) for pattern, zh in _USAGE_ZH if pattern.search(message)), message
        )
    lines = []
    if error.ctx is not None:
        lines.append(error.ctx.get_usage())
        option = error.ctx.help_option_names[0] if error.ctx.help_option_names else "--help"
        lines.append(say("usage.try", command=error.ctx.command_path, option=option))
        lines.append("")
    lines.append(say("usage.error", message=message))
    return "\n".join(lines)


class LocalisedUsageError(click.UsageError):
    """A usage error click raised, shown in the language of the run (exit code 2)."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)
        self.original = error

    def show(self, file: Any = None) -> None:
        click.echo(usage_error(self.original), err=True)


def localise_usage(error: click.ClickException) -> click.ClickException:
    """Return ``error`` ready to show in the language of the run."""
    if isinstance(error, click.UsageError) and not isinstance(error, LocalisedUsageError):
        return LocalisedUsageError(error)
    return error
