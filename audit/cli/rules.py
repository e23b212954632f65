"""``audit rules``: the rule catalogue, or one rule explained."""

from __future__ import annotations

import click

from audit.cli.common import LANG, user_errors
from audit.cli.localise import Localised
from audit.cli.options import CONFIG


@click.command("rules", cls=Localised, help="help.rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="help.rules.format",
)
@click.option("--explain", metavar="RULE", help="help.rules.explain")
@CONFIG
@LANG
def rules_command(fmt: str, explain: str | None, config: str | None, lang: str) -> None:
    """List every rule, or explain one (help: ``help.rules`` in audit.messages)."""
    from audit.catalogue import catalogue, explain_rule, render_catalogue
    from audit.config import load_settings

    with user_errors():
        if explain:
            click.echo(explain_rule(explain, load_settings(config), lang), nl=False)
            return
    click.echo(render_catalogue(catalogue(), fmt, lang), nl=False)
