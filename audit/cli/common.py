"""What every command shares: options, the exit-2 error, progress and stderr messages, the top-level guard."""

from __future__ import annotations

import errno
import gc
import os
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from audit.cli.localise import LocalisedGroup, localise_usage
from audit.errors import AuditError
from audit.messages import set_language, text
from audit.signals import exit_code, interrupt_signal, signal_name, signals_raise

if TYPE_CHECKING:
    from audit.cache import Cache

#: ``ctx.meta`` key: present when the command offers --debug, True when it was given.
DEBUG_KEY = "audit.debug"
# Control, format (bidi overrides, zero-width), surrogate and line/paragraph separator characters.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_MAX_ERROR_CHARS = 300


def _remember_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """Record --debug where the top-level guard finds it (``ctx.meta`` is shared by every context)."""
    ctx.meta[DEBUG_KEY] = value
    return value


def _use_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """Render every message from now on in ``value``, or the locale's language when it is not given."""
    return set_language(value)


# Eager, so that `--lang zh --help` shows the help in Chinese.
LANG = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    is_eager=True,
    callback=_use_language,
    help="help.lang",
)
DEBUG = click.option("--debug", is_flag=True, callback=_remember_debug, help="help.debug")
QUIET = click.option("--quiet", "-q", is_flag=True, help="help.quiet")
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))


class Failure(click.ClickException):
    """A user's mistake: one line on stderr and exit code 2 (a bare ClickException exits 1)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"audit: {visible(self.format_message())}", err=True)


class Interrupted(Failure):
    """Ctrl-C, SIGTERM or SIGHUP: one line, and exit code 128 + the signal number (130, 143, 129)."""

    def __init__(self, interrupt: KeyboardInterrupt) -> None:
        # Every output is written atomically, so a file being written keeps its previous content.
        super().__init__(str(text("interrupted", signal=signal_name(interrupt_signal(interrupt)))))
        self.exit_code = exit_code(interrupt)


def visible(text: str) -> str:
    """Return ``text`` on one line, its control and format characters escaped (``\\x1b``, ``\\u202e``).

    File names and document text are untrusted: an escape sequence in them must not reach the terminal.
    """
    return "".join(
        char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) in _INVISIBLE else char
        for char in text
    )


def debugging() -> bool:
    """Return True when the running command was given --debug."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(DEBUG_KEY))


def warn(error: AuditError | str) -> None:
    """Print one line about a file that could not be used; the run goes on.

    With --debug, the exception behind it (a reader tripping over the file) follows as a traceback.
    """
    click.echo(f"audit: {visible(str(error))}", err=True)
    cause = error.__cause__ if isinstance(error, AuditError) else None
    if cause is not None and debugging():
        click.echo("".join(traceback.format_exception(cause)).rstrip(), err=True)


def open_cache(no_cache: bool, quiet: bool) -> Cache:
    """Return the extraction cache of a command; say once on stderr why it is not used, if so."""
    from audit.cache import Cache

    cache = Cache(enabled=not no_cache)
    for notice in [] if quiet else cache.notices:
        warn(notice)
    return cache


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's typed errors into one-line messages with exit code 2."""
    try:
        yield
    except AuditError as error:
        raise Failure(str(error)) from None


def echo_chunks(chunks: Iterable[str]) -> None:
    """Print ``chunks`` on stdout; a reader that went away (``audit extract … | head``) just ends the output.

    The run then exits with the code it would have had, instead of click's 1 for a broken pipe.
    """
    try:
        for chunk in chunks:
            click.echo(chunk, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that flush cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def progress_printer(quiet: bool) -> Callable[[int, int], None] | None:
    """Return a progress callback drawing on stderr when it is a terminal, else None."""
    if quiet:
        # OCR reports its pages from the worker processes, which inherit the environment.
        os.environ["AUDIT_QUIET"] = "1"
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 20:
            end = "\n" if done == total else ""
            click.echo(f"\raudit: {done}/{total} files", err=True, nl=False)
            if end:
                click.echo("", err=True)

    return show


def internal_error(ctx: click.Context, error: Exception) -> Failure:
    """Return the one-line report of a bug; with --debug, print its traceback first."""
    debug = ctx.meta.get(DEBUG_KEY)
    if debug:
        click.echo("".join(traceback.format_exception(error)).rstrip(), err=True)
    lines = str(error).strip().splitlines()
    detail = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    if len(detail) > _MAX_ERROR_CHARS:
        detail = detail[: _MAX_ERROR_CHARS - 1] + "…"
    hint = text("internal_error.debug" if debug is False else "internal_error.report")
    return Failure(str(text("internal_error", detail=detail, hint=hint)))


def _ignore_unraisable(unraisable: Any) -> None:
    """Drop the complaints of objects finalised half-way through their work (see AuditGroup.invoke)."""


class AuditGroup(LocalisedGroup):
    """The top-level group: SIGTERM and SIGHUP end a run as Ctrl-C does, and nothing ends it in a traceback.

    Interrupts exit with 128 + the signal number after the usual cleanup; an unexpected exception
    (a bug) prints one line and exits 2, with the traceback first under --debug.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with signals_raise():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        hook = sys.unraisablehook
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as interrupt:
            sys.unraisablehook = _ignore_unraisable
            failure: click.ClickException = Interrupted(interrupt)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException as error:
            sys.unraisablehook = _ignore_unraisable
            failure = localise_usage(error)
        except Exception as error:
            if isinstance(error, OSError) and error.errno == errno.EPIPE:
                raise  # click quietly ends a run whose reader went away (audit check … | head)
            sys.unraisablehook = _ignore_unraisable
            failure = internal_error(ctx, error)
        try:
            # The failed work is freed here, not at exit: a workbook interrupted mid-save holds
            # openpyxl/lxml generators that complain with tracebacks when closed half-way. The one-line
            # message says all there is to say, so those complaints are muted.
            failure.__traceback__ = failure.__context__ = failure.__cause__ = None
            gc.collect()
        finally:
            sys.unraisablehook = hook
        raise failure
