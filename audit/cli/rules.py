"""``audit rules``: the rule catalogue."""

from __future__ import annotations

import click

from audit.cli.common import LANG
from audit.cli.localise import Localised


@click.command("rules", cls=Localised, help="help.rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="help.rules.format",
)
@LANG
def rules_command(fmt: str, lang: str) -> None:
    """List every rule: id, per-issue or cross-issue, default severity, description in Chinese and English."""
    from audit.catalogue import catalogue, render_catalogue

    click.echo(render_catalogue(catalogue(), fmt, lang), nl=False)
