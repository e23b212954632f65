"""``python -m audit.cli`` runs the command line (benchmarks use it with the current interpreter)."""

from audit.cli import run

run()
