"""OCR on generated scans: fact F1, wrong values left unflagged, false alarms and seconds per page.

Run: python benchmarks/bench_ocr.py [--issues N] [--dpi 200 ...] [--seed S]. Needs the [ocr] extra
and a CJK font. Each issue is rendered by ``audit.generate.scan`` (skew, blur, JPEG noise, speckle,
a red seal on one page) at each scan resolution, read back through ``audit.ingest.read`` (pages
rendered at 200 dpi, RapidOCR on onnxruntime) and its facts compared with the facts of the same
issue as text. A wrong value counts as flagged when any warning or error names its metric and
scope (``ocr_uncertain`` or a consistency rule); a false alarm is ``ocr_uncertain`` on a right value.
Printed: one row per resolution, then the confidences of the wrong values.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from audit.extract import extract_document
from audit.findings import evaluate
from audit.generate import generate_series, render, strip_markdown
from audit.generate.scan import ScanStyle, write_scan_pdf
from audit.ingest import Input, read
from audit.ingest.document import Document
from audit.tables import build_tables
from schemas.settings import Settings


def _truth(text: str) -> dict[tuple[str, str], float]:
    document = Document("truth.txt", tuple(text.split("\n")), "txt")
    return {(f.metric, f.scope): f.value for f in extract_document(document).facts}


def run(issues: int, dpi: int, seed: int, folder: Path) -> dict[str, object]:
    specs = generate_series(issues, seed=seed, style="mixed")
    tp = fp = fn = expected = pages = flagged_wrong = wrong = false_alarms = right_ocr = 0
    headers_exact = 0
    seconds = cpu = 0.0
    wrong_confidences: list[tuple[str, float | None, bool, float, float]] = []
    for n, spec in enumerate(specs):
        text = strip_markdown(render(spec))
        truth = _truth(text)
        path = write_scan_pdf(folder / f"{dpi}-{n}.pdf", text, ScanStyle(dpi=dpi), seed=f"{seed}-{n}")
        start, start_cpu = time.perf_counter(), time.process_time()
        document = read(Input(path, str(path)))
        seconds += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        pages += max(document.pages)
        extraction = extract_document(document)
        header = extraction.header
        headers_exact += (
            header.year,
            header.issue_no,
            header.serial_no,
            header.published,
            header.period_end,
        ) == (
            spec.year,
            spec.issue_no,
            spec.serial_no,
            spec.published,
            spec.period_end,
        )
        findings = evaluate(build_tables([extraction]), Settings())
        serious = findings[findings["severity"].isin(["warning", "error"])]
        flagged = {(f.metric, f.scope) for f in serious.itertuples()}
        uncertain = {(f.metric, f.scope) for f in serious.itertuples() if f.rule == "ocr_uncertain"}
        got = {(f.metric, f.scope): f for f in extraction.facts}
        for key, fact in got.items():
            if truth.get(key) == fact.value:
                tp += 1
                right_ocr += 1
                false_alarms += key in uncertain
            else:
                # A wrong value is both a figure that is not there (FN) and one that is (FP).
                fp += 1
                fn += key in truth
                wrong += 1
                flagged_wrong += key in flagged
                wrong_confidences.append(
                    (
                        f"{key[0]}/{key[1]}",
                        fact.confidence,
                        fact.ocr_split,
                        fact.value,
                        truth.get(key, float("nan")),
                    )
                )
        fn += len(set(truth) - set(got))
        expected += len(truth)
        for key in set(truth) - set(got):
            missed = key in flagged
            wrong_confidences.append(
                (f"{key[0]}/{key[1]} missing (flagged={missed})", None, False, float("nan"), truth[key])
            )
    f1 = 2 * tp / max(2 * tp + fp + fn, 1)
    return {
        "dpi": dpi,
        "issues": issues,
        "pages": pages,
        "facts": expected,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "headers_exact": headers_exact,
        "wrong": wrong,
        "wrong_unflagged": wrong - flagged_wrong,
        "false_alarms": false_alarms,
        "right_ocr": right_ocr,
        "s_per_page": seconds / max(pages, 1),
        "cpu_per_page": cpu / max(pages, 1),
        "wrong_detail": wrong_confidences,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=8)
    parser.add_argument("--dpi", type=int, nargs="+", default=[200])
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(
        "scan dpi | issues | pages | facts | F1 | FP | FN | mastheads exact | wrong unflagged | false alarms | s/page"
    )
    details = []
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as folder:
        for dpi in args.dpi:
            row = run(args.issues, dpi, args.seed, Path(folder))
            print(
                f"{row['dpi']} | {row['issues']} | {row['pages']} | {row['facts']} | {row['f1']:.4f} | {row['fp']} | "
                f"{row['fn']} | {row['headers_exact']}/{row['issues']} | {row['wrong_unflagged']}/{row['wrong']} | "
                f"{row['false_alarms']}/{row['right_ocr']} | {row['s_per_page']:.2f} | {row['cpu_per_page']:.2f}",
                flush=True,
            )
            details.append(row)
    for row in details:
        for name, confidence, split, value, true in row["wrong_detail"]:  # type: ignore[attr-defined]
            print(
                f"  {row['dpi']} dpi wrong: {name} read {value:g} (true {true:g}) confidence={confidence} split={split}"
            )


if __name__ == "__main__":
    main()
