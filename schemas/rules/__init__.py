"""The rule catalogue: one record per rule, each a frame to check and the checks over it.

A rule reads the extracted tables through ``frame`` (derived columns included) and declares
one or more tests, most severe first; a row that fails a test becomes a finding of that
test's severity and message. Rule ids are a stable contract.

The rules live in one module per kind, each rule's frame function next to its ``Rule``
record (named for its id: ``header_complete`` is ``HEADER_COMPLETE`` in ``masthead.py``):

- ``masthead``: per issue, the masthead's fields, period, publication date, cut-off, year;
- ``figures``: per issue, the values and how the figures of one issue relate;
- ``statements``: per issue, how the figure statements were read — conflicts, unreadable or unclear numbers,
  approximate figures against exact ones;
- ``completeness``: across a series, figures the previous issue printed and this one lacks;
- ``body_text``: per issue, stated counts, heading numbers and dates in the body;
- ``reading``: per issue, table totals against their rows, and parts read only in part;
- ``sequence``: across a series, the numbering, publication dates and periods of consecutive issues;
- ``year_to_date``: across a series, the year-to-date figures of consecutive issues;
- ``plausibility``: across a series, weekly increments far from what the series usually does;
- ``versions``: one issue kept as several files, compared field by field and figure by figure;
- ``base``: what every rule is made of (``Rule``, ``Test``, ``finish``, display helpers).

To add a rule, write its frame function and its ``Rule`` record in the module of its kind and
list the record in that module's ``RULES``, where it is to appear in the catalogue. ``RULES``
below joins the modules' lists in catalogue order, the order ``audit rules`` and the reports show.
"""

from schemas.rules import (
    body_text,
    completeness,
    figures,
    masthead,
    plausibility,
    reading,
    sequence,
    statements,
    versions,
    year_to_date,
)
from schemas.rules.base import FINDING_COLUMNS, Rule, TablesLike, Test, display, hash_text
from schemas.rules.masthead import HEADER_FIELDS

RULES: tuple[Rule, ...] = (
    masthead.RULES
    + figures.RULES
    + statements.RULES
    + body_text.RULES
    + reading.RULES
    + sequence.RULES
    + year_to_date.RULES
    + plausibility.RULES
    + completeness.RULES
    + versions.RULES
)

RULES_BY_ID = {rule.id: rule for rule in RULES}

__all__ = [
    "FINDING_COLUMNS",
    "HEADER_FIELDS",
    "RULES",
    "RULES_BY_ID",
    "Rule",
    "TablesLike",
    "Test",
    "display",
    "hash_text",
]
