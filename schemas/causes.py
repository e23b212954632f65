"""Which findings follow from which: a finding of one rule explained by a finding of another.

Each row reads "a ``cause`` finding explains a ``consequence`` finding ``where``":

- ``issue``: on the same issue;
- ``figure``: on the same issue and metric;
- ``next``: on the issue after it (the consequence's ``other_source`` is the cause's issue);
- ``next_figure``: on the issue after it, same metric;
- ``related``: on the same issue, the same metric or one the series profile relates it to by
  ``not_above`` (办结 and 受理): a ratio finding names one of the two figures, the slip may be
  in either;
- ``next_related``: the same, on the issue after it;
- ``numbered_after``: on the issue of the same series and year numbered (第N期) just after it,
  for an issue that cannot be placed by its 总第 number.

Rows are in order of preference: when several findings could explain one, the first row wins.
A consequence is never hidden: it is listed under its cause (``audit.causes``).
"""

from __future__ import annotations

from typing import Literal

Where = Literal["issue", "figure", "next", "next_figure", "related", "next_related", "numbered_after"]

CAUSES: tuple[tuple[str, str, Where], ...] = (
    # A wrong publication date or period: the body's dates are judged against a wrong window.
    ("published_after_period", "dates_in_period", "issue"),
    ("period_valid", "as_of_matches_period", "issue"),
    ("period_valid", "dates_in_period", "issue"),
    ("period_valid", "published_after_period", "issue"),
    ("period_valid", "period_contiguous", "next"),
    ("period_valid", "increment_outlier", "issue"),
    ("period_valid", "increment_outlier", "next"),
    ("published_after_period", "increment_outlier", "issue"),
    # A missing, repeated or mistyped serial number: the rest of the numbering and the pairing
    # of this issue with its predecessor follow.
    ("serial_sequential", "issue_no_sequential", "issue"),
    ("serial_sequential", "numbering_consistent", "issue"),
    ("serial_sequential", "published_monotonic", "issue"),
    ("serial_sequential", "period_contiguous", "issue"),
    ("serial_sequential", "ytd_monotonic", "issue"),
    ("serial_sequential", "ytd_reconciles", "issue"),
    ("serial_sequential", "share_consistent", "issue"),
    ("serial_sequential", "serial_sequential", "next"),
    ("header_complete", "serial_sequential", "numbered_after"),
    ("header_complete", "issue_no_sequential", "numbered_after"),
    ("issue_no_sequential", "numbering_consistent", "issue"),
    ("issue_no_sequential", "issue_no_sequential", "next"),
    ("issue_no_sequential", "numbering_consistent", "next"),
    ("numbering_consistent", "numbering_consistent", "next"),
    # A bad figure: the relations it takes part in, in its issue and the next.
    ("value_valid", "completed_le_accepted", "figure"),
    ("value_valid", "ytd_ge_week", "figure"),
    ("value_valid", "ytd_reconciles", "figure"),
    ("value_valid", "share_consistent", "issue"),
    ("value_valid", "share_consistent", "next"),
    ("value_valid", "ytd_monotonic", "next_figure"),
    ("value_valid", "ytd_reconciles", "next_figure"),
    ("value_valid", "ytd_year_reset", "next_figure"),
    ("ytd_ge_week", "ytd_reconciles", "figure"),
    ("ytd_reconciles", "increment_outlier", "figure"),
    ("ytd_reconciles", "ytd_reconciles", "next_figure"),
    ("ytd_reconciles", "ytd_monotonic", "next_figure"),
    ("ytd_reconciles", "increment_outlier", "next_figure"),
    ("ytd_monotonic", "increment_outlier", "next_figure"),
    ("ytd_monotonic", "increment_outlier", "figure"),
    ("increment_outlier", "ytd_monotonic", "next_figure"),
    ("increment_outlier", "ytd_reconciles", "next_figure"),
    ("increment_outlier", "increment_outlier", "next_figure"),
    ("share_consistent", "share_consistent", "next"),
    # A related figure out of line: the ratio of the two follows from it, in its issue and the
    # next. A ratio outlier and an increment outlier of one slip explain each other: the more
    # severe one (the first in report order) is the root.
    ("value_valid", "ratio_outlier", "related"),
    ("period_valid", "ratio_outlier", "issue"),
    ("period_valid", "ratio_outlier", "next"),
    ("completed_le_accepted", "ratio_outlier", "related"),
    ("ytd_year_reset", "ratio_outlier", "related"),
    ("ytd_reconciles", "ratio_outlier", "related"),
    ("ytd_reconciles", "ratio_outlier", "next_related"),
    ("ytd_monotonic", "ratio_outlier", "related"),
    ("ytd_monotonic", "ratio_outlier", "next_related"),
    ("increment_outlier", "ratio_outlier", "related"),
    ("increment_outlier", "ratio_outlier", "next_related"),
    ("ratio_outlier", "ratio_outlier", "next_figure"),
    ("ratio_outlier", "increment_outlier", "related"),
    ("ratio_outlier", "increment_outlier", "next_related"),
    ("ratio_outlier", "ytd_monotonic", "next_related"),
    ("ratio_outlier", "ytd_reconciles", "next_related"),
    # A share printed from another total: it may fall below the previous issue's.
    ("share_consistent", "ytd_monotonic", "figure"),
    ("share_consistent", "ytd_monotonic", "next_figure"),
)
