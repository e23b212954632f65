"""Comparisons between columns of one row."""

from __future__ import annotations

import pandas as pd


def _missing(*series: pd.Series) -> pd.Series:
    out = pd.Series(False, index=series[0].index)
    for item in series:
        out |= item.isna()
    return out


def not_above(df: pd.DataFrame, *, column: str, limit: str, unless: str | None = None) -> pd.Series:
    """Ensure ``column`` <= ``limit`` (or the ``unless`` column is True)."""
    ok = _missing(df[column], df[limit]) | (df[column] <= df[limit]).fillna(True)
    if unless is not None:
        ok |= df[unless].fillna(False).astype(bool)
    return ok.astype(bool)


def not_below(df: pd.DataFrame, *, column: str, limit: str) -> pd.Series:
    """Ensure ``column`` >= ``limit``."""
    return (_missing(df[column], df[limit]) | (df[column] >= df[limit]).fillna(True)).astype(bool)


def equal(df: pd.DataFrame, *, column: str, other: str, tolerance: float = 0) -> pd.Series:
    """Ensure ``column`` equals ``other`` within ``tolerance``."""
    same = (df[column] - df[other]).abs() <= tolerance if tolerance else df[column] == df[other]
    return (_missing(df[column], df[other]) | same.fillna(True)).astype(bool)


def in_range(df: pd.DataFrame, *, column: str, low: str | float, high: str | float) -> pd.Series:
    """Ensure ``low`` <= ``column`` <= ``high`` (bounds are column names or numbers)."""
    lower = df[low] if isinstance(low, str) else low
    upper = df[high] if isinstance(high, str) else high
    inside = (df[column] >= lower) & (df[column] <= upper)
    missing = df[column].isna()
    for bound in (lower, upper):
        if isinstance(bound, pd.Series):
            missing |= bound.isna()
    return (missing | inside.fillna(True)).astype(bool)


def at_most(df: pd.DataFrame, *, column: str, limit: float) -> pd.Series:
    """Ensure ``column`` <= the constant ``limit``."""
    return (df[column].isna() | (df[column] <= limit).fillna(True)).astype(bool)


def is_whole(df: pd.DataFrame, *, column: str) -> pd.Series:
    """Ensure ``column`` holds whole numbers."""
    return (df[column].isna() | (df[column] % 1 == 0)).astype(bool)
