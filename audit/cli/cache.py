"""``audit cache``: where the extraction cache lives, and clearing it."""

from __future__ import annotations

import click

from audit.cli.common import Failure
from audit.cli.localise import Localised, LocalisedGroup


@click.group("cache", cls=LocalisedGroup, help="help.cache")
def cache_group() -> None:
    """The extraction cache (unchanged files are not parsed again; see --no-cache)."""


@cache_group.command("clear", cls=Localised, help="help.cache.clear")
def clear_command() -> None:
    """Remove every cached extraction; nothing else in the cache folder is touched.

    Exit code 0 when entries were removed, 2 when there were none to remove.
    """
    from audit.cache import clear_cache
    from audit.messages import say

    folder, removed = clear_cache()
    if not removed:
        raise Failure(say("cache_none", folder=folder))
    click.echo(say("cache_cleared", n=removed, folder=folder))


@cache_group.command("dir", cls=Localised, help="help.cache.dir")
def dir_command() -> None:
    """Print the cache folder (set AUDIT_CACHE_DIR to move it)."""
    from audit.cache import cache_dir

    click.echo(str(cache_dir()))
