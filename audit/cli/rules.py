"""``audit rules``: the rule catalogue."""

from __future__ import annotations

import click

from audit.cli.common import LANG


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
def rules_command(fmt: str, lang: str) -> None:
    """List every rule: id, per-issue or cross-issue, default severity, description in Chinese and English."""
    from audit.catalogue import catalogue, render_catalogue

    click.echo(render_catalogue(catalogue(), fmt, lang), nl=False)
