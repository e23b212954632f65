"""``audit extract``: the issues and facts tables of some files."""

from __future__ import annotations

import click

from audit.cli.common import DEBUG, PATHS, QUIET, echo_chunks, open_cache, progress_printer, user_errors, warn
from audit.cli.options import JOBS, NO_CACHE


@click.command("extract")
@PATHS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="Format written to stdout.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the tables to FILE instead: .json, .xlsx (a sheet per table) or .csv (a file per table).",
)
@JOBS
@NO_CACHE
@QUIET
@DEBUG
def extract_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    jobs: int,
    no_cache: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Extract the masthead and figures of every issue under PATHS, each with its line and sentence.

    Exit code 0 when every file was read, 2 when some could not be (they are named on stderr).
    """
    from audit.pipeline import extract
    from audit.tables_io import SUFFIXES, write_tables
    from audit.targets import Target, check_targets
    from reports.json import chunks

    output = None if output == "-" else output
    with user_errors():
        check_targets([Target(output or "", "-o", SUFFIXES)], inputs=paths)
        result = extract(
            paths, progress=progress_printer(quiet), jobs=jobs, cache=open_cache(no_cache, quiet)
        )
    for error in (*result.notices, *result.errors):
        warn(error)
    with user_errors():
        if output:
            write_tables(result, output)
        else:
            echo_chunks(chunks(result.parts()))
    raise SystemExit(int(result.exit_code()))
