"""Options of the commands that read many files: parallel jobs and the extraction cache."""

from __future__ import annotations

import os

import click

JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="number of cores",
    help="help.jobs",
)
NO_CACHE = click.option("--no-cache", is_flag=True, help="help.no_cache")
HISTORY = click.option(
    "--history",
    multiple=True,
    type=click.Path(path_type=str),
    help="help.history",
)
FAIL_ON = click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="help.fail_on",
)
CONFIG = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=str),
    help="help.config",
)
PROFILE = click.option(
    "--profile",
    "profiles",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="help.profile",
)
