"""``audit cache``: where the extraction cache lives, and clearing it."""

from __future__ import annotations

import click

from audit.cli.common import Failure


@click.group("cache")
def cache_group() -> None:
    """The extraction cache (unchanged files are not parsed again; see --no-cache)."""


@cache_group.command("clear")
def clear_command() -> None:
    """Remove every cached extraction; nothing else in the cache folder is touched.

    Exit code 0 when entries were removed, 2 when there were none to remove.
    """
    from audit.cache import clear_cache

    folder, removed = clear_cache()
    if not removed:
        raise Failure(f"{folder}: no cache entries of this toolkit to remove; nothing was deleted")
    click.echo(f"removed {removed} cache {'entry' if removed == 1 else 'entries'} from {folder}")


@cache_group.command("dir")
def dir_command() -> None:
    """Print the cache folder (set AUDIT_CACHE_DIR to move it)."""
    from audit.cache import cache_dir

    click.echo(str(cache_dir()))
