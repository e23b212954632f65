"""``audit report``: the Excel audit workbook from a saved JSON result."""

from __future__ import annotations

import click

from audit.cli.common import LANG, user_errors
from audit.cli.localise import Localised


@click.command("report", cls=Localised, help="help.report")
@click.argument("result", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--report",
    "workbook",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="help.report.report",
)
@LANG
def report_command(result: str, workbook: str, lang: str) -> None:
    """Write the Excel audit workbook from RESULT, a saved `audit check --format json` output.

    Reviews already in the workbook are carried over by fingerprint; findings that are gone move
    to the Resolved (已解决) sheet with their review. Exit code 0, or 2 when a file cannot be used.
    """
    from audit.review import read_result, write_review_workbook
    from audit.targets import Target, check_targets

    with user_errors():
        check_targets([Target(workbook, "--report", (".xlsx",), workbook=True)], inputs=[result])
        write_review_workbook(read_result(result), workbook, lang)
