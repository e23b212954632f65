"""One issue kept as several files: checked once, its versions compared, its findings' fingerprints kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from audit.generate.mastheads import render_form
from audit.generate.series import generate_series
from audit.generate.writers import write_docx, write_pdf, write_text
from audit.pipeline import check
from schemas.derive import version_pairs
from schemas.settings import Settings

SPECS = generate_series(6, start=date(2023, 10, 9), style="2023", seed=31)
# One issue missing: a real gap, so that there are findings to compare.
KEPT = [s for s in SPECS if s is not SPECS[3]]


def _findings(folder: Path, **options: object) -> list[tuple[object, ...]]:
    result = check([folder], **options)  # type: ignore[arg-type]
    assert result.errors == []
    f = result.findings
    return sorted(
        zip(
            f["rule"],
            f["variant"],
            f["serial_no"],
            f["metric"].fillna(""),
            f["observed"],
            f["fingerprint"],
            strict=True,
        )
    )


def _write(folder: Path, suffixes: tuple[str, ...], change: dict[str, tuple[str, str]] | None = None) -> Path:
    folder.mkdir()
    writers = {".docx": write_docx, ".pdf": write_pdf, ".md": write_text}
    for spec in KEPT:
        for suffix in suffixes:
            text = render_form(spec)
            old, new = (change or {}).get(f"{spec.serial_no}{suffix}", ("", ""))
            if old:
                assert text.count(old) == 1
                text = text.replace(old, new)
            writers[suffix](folder / f"{spec.serial_no}{suffix}", text)
    return folder


def test_an_archive_of_docx_and_pdf_gives_the_findings_of_the_docx_alone(tmp_path: Path) -> None:
    alone = _findings(_write(tmp_path / "alone", (".docx",)))
    both = _findings(_write(tmp_path / "both", (".docx", ".pdf")))
    # The gap is found once (not a repeated serial, a wrong number and an overlapping period per pair),
    # and with the fingerprint it has without the copies: a review of it stays attached.
    assert {row[0] for row in alone} >= {"serial_sequential", "issue_no_sequential"}
    assert both == alone


def test_versions_that_differ_are_reported_with_both_files_and_both_values(tmp_path: Path) -> None:
    spec = KEPT[2]
    accepted = spec.value("admin_license.accepted")
    assert accepted is not None
    folder = _write(
        tmp_path / "run",
        (".docx", ".pdf"),
        change={f"{spec.serial_no}.pdf": (str(int(accepted)), str(int(accepted) + 90))},
    )
    result = check([folder])
    found = result.findings[result.findings["rule"] == "versions_agree"]
    assert list(
        zip(
            found["source"].map(lambda s: Path(s).name),
            found["metric"],
            found["observed"],
            found["expected"],
            strict=True,
        )
    ) == [(f"{spec.serial_no}.pdf", "admin_license.accepted", str(int(accepted) + 90), str(int(accepted)))]
    assert found["other_source"].map(lambda s: Path(s).name).tolist() == [f"{spec.serial_no}.docx"]
    assert found["message_zh"].iloc[0] == (
        f"同一期的另一版本{spec.serial_no}.docx与本文件不一致：行政许可事项受理（今年以来）"
        f"本文件为{int(accepted) + 90}，{spec.serial_no}.docx为{int(accepted)}"
    )


def test_a_finding_only_one_version_has_is_kept_on_that_version(tmp_path: Path) -> None:
    spec = KEPT[1]
    accepted, completed = (spec.value(f"admin_license.{m}") for m in ("accepted", "completed"))
    assert accepted is not None and completed is not None
    folder = _write(
        tmp_path / "run",
        (".docx", ".md"),
        change={f"{spec.serial_no}.md": (str(int(completed)), str(int(accepted) + 5))},
    )
    found = check([folder]).findings
    rows = sorted(zip(found["rule"], found["source"].map(lambda s: Path(s).name), strict=True))
    # The .docx stands for the issue (format order); what only the Markdown file prints wrong is
    # still reported, on that file, beside the difference between the two.
    assert ("completed_le_accepted", f"{spec.serial_no}.md") in rows
    assert ("versions_agree", f"{spec.serial_no}.docx") in rows
    assert not any(name.endswith(".md") for rule, name in rows if rule != "completed_le_accepted")


@pytest.mark.parametrize(("order", "stands"), [(("pdf", "docx"), ".pdf"), (("docx", "pdf"), ".docx")])
def test_which_version_stands_for_the_issue_follows_the_settings(
    tmp_path: Path, order: tuple[str, ...], stands: str
) -> None:
    folder = _write(tmp_path / "run", (".docx", ".pdf"))
    found = check([folder], settings=Settings(versions=order)).findings
    assert len(found) >= 2
    assert {Path(s).suffix for s in found["source"]} == {stands}


def test_the_file_checked_stands_for_its_issue_over_its_history(tmp_path: Path) -> None:
    history = _write(tmp_path / "history", (".pdf",))
    draft = tmp_path / "draft.docx"
    write_docx(draft, render_form(KEPT[-1]))
    issues = pd.DataFrame(
        {
            "source": [str(history / f"{KEPT[-1].serial_no}.pdf"), str(draft)],
            "publisher": ["某中心"] * 2,
            "title": ["窗口工作周报"] * 2,
            "kind": ["regular"] * 2,
            "serial_no": pd.array([KEPT[-1].serial_no] * 2, dtype="Int64"),
            "format": ["pdf", "docx"],
        }
    )
    pairs = version_pairs(issues, Settings().versions, preferred={str(draft)})
    assert pairs.to_dict("records") == [{"source": str(draft), "other_source": issues["source"][0]}]
    result = check([draft], history=[history])
    assert set(result.findings["source"]) <= {str(draft)}
    assert result.targets == [str(draft)]


def test_an_issue_missing_part_of_its_masthead_is_no_version_of_anything() -> None:
    issues = pd.DataFrame(
        {
            "source": ["a.md", "b.md", "c.md"],
            "publisher": ["某中心"] * 3,
            "title": ["窗口工作周报"] * 3,
            "kind": ["regular"] * 3,
            "year": pd.array([2023, None, None], dtype="Int64"),
            "issue_no": pd.array([34, 35, 35], dtype="Int64"),
            "serial_no": pd.array([454, 455, 455], dtype="Int64"),
            "period_start": pd.to_datetime(["2023-08-21", None, None]),
            "period_end": pd.to_datetime(["2023-08-25", None, None]),
            "format": ["md", "md", "docx"],
        }
    )
    # Unknown parts are compared as unknown: b and c still print the same, a is alone.
    assert version_pairs(issues, Settings().versions).to_dict("records") == [
        {"source": "c.md", "other_source": "b.md"}
    ]


def test_versions_are_compared_when_the_series_are_checked_in_parts(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import schemas.derive

    monkeypatch.setattr(schemas.derive, "SERIES_PART", 1)
    spec = KEPT[2]
    accepted = spec.value("admin_license.accepted")
    folder = _write(
        tmp_path / "run",
        (".docx", ".md"),
        change={f"{spec.serial_no}.md": (str(int(accepted)), str(int(accepted) + 7))},
    )
    found = check([folder]).findings
    agree = found[found["rule"] == "versions_agree"]
    assert list(zip(agree["observed"], agree["expected"], strict=True)) == [
        (str(int(accepted)), str(int(accepted) + 7))
    ]
