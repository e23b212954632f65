"""Findings in a paged document cite their page next to the line in every text output."""

from __future__ import annotations

from typing import Any

import pytest

from reports.github import render as render_github
from reports.junit import render as render_junit
from reports.text import render as render_text


def _data(page: int | None) -> dict[str, Any]:
    finding = {
        "rule": "table_total",
        "title": "表格合计等于各行之和",
        "severity": "warning",
        "source": "周报.pdf",
        "metric": None,
        "scope": None,
        "observed": "7",
        "expected": "6",
        "message": "表格合计（受理）为 7，而上方 2 行之和为 6",
        "line": 12,
        "page": page,
        "evidence": "合计 | 7",
        "fingerprint": "0" * 16,
        "waived": False,
    }
    summary = {"issues": 1, "facts": 0, "errors": 0, "warnings": 1, "infos": 0, "waived": 0, "unreadable": 0}
    return {"issues": [{"source": "周报.pdf"}], "findings": [finding], "unreadable": [], "summary": summary}


@pytest.mark.parametrize(
    ("render", "cited"),
    [
        (lambda d: render_text(d, "zh"), "第2页 行 12"),
        (lambda d: render_text(d, "en"), "p. 2 line 12"),
        (render_github, "line=12,title=table_total (表格合计等于各行之和)::第2页："),
        (render_junit, "第2页 line 12:"),
    ],
    ids=["text-zh", "text-en", "github", "junit"],
)
def test_page_is_cited_next_to_the_line(render: Any, cited: str) -> None:
    assert cited in render(_data(2))
    assert "第2页" not in render(_data(None)) and "p. 2" not in render(_data(None))
