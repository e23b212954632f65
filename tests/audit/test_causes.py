"""Root causes: each generated defect is one root; what follows from it carries ``caused_by``."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from audit.causes import caused_by, roots
from audit.generate import DEFECT_KINDS, generate_series, inject, render, write_text
from audit.pipeline import check

# Across a New Year, so that every defect kind fits somewhere.
SERIES = generate_series(14, seed=3, start=date(2023, 11, 6))
LONG = generate_series(20, seed=3, start=date(2024, 3, 4))


def findings_of(series: list, folder: Path) -> pd.DataFrame:
    for spec in series:
        write_text(folder / f"{spec.serial_no}.md", render(spec))
    return check([folder]).findings


@pytest.mark.parametrize("series", [SERIES, LONG], ids=["new-year", "long"])
def test_the_clean_series_has_no_warning(series: list, tmp_path: Path) -> None:
    # The premise of the next test: every warning or error there comes from the defect.
    findings = findings_of(series, tmp_path)
    assert not findings["severity"].isin(["warning", "error"]).any()


@pytest.mark.parametrize("kind", DEFECT_KINDS)
def test_each_defect_is_one_root_cause_and_the_rest_follow_it(kind: str, tmp_path: Path) -> None:
    # An outlier is judged against eight issues of its year at least: a longer year for it.
    series = LONG if kind in ("increment_outlier", "ratio_outlier") else SERIES
    for at in range(4, len(series) - 2):
        try:
            broken, _ = inject(series, kind, at=at, rng=random.Random(kind))
            break
        except ValueError:
            continue
    findings = findings_of(broken, tmp_path)
    serious = findings[findings["severity"].isin(["warning", "error"])]
    root = serious[serious["caused_by"].isna()]
    assert len(root) == 1, root[["rule", "source"]].to_dict(orient="records")
    consequences = findings[findings["caused_by"].notna()]
    assert set(consequences["caused_by"]) <= set(root["fingerprint"])


def test_a_loop_is_broken_at_the_earliest_finding() -> None:
    assert roots({0: 1, 1: 0, 2: 1}, 3) == [None, 0, 0]


def test_a_chain_points_at_its_root() -> None:
    assert roots({2: 1, 1: 0}, 3) == [None, 0, 0]


def row(rule: str, source: str, metric: str | None = None, other: str | None = None, fp: str = "") -> dict:
    return {
        "rule": rule,
        "source": source,
        "series": "s",
        "year": 2024,
        "issue_no": int(source),
        "metric": metric,
        "other_source": other,
        "fingerprint": fp or f"{rule}{source}".ljust(16, "0")[:16],
    }


def test_consequences_in_the_issue_and_the_next() -> None:
    findings = pd.DataFrame(
        [
            row("published_after_period", "1"),
            row("dates_in_period", "1"),
            row("dates_in_period", "2"),  # another issue: not explained
            row("ytd_reconciles", "1", "m", "0"),
            row("ytd_reconciles", "2", "m", "1"),
            row("ytd_reconciles", "2", "n", "1"),  # another metric: not explained
        ]
    )
    found = [v if isinstance(v, str) else None for v in caused_by(findings)["caused_by"]]
    fp = findings["fingerprint"].tolist()
    assert found == [None, fp[0], None, None, fp[3], None]


def test_a_ratio_follows_a_slip_in_either_of_its_figures() -> None:
    # The profile relates admin_license.completed to admin_license.accepted (not_above): a ratio
    # finding names the completed figure, the slip may be in the accepted one.
    findings = pd.DataFrame(
        [
            row("increment_outlier", "1", "admin_license.accepted", "0"),
            row("ratio_outlier", "1", "admin_license.completed", "0"),
            row("ratio_outlier", "2", "admin_license.completed", "1"),
            row("ratio_outlier", "1", "public_service.completed", "0"),  # another pair: not explained
            row("increment_outlier", "2", "window.accepted", "1"),  # not related: not explained
        ]
    )
    found = [v if isinstance(v, str) else None for v in caused_by(findings)["caused_by"]]
    fp = findings["fingerprint"].tolist()
    assert found == [None, fp[0], fp[0], None, None]


def test_a_ratio_and_an_increment_of_one_slip_are_one_cause_the_first_in_report_order() -> None:
    findings = pd.DataFrame(
        [
            row("ratio_outlier", "1", "admin_license.completed", "0"),  # the warning, reported first
            row("increment_outlier", "1", "admin_license.completed", "0"),  # an info
        ]
    )
    found = [v if isinstance(v, str) else None for v in caused_by(findings)["caused_by"]]
    assert found == [None, findings["fingerprint"][0]]
