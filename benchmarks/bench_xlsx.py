"""How long the audit workbook takes, in one process (the budget is 10 s for 10,000 findings on 2 cores).

Run: python benchmarks/bench_xlsx.py [FINDINGS] [--result RESULT.json] [--repeat N]. Times a synthetic
result of FINDINGS findings (10,000 by default), or the saved ``audit check --format json`` output
RESULT.json, and prints the median over N runs of: writing a fresh workbook, reading its reviews
back (``read_previous``), and rewriting it carrying every review over (that read included).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from audit.review import read_previous, write_review_workbook
from schemas.facts import METRIC_LABELS
from schemas.rules import RULES

EVIDENCE = (
    "据省一体化政务服务平台统计，今年以来（截至 9 月 1 日），省本级行政许可事项受理 332407 件，办结 {value} 件；"
    "公共服务事项受理 7273758 件，办结 5972103 件，其它 6 类行权事项受理 25602 件，累计办结 25738 件。"
)


def synthetic_result(findings: int, issues: int = 100) -> dict[str, Any]:
    """Return a result object shaped like ``audit check --format json`` with ``findings`` findings."""
    metrics = list(METRIC_LABELS)
    start = date(2022, 1, 7)
    issue_rows = []
    for n in range(issues):
        end = start + timedelta(weeks=n)
        issue_rows.append(
            {
                "source": f"reports/{n:04d}.docx",
                "publisher": "四川省政府政务服务和公共资源交易服务中心",
                "title": "窗口工作周报",
                "year": end.year,
                "issue_no": n % 50 + 1,
                "serial_no": 380 + n,
                "published": (end + timedelta(days=5)).isoformat(),
                "period_start": (end - timedelta(days=4)).isoformat(),
                "period_end": end.isoformat(),
                "as_of": end.isoformat(),
                "copies": 80,
            }
        )
    facts = [
        {
            "source": issue["source"],
            "metric": metric,
            "scope": "ytd",
            "value": 1000 * (n + 1) + index,
            "unit": "件",
            "line": 17,
            "evidence": EVIDENCE.format(value=1000 * (n + 1) + index),
            "carryover": False,
            "category_count": None,
        }
        for n, issue in enumerate(issue_rows)
        for index, metric in enumerate(metrics)
    ]
    rows = []
    for n in range(findings):
        issue = issue_rows[n % issues]
        rule = RULES[n % len(RULES)]
        value = str(300000 + n)
        rows.append(
            {
                "rule": rule.id,
                "severity": ("error", "warning", "info")[n % 3],
                "source": issue["source"],
                "year": issue["year"],
                "issue_no": issue["issue_no"],
                "serial_no": issue["serial_no"],
                "metric": metrics[n % len(metrics)],
                "scope": "ytd",
                "observed": value,
                "expected": "≤ 332407",
                "message": f"行政许可事项办结 {value} 件，超过受理 332407 件，且未注明结转",
                "line": 31,
                "evidence": EVIDENCE.format(value=value),
                "other": None,
                "other_source": None,
                "other_line": None,
                "fingerprint": f"{n:016x}",
                "waived": False,
                "waiver": None,
                "title": rule.title_zh,
            }
        )
    summary = {
        "issues": issues,
        "facts": len(facts),
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "waived": 0,
        "unreadable": 0,
    }
    return {
        "tool": {"name": "weekly-report-audit", "version": "bench"},
        "issues": issue_rows,
        "facts": facts,
        "findings": rows,
        "unreadable": [],
        "summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("findings", nargs="?", type=int, default=10_000)
    parser.add_argument("--result", help="a saved `audit check --format json` result instead")
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    if options.result:
        data = json.loads(Path(options.result).read_text(encoding="utf-8"))
        label = f"{options.result} ({len(data['issues'])} issues, {len(data['facts'])} figures)"
    else:
        data = synthetic_result(options.findings)
        label = f"{options.findings} findings"
    times: dict[str, list[float]] = {"new": [], "read": [], "again": []}
    size = 0
    for _ in range(options.repeat):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "audit.xlsx"
            began = time.perf_counter()
            write_review_workbook(data, path)
            times["new"].append(time.perf_counter() - began)
            began = time.perf_counter()
            read_previous(path)
            times["read"].append(time.perf_counter() - began)
            began = time.perf_counter()
            write_review_workbook(data, path)
            times["again"].append(time.perf_counter() - began)
            size = path.stat().st_size
    new, read, again = (statistics.median(times[k]) for k in ("new", "read", "again"))
    print(
        f"{label}: new workbook {new:.2f} s, reviews read back {read:.2f} s, "
        f"rewrite with carry-over {again:.2f} s ({size / 1e6:.1f} MB; median of {options.repeat})"
    )


if __name__ == "__main__":
    main()
