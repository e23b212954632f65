"""Checks over a value and its predecessor in a series (the ``prev_`` columns)."""

from __future__ import annotations

import pandas as pd


def follows(df: pd.DataFrame, *, column: str, previous: str, step: int = 1) -> pd.Series:
    """Ensure ``column`` is exactly ``step`` more than ``previous`` (no gap, no repeat)."""
    missing = df[column].isna() | df[previous].isna()
    return (missing | (df[column] - df[previous] == step).fillna(True)).astype(bool)


def starts_at(df: pd.DataFrame, *, column: str, first: int = 1) -> pd.Series:
    """Ensure ``column`` is ``first`` (the opening number of a run)."""
    return (df[column].isna() | (df[column] == first).fillna(True)).astype(bool)


def increases(df: pd.DataFrame, *, column: str, previous: str) -> pd.Series:
    """Ensure ``column`` is strictly greater than ``previous``."""
    missing = df[column].isna() | df[previous].isna()
    return (missing | (df[column] > df[previous]).fillna(True)).astype(bool)


def differs(df: pd.DataFrame, *, column: str, previous: str) -> pd.Series:
    """Ensure ``column`` does not repeat ``previous``."""
    missing = df[column].isna() | df[previous].isna()
    return (missing | (df[column] != df[previous]).fillna(True)).astype(bool)
