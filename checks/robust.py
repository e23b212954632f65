"""Robust outlier scores of a figure against its neighbours in the series (median and MAD).

A weekly figure is judged against the figures around it (``window`` on each side, the figure
itself included: a median does not move for one outlier), on a log scale so that a quiet and a
busy series are judged alike and an extra or dropped digit is a jump of about log 10. The scale
is 1.4826 × MAD, the standard deviation of a normal sample, but never below ``floor``: a very
regular series must not turn ordinary wobble into an outlier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: 1.4826 × MAD estimates the standard deviation of normally distributed values.
MAD_TO_SD = 1.4826


def log_scores(
    values: pd.Series, groups: pd.Series, *, window: int = 13, floor: float = 0.12, least: int = 8
) -> pd.DataFrame:
    """Return per row ``score``, |log value − local median| / local ``scale``, and ``typical``, the local median.

    Rows are taken within each group in row order. Values that are not positive, and rows with
    fewer than ``least`` positive values in their window, get NaN: there is nothing to judge
    them by.
    """
    logs = np.log(values.where(values > 0).astype(float))
    size = 2 * window + 1
    median = _rolling_median(logs, groups, size, least)
    deviation = (logs - median).abs()
    mad = _rolling_median(deviation, groups, size, least)
    scale = (MAD_TO_SD * mad).clip(lower=floor)
    return pd.DataFrame(
        {"score": deviation / scale, "typical": np.exp(median), "scale": scale}, index=values.index
    )


def _rolling_median(values: pd.Series, groups: pd.Series, size: int, least: int) -> pd.Series:
    """Return the centred rolling median of ``values`` within each group, in row order.

    One grouped rolling pass: a transform calling ``rolling`` per group paid pandas' per-call cost
    for each of the hundreds of (series, metric, year) groups of an archive.
    """
    rolled = values.groupby(groups, sort=False).rolling(size, center=True, min_periods=least).median()
    return rolled.droplevel(0).reindex(values.index)
