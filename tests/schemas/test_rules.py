"""Each rule over tiny hand-made tables: findings asserted as compact tuples."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest

from audit.findings import evaluate
from audit.tables import Tables
from schemas import DatesSchema, EnumerationsSchema, FactsSchema, HeadingsSchema, IssuesSchema
from schemas.calendar import Calendar
from schemas.rules import RULES
from schemas.settings import Settings

MONDAY = date(2024, 3, 4)


def issue(n: int, **changes: Any) -> dict[str, Any]:
    """Return issue ``n`` of a clean weekly series (Mon–Fri periods, published the next Wednesday)."""
    start = MONDAY + timedelta(weeks=n)
    row = {
        "source": f"{n:02d}.md",
        "publisher": "某省政务服务中心",
        "title": "窗口工作周报",
        "kind": "regular",
        "year": 2024,
        "year_inferred": False,
        "issue_no": 10 + n,
        "issue_no_end": None,
        "serial_no": 500 + n,
        "serial_no_end": None,
        "published": start + timedelta(days=9),
        "period_start": start,
        "period_end": start + timedelta(days=4),
        "as_of": start + timedelta(days=4),
        "copies": 60,
        "masthead": f"2024年第{10 + n}期",
        "header_line": 2,
        "published_line": 4,
        "period_line": 5,
        "as_of_line": 7,
        "format": "md",
    }
    row.update(changes)
    return row


def fact(n: int, metric: str, scope: str, value: float, **changes: Any) -> dict[str, Any]:
    row = {
        "source": f"{n:02d}.md",
        "metric": metric,
        "scope": scope,
        "value": value,
        "unit": "%" if metric == "manual.share" else "个" if metric.startswith("manual") else "件",
        "line": 7,
        "evidence": "据统计……",
        "raw": str(value),
        "clause": "",
        "carryover": False,
        "category_count": None,
        "ocr": False,
        "confidence": None,
        "ocr_split": False,
    }
    row.update(changes)
    return row


def series(n: int = 3) -> list[dict[str, Any]]:
    """Return clean facts for issues 0..n-1: weekly 10 accepted, 8 completed, ytd cumulative."""
    rows = []
    for i in range(n):
        rows += [
            fact(i, "admin_license.accepted", "ytd", 1000 + 10 * i),
            fact(i, "admin_license.completed", "ytd", 900 + 8 * i),
            fact(i, "window.accepted", "week", 10),
            fact(i, "window.accepted", "ytd", 100 + 10 * i),
            fact(i, "manual.items", "ytd", 500 + 5 * i),
            fact(
                i,
                "manual.share",
                "ytd",
                round((500 + 5 * i) / 1000 * 100, 2),
                raw=f"{(500 + 5 * i) / 10:.2f}",
            ),
        ]
    return rows


def frame(rows: list[dict[str, Any]], schema: type) -> pd.DataFrame:
    return schema.validate(pd.DataFrame(rows, columns=list(schema.to_schema().columns)))


def tables(
    issues: list[dict[str, Any]], facts: list[dict[str, Any]], **extra: list[dict[str, Any]]
) -> Tables:
    return Tables(
        issues=frame(issues, IssuesSchema),
        facts=frame(facts, FactsSchema),
        headings=frame(extra.get("headings", []), HeadingsSchema),
        dates=frame(extra.get("dates", []), DatesSchema),
        enumerations=frame(extra.get("enumerations", []), EnumerationsSchema),
    )


def found(t: Tables, settings: Settings | None = None) -> list[tuple[str, str, str | None, str]]:
    findings = evaluate(t, settings or Settings())
    return [
        (f.rule, f.severity, None if pd.isna(f.metric) else f.metric, f.source) for f in findings.itertuples()
    ]


def test_clean_series_has_no_findings() -> None:
    assert found(tables([issue(i) for i in range(3)], series())) == []


def with_issue(index: int, **changes: Any) -> list[dict[str, Any]]:
    return [issue(i, **(changes if i == index else {})) for i in range(3)]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"copies": None, "published": None}, [("header_complete", "error", None, "01.md")]),
        (
            {"period_start": MONDAY + timedelta(weeks=1, days=5)},
            [("period_valid", "error", None, "01.md"), ("period_contiguous", "warning", None, "01.md")],
        ),
        (
            {"published": MONDAY + timedelta(weeks=1, days=2)},
            [
                ("published_after_period", "error", None, "01.md"),
                ("published_monotonic", "error", None, "01.md"),
            ],
        ),
        ({"as_of": MONDAY}, [("as_of_matches_period", "warning", None, "01.md")]),
        (
            {"as_of": MONDAY + timedelta(weeks=1, days=3)},
            [("as_of_matches_period", "warning", None, "01.md")],
        ),
        ({"year": 2023}, [("year_consistent", "error", None, "01.md")]),
    ],
    ids=["header", "period-order", "published-early", "as-of-early", "as-of", "year"],
)
def test_issue_rules(changes: dict[str, Any], expected: list[tuple[str, str, str | None, str]]) -> None:
    assert found(tables(with_issue(1, **changes), series())) == expected


def test_late_publication_is_a_warning() -> None:
    issues = with_issue(2, published=MONDAY + timedelta(weeks=2, days=40))
    assert found(tables(issues, series())) == [("published_after_period", "warning", None, "02.md")]


def test_period_longer_than_three_weeks_is_a_warning() -> None:
    issues = with_issue(
        2, period_end=MONDAY + timedelta(weeks=2, days=25), as_of=MONDAY + timedelta(weeks=2, days=25)
    )
    issues[2]["published"] = MONDAY + timedelta(weeks=2, days=27)
    assert found(tables(issues, series())) == [("period_valid", "warning", None, "02.md")]


def test_new_year_issue_may_carry_the_publication_year() -> None:
    row = issue(
        0,
        year=2025,
        period_start=date(2024, 12, 23),
        period_end=date(2024, 12, 27),
        published=date(2025, 1, 3),
    )
    row["as_of"] = row["period_end"]
    assert found(tables([row], [])) == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([fact(0, "manual.share", "ytd", 120.5)], [("value_valid", "error", "manual.share", "00.md")]),
        ([fact(0, "window.accepted", "week", -3)], [("value_valid", "error", "window.accepted", "00.md")]),
        ([fact(0, "window.accepted", "week", 2.5)], [("value_valid", "error", "window.accepted", "00.md")]),
        (
            [fact(0, "window.accepted", "week", 30), fact(0, "window.accepted", "ytd", 20)],
            [("ytd_ge_week", "error", "window.accepted", "00.md")],
        ),
        (
            [fact(0, "other_powers.accepted", "ytd", 10), fact(0, "other_powers.completed", "ytd", 12)],
            [("completed_le_accepted", "error", "other_powers.completed", "00.md")],
        ),
        (
            [
                fact(0, "other_powers.accepted", "ytd", 10),
                fact(
                    0,
                    "other_powers.completed",
                    "ytd",
                    12,
                    clause="其它6类行权事项受理10件，办结12件（含上年结转）",
                ),
            ],
            [("completed_le_accepted", "info", "other_powers.completed", "00.md")],
        ),
        ([fact(0, "window.accepted", "week", 774, ocr=True, confidence=0.99)], []),
        (
            [fact(0, "window.accepted", "week", 774, ocr=True, confidence=0.61)],
            [("ocr_uncertain", "warning", "window.accepted", "00.md")],
        ),
        (
            [fact(0, "window.accepted", "week", 774, ocr=True, confidence=1.0, ocr_split=True)],
            [("ocr_uncertain", "warning", "window.accepted", "00.md")],
        ),
        # Not read by OCR: the confidence columns say nothing.
        ([fact(0, "window.accepted", "week", 774, confidence=0.1)], []),
    ],
    ids=[
        "share-over-100",
        "negative",
        "fraction",
        "ytd-below-week",
        "completed-over",
        "carryover-info",
        "ocr-sure",
        "ocr-low",
        "ocr-split",
        "not-ocr",
    ],
)
def test_fact_rules(rows: list[dict[str, Any]], expected: list[tuple[str, str, str | None, str]]) -> None:
    assert found(tables([issue(0)], rows)) == expected


def test_carryover_words_are_configurable() -> None:
    rows = [
        fact(0, "other_powers.accepted", "ytd", 10),
        fact(0, "other_powers.completed", "ytd", 12, clause="办结12件（含历史积存）"),
    ]
    t = tables([issue(0)], rows)
    assert [r[1] for r in found(t)] == ["error"]
    assert [r[1] for r in found(t, Settings(carryover_words=("积存",)))] == ["info"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            # 总第501 misprinted as 502: a gap before it and a repeat after it, in both numberings.
            {"serial_no": 502, "issue_no": 12},
            [
                ("serial_sequential", "01.md"),
                ("issue_no_sequential", "01.md"),
                ("serial_sequential", "02.md"),
                ("issue_no_sequential", "02.md"),
            ],
        ),
        (
            {"serial_no": 502},
            [
                ("serial_sequential", "01.md"),
                ("numbering_consistent", "01.md"),
                ("serial_sequential", "02.md"),
                ("numbering_consistent", "02.md"),
            ],
        ),
        (
            {"issue_no": 10},
            [
                ("issue_no_sequential", "01.md"),
                ("numbering_consistent", "01.md"),
                ("issue_no_sequential", "02.md"),
                ("numbering_consistent", "02.md"),
            ],
        ),
    ],
    ids=["misnumbered", "serial-misprinted", "issue-no-repeated"],
)
def test_numbering_rules(changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert [(r[0], r[3]) for r in found(tables(with_issue(1, **changes), series()))] == expected


def test_publication_dates_increase() -> None:
    issues = with_issue(1, published=MONDAY + timedelta(weeks=1, days=25))
    assert found(tables(issues, series())) == [("published_monotonic", "error", None, "02.md")]


def test_issue_without_serial_is_reported_and_left_out_of_the_series() -> None:
    assert [(r[0], r[3]) for r in found(tables(with_issue(1, serial_no=None), series()))] == [
        ("serial_sequential", "02.md"),
        ("issue_no_sequential", "02.md"),
        ("header_complete", "01.md"),
    ]


def test_serial_gap_names_every_missing_number() -> None:
    issues = [issue(0), issue(4, issue_no=11, serial_no=504)]
    findings = evaluate(tables(issues, []), Settings())
    gap = findings[findings["rule"] == "serial_sequential"].iloc[0]
    assert (gap["source"], gap["observed"], gap["other"]) == ("04.md", "504", "2024年第10期（总第500期）")
    assert "501、502、503" in gap["message_zh"]


@pytest.mark.parametrize(
    ("serial", "zh", "en"),
    [
        (502, "缺少总第501期", "missing 501"),
        (504, "缺少总第501、502、503期", "missing 501, 502, 503"),
        (565, "缺少总第501—564期（共64期）", "missing 501–564 (64 issues)"),
    ],
)
def test_serial_gap_messages_read_right_in_both_languages(serial: int, zh: str, en: str) -> None:
    issues = [issue(0), issue(4, issue_no=11, serial_no=serial)]
    findings = evaluate(tables(issues, []), Settings())
    gap = findings[findings["rule"] == "serial_sequential"].iloc[0]
    assert gap["message_zh"].endswith(zh) and gap["message_en"].endswith(en)
    assert "期期" not in gap["message_zh"] and "期）期" not in gap["message_zh"]
    # The issue is named as printed (2024年第10期); the gap itself is said in English.
    assert not re.search(r"[\u4e00-\u9fff]", gap["message_en"].rpartition("missing")[2])


def test_period_overlap_and_uncovered_working_days() -> None:
    overlap = with_issue(1, period_start=MONDAY + timedelta(weeks=1, days=-3))
    assert found(tables(overlap, series()))[0][:2] == ("period_contiguous", "error")
    gap = with_issue(1, period_start=MONDAY + timedelta(weeks=1, days=1))
    findings = evaluate(tables(gap, series()), Settings())
    row = findings[findings["rule"] == "period_contiguous"].iloc[0]
    assert (row["severity"], row["source"]) == ("warning", "01.md")
    assert "2024-03-11" in row["message_zh"]


def test_holidays_are_not_uncovered_working_days() -> None:
    # 2024-10-01..07 is the National Day holiday: a week off between two periods is fine.
    before = issue(
        0, period_start=date(2024, 9, 23), period_end=date(2024, 9, 30), published=date(2024, 10, 9)
    )
    after = issue(
        1, period_start=date(2024, 10, 8), period_end=date(2024, 10, 11), published=date(2024, 10, 16)
    )
    for row in (before, after):
        row["as_of"] = row["period_end"]
    assert found(tables([before, after], [])) == []


def test_ytd_rules() -> None:
    rows = series()
    rows[3]["value"] = 100  # issue 0 window.accepted ytd
    rows[9]["value"] = 90  # issue 1 window.accepted ytd below issue 0's 100
    assert [(r[0], r[1], r[2], r[3]) for r in found(tables([issue(i) for i in range(3)], rows))] == [
        ("ytd_monotonic", "error", "window.accepted", "01.md"),
        ("ytd_reconciles", "warning", "window.accepted", "01.md"),
        ("ytd_reconciles", "warning", "window.accepted", "02.md"),
    ]


def test_share_implies_a_stable_total() -> None:
    rows = series()
    rows[-1].update(value=52.0, raw="52.00")  # 510 / 52% = 981, not 1000
    assert found(tables([issue(i) for i in range(3)], rows)) == [
        ("share_consistent", "warning", "manual.share", "02.md")
    ]


def test_share_finding_names_the_issue_it_is_compared_with() -> None:
    # The pairs of this rule are a filtered frame: its display columns must stay on their rows.
    rows = series(4)
    rows[-7].update(value=52.0, raw="52.00")  # issue 2's share: the total falls, then recovers
    findings = evaluate(tables([issue(i) for i in range(4)], rows), Settings())
    share = findings[findings["rule"] == "share_consistent"]
    shown = share[["rule", "source", "other_source", "observed", "expected"]].values.tolist()
    assert shown == [
        ["share_consistent", "02.md", "01.md", "980.8", "1000"],
        ["share_consistent", "03.md", "02.md", "1000", "980.8"],
    ]


def test_year_reset() -> None:
    december = issue(
        0,
        year=2024,
        issue_no=52,
        serial_no=600,
        period_start=date(2024, 12, 23),
        period_end=date(2024, 12, 27),
    )
    december.update(as_of=date(2024, 12, 27), published=date(2025, 1, 3))
    january = issue(
        1, year=2025, issue_no=1, serial_no=601, period_start=date(2024, 12, 30), period_end=date(2025, 1, 3)
    )
    january.update(as_of=date(2025, 1, 3), published=date(2025, 1, 8))
    rows = [fact(0, "window.accepted", "ytd", 5000), fact(1, "window.accepted", "ytd", 5100)]
    assert found(tables([december, january], rows)) == [
        ("ytd_year_reset", "warning", "window.accepted", "01.md")
    ]
    rows[1]["value"] = 40
    assert found(tables([december, january], rows)) == []


def test_text_rules() -> None:
    headings = [
        {
            "source": "00.md",
            "position": i,
            "line": 10 + i,
            "style": "cn",
            "number": n,
            "text": "x",
            "parent": -1,
        }
        for i, n in enumerate([1, 2, 4])
    ]
    dates = [
        {
            "source": "00.md",
            "line": 20,
            "date": MONDAY - timedelta(days=30),
            "kind": "event",
            "evidence": "e",
        },
        {
            "source": "00.md",
            "line": 21,
            "date": MONDAY - timedelta(days=30),
            "kind": "effective",
            "evidence": "e",
        },
    ]
    enumerations = [
        {
            "source": "00.md",
            "line": 30,
            "stated": 2,
            "listed": 3,
            "has_deng": True,
            "evidence": "甲、乙、丙等2个",
        },
        {
            "source": "00.md",
            "line": 31,
            "stated": 4,
            "listed": 3,
            "has_deng": False,
            "evidence": "甲、乙、丙四个",
        },
        {
            "source": "00.md",
            "line": 32,
            "stated": 5,
            "listed": 3,
            "has_deng": True,
            "evidence": "甲、乙、丙等5个",
        },
    ]
    t = tables([issue(0)], [], headings=headings, dates=dates, enumerations=enumerations)
    findings = evaluate(t, Settings())
    assert [(f.rule, f.line, f.observed, f.expected) for f in findings.itertuples()] == [
        ("enumeration_count", 30, "2", "3"),
        ("enumeration_count", 31, "4", "3"),
        ("heading_sequence", 12, "四、", "三、"),
        ("dates_in_period", 20, "2024-02-03", "2024-03-04—2024-03-13"),
    ]


def test_disabled_rules_and_severity_overrides() -> None:
    t = tables(with_issue(1, as_of=MONDAY), series())
    assert found(t, Settings(disabled=frozenset({"as_of_matches_period"}))) == []
    assert found(t, Settings(severity={"as_of_matches_period": "error"}))[0][:2] == (
        "as_of_matches_period",
        "error",
    )


def test_fingerprints_survive_unrelated_edits() -> None:
    t = tables(with_issue(1, year=2023), series())
    before = evaluate(t, Settings())["fingerprint"].tolist()
    moved = tables(with_issue(1, year=2023, header_line=9, masthead="changed"), series())
    assert evaluate(moved, Settings())["fingerprint"].tolist() == before


def test_every_rule_is_documented_and_has_zh_en_messages() -> None:
    readme = (__import__("pathlib").Path(__file__).resolve().parents[2] / "README.md").read_text(
        encoding="utf-8"
    )
    for rule in RULES:
        assert f"`{rule.id}`" in readme
        assert rule.title_zh and rule.title_en
        for test in rule.tests:
            assert test.zh and test.en and test.severity in ("error", "warning", "info")


def test_settings_replace_keeps_defaults() -> None:
    assert replace(Settings(), max_period_days=7).carryover_words == Settings().carryover_words


def _weeks(first: date, n: int, **changes: Any) -> list[dict[str, Any]]:
    """Return ``n`` weekly issues whose Mon–Fri periods start on Monday ``first``."""
    rows = []
    for i in range(n):
        start = first + timedelta(weeks=i)
        end = start + timedelta(days=4)
        rows.append(
            issue(i, year=start.year, period_start=start, period_end=end, as_of=end, **changes)
            | {"published": end + timedelta(days=3)}
        )
    return rows


def test_a_make_up_working_day_between_periods_is_uncovered() -> None:
    # Saturday 2024-10-12 was a working day (调休) after the National Day holiday.
    rows = _weeks(date(2024, 9, 30), 3)
    findings = evaluate(tables(rows, []), Settings())
    assert [(f.rule, f.source, f.observed) for f in findings.itertuples()] == [
        ("period_contiguous", "02.md", "2024-10-14—2024-10-18")
    ]
    assert (
        findings.iloc[0]["message_en"].startswith("1 working days")
        and "2024-10-12" in findings.iloc[0]["message_en"]
    )


def test_a_year_the_calendar_does_not_know_is_said_once_and_not_counted() -> None:
    assert not Calendar().covers(2099)
    # Periods of Tuesday to Saturday leave a Monday between them: a working day in a known year.
    rows = _weeks(date(2099, 3, 3), 4)
    findings = evaluate(tables(rows, []), Settings())
    assert [(f.rule, f.severity, f.source) for f in findings.itertuples()] == [
        ("period_contiguous", "info", "01.md")
    ]
    assert (
        "2099" in findings.iloc[0]["message_zh"] and "[tool.audit.calendar]" in findings.iloc[0]["message_en"]
    )


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (Calendar(years=frozenset({2099})), ["01.md", "02.md", "03.md"]),
        (Calendar(years=frozenset({2099}), holidays=frozenset({date(2099, 3, 9)})), ["02.md", "03.md"]),
        (Calendar(years=frozenset({2099}), holidays=frozenset({date(2099, 3, d) for d in (9, 16, 23)})), []),
    ],
)
def test_a_users_schedule_makes_a_year_known(calendar: Calendar, expected: list[str]) -> None:
    findings = evaluate(tables(_weeks(date(2099, 3, 3), 4), []), Settings(calendar=calendar))
    assert [(f.rule, f.severity) for f in findings.itertuples()] == [("period_contiguous", "warning")] * len(
        expected
    )
    assert list(findings["source"]) == expected


def test_ocr_confidence_floor_is_configurable() -> None:
    rows = [fact(0, "window.accepted", "week", 774, ocr=True, confidence=0.8)]
    assert found(tables([issue(0)], rows)) == [("ocr_uncertain", "warning", "window.accepted", "00.md")]
    assert found(tables([issue(0)], rows), Settings(ocr_min_confidence=0.75)) == []
