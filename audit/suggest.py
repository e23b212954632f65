"""Suggested corrections: the single typing slip that would make a broken relation hold.

The relations between figures are read from the rule frames themselves (``RELATIONS`` says,
for each rule that relates figures, which figures of a frame row are related and how), so no
metric is named here. A finding of such a rule names the figures of its failing relation;
each single slip of each of them (``checks.typos``) is tried against every relation that
figure takes part in, across the issue and its neighbours in the series. When exactly one
(figure, value) makes all of them hold, the finding carries it as its suggestion; when
several do, the weekly rates of the plausibility rules pick the one that fits the series'
history, if exactly one does.

A finding of a plausibility rule (``PLAUSIBILITY``: a weekly increase or a ratio far from the
issues around it) breaks no relation: it names the figures its rate is made of, and a slip
fits when every relation of the figure still holds and every rate it takes part in falls back
within the rule's info threshold. Again only a single fitting (figure, value) is suggested.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from checks.typos import SLIP_LABELS, Correction, corrections, fit_all
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


@dataclass(frozen=True)
class Rate:
    """A weekly rate a plausibility rule judged: Σ part / (Σ whole × per), and how far it may stray.

    ``whole`` empty is 1: a weekly increase is its part per working day (``per``); a ratio is
    part over whole (``per`` 1). The rate is plausible when its robust score against the issues
    around it, weight × |log rate − log typical| / scale, is at most the rule's info threshold
    (``limits[0]``), or, asked less strictly, its warning threshold (``limits[1]``).
    """

    part: tuple[tuple[Key, float], ...]
    whole: tuple[tuple[Key, float], ...]
    per: float
    typical: float
    scale: float
    weight: float
    limits: tuple[float, float]

    @property
    def figures(self) -> Iterator[Key]:
        for key, _ in (*self.part, *self.whole):
            yield key

    def plausible(self, values: Callable[[Key], float], strict: bool = True) -> bool:
        part = sum(coefficient * values(key) for key, coefficient in self.part)
        whole = sum(coefficient * values(key) for key, coefficient in self.whole) if self.whole else 1.0
        if part != part or whole != whole:  # a missing figure: the rate cannot be judged
            return True
        if part <= 0 or whole <= 0:  # a total that falls is no plausible week
            return False
        rate = part / whole / self.per
        return (
            self.weight * abs(math.log(rate / self.typical)) / self.scale <= self.limits[0 if strict else 1]
        )


def _steps(source: str, metric: str, scope: str, previous: object) -> tuple[tuple[Key, float], ...]:
    """Return what a figure added: a week figure itself; a year-to-date one less the previous issue's."""
    own: tuple[tuple[Key, float], ...] = (((source, metric, scope), 1.0),)
    if scope == "ytd" and isinstance(previous, str):
        return (*own, ((previous, metric, scope), -1.0))
    return own


_LIMITS = ["info_limit", "warning_limit"]


def _limits(values: list[Any]) -> tuple[float, float]:
    return float(values[0]), float(values[1])


def _increment_rates(frame: pd.DataFrame) -> Iterator[tuple[tuple[str, str, str, str], Rate]]:
    columns = ["source", "metric", "scope", "other_source", "days", "typical", "scale"]
    for source, metric, scope, previous, days, typical, scale, *limits in _rows(frame, [*columns, *_LIMITS]):
        if pd.notna(typical) and pd.notna(scale) and pd.notna(days):
            part = _steps(source, metric, scope, previous)
            rate = Rate(part, (), float(days), float(typical), float(scale), 1.0, _limits(limits))
            yield ("increment_outlier", source, metric, scope), rate


def _ratio_rates(frame: pd.DataFrame) -> Iterator[tuple[tuple[str, str, str, str], Rate]]:
    columns = ["source", "metric", "limit_metric", "scope", "other_source", "typical", "scale", "weight"]
    for source, metric, limit_metric, scope, previous, typical, scale, weight, *limits in _rows(
        frame, [*columns, *_LIMITS]
    ):
        if pd.notna(typical) and pd.notna(scale) and pd.notna(weight):
            part = _steps(source, metric, scope, previous)
            whole = _steps(source, limit_metric, scope, previous)
            rate = Rate(part, whole, 1.0, float(typical), float(scale), float(weight), _limits(limits))
            yield ("ratio_outlier", source, metric, scope), rate


#: The plausibility rules, with how a row of their frame reads as a rate of figures.
PLAUSIBILITY: dict[str, Callable[[pd.DataFrame], Iterator[tuple[tuple[str, str, str, str], Rate]]]] = {
    "increment_outlier": _increment_rates,
    "ratio_outlier": _ratio_rates,
}


class Figures:
    """The printed values of a run by figure, and the relations each figure takes part in."""

    def __init__(self, run: Derived, settings: Settings, asked: Iterable[str] | None = None) -> None:
        # The rates are judged within each issue's series and year: those of the issues asked
        # about (and the issues before them) are all the plausibility of a slip needs.
        self._rated = run if asked is None else run.focused(asked)
        self._settings = settings
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

    @cached_property
    def rates(self) -> tuple[dict[tuple[str, str, str, str], list[Rate]], dict[Key, list[Rate]]]:
        """Return the judged rates of the plausibility rules by finding and by figure.

        Worked out on first use only: a run whose findings need no plausibility pays nothing.
        """
        by_origin: dict[tuple[str, str, str, str], list[Rate]] = defaultdict(list)
        by_figure: dict[Key, list[Rate]] = defaultdict(list)
        for rule_id, read in PLAUSIBILITY.items():
            if rule_id in self._settings.disabled:
                continue
            for origin, rate in read(RULES_BY_ID[rule_id].frame(self._rated, self._settings)):
                by_origin[origin].append(rate)
                for key in rate.figures:
                    by_figure[key].append(rate)
        return by_origin, by_figure

    def plausible(self, key: object, value: float, strict: bool = True) -> bool:
        """Return True when every judged rate figure ``key`` takes part in fits its history with ``value``:
        within the info threshold of its rule, or (not ``strict``) its warning threshold."""
        figure: Key = key  # type: ignore[assignment]

        def lookup(k: Key) -> float:
            return value if k == figure else self.value(k)

        return all(rate.plausible(lookup, strict) for rate in self.rates[1].get(figure, ()))

    def most_plausible(self, fitting: list[tuple[Key, Correction]]) -> tuple[Key, Correction] | None:
        """Return the one of ``fitting`` whose rates fit the series' history, if only one does.

        Within the info thresholds first; when none is (the week the figure belongs to was an
        unusual one itself, a holiday week), within the warning thresholds.
        """
        for strict in (True, False):
            plausible = [(key, c) for key, c in fitting if self.plausible(key, c.value, strict)]
            if plausible:
                return plausible[0] if len(plausible) == 1 else None
        return None

    def fits(self, key: object, value: float, broken: Iterable[Relation] = ()) -> bool:
        """Return True when every relation of figure ``key``, and every ``broken`` one, holds with ``value``."""
        figure: Key = key  # type: ignore[assignment]

        def lookup(k: Key) -> float:
            return value if k == figure else self.value(k)

        relations = [*self.by_figure.get(figure, ()), *broken]
        return all(relation.holds(lookup) for relation in relations)

    def suggest(
        self, rule: str, source: str, metric: str | None, scope: str | None = None
    ) -> tuple[Key, Correction] | None:
        """Return the one slip that mends the figures of a finding, or None when none or several do.

        The slip must mend every broken relation around the finding's figures, not only its own:
        a week figure can always be bent to fit one sum, but only the mistyped year-to-date
        figure mends the sums of both its issue and the next. When several slips do, the one
        whose rates fit the series' history is taken, if only one does.
        """
        if rule in PLAUSIBILITY:
            origin = (rule, source, metric or "", scope or "")
            figures = dict.fromkeys(key for rate in self.rates[0].get(origin, ()) for key in rate.figures)
        else:
            figures = dict.fromkeys(
                key
                for relation in self.by_origin.get((rule, source, metric), ())
                for key, _ in relation.terms
            )
        broken = {
            id(relation): relation
            for key in figures
            for relation in self.by_figure.get(key, ())
            if not relation.holds(self.value)
        }.values()
        candidates = [
            (key, correction)
            for key in figures
            for correction in corrections(self.value(key), self.raw.get(key, ""))
        ]
        fitting: list[tuple[Key, Correction]] = fit_all(  # type: ignore[assignment]
            candidates, lambda key, value: self.fits(key, value, broken)
        )
        if rule in PLAUSIBILITY or len(fitting) > 1:
            # Nothing else binds the figure, or only inequalities do: let the rates choose.
            return self.most_plausible(fitting)
        return fitting[0] if fitting else None


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
    # A plausibility rule's notice that the calendar does not know a year names no figure.
    judged = findings["rule"].isin(PLAUSIBILITY.keys()) & (findings["variant"] != "calendar")
    asked = findings["rule"].isin(RELATIONS.keys()) | judged
    out = findings.assign(suggested=None, suggestion_zh=None, suggestion_en=None)
    if not asked.any():
        return out
    series = set(findings.loc[asked, "series"])
    ordered = run.ordered
    names = dict(
        zip(
            ordered["source"], labels(ordered["year"], ordered["issue_no"], ordered["serial_no"]), strict=True
        )
    )
    whole = run.only(ordered.loc[ordered["series"].isin(series), "source"])
    # Relations and rates hold within a series: worked out for a part of whole series at a time,
    # they stay the size of the part, not of the archive (0.7 GB at once for 20,000 issues in five series).
    for part in whole.series_parts():
        mine = findings[asked & findings["source"].isin(part.issues["source"])]
        if not len(mine):
            continue
        near = mine["other_source"].dropna()
        figures = Figures(part, settings, asked={*mine["source"], *near})
        for index, rule, source, metric, scope in _asked(mine):
            found = figures.suggest(rule, source, metric, scope)
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
