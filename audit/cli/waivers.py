"""``audit waivers``: the findings reviewers marked 已豁免 in the workbook, as a waivers file."""

from __future__ import annotations

from datetime import datetime

import click

from audit.cli.common import QUIET, echo_chunks, user_errors


@click.command("waivers")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the YAML to FILE.yaml, not stdout.",
)
@click.option("--approved-by", metavar="NAME", help="Approver of rows whose 复核人 is blank.")
@click.option(
    "--expires", type=click.DateTime(["%Y-%m-%d"]), help="Expiry date (YYYY-MM-DD) of every waiver."
)
@QUIET
def waivers_command(
    workbook: str, output: str | None, approved_by: str | None, expires: datetime | None, quiet: bool
) -> None:
    """Export the rows of WORKBOOK marked 已豁免 as waivers for `audit check --waivers`.

    Each needs its reason in 备注 and an approver in 复核人 (or --approved-by); a row
    lacking either is named in a one-line error (exit code 2) and nothing is written.
    """
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
        click.echo(f"audit: {count} waivers written to {output}", err=True)
