"""The ``audit`` command line: each command parses options and calls one library function.

Command modules import the library inside their functions, so ``audit --help`` stays fast.
"""

from __future__ import annotations

import gc
import sys

import click

from audit import __version__
from audit.cli.cache import cache_group
from audit.cli.check import check_command
from audit.cli.common import AuditGroup
from audit.cli.extract import extract_command
from audit.cli.gx import gx_group
from audit.cli.profiles import profiles_group
from audit.cli.report import report_command
from audit.cli.rules import rules_command
from audit.cli.waivers import waivers_command


@click.group(cls=AuditGroup, help="help.main", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audit")
def main() -> None:
    """Audit the statistics of 窗口工作周报 issues: extract figures with evidence, check them, report."""


main.add_command(extract_command)
main.add_command(check_command)
main.add_command(rules_command)
main.add_command(report_command)
main.add_command(waivers_command)
main.add_command(cache_group)
main.add_command(gx_group)
main.add_command(profiles_group)


def run() -> None:
    """The ``audit`` console script: ``main`` in a process of its own."""
    # pandera imports hypothesis, when it is installed, to offer data synthesis, which no command
    # uses: on a machine with the test extras (a CI runner) that is 0.1 s of every pre-publication
    # gate. Marking it absent is safe only in a process we own, hence here and not in ``main``.
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    # pandera also tries to import geopandas on every dtype check (a hundred failed searches of
    # sys.path per gate where it is not installed); no table of ours holds geometries.
    sys.modules.setdefault("geopandas", None)  # type: ignore[arg-type]
    # At the default threshold (a collection every 700 new objects) the cycle collector runs
    # hundreds of times while pandas, pandera and the tables load, and frees next to nothing
    # (2% of the instructions of a pre-publication gate). Every 50,000 still bounds the garbage.
    gc.set_threshold(50_000, 20, 100)
    try:
        main()
    finally:
        # Past this point the process only ends: Python's collections at shutdown would still walk
        # every object of pandas, pandera and the run (3% of a pre-publication gate) for garbage
        # the end of the process frees anyway. Objects are still released as the modules go, and
        # every output has been written and closed by the command itself.
        gc.freeze()
