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
    help="Parse files in this many processes (the output is the same for any value).",
)
NO_CACHE = click.option(
    "--no-cache", is_flag=True, help="Parse every file again instead of using the extraction cache."
)
HISTORY = click.option(
    "--history",
    multiple=True,
    type=click.Path(path_type=str),
    help="Already-published issues (file or folder; repeatable) used as context; only PATHS are reported.",
)
FAIL_ON = click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when an unwaived finding is at or above this severity.",
)
CONFIG = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=str),
    help="Settings file (default: audit.toml or [tool.audit] found upward).",
)
PROFILE = click.option(
    "--profile",
    "profiles",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="Series profile (TOML; repeatable) for a bulletin other than the built-in ones (see `audit profiles`).",
)
