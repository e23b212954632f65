"""``audit extract``: the issues and facts tables of some files."""

from __future__ import annotations

import click

from audit.cli.common import DEBUG, LANG, PATHS, QUIET, open_cache, progress_printer, user_errors, warn
from audit.cli.localise import Localised
from audit.cli.options import JOBS, NO_CACHE


@click.command("extract", cls=Localised, help="help.extract")
@PATHS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="help.extract.format",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="help.extract.output",
)
@LANG
@JOBS
@NO_CACHE
@QUIET
@DEBUG
def extract_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    lang: str,
    jobs: int,
    no_cache: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Extract the masthead and figures of every issue under PATHS (help: ``help.extract``)."""
    from audit.pipeline import extract
    from audit.tables_io import write_tables
    from reports.json import chunks

    with user_errors():
        result = extract(
            paths, progress=progress_printer(quiet), jobs=jobs, cache=open_cache(no_cache, quiet)
        )
    for error in result.errors:
        warn(error)
    with user_errors():
        if output:
            write_tables(result, output)
        else:
            for chunk in chunks(result.parts()):
                click.echo(chunk, nl=False)
    raise SystemExit(int(result.exit_code()))
