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
