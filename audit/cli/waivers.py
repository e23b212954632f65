"""``audit waivers``: the findings reviewers marked 已豁免 in the workbook, as a waivers file."""

from __future__ import annotations

from datetime import datetime

import click

from audit.cli.common import LANG, QUIET, echo_chunks, user_errors
from audit.cli.localise import Localised


@click.command("waivers", cls=Localised, help="help.waivers")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="help.waivers.output",
)
@click.option("--approved-by", metavar="NAME", help="help.waivers.approved_by")
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), help="help.waivers.expires")
@LANG
@QUIET
def waivers_command(
    workbook: str,
    output: str | None,
    approved_by: str | None,
    expires: datetime | None,
    lang: str,
    quiet: bool,
) -> None:
    """Export the rows of WORKBOOK marked 已豁免 as waivers for `audit check --waivers`.

    Each needs its reason in 备注 and an approver in 复核人 (or --approved-by); a row
    lacking either is named in a one-line error (exit code 2) and nothing is written.
    """
    from audit.messages import say
    from audit.review import export_waivers, render_waivers, waiver_entries
    from audit.targets import Target, check_targets

    until = expires.date() if expires else None
    output = None if output == "-" else output
    with user_errors():
        check_targets([Target(output or "", "-o", (".yaml", ".yml"))], inputs=[workbook])
        if not output:
            echo_chunks([render_waivers(waiver_entries(workbook, approved_by, until), workbook)])
            return
        count = export_waivers(workbook, output, approved_by, until)
    if not quiet:
        click.echo(f"audit: {say('waivers_written', n=count, path=output)}", err=True)
