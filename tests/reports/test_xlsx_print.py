"""The workbook as printed by a real client: LibreOffice converts it to PDF, and the PDF is read back.

Skipped where soffice is not installed (CI installs it, see .ci/run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from reports.xlsx import write_workbook
from reports.xlsx_marks import mark_evidence
from tests.reports.test_xlsx import GENERATED, finding, result

pdfplumber = pytest.importorskip("pdfplumber")
SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="soffice (LibreOffice) is not installed")

# Sentences printing the figure the ways reports do: plain, full-width, separators, Chinese numerals, 万.
FORMS = [
    ("其它九类行权事项受理9494件，办结{n}件，且未注明结转情况，需核实原始台账数据后再行发布。", "{n}"),
    ("据统计，今年以来省本级行政许可事项受理１２０００件，办结{n}件。", "{wide}"),
    ("公共服务事项受理 12,000 件、办结 {n} 件，综窗本周咨询 1,533 人次。", "{sep}"),
    ("本周完成一百零五个办理项的受理工作手册编制。", "一百零五"),
]


def _wide(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def _findings(count: int) -> list[dict[str, Any]]:
    found = []
    for index in range(count):
        n = 10000 + index
        template, shown = FORMS[index % len(FORMS)]
        figure = shown.format(n=n, wide=_wide(n), sep=f"{n:,}")
        evidence = template.format(n=figure)
        observed = "105" if "一百零五" in template else str(n)
        found.append(
            finding(
                f"{index:016x}",
                severity=("error", "warning", "info")[index % 3],
                observed=observed,
                evidence=evidence,
                line=index + 1,
                message=f"其它行权事项办结 {observed} 件，超过受理 9494 件，且未注明结转",
            )
        )
    return found


def _pdf(workbook: Path, folder: Path) -> Path:
    profile = folder / "lo-profile"
    done = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return folder / f"{workbook.stem}.pdf"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Any], list[dict[str, Any]]]:
    """The PDF pages of a workbook holding 40 findings, and those findings."""
    folder = tmp_path_factory.mktemp("print")
    findings = _findings(40)
    workbook = folder / "audit.xlsx"
    write_workbook(result(findings), workbook, generated=GENERATED)
    with pdfplumber.open(_pdf(workbook, folder)) as pdf:
        pages = [
            {
                "text": page.extract_text() or "",
                "chars": [(c["text"], round(c["size"], 1), c["top"], page.height) for c in page.chars],
            }
            for page in pdf.pages
        ]
    return pages, findings


def _findings_pages(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in pages if "问题清单" in p["text"].splitlines()[0]]


def test_findings_print_at_a_readable_size(printed: tuple[list[Any], list[dict[str, Any]]]) -> None:
    pages, _ = printed
    findings_pages = _findings_pages(pages)
    assert 2 <= len(findings_pages) <= 8, len(findings_pages)
    for page in findings_pages:
        # The body: everything but the page header and footer bands.
        body = [size for _, size, top, height in page["chars"] if 40 < top < height - 40]
        assert min(body) >= 8.0, Counter(body).most_common(5)


def test_every_page_has_header_footer_and_repeated_headings(
    printed: tuple[list[Any], list[dict[str, Any]]],
) -> None:
    pages, _ = printed
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        text = page["text"]
        assert "窗口工作周报统计审计" in text.splitlines()[0]
        assert "生成时间 2024-05-20 09:30" in text
        assert f"第{number}页 共{total}页" in text.replace(" ", " ")
    for page in _findings_pages(pages):
        assert re.search(r"严重程度\s*期次与出处\s*指标\s*问题说明\s*疑似录入错误\s*原文", page["text"])
        # Technical columns are not printed.
        assert "指纹" not in page["text"] and "0000000000000001" not in page["text"]


def test_the_marked_figure_of_each_finding_is_printed(
    printed: tuple[list[Any], list[dict[str, Any]]],
) -> None:
    pages, findings = printed
    text = re.sub(r"\s+", "", "".join(p["text"] for p in _findings_pages(pages)))
    for item in findings:
        marked = mark_evidence(item["evidence"], item["observed"])
        figure = re.search(r"【[^】]+】", marked)
        assert figure, marked
        assert re.sub(r"\s+", "", figure[0]) in text, figure[0]
    # Whole sentences are printed: the row heights leave no wrapped line cut off, so the last
    # line of each long sentence is there (the text of a page runs across the columns line by line).
    assert text.count("后再行发布。") == 10


def test_no_page_is_headings_only(printed: tuple[list[Any], list[dict[str, Any]]]) -> None:
    pages, _ = printed
    # Nothing is resolved yet: the Resolved sheet is there to fill, but not printed.
    assert not [p for p in pages if "已解决" in p["text"].splitlines()[0]]
    assert all(len(p["text"].splitlines()) > 3 for p in pages)


def test_a_clean_run_prints_no_page_of_headings_alone(tmp_path: Path) -> None:
    workbook = tmp_path / "clean.xlsx"
    write_workbook(result([]), workbook, generated=GENERATED)
    with pdfplumber.open(_pdf(workbook, tmp_path)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    findings = [t for t in texts if "问题清单" in t.splitlines()[0]]
    assert len(findings) == 1 and "未发现问题" in findings[0]
    assert not [t for t in texts if "已解决" in t.splitlines()[0]]
