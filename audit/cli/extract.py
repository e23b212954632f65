"""``audit extract``: the issues and facts tables of some files."""

from __future__ import annotations

import click

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
from audit.cli.options import JOBS, NO_CACHE, PROFILE


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
@PROFILE
@LANG
@JOBS
@NO_CACHE
@QUIET
@DEBUG
def extract_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    profiles: tuple[str, ...],
    lang: str,
    jobs: int,
    no_cache: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Extract the masthead and figures of every issue under PATHS (help: ``help.extract``)."""
    from audit.pipeline import extract
    from audit.tables_io import SUFFIXES, write_tables
    from audit.targets import Target, check_targets
    from reports.json import chunks

    output = None if output == "-" else output
    with user_errors():
        check_targets([Target(output or "", "-o", SUFFIXES)], inputs=paths)
        result = extract(
            paths,
            progress=progress_printer(quiet),
            jobs=jobs,
            cache=open_cache(no_cache, quiet),
            profiles=profiles,
        )
    for error in (*result.notices, *result.errors):
        warn(error)
    with user_errors():
        if output:
            write_tables(result, output)
        else:
            echo_chunks(chunks(result.parts()))
    raise SystemExit(int(result.exit_code()))
