"""The GX plan without GX: every catalogue test becomes expectations over columns its table carries."""

from __future__ import annotations

import pandas as pd
import pytest

import checks
from audit.gx.frames import panel, prepare
from audit.gx.plan import DERIVED, IN_SET, PAIR_GT, TRANSLATIONS, Where, not_expressed, plan
from audit.gx.run import GxResult, Unmet
from audit.pipeline import extract
from audit.result import ExitCode
from audit.tables import Tables
from schemas.rules import RULES, Rule
from schemas.rules import Test as RuleTest
from schemas.settings import Settings
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def examples() -> Tables:
    return extract([ROOT / "examples"]).tables


def test_every_test_of_every_rule_has_an_expectation() -> None:
    specs = plan()
    assert {(s.rule, s.variant) for s in specs} == {(r.id, t.variant) for r in RULES for t in r.tests}
    assert not_expressed(specs, Settings()) == []


def test_only_two_tests_need_a_derived_boolean() -> None:
    derived = sorted({(s.rule, s.variant, s.kwargs["column"]) for s in plan() if s.how == DERIVED})
    assert derived == [
        ("value_valid", "whole", "value_valid__whole__ok"),
        ("year_consistent", "differs", "year_consistent__differs__ok"),
    ]


def test_every_registered_check_but_is_whole_has_a_native_translation() -> None:
    registered = {getattr(checks, name) for name in checks.__all__}
    assert registered - set(TRANSLATIONS) == {checks.is_whole}


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        (
            "completed_le_accepted.exceeds",
            [
                (
                    "completed_le_accepted",
                    PAIR_GT,
                    "accepted",
                    "completed",
                    True,
                    (Where("noted", "!=", True),),
                )
            ],
        ),
        (
            "completed_le_accepted.carryover",
            [("completed_le_accepted", PAIR_GT, "accepted", "completed", True, ())],
        ),
        ("ytd_monotonic.decrease", [("ytd_monotonic", PAIR_GT, "value", "prev_value", True, ())]),
        (
            "published_monotonic.order",
            [("published_monotonic", PAIR_GT, "published", "prev_published", False, ())],
        ),
        (
            "dates_in_period.outside",
            [
                ("dates_in_period", PAIR_GT, "date", "period_start", True, (Where("latest", "not_null"),)),
                ("dates_in_period", PAIR_GT, "latest", "date", True, (Where("period_start", "not_null"),)),
            ],
        ),
    ],
)
def test_comparisons_become_column_pair_expectations(test: str, expected: list[tuple[object, ...]]) -> None:
    specs = [s for s in plan() if f"{s.rule}.{s.variant}" == test]
    assert [
        (s.table, s.expectation, s.kwargs["column_A"], s.kwargs["column_B"], s.kwargs["or_equal"], s.where)
        for s in specs
    ] == expected


def test_sequences_become_ranges_on_differences() -> None:
    specs = {f"{s.rule}.{s.variant}": s for s in plan() if s.rule == "serial_sequential"}
    gap, repeat = specs["serial_sequential.gap"], specs["serial_sequential.repeat"]
    # A jump after a 合刊 that prints no range is its own warning (``gap_from`` is unknown there).
    combined = specs["serial_sequential.open_combined"]
    assert (combined.expectation, dict(combined.kwargs)) == (
        "ExpectColumnValuesToNotBeInSet",
        {"column": "after_open", "value_set": [True]},
    )
    assert (gap.expectation, dict(gap.kwargs)) == (
        "ExpectColumnValuesToBeBetween",
        {"column": "serial_no_minus_gap_from", "min_value": 1, "max_value": 1},
    )
    assert (repeat.expectation, dict(repeat.kwargs)) == (
        "ExpectColumnValuesToNotBeInSet",
        {"column": "serial_no_minus_prev_serial_last", "value_set": [0]},
    )


def test_base_tables_carry_the_rules_that_read_them_directly() -> None:
    tables = {(s.rule, s.table) for s in plan() if s.table in ("issues", "facts", "panel")}
    assert tables == {("header_complete", "issues"), ("value_valid", "facts"), ("ytd_ge_week", "panel")}


def test_severity_comes_from_the_catalogue_then_the_settings() -> None:
    default = {(s.rule, s.variant): s.severity for s in plan()}
    assert default == {(r.id, t.variant): t.severity for r in RULES for t in r.tests}
    settings = Settings(severity={"as_of_matches_period": "error", "period_contiguous.gap": "info"})
    changed = {(s.rule, s.variant): s.severity for s in plan(settings)}
    assert changed[("as_of_matches_period", "differs")] == "error"
    assert changed[("period_contiguous", "gap")] == "info"
    assert changed[("period_contiguous", "overlap")] == "error"


def test_disabled_rules_have_no_expectations_and_are_not_reported_missing() -> None:
    settings = Settings(disabled=frozenset({"dates_in_period"}))
    specs = plan(settings)
    assert "dates_in_period" not in {s.rule for s in specs}
    assert not_expressed(specs, settings) == []


def test_a_test_without_translation_is_its_own_boolean_column(examples: Tables) -> None:
    odd = RuleTest("odd", "warning", lambda df: df["issue_no"] % 2 == 1, "", "")
    rule = Rule("odd_issue", "issue", "", "", lambda tables, settings: tables.issues, (odd,))
    [spec] = plan(rules=[rule])
    assert (spec.table, spec.expectation, dict(spec.kwargs), spec.how) == (
        "odd_issue",
        IN_SET,
        {"column": "odd_issue__odd__ok", "value_set": [True]},
        DERIVED,
    )
    frame = prepare(examples, [spec], Settings(), rules=[rule])["odd_issue"]
    assert list(frame["odd_issue__odd__ok"]) == list(examples.issues["issue_no"] % 2 == 1)


def test_every_column_an_expectation_reads_is_in_its_frame(examples: Tables) -> None:
    specs = plan()
    frames = prepare(examples, specs, Settings())
    assert {
        f"{s.rule}.{s.variant}": missing
        for s in specs
        if (missing := set(s.columns) - set(frames[s.table].columns))
    } == {}
    assert all("source" in frame.columns for frame in frames.values())
    # GX compares with numpy semantics: no pd.NA left in nullable integer columns.
    assert not any(str(dtype) == "Int64" for frame in frames.values() for dtype in frame.dtypes)


def test_panel_has_one_row_per_issue_and_a_column_per_figure(examples: Tables) -> None:
    frame = panel(examples)
    assert list(frame["source"]) == list(examples.issues["source"])
    facts = examples.facts
    first = facts[(facts["metric"] == "window.accepted") & (facts["scope"] == "week")].iloc[0]
    row = frame[frame["source"] == first["source"]].iloc[0]
    assert row["window.accepted.week"] == first["value"]
    assert len([c for c in frame.columns if c.endswith((".week", ".ytd"))]) == 24


def test_panel_of_no_facts_has_every_column() -> None:
    issues = pd.DataFrame(
        {
            c: []
            for c in (
                "source",
                "publisher",
                "title",
                "kind",
                "year",
                "year_inferred",
                "issue_no",
                "issue_no_end",
                "serial_no",
                "serial_no_end",
            )
        }
        | {c: pd.Series(dtype="datetime64[ns]") for c in ("published", "period_start", "period_end", "as_of")}
    )
    empty = Tables(issues, pd.DataFrame(columns=["source"]), *(pd.DataFrame() for _ in range(3)))
    assert "manual.share.ytd" in panel(empty).columns


def _unmet(severity: str, rule: str = "ytd_monotonic", sources: tuple[str, ...] = ("a.md",)) -> Unmet:
    return Unmet(rule, "v", severity, rule, "expect_x", ("c",), sources)


@pytest.mark.parametrize(
    ("severities", "fail_on", "code"),
    [
        ([], "error", ExitCode.CLEAN),
        (["warning"], "error", ExitCode.CLEAN),
        (["warning"], "warning", ExitCode.FINDINGS),
        (["error"], "never", ExitCode.CLEAN),
        (["info", "error"], "error", ExitCode.FINDINGS),
    ],
)
def test_exit_code_follows_fail_on(severities: list[str], fail_on: str, code: ExitCode) -> None:
    assert GxResult([_unmet(s) for s in severities]).exit_code(fail_on) == code


def test_unreadable_input_exits_2_whatever_failed() -> None:
    from audit.errors import UnreadableInput

    result = GxResult([], [UnreadableInput("x.doc", "legacy")])
    assert result.exit_code("never") == ExitCode.ERROR


def test_pairs_are_the_issues_failed_at_warning_or_above() -> None:
    result = GxResult([_unmet("error", "a", ("1.md", "2.md")), _unmet("info", "b", ("3.md",))])
    assert result.pairs() == {("1.md", "a"), ("2.md", "a")}
