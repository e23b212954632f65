"""The rule catalogue as expectation specs: which GX expectation checks each test, over which table.

Pure Python, no GX import. The suite (``suite.py``) and the frames (``frames.py``) are both built
from one plan, so every column an expectation names is a column its frame carries.

A test is translated from the check it registers (``checks.not_above`` becomes a column-pair
comparison, ``checks.follows`` a range on a difference, ...); the few tests written as lambdas
have a translation of their own below; any other test is expressed on a derived boolean column
that the test's own check computes, so a test is never dropped silently.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

import checks
from audit.findings import severity_of
from schemas.facts import METRICS
from schemas.rules import RULES, Rule, Test
from schemas.rules.masthead import HEADER_FIELDS
from schemas.settings import Settings

Derive = Callable[[pd.DataFrame], pd.Series]

NATIVE = "native"
DERIVED = "derived"
PAIR_GT = "ExpectColumnPairValuesAToBeGreaterThanB"
PAIR_EQ = "ExpectColumnPairValuesToBeEqual"
BETWEEN = "ExpectColumnValuesToBeBetween"
IN_SET = "ExpectColumnValuesToBeInSet"
NOT_IN_SET = "ExpectColumnValuesToNotBeInSet"
NOT_NULL = "ExpectColumnValuesToNotBeNull"
# The registered checks pass a row when a value they compare is missing (checks/__init__.py).
SKIP_MISSING = "either_value_is_missing"
# The lambdas compare without that guard: a missing value fails, as a GX pair that skips nothing.
SKIP_NOTHING = "neither"
BASE_TABLES = ("issues", "facts", "panel")
SCOPES = ("week", "ytd")


@dataclass(frozen=True)
class Where:
    """A row condition: ``column op value``; with ``op`` "not_null", the column is not null."""

    column: str
    op: str
    value: Any = None


@dataclass(frozen=True)
class Spec:
    """One expectation: the catalogue test it checks, the table it reads, and how it reads it."""

    rule: str
    variant: str
    severity: str
    table: str
    expectation: str
    kwargs: Mapping[str, Any]
    how: str = NATIVE
    where: tuple[Where, ...] = ()
    derive: tuple[tuple[str, Derive], ...] = field(default=(), compare=False, repr=False)

    @property
    def columns(self) -> tuple[str, ...]:
        """Return every column the expectation reads, its row condition included."""
        named = [self.kwargs[k] for k in ("column", "column_A", "column_B") if k in self.kwargs]
        return tuple(dict.fromkeys([*named, *(w.column for w in self.where)]))

    def meta(self) -> dict[str, Any]:
        """Return the expectation's meta: the rule and test it stands for, and where it reads."""
        return {
            "rule": self.rule,
            "variant": self.variant,
            "severity": self.severity,
            "table": self.table,
            "how": self.how,
        }


@dataclass(frozen=True)
class _Test:
    """A catalogue test being translated, with the severity the settings give it."""

    rule: Rule
    test: Test
    severity: str

    def spec(
        self,
        expectation: str,
        table: str | None = None,
        *,
        how: str = NATIVE,
        where: Iterable[Where] = (),
        derive: Iterable[tuple[str, Derive]] = (),
        **kwargs: Any,
    ) -> Spec:
        """Return an expectation of this test; its table defaults to the rule's own frame."""
        return Spec(
            self.rule.id,
            self.test.variant,
            self.severity,
            table or self.rule.id,
            expectation,
            kwargs,
            how,
            tuple(where),
            tuple(derive),
        )

    def pair(
        self,
        a: str,
        b: str,
        *,
        or_equal: bool,
        where: Iterable[Where] = (),
        ignore: str = SKIP_MISSING,
        table: str | None = None,
    ) -> Spec:
        """Return ``a > b`` (``a >= b`` with ``or_equal``) on every row."""
        return self.spec(
            PAIR_GT, table, where=where, column_A=a, column_B=b, or_equal=or_equal, ignore_row_if=ignore
        )


def _difference(column: str, previous: str) -> tuple[str, tuple[str, Derive]]:
    """Return the name of the column ``column - previous`` and how to derive it."""
    name = f"{column}_minus_{previous}"
    return name, (name, lambda df: df[column] - df[previous])


# --- translations of the registered checks (checks/) ------------------------------------


def _not_above(t: _Test, *, column: str, limit: str, unless: str | None = None) -> list[Spec]:
    # A row whose ``unless`` column is true is exempt (a noted carry-over); null counts as false.
    where = [Where(unless, "!=", True)] if unless else []
    return [t.pair(limit, column, or_equal=True, where=where)]


def _not_below(t: _Test, *, column: str, limit: str) -> list[Spec]:
    return [t.pair(column, limit, or_equal=True)]


def _equal(t: _Test, *, column: str, other: str, tolerance: float = 0) -> list[Spec]:
    if not tolerance:
        return [t.spec(PAIR_EQ, column_A=column, column_B=other, ignore_row_if=SKIP_MISSING)]
    name, derive = _difference(column, other)
    return [t.spec(BETWEEN, derive=[derive], column=name, min_value=-tolerance, max_value=tolerance)]


def _in_range(t: _Test, *, column: str, low: str | float, high: str | float) -> list[Spec]:
    # The check passes a row when a bound column is missing: each comparison skips such rows.
    bounds = [b for b in (low, high) if isinstance(b, str)]
    specs = []
    if isinstance(low, str):
        others = [Where(b, "not_null") for b in bounds if b != low]
        specs.append(t.pair(column, low, or_equal=True, where=others))
    if isinstance(high, str):
        others = [Where(b, "not_null") for b in bounds if b != high]
        specs.append(t.pair(high, column, or_equal=True, where=others))
    limits: dict[str, Any] = {
        key: value
        for key, value in (("min_value", low), ("max_value", high))
        if not isinstance(value, str) and math.isfinite(value)
    }
    if limits:
        specs.append(t.spec(BETWEEN, where=[Where(b, "not_null") for b in bounds], column=column, **limits))
    return specs


def _at_most(t: _Test, *, column: str, limit: float) -> list[Spec]:
    return [t.spec(BETWEEN, column=column, max_value=limit)]


def _follows(t: _Test, *, column: str, previous: str, step: int = 1) -> list[Spec]:
    name, derive = _difference(column, previous)
    return [t.spec(BETWEEN, derive=[derive], column=name, min_value=step, max_value=step)]


def _increases(t: _Test, *, column: str, previous: str) -> list[Spec]:
    return [t.pair(column, previous, or_equal=False)]


def _differs(t: _Test, *, column: str, previous: str) -> list[Spec]:
    name, derive = _difference(column, previous)
    return [t.spec(NOT_IN_SET, derive=[derive], column=name, value_set=[0])]


def _starts_at(t: _Test, *, column: str, first: int = 1) -> list[Spec]:
    return [t.spec(IN_SET, column=column, value_set=[first])]


TRANSLATIONS: dict[Callable[..., pd.Series], Callable[..., list[Spec]]] = {
    checks.not_above: _not_above,
    checks.not_below: _not_below,
    checks.equal: _equal,
    checks.in_range: _in_range,
    checks.at_most: _at_most,
    checks.follows: _follows,
    checks.increases: _increases,
    checks.differs: _differs,
    checks.starts_at: _starts_at,
}


# --- tests written as lambdas in schemas/rules/, or better read on a base table ----------


def _header_missing(t: _Test) -> list[Spec]:
    return [t.spec(NOT_NULL, "issues", column=column) for column in HEADER_FIELDS]


def _value_range(t: _Test) -> list[Spec]:
    # Counts are never negative and a share is a percentage (the frame's low/high columns).
    return [
        t.spec(BETWEEN, "facts", column="value", min_value=0),
        t.spec(BETWEEN, "facts", where=[Where("unit", "==", "%")], column="value", max_value=100),
    ]


def _ytd_ge_week(t: _Test) -> list[Spec]:
    return [t.pair(f"{m}.ytd", f"{m}.week", or_equal=True, table="panel") for m in METRICS]


def _enumeration_count(t: _Test) -> list[Spec]:
    # With 等 the stated count is a lower bound of the items listed; without it, their number.
    return [
        t.pair("stated", "listed", or_equal=True, where=[Where("has_deng", "==", True)], ignore=SKIP_NOTHING),
        t.spec(
            PAIR_EQ,
            where=[Where("has_deng", "!=", True)],
            column_A="stated",
            column_B="listed",
            ignore_row_if=SKIP_NOTHING,
        ),
    ]


def _heading_sequence(t: _Test) -> list[Spec]:
    return [t.spec(PAIR_EQ, column_A="number", column_B="expected_number", ignore_row_if=SKIP_NOTHING)]


def _uncovered(t: _Test) -> list[Spec]:
    return [t.spec(BETWEEN, column="uncovered_days", min_value=0, max_value=0)]


def _calendar_known(t: _Test) -> list[Spec]:
    # The frame's own column: False on the first gap of each year the calendar does not know.
    return [t.spec(IN_SET, column="calendar_known", value_set=[True])]


def _share_total(t: _Test) -> list[Spec]:
    # The frame's ``overlap``: the totals two rounded shares imply are intervals that must meet.
    return [
        t.pair("prev_total_high", "total_low", or_equal=True, ignore=SKIP_NOTHING),
        t.pair("total_high", "prev_total_low", or_equal=True, ignore=SKIP_NOTHING),
    ]


def _not(column: str, value: Any) -> Callable[[_Test], list[Spec]]:
    return lambda t: [t.spec(NOT_IN_SET, column=column, value_set=[value])]


def _present(t: _Test) -> list[Spec]:
    return [t.spec(IN_SET, column="present", value_set=[True])]


OVERRIDES: dict[str, Callable[[_Test], list[Spec]]] = {
    "figure_conflict.values": _not("status", "conflict"),
    "figure_unreadable.number": _not("role", "unreadable"),
    "figure_unclear.statement": _not("role", "unclear"),
    "serial_sequential.open_combined": _not("after_open", True),
    "versions_agree.differs": lambda t: [t.spec(IN_SET, column="agrees", value_set=[True])],
    "metric_missing.missing": _present,
    "header_complete.missing": _header_missing,
    "value_valid.range": _value_range,
    "ytd_ge_week.below": _ytd_ge_week,
    "enumeration_count.count": _enumeration_count,
    "heading_sequence.sequence": _heading_sequence,
    "period_contiguous.gap": _uncovered,
    "period_contiguous.calendar": _calendar_known,
    "share_consistent.total": _share_total,
}


def _derived(t: _Test) -> list[Spec]:
    """Return the test as a boolean column its own check computes, expected to be all true."""
    name = f"{t.rule.id}__{t.test.variant}__ok"
    return [t.spec(IN_SET, how=DERIVED, derive=[(name, t.test.check)], column=name, value_set=[True])]


def translate(rule: Rule, test: Test, settings: Settings) -> list[Spec]:
    """Return the expectations that together fail exactly the rows ``test`` fails."""
    t = _Test(rule, test, severity_of(rule, test, settings))
    override = OVERRIDES.get(f"{rule.id}.{test.variant}")
    if override:
        return override(t)
    check = test.check
    if isinstance(check, partial) and check.func in TRANSLATIONS:
        specs = TRANSLATIONS[check.func](t, *check.args, **check.keywords)
        if specs:
            return specs
    return _derived(t)


def plan(settings: Settings | None = None, rules: Sequence[Rule] = RULES) -> list[Spec]:
    """Return the expectations of every enabled rule, in catalogue order."""
    settings = settings or Settings()
    return [
        spec
        for rule in rules
        if rule.id not in settings.disabled
        for test in rule.tests
        for spec in translate(rule, test, settings)
    ]


def not_expressed(specs: Sequence[Spec], settings: Settings, rules: Sequence[Rule] = RULES) -> list[str]:
    """Return the enabled tests (``rule.variant``) that no expectation stands for."""
    covered = {(s.rule, s.variant) for s in specs}
    return [
        f"{rule.id}.{test.variant}"
        for rule in rules
        if rule.id not in settings.disabled
        for test in rule.tests
        if (rule.id, test.variant) not in covered
    ]
