"""GX flags the same (issue, rule) pairs as the native engine: on the examples and on defect series.

GX validations are slow, so each input is validated once per module and the tests share it.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from audit.extract import extract_document
from audit.findings import evaluate
from audit.generate import DEFECT_KINDS, IssueSpec, generate_series, render, strip_markdown
from audit.generate.corpus import inject_spread
from audit.gx.run import GxResult, run, validate
from audit.ingest.document import Document, OcrLine
from audit.pipeline import check
from audit.result import AuditResult
from audit.tables import build_tables
from schemas.rules import RULES
from schemas.settings import Settings
from tests.conftest import ROOT, document, other_copies

EXAMPLES = ROOT / "examples"
Pairs = set[tuple[str, str]]


def native_pairs(findings: pd.DataFrame) -> Pairs:
    serious = findings[findings["severity"].isin(["error", "warning"])]
    return set(zip(serious["source"], serious["rule"], strict=True))


def _documents(tag: str, series: list[IssueSpec]) -> list[Document]:
    return [document(render(spec), f"{tag}/{spec.serial_no}-{i}.md") for i, spec in enumerate(series)]


def _scanned(series: list[IssueSpec], confidence: float) -> list[Document]:
    """The issues as OCR would hand them over, every character read with ``confidence``."""
    documents = []
    for spec in series:
        lines = tuple(strip_markdown(render(spec)).split("\n"))
        marks = tuple(OcrLine(confidence=(confidence,) * len(line)) for line in lines)
        documents.append(Document(f"scan/{spec.serial_no}-{confidence}.pdf", lines, "scan", ocr=marks))
    return documents


@pytest.fixture(scope="module")
def series_pairs() -> tuple[Pairs, Pairs]:
    """Two long series (one spanning New Year), every defect kind injected once in each, spread out."""
    first = generate_series(40, seed=11, start=date(2024, 11, 25), style="2023")
    second = generate_series(
        30, seed=5, start=date(2023, 12, 4), style="mixed", publisher="贵州省政务服务中心", start_serial=700
    )
    first = inject_spread(first, DEFECT_KINDS, random.Random("gx-first"))
    second = inject_spread(second, DEFECT_KINDS[::-1], random.Random("gx-second"))
    scans = generate_series(
        2, seed=3, start=date(2024, 3, 4), publisher="云南省政务服务中心", start_serial=100
    )
    documents = _documents("first", first) + _documents("second", second)
    # One issue kept twice, the copy printing another 印数: one versions_agree, nothing else.
    documents.append(document(other_copies(render(first[6])), f"zcopy/{first[6].serial_no}.md"))
    documents += _scanned(scans[:1], 0.99) + _scanned(scans[1:], 0.5)
    tables = build_tables(extract_document(d) for d in documents)
    unmet, _ = validate(tables)
    return native_pairs(evaluate(tables, Settings())), GxResult(unmet).pairs()


@pytest.fixture(scope="module")
def examples_runs() -> tuple[AuditResult, GxResult]:
    return check([EXAMPLES]), run([EXAMPLES])


def test_series_cover_every_rule(series_pairs: tuple[Pairs, Pairs]) -> None:
    native, _ = series_pairs
    assert {rule for _, rule in native} == {rule.id for rule in RULES}


def test_gx_flags_what_the_native_engine_flags_on_defect_series(series_pairs: tuple[Pairs, Pairs]) -> None:
    native, gx = series_pairs
    assert sorted(gx) == sorted(native)


def test_gx_flags_what_the_native_engine_flags_on_the_examples(
    examples_runs: tuple[AuditResult, GxResult],
) -> None:
    native, gx = examples_runs
    assert gx.pairs() == native_pairs(native.findings)
    assert [(u.severity, u.rule, u.variant, [Path(s).name for s in u.sources]) for u in gx.unmet] == [
        ("error", "completed_le_accepted", "exceeds", ["2024-第49期-总第494期.md"]),
        ("warning", "enumeration_count", "count", ["2024-第51期-总第496期.docx"]),
        ("warning", "ytd_reconciles", "sum", ["2025-第2期-总第499期.txt"]),
        (
            "info",
            "completed_le_accepted",
            "carryover",
            [
                "2024-第49期-总第494期.md",
                "2025-第1期-总第498期.md",
                "2025-第2期-总第499期.txt",
                "2025-第3期-总第500期.docx",
                "2025-第4期-总第501期.pdf",
            ],
        ),
    ]


def test_examples_result_counts(examples_runs: tuple[AuditResult, GxResult]) -> None:
    _, gx = examples_runs
    assert (len(gx.targets), gx.expectations, gx.errors, int(gx.exit_code())) == (12, 57, [], 1)


def test_history_is_context_and_only_paths_are_reported() -> None:
    draft = EXAMPLES / "2025-第2期-总第499期.txt"
    native = check([draft], history=[EXAMPLES])
    gx = run([draft], history=[EXAMPLES])
    assert gx.targets == [str(draft)]
    assert gx.pairs() == native_pairs(native.findings) == {(str(draft), "ytd_reconciles")}
