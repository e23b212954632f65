"""``audit gx``: the rule catalogue as a Great Expectations suite, and a GX validation run with it.

Needs the ``gx`` extra; great_expectations is imported only once one of these commands runs.
"""

from __future__ import annotations

import click

from audit.cli.common import LANG, PATHS, QUIET, open_cache, progress_printer, user_errors, warn
from audit.cli.localise import Localised, LocalisedGroup
from audit.cli.options import CONFIG, HISTORY, JOBS, NO_CACHE


@click.group("gx", cls=LocalisedGroup, help="help.gx")
def gx_group() -> None:
    """Great Expectations bridge: export the rules as a GX suite, or validate issues with GX.

    Needs the gx extra: pip install -e ".[gx]" in a checkout of this repository.
    """


@gx_group.command("export", cls=Localised, help="help.gx.export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="help.gx.export.output",
)
@CONFIG
@LANG
def export_command(output: str | None, config: str | None, lang: str) -> None:
    """Write the rule catalogue as a GX 1.x ExpectationSuite (JSON).

    Each expectation's meta names its rule, variant, severity and the table it reads (see
    the suite's meta.tables); tests no expectation expresses are listed in meta.not_expressed.
    """
    from audit.config import load_settings
    from audit.gx import require
    from audit.output import write_text
    from audit.targets import Target, check_targets

    with user_errors():
        check_targets([Target(output or "", "-o", (".json",))])
        require()
        from audit.gx.suite import suite_json

        text = suite_json(load_settings(config))
        if output:
            write_text(output, text)
        else:
            click.echo(text, nl=False)


@gx_group.command("run", cls=Localised, help="help.gx.run")
@PATHS
@HISTORY
@click.option(
    "--docs",
    type=click.Path(file_okay=False, path_type=str),
    help="help.gx.run.docs",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="help.gx.run.fail_on",
)
@CONFIG
@LANG
@JOBS
@NO_CACHE
@QUIET
def run_command(
    paths: tuple[str, ...],
    history: tuple[str, ...],
    docs: str | None,
    fail_on: str,
    config: str | None,
    lang: str,
    jobs: int,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Validate the issues under PATHS with GX against the rule catalogue's suite.

    Prints one line per failed expectation (severity, rule.variant, expectation, the failing
    issues). Exit code 0: nothing at or above --fail-on; 1: failures at or above it; 2: a
    usage error, an unreadable input or a missing gx extra.
    """
    from audit.config import load_settings
    from audit.gx import require
    from audit.timing import stage

    with user_errors():
        with stage("gx import"):  # seconds of a run's wall time: worth seeing in benchmarks
            require()
        from audit.gx.run import run, summary

        result = run(
            paths,
            history=history,
            settings=load_settings(config),
            docs=docs,
            progress=progress_printer(quiet),
            jobs=jobs,
            cache=open_cache(no_cache, quiet),
        )
        for error in (*result.notices, *result.errors):
            warn(error)
        click.echo(summary(result), nl=False)
    raise SystemExit(int(result.exit_code(fail_on)))
