"""``python -m audit`` runs the command line."""

from audit.cli import run

run()
