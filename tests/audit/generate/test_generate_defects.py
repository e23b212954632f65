"""Each injected defect changes what it claims, and its Expected findings are exact."""

from __future__ import annotations

import random
import re
from dataclasses import fields
from datetime import date, timedelta

import pytest

from audit.generate.contract import RULES, reference_findings, walk
from audit.generate.defects import DEFECT_KINDS, inject
from audit.generate.model import Expected, IssueSpec
from audit.generate.render import render
from audit.generate.series import generate_series

# 12 issues, 2024-11-04 .. 2025-01-24; index 8 (总第448期) is 2025 第1期, the week over New Year.
SERIES = generate_series(12, seed=5, start=date(2024, 11, 4), style="2023")
MIXED = generate_series(12, seed=5, start=date(2024, 11, 4), style="mixed")


def E(serial: int, rule: str, metric: str | None = None) -> Expected:
    return Expected(serial, rule, metric)


def test_one_defect_kind_per_rule() -> None:
    assert set(DEFECT_KINDS) == set(RULES)
    assert len(RULES) == 29


EXACT = {
    "header_complete": [
        E(444, "header_complete"),
        E(445, "issue_no_sequential"),
        E(445, "serial_sequential"),
    ],
    "period_valid": [E(444, "as_of_matches_period"), E(444, "period_valid"), E(445, "period_contiguous")],
    "published_after_period": [E(444, "published_after_period")],
    "as_of_matches_period": [E(444, "as_of_matches_period")],
    "year_consistent": [E(444, "year_consistent")],
    "value_valid": [
        E(444, "share_consistent", "manual.share"),
        E(444, "value_valid", "manual.share"),
        E(445, "share_consistent", "manual.share"),
        E(445, "ytd_monotonic", "manual.share"),
    ],
    "completed_le_accepted": [E(444, "completed_le_accepted", "admin_license.completed")],
    "ytd_ge_week": [
        E(444, "increment_outlier", "window.accepted"),  # the week's figure is far above its usual
        E(444, "ytd_ge_week", "window.accepted"),
        E(444, "ytd_reconciles", "window.accepted"),
    ],
    "enumeration_count": [E(444, "enumeration_count")],
    "heading_sequence": [E(444, "heading_sequence")],
    "dates_in_period": [E(444, "dates_in_period")],
    "serial_sequential": [E(445, "issue_no_sequential"), E(445, "serial_sequential")],
    "issue_no_sequential": [E(444, "issue_no_sequential"), E(444, "numbering_consistent")],
    "numbering_consistent": [E(445, "numbering_consistent"), E(445, "serial_sequential")],
    "published_monotonic": [E(444, "published_monotonic")],
    "period_contiguous": [E(444, "period_contiguous")],
    "ytd_monotonic": [E(444, "ytd_monotonic", "public_service.accepted")],
    "ytd_reconciles": [E(444, "ytd_reconciles", "window.consultations")],
    "table_total": [E(444, "table_total")],
    "read_incomplete": [E(444, "read_incomplete")],
}


@pytest.mark.parametrize("kind", sorted(EXACT))
def test_expected_findings_mid_year(kind: str) -> None:
    _, expected = inject(SERIES, kind, at=4, rng=random.Random(1))
    assert expected == EXACT[kind]


def test_share_consistent_flags_the_pair_on_both_sides() -> None:
    _, expected = inject(SERIES, "share_consistent", at=4, rng=random.Random(1))
    assert E(444, "share_consistent", "manual.share") in expected
    assert E(445, "share_consistent", "manual.share") in expected
    assert {e.rule for e in expected} <= {"share_consistent", "ytd_monotonic"}


def test_ytd_year_reset_on_the_first_issue_of_the_year() -> None:
    new, expected = inject(SERIES, "ytd_year_reset", at=8, rng=random.Random(1))
    assert expected == [E(448, "ytd_year_reset", "admin_license.accepted")]
    assert new[8].require("admin_license.accepted") >= SERIES[7].require("admin_license.accepted")
    with pytest.raises(ValueError):
        inject(SERIES, "ytd_year_reset", at=4, rng=random.Random(1))


def test_header_complete_on_the_last_issue_is_alone() -> None:
    _, expected = inject(SERIES, "header_complete", at=11, rng=random.Random(1))
    assert expected == [E(451, "header_complete")]


def _changes(old: list[IssueSpec], new: list[IssueSpec]) -> set[tuple[int, str]]:
    """Return (index, field) pairs that differ; facts are named by metric/scope."""
    out = set()
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        for f in fields(a):
            if getattr(a, f.name) == getattr(b, f.name):
                continue
            if f.name == "facts":
                out |= {(i, f"{x.metric}/{x.scope}") for x, y in zip(a.facts, b.facts, strict=True) if x != y}
            else:
                out.add((i, f.name))
    return out


SAME_LENGTH_CHANGES = {
    "header_complete": {(4, "omit")},
    "period_valid": {(4, "period_end")},
    "as_of_matches_period": {(4, "as_of")},
    "year_consistent": {(4, "year")},
    "value_valid": {(4, "manual.share/ytd")},
    "completed_le_accepted": {(4, "admin_license.completed/ytd")},
    "ytd_ge_week": {(4, "window.accepted/week")},
    "enumeration_count": {(4, "sections")},
    "heading_sequence": {(4, "sections")},
    "dates_in_period": {(4, "sections")},
    "table_total": {(4, "form")},
    "read_incomplete": {(4, "form")},
    "published_monotonic": {(3, "published")},
    "period_contiguous": {(4, "period_start")},
    "share_consistent": {(4, "manual.share/ytd")},
    # The counter stuck once and carried on: every later issue of 2024 keeps the lower number.
    "issue_no_sequential": {(i, "issue_no") for i in range(4, 8)},
    "numbering_consistent": {(i, "serial_no") for i in range(4, 12)},
    "ytd_reconciles": {(i, "window.consultations/ytd") for i in range(4, 8)},
}


@pytest.mark.parametrize("kind", sorted(SAME_LENGTH_CHANGES))
def test_defect_changes_only_what_it_claims(kind: str) -> None:
    new, _ = inject(SERIES, kind, at=4, rng=random.Random(1))
    assert _changes(SERIES, new) == SAME_LENGTH_CHANGES[kind]


def test_published_after_period_changes_dates_only() -> None:
    new, _ = inject(SERIES, "published_after_period", at=4, rng=random.Random(1))
    changed = _changes(SERIES, new)
    assert (4, "published") in changed
    assert {name for _, name in changed} <= {"published", "sections"}
    assert new[4].published == new[4].period_end - timedelta(days=1)
    assert all(d <= new[4].published for p in walk(new[4].sections) for d in p.dates)


def test_ytd_monotonic_lowers_a_figure_below_the_previous_issue() -> None:
    new, expected = inject(SERIES, "ytd_monotonic", at=4, rng=random.Random(1))
    metric = str(expected[0].metric)
    assert new[4].require(metric) < SERIES[3].require(metric)
    assert _changes(SERIES, new) == {(4, f"{metric}/ytd")}


def test_serial_sequential_removes_one_issue() -> None:
    new, _ = inject(SERIES, "serial_sequential", at=4, rng=random.Random(1))
    assert [s.serial_no for s in new] == [440, 441, 442, 443, 445, 446, 447, 448, 449, 450, 451]


def test_defects_show_in_the_text() -> None:
    def text(kind: str, at: int = 4) -> str:
        return render(inject(SERIES, kind, at=at, rng=random.Random(1))[0][at])

    assert "总第" not in text("header_complete")
    assert "（12 月 2 日—12 月 1 日）" in text("period_valid")
    assert re.search(r"占比 1[0-4]\d\.\d0%", text("value_valid"))
    assert "2023 年第 49 期" in text("year_consistent")
    assert re.search(r"^## 四、", text("heading_sequence"), re.MULTILINE)
    assert "## 三、" not in text("heading_sequence")
    assert "11 月 11 日" in text("dates_in_period")


@pytest.mark.parametrize("series", [SERIES, MIXED], ids=["2023", "mixed"])
def test_expected_is_exact_everywhere_a_defect_fits(series: list[IssueSpec]) -> None:
    clean = reference_findings(series)
    assert clean == []
    tried = 0
    for kind in DEFECT_KINDS:
        for at in range(len(series)):
            try:
                new, expected = inject(series, kind, at=at, rng=random.Random(at))
            except ValueError:
                continue
            tried += 1
            assert expected == reference_findings(new), (kind, at)
            assert any(e.rule == kind for e in expected), (kind, at)
    assert tried > 150


def test_inject_does_not_touch_its_input() -> None:
    before = list(SERIES)
    inject(SERIES, "serial_sequential", at=3, rng=random.Random(0))
    assert before == SERIES


def test_unknown_defect_and_bad_position() -> None:
    with pytest.raises(ValueError):
        inject(SERIES, "no_such_rule", at=0, rng=random.Random(0))
    with pytest.raises(ValueError):
        inject(SERIES, "year_consistent", at=99, rng=random.Random(0))
    with pytest.raises(ValueError, match="2023 layout"):
        inject(MIXED, "value_valid", at=2, rng=random.Random(0))
