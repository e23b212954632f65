"""合刊, 增刊 and compilations through the whole pipeline: no false numbering finding, real gaps found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from audit.cache import Cache
from audit.generate.mastheads import (
    MASTHEAD_FORMS,
    render_combined,
    render_compilation,
    render_form,
    render_supplement,
)
from audit.generate.series import generate_series
from audit.generate.special_corpus import build_special_run
from audit.generate.writers import write_docx, write_text
from audit.pipeline import check

SPECS = generate_series(9, start=date(2023, 10, 9), style="2022", seed=21)
SPECS_2023 = generate_series(9, start=date(2023, 11, 20), style="2023", seed=22)


def _name(source: str) -> str:
    return Path(source).name


def _findings(folder: Path) -> list[tuple[str, str, str, str]]:
    """Return the warnings and errors: (rule, file name, observed, expected).

    The generator's January issues note 含上年结转 beside a completed count above the accepted one:
    that is an info finding of completed_le_accepted by design, not a numbering matter.
    """
    result = check([folder])
    assert result.errors == []
    frame = result.findings[result.findings["severity"] != "info"]
    names = frame["source"].map(_name)
    return sorted(zip(frame["rule"], names, frame["observed"], frame["expected"], strict=True))


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        if name.endswith(".docx"):
            write_docx(folder / name, text)
        else:
            write_text(folder / name, text)
    return folder


@pytest.mark.parametrize("specs", [SPECS, SPECS_2023], ids=["2022", "2023-new-year"])
@pytest.mark.parametrize("combined_form", ["dash", "dun", "chinese"])
def test_combined_and_supplement_runs_raise_no_finding(tmp_path: Path, specs, combined_form: str) -> None:  # type: ignore[no-untyped-def]
    # The masthead forms in turn (seven regular issues: the first or the last form left to the other run).
    regular = [s for k, s in enumerate(specs) if k not in (3, 4)]
    forms = MASTHEAD_FORMS[1:] if specs is SPECS else MASTHEAD_FORMS[2:]
    texts = {f"{s.serial_no}.md": render_form(s, form) for s, form in zip(regular, forms, strict=False)}
    texts[f"{specs[3].serial_no}-{specs[4].serial_no}.docx"] = render_combined(
        specs[3], specs[4], combined_form
    )
    texts["supplement-1.md"] = render_supplement(specs[5], 1, "增刊{n}")
    texts["supplement-2.docx"] = render_supplement(specs[6], 2, "第{n}期增刊")
    texts["special.md"] = render_supplement(specs[7], 1, "特刊")
    folder = _write(tmp_path / "run", texts)
    result = check([folder])
    kinds = dict(zip(result.tables.issues["source"], result.tables.issues["kind"], strict=True))
    assert sorted(kinds.values()) == ["combined", *["regular"] * 7, *["supplement"] * 3]
    assert _findings(folder) == []


def test_a_real_gap_in_chinese_numerals_is_found(tmp_path: Path) -> None:
    specs = SPECS
    texts = {f"{s.serial_no}.md": render_form(s, "chinese") for s in specs if s is not specs[4]}
    texts.pop(f"{specs[2].serial_no}.md")
    texts[f"{specs[1].serial_no}.md"] = render_combined(specs[1], specs[2], "chinese")
    folder = _write(tmp_path / "gap", texts)
    s5 = specs[5]
    assert [(rule, source, observed, expected) for rule, source, observed, expected in _findings(folder)] == [
        ("issue_no_sequential", f"{s5.serial_no}.md", str(s5.issue_no), str(s5.issue_no - 1)),
        ("serial_sequential", f"{s5.serial_no}.md", str(s5.serial_no), str(s5.serial_no - 1)),
    ]


def test_a_gap_right_after_a_combined_issue_is_found(tmp_path: Path) -> None:
    specs = SPECS
    texts = {
        f"{s.serial_no}.md": render_form(s) for s in specs[:7] if s not in (specs[2], specs[3], specs[4])
    }
    texts["combined.md"] = render_combined(specs[2], specs[3])
    folder = _write(tmp_path / "gap", texts)
    found = check([folder]).findings
    serial = found[found["rule"] == "serial_sequential"]
    assert list(zip(serial["source"].map(_name), serial["observed"], serial["expected"], strict=True)) == [
        (f"{specs[5].serial_no}.md", str(specs[5].serial_no), str(specs[4].serial_no))
    ]
    # The message names the 合刊 by its range and the one issue missing after it.
    combined = (
        f"第{specs[2].issue_no}-{specs[3].issue_no}期（总第{specs[2].serial_no}-{specs[3].serial_no}期）"
    )
    assert serial["message_zh"].iloc[0] == (
        f"总期号不连续：{specs[2].year}年{combined}之后为总第{specs[5].serial_no}期，缺少总第{specs[4].serial_no}期"
    )


def test_a_compilation_is_audited_issue_by_issue(tmp_path: Path) -> None:
    specs = SPECS
    quarter = render_compilation([render_form(s, "chinese") for s in specs[:3]])
    folder = _write(
        tmp_path / "q", {"2023-q4.docx": quarter, f"{specs[3].serial_no}.md": render_form(specs[3])}
    )
    cache = Cache(tmp_path / "cache")
    first = check([folder], cache=cache)
    issues = first.tables.issues
    assert list(zip(issues["source"].map(_name), issues["serial_no"], strict=True)) == [
        ("2023-q4.docx#1", specs[0].serial_no),
        ("2023-q4.docx#2", specs[1].serial_no),
        ("2023-q4.docx#3", specs[2].serial_no),
        (f"{specs[3].serial_no}.md", specs[3].serial_no),
    ]
    facts = first.tables.facts
    assert facts.groupby("source").size().to_dict() == {
        source: len(spec.facts) for source, spec in zip(issues["source"], specs[:4], strict=True)
    }
    # The issues of the compilation cite lines of the file, each after the issue before it.
    lines = facts.groupby("source")["line"].agg(["min", "max"]).iloc[:3]
    assert (lines["min"].iloc[1:].to_numpy() > lines["max"].iloc[:-1].to_numpy()).all()
    assert first.findings.empty
    again = check([folder], cache=cache)
    assert again.to_dict() == first.to_dict()


def test_a_gap_inside_a_compilation_is_found(tmp_path: Path) -> None:
    quarter = render_compilation([render_form(s, "chinese") for s in SPECS[:5] if s is not SPECS[2]])
    folder = _write(tmp_path / "q", {"q.md": quarter})
    assert [(rule, name) for rule, name, _, _ in _findings(folder)] == [
        ("issue_no_sequential", "q.md#3"),
        ("serial_sequential", "q.md#3"),
    ]


@pytest.mark.parametrize(
    ("lang", "kinds"), [("zh", ["常规", "合刊", "增刊"]), ("en", ["regular", "combined", "supplement"])]
)
def test_workbook_shows_the_kind_and_range(tmp_path: Path, lang: str, kinds: list[str]) -> None:
    import openpyxl

    from reports.xlsx import write_workbook

    texts = {
        "a.md": render_form(SPECS[0], "no_year"),
        "b.md": render_combined(SPECS[1], SPECS[2]),
        "c.md": render_supplement(SPECS[2]),
    }
    result = check([_write(tmp_path / "run", texts)])
    write_workbook(result.to_dict(), tmp_path / "audit.xlsx", lang)
    sheet = openpyxl.load_workbook(tmp_path / "audit.xlsx").worksheets
    issues = next(s for s in sheet if s.title in ("期次", "Issues"))
    rows = list(issues.iter_rows(values_only=True))
    header = list(rows[0])
    kind, serial_end, inferred = (header.index(name) for name in _kind_columns(lang))
    by_kind = {row[kind]: row for row in rows[1:]}
    assert sorted(by_kind) == sorted(kinds)
    assert by_kind[kinds[1]][serial_end] == SPECS[2].serial_no
    assert by_kind[kinds[0]][inferred] == ("是" if lang == "zh" else "yes")


def _kind_columns(lang: str) -> tuple[str, str, str]:
    if lang == "zh":
        return ("类型", "总期号止（合刊）", "年份系推断")
    return ("Kind", "Serial to (combined)", "Year inferred")


@pytest.mark.parametrize(
    ("seed", "style", "start"),
    [(0, "2022", date(2023, 9, 4)), (1, "2022", date(2022, 3, 7)), (2, "2023", date(2023, 11, 20))],
)
def test_special_run_gives_each_issue_and_no_finding(
    tmp_path: Path, seed: int, style: str, start: date
) -> None:
    expected = build_special_run(tmp_path / "run", seed=seed, style=style, start=start)
    result = check([tmp_path / "run"])
    issues = result.tables.issues.assign(source=result.tables.issues["source"].map(_name))
    columns = list(expected[0])
    found = issues[columns].astype(object).where(issues[columns].notna(), None).to_dict("records")
    for row in found:
        for key in ("published", "period_start", "period_end"):
            row[key] = row[key].date() if row[key] is not None else None
    assert sorted(found, key=lambda r: r["source"]) == sorted(expected, key=lambda r: r["source"])
    assert [f for f in _findings(tmp_path / "run")] == []


def test_special_run_command(tmp_path: Path) -> None:
    from audit.generate.__main__ import main

    assert main(["mastheads", str(tmp_path / "m"), "--issues", "12"]) == 0
    # 12 issues: a 合刊 of two, three bound into one compilation, a 增刊 and a 特刊 beside them.
    assert len(list((tmp_path / "m").iterdir())) == 12 - 1 - 3 + 1 + 2


@pytest.mark.parametrize("form", ["word-title", "word-number"])
def test_a_combined_issue_said_only_in_words_is_a_warning_to_confirm_never_a_gap_error(
    tmp_path: Path, form: str
) -> None:
    specs = SPECS
    texts = {f"{s.serial_no}.md": render_form(s) for s in specs[:7] if s not in (specs[2], specs[3])}
    texts["combined.md"] = render_combined(specs[2], specs[3], form)
    folder = _write(tmp_path / "run", texts)
    result = check([folder])
    issues = result.tables.issues.set_index(result.tables.issues["source"].map(_name))
    assert (issues.loc["combined.md", "kind"], issues.loc["combined.md", "serial_no"]) == (
        "combined",
        specs[2].serial_no,
    )
    assert pd.isna(issues.loc["combined.md", "serial_no_end"])
    # Whether 总第N期 went into the 合刊 cannot be told: one warning on the issue after it, no error.
    after = f"{specs[4].serial_no}.md"
    assert _findings(folder) == [
        ("serial_sequential", after, str(specs[4].serial_no), str(specs[3].serial_no))
    ]
    found = result.findings[result.findings["rule"] == "serial_sequential"]
    assert list(found["severity"]) == ["warning"]
    assert f"无法确认总第{specs[3].serial_no}期是否并入该合刊" in found["message_zh"].iloc[0]


def test_a_combined_issue_said_only_in_words_does_not_hide_a_repeat(tmp_path: Path) -> None:
    specs = SPECS
    texts = {f"{s.serial_no}.md": render_form(s) for s in specs[:4] if s is not specs[2]}
    texts["combined.md"] = render_combined(specs[1], specs[2], "word-title")
    texts.pop(f"{specs[1].serial_no}.md")
    # The issue after the 合刊 prints the 合刊's own serial number again.
    texts[f"{specs[3].serial_no}.md"] = render_form(specs[3]).replace(
        f"总第{specs[3].serial_no}期", f"总第{specs[1].serial_no}期"
    )
    folder = _write(tmp_path / "run", texts)
    found = check([folder]).findings
    serial = found[found["rule"] == "serial_sequential"]
    assert list(zip(serial["source"].map(_name), serial["severity"], strict=True)) == [
        (f"{specs[3].serial_no}.md", "error")
    ]
    assert serial["message_zh"].iloc[0].endswith("重复")
