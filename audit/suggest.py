"""Suggested corrections: the single typing slip that would make a broken relation hold.

The relations between figures are read from the rule frames themselves (``RELATIONS`` says,
for each rule that relates figures, which figures of a frame row are related and how), so no
metric is named here. A finding of such a rule names the figures of its failing relation;
each single slip of each of them (``checks.typos``) is tried against every relation that
figure takes part in, across the issue and its neighbours in the series. When exactly one
(figure, value) makes all of them hold, the finding carries it as its suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from checks.typos import SLIP_LABELS, Correction, corrections, only_fit
from schemas.derive import Derived, labels
from schemas.facts import METRIC_LABELS, SCOPE_LABELS
from schemas.rules import RULES_BY_ID
from schemas.settings import Settings

#: A figure: (source, metric, scope); masthead numbers are (source, field, None).
Key = tuple[str, str, str | None]


@dataclass(frozen=True)
class Relation:
    """sum(coefficient × figure) + constant ≤ tolerance (``equal``: its absolute value is)."""

    terms: tuple[tuple[Key, float], ...]
    constant: float
    equal: bool
    tolerance: float
    #: The rule row it comes from: (rule, source, metric) as its finding names them.
    origin: tuple[str, str, str | None]

    def holds(self, values: Callable[[Key], float]) -> bool:
        total = self.constant
        for key, coefficient in self.terms:
            value = values(key)
            if value != value:  # a missing figure: the relation cannot be judged
                return True
            total += coefficient * value
        return abs(total) <= self.tolerance if self.equal else total <= self.tolerance


def _rows(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    yield from frame[columns].itertuples(index=False, name=None)


def _ytd_monotonic(frame: pd.DataFrame) -> Iterator[Relation]:
    for source, metric, prev, tolerance in _rows(frame, ["source", "metric", "prev_source", "tolerance"]):
        terms = (((prev, metric, "ytd"), 1.0), ((source, metric, "ytd"), -1.0))
        yield Relation(terms, 0.0, False, float(tolerance), ("ytd_monotonic", source, metric))


def _ytd_reconciles(frame: pd.DataFrame) -> Iterator[Relation]:
    for source, metric, prev in _rows(frame, ["source", "metric", "prev_source"]):
        terms = (
            ((source, metric, "ytd"), 1.0),
            ((prev, metric, "ytd"), -1.0),
            ((source, metric, "week"), -1.0),
        )
        yield Relation(terms, 0.0, True, 1e-6, ("ytd_reconciles", source, metric))


def _completed_le_accepted(frame: pd.DataFrame) -> Iterator[Relation]:
    for source, metric, accepted, scope, noted in _rows(
        frame, ["source", "metric", "limit_metric", "scope", "noted"]
    ):
        if not noted:  # a stated carry-over lets completed exceed accepted
            terms = (((source, metric, scope), 1.0), ((source, accepted, scope), -1.0))
            yield Relation(terms, 0.0, False, 0.0, ("completed_le_accepted", source, metric))


def _ytd_ge_week(frame: pd.DataFrame) -> Iterator[Relation]:
    for source, metric in _rows(frame, ["source", "metric"]):
        terms = (((source, metric, "week"), 1.0), ((source, metric, "ytd"), -1.0))
        yield Relation(terms, 0.0, False, 0.0, ("ytd_ge_week", source, metric))


def _issue_no_sequential(frame: pd.DataFrame) -> Iterator[Relation]:
    for source, prev, cycle, prev_cycle, expected in _rows(
        frame, ["source", "prev_source", "cycle", "prev_cycle", "expected_no"]
    ):
        if pd.isna(expected):
            continue
        origin = ("issue_no_sequential", source, None)
        if cycle == prev_cycle:
            terms = (((source, "issue_no", None), 1.0), ((prev, "issue_no", None), -1.0))
            yield Relation(terms, -1.0, True, 0.0, origin)
        else:  # the first issue of a year is 第1期
            yield Relation((((source, "issue_no", None), 1.0),), -1.0, True, 0.0, origin)


#: The rules that relate figures, with how a row of their frame reads as relations.
RELATIONS: dict[str, Callable[[pd.DataFrame], Iterator[Relation]]] = {
    "ytd_monotonic": _ytd_monotonic,
    "ytd_reconciles": _ytd_reconciles,
    "completed_le_accepted": _completed_le_accepted,
    "ytd_ge_week": _ytd_ge_week,
    "issue_no_sequential": _issue_no_sequential,
}


class Figures:
    """The printed values of a run by figure, and the relations each figure takes part in."""

    def __init__(self, run: Derived, settings: Settings) -> None:
        facts = run.facts
        self.values: dict[Key, float] = dict(
            zip(
                zip(facts["source"], facts["metric"], facts["scope"], strict=True),
                facts["value"],
                strict=True,
            )
        )
        self.raw: dict[Key, str] = dict(
            zip(zip(facts["source"], facts["metric"], facts["scope"], strict=True), facts["raw"], strict=True)
        )
        for source, number in zip(run.issues["source"], run.issues["issue_no"], strict=True):
            self.values[(source, "issue_no", None)] = float("nan") if pd.isna(number) else float(number)
        self.by_figure: dict[Key, list[Relation]] = defaultdict(list)
        self.by_origin: dict[tuple[str, str, str | None], list[Relation]] = defaultdict(list)
        for rule_id, read in RELATIONS.items():
            if rule_id in settings.disabled:
                continue
            for relation in read(RULES_BY_ID[rule_id].frame(run, settings)):
                self.by_origin[relation.origin].append(relation)
                for key, _ in relation.terms:
                    self.by_figure[key].append(relation)

    def value(self, key: Key) -> float:
        return self.values.get(key, float("nan"))

    def fits(self, key: object, value: float, broken: Iterable[Relation] = ()) -> bool:
        """Return True when every relation of figure ``key``, and every ``broken`` one, holds with ``value``."""
        figure: Key = key  # type: ignore[assignment]

        def lookup(k: Key) -> float:
            return value if k == figure else self.value(k)

        relations = [*self.by_figure.get(figure, ()), *broken]
        return all(relation.holds(lookup) for relation in relations)

    def suggest(self, rule: str, source: str, metric: str | None) -> tuple[Key, Correction] | None:
        """Return the one slip that mends the figures of a finding, or None when none or several do.

        The slip must mend every broken relation around the finding's figures, not only its own:
        a week figure can always be bent to fit one sum, but only the mistyped year-to-date
        figure mends the sums of both its issue and the next.
        """
        figures = dict.fromkeys(
            key for relation in self.by_origin.get((rule, source, metric), ()) for key, _ in relation.terms
        )
        broken = {
            id(relation): relation
            for key in figures
            for relation in self.by_figure.get(key, ())
            if not relation.holds(self.value)
        }.values()
        candidates = (
            (key, correction)
            for key in figures
            for correction in corrections(self.value(key), self.raw.get(key, ""))
        )
        found = only_fit(candidates, lambda key, value: self.fits(key, value, broken))
        return None if found is None else (found[0], found[1])  # type: ignore[return-value]


def _figure_label(key: Key, own: Key, names: dict[str, str], lang: int) -> str:
    """Return how a figure is named when it is not the finding's own: 上一期 … or its metric."""
    source, metric, scope = key
    if key == own:
        return ""
    issue = names.get(source, source) if source != own[0] else ""
    if metric == "issue_no":
        what = ("期号", "issue number ")[lang]
    else:
        what = METRIC_LABELS.get(metric, (metric, metric))[lang]
        if scope:
            what += ("（{}）", " ({}) ")[lang].format(SCOPE_LABELS.get(scope, (scope, scope))[lang])
    joined = (issue + what) if lang == 0 else f"{issue} {what}".strip() + " "
    return joined


def _number(value: float) -> str:
    return str(int(value)) if value % 1 == 0 else f"{value:g}"


def suggestions(findings: pd.DataFrame, run: Derived, settings: Settings) -> pd.DataFrame:
    """Return ``findings`` with ``suggested`` (the value) and its ``suggestion_zh``/``_en`` text where one slip fits."""
    asked = findings["rule"].isin(RELATIONS)
    out = findings.assign(suggested=None, suggestion_zh=None, suggestion_en=None)
    if not asked.any():
        return out
    series = set(findings.loc[asked, "series"])
    ordered = run.ordered
    part = run.only(ordered.loc[ordered["series"].isin(series), "source"])
    figures = Figures(part, settings)
    names = dict(
        zip(
            ordered["source"], labels(ordered["year"], ordered["issue_no"], ordered["serial_no"]), strict=True
        )
    )
    for index, rule, source, metric, scope in _asked(findings[asked]):
        found = figures.suggest(rule, source, metric)
        if found is None:
            continue
        key, correction = found
        own: Key = (source, metric or "issue_no", scope)
        printed, meant = _number(figures.value(key)), _number(correction.value)
        zh_slip, en_slip = SLIP_LABELS[correction.slip]
        out.at[index, "suggested"] = meant
        out.at[index, "suggestion_zh"] = (
            f"疑似录入错误：{_figure_label(key, own, names, 0)}{printed} 应为 {meant}（{zh_slip}）"
        )
        out.at[index, "suggestion_en"] = (
            f"Probable typing error: {_figure_label(key, own, names, 1)}{printed} should be {meant} ({en_slip})"
        )
    return out


def _asked(frame: pd.DataFrame) -> Iterable[tuple[Any, str, str, str | None, str | None]]:
    for index, rule, source, metric, scope in zip(
        frame.index, frame["rule"], frame["source"], frame["metric"], frame["scope"], strict=True
    ):
        yield (
            index,
            rule,
            source,
            metric if isinstance(metric, str) else None,
            scope if isinstance(scope, str) else None,
        )
