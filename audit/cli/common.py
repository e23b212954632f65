"""What every command shares: options, the exit-2 error, progress and stderr messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from audit.errors import AuditError

LANG = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of messages and reports.",
)
DEBUG = click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress or notices on stderr.")
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))


class Failure(click.ClickException):
    """A user's mistake: one line on stderr and exit code 2 (a bare ClickException exits 1)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"audit: {self.format_message()}", err=True)


def warn(error: AuditError | str) -> None:
    """Print one line about a file that could not be used; the run goes on."""
    click.echo(f"audit: {error}", err=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's typed errors into one-line messages with exit code 2."""
    try:
        yield
    except AuditError as error:
        raise Failure(str(error)) from None


def progress_printer(quiet: bool) -> Callable[[int, int], None] | None:
    """Return a progress callback drawing on stderr when it is a terminal, else None."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 20:
            end = "\n" if done == total else ""
            click.echo(f"\raudit: {done}/{total} files", err=True, nl=False)
            if end:
                click.echo("", err=True)

    return show
