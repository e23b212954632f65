"""``audit check``: the rules over some issues, for people (text, Excel) and for CI (json, junit, github)."""

from __future__ import annotations

import sys
from functools import partial

import click
from click.core import ParameterSource

from audit.cli.common import (
    DEBUG,
    LANG,
    PATHS,
    QUIET,
    echo_chunks,
    open_cache,
    progress_printer,
    user_errors,
    warn,
)
from audit.cli.localise import Localised
from audit.cli.options import CONFIG, FAIL_ON, HISTORY, JOBS, NO_CACHE, PROFILE

FORMATS = ["text", "json", "junit", "github"]


@click.command("check", cls=Localised, help="help.check")
@PATHS
@HISTORY
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="help.check.format"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="help.check.output",
)
@FAIL_ON
@CONFIG
@PROFILE
@click.option(
    "--waivers",
    type=click.Path(dir_okay=False, path_type=str),
    help="help.check.waivers",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=str),
    help="help.check.report",
)
@LANG
@JOBS
@NO_CACHE
@QUIET
@DEBUG
def check_command(
    paths: tuple[str, ...],
    history: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str,
    config: str | None,
    profiles: tuple[str, ...],
    waivers: str | None,
    report: str | None,
    lang: str,
    jobs: int,
    no_cache: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Check the issues under PATHS against the rule catalogue (help: ``help.check`` in audit.messages)."""
    from audit.background import in_background
    from audit.config import load_settings
    from audit.formats import output_chunks, write_report
    from audit.output import write_chunks
    from audit.pipeline import check
    from audit.targets import Target, check_output_format, check_targets
    from audit.timing import stage

    explicit = click.get_current_context().get_parameter_source("fmt") is ParameterSource.COMMANDLINE
    output = None if output == "-" else output
    with user_errors():
        if output:
            fmt = check_output_format(output, fmt, explicit)
        check_targets(
            [Target(output or "", "-o"), Target(report or "", "--report", (".xlsx",), workbook=True)],
            inputs=[*paths, *history, *(f for f in (config, waivers) if f)],
        )
        result = check(
            paths,
            history=history,
            settings=load_settings(config, profiles=profiles),
            waivers=waivers,
            progress=progress_printer(quiet),
            jobs=jobs,
            cache=open_cache(no_cache, quiet),
        )
        for error in (*result.notices, *result.errors):
            warn(error)
        # With a second core, the workbook is written while the output is.
        workbook = partial(write_report, result, report, lang) if report else None
        with in_background(workbook, parallel=jobs > 1, name=report or "") as wait_for_workbook:
            with stage("report"):
                chunks = output_chunks(result, fmt, lang, colour=output is None and fmt == "text" and _tty())
                if output:
                    write_chunks(output, chunks)
                else:
                    echo_chunks(chunks)
            with stage("workbook"):
                wait_for_workbook()
    raise SystemExit(int(result.exit_code(fail_on)))


def _tty() -> bool:
    return sys.stdout.isatty()
