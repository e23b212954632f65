"""Every rule against realistic generated series: one injected defect, exactly its findings."""

from __future__ import annotations

import random
from datetime import date

import pytest

from audit.extract import extract_document
from audit.findings import evaluate
from audit.generate import DEFECT_KINDS, IssueSpec, generate_series, inject, render
from audit.generate.scan import SCAN_RULES
from audit.tables import build_tables
from schemas.rules import RULES
from schemas.settings import Settings
from tests.conftest import document

# Nine weeks spanning New Year: numbering restarts, year-to-date figures reset.
START = date(2024, 11, 25)


def findings_of(series: list[IssueSpec]) -> list[tuple[int, str, str | None]]:
    documents = [document(render(spec), f"{spec.serial_no}-{i}.md") for i, spec in enumerate(series)]
    extractions = [extract_document(d) for d in documents]
    serial = {e.document.source: spec.serial_no for e, spec in zip(extractions, series, strict=True)}
    findings = evaluate(build_tables(extractions), Settings())
    serious = findings[findings["severity"].isin(["error", "warning"])]
    return sorted(
        (serial[f.source], f.rule, None if not isinstance(f.metric, str) else f.metric)
        for f in serious.itertuples()
    )


@pytest.mark.parametrize("style", ["2023", "2022", "mixed"])
def test_clean_series_has_no_findings(style: str) -> None:
    assert findings_of(generate_series(9, seed=7, start=START, style=style)) == []


def test_every_rule_has_a_defect_kind() -> None:
    # Rules on how a figure was read are exercised by generated scans (tests/audit/ingest/test_ingest_ocr.py);
    # one issue kept as several files, by files written twice (tests/audit/test_versions.py).
    assert sorted(DEFECT_KINDS + SCAN_RULES + ("versions_agree",)) == sorted(rule.id for rule in RULES)


def _inject_from(clean: list[IssueSpec], kind: str, at: int) -> tuple[list[IssueSpec], list]:
    """Inject ``kind`` at ``at``, or at the first issue after it where it fits (a slip only the
    ratio of two figures shows is not found in every issue)."""
    for where in range(at, len(clean)):
        try:
            return inject(clean, kind, at=where, rng=random.Random(f"{kind}{at}"))
        except ValueError:
            if kind != "ratio_outlier":
                raise
    raise AssertionError(f"{kind} fits nowhere after {at}")


@pytest.mark.parametrize("kind", DEFECT_KINDS)
@pytest.mark.parametrize("at", [2, 7])
def test_one_defect_gives_exactly_its_findings(kind: str, at: int) -> None:
    clean = generate_series(9, seed=11, start=START, style="2023")
    if kind == "ytd_year_reset":  # only the first issue of a year can fail to reset
        at = next(i for i, spec in enumerate(clean) if spec.issue_no == 1)
    if kind in ("increment_outlier", "ratio_outlier"):  # judged against at least eight issues of its year
        clean = generate_series(20, seed=11, start=date(2024, 3, 4), style="2023")
        at += 6
    broken, expected = _inject_from(clean, kind, at)
    assert any(e.rule == kind for e in expected)
    assert findings_of(broken) == sorted((e.serial_no, e.rule, e.metric) for e in expected)
