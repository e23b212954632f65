"""Seconds per file to read and extract a generated issue in each format, and whether it extracts exactly.

Run: python benchmarks/bench_formats.py [--issues N]. Writes N generated issues as .txt, .docx,
.pdf and OFD (the generator), and as .doc and .wps (LibreOffice, when installed), then times
``read`` + ``extract_document`` per file in this process (warm: the first file of each format
is read once before timing, so library imports are not counted). "exact" counts files whose
masthead fields and facts (metric, scope, value, unit) equal those of the .txt copy.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from audit.extract import Extraction, extract_document
from audit.generate import generate_series, render, strip_markdown, write_docx, write_pdf, write_text
from audit.generate.legacy import save_as_legacy, soffice
from audit.generate.ofd import write_ofd
from audit.ingest import Input, read

_HEADER = ("publisher", "title", "year", "issue_no", "serial_no", "published", "period_start", "period_end")


def _summary(extraction: Extraction) -> tuple[object, ...]:
    header = tuple(getattr(extraction.header, field) for field in _HEADER)
    return header, tuple((f.metric, f.scope, f.value, f.unit) for f in extraction.facts)


def _extract(path: Path) -> Extraction:
    return extract_document(read(Input(path, str(path))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as name:
        folder = Path(name)
        files: dict[str, list[Path]] = {fmt: [] for fmt in ("txt", "docx", "pdf", "ofd", "doc", "wps")}
        for n, spec in enumerate(generate_series(args.issues, seed=99, style="mixed")):
            text = strip_markdown(render(spec))
            files["txt"].append(write_text(folder / f"{n:03d}.txt", text, "gb18030"))
            files["docx"].append(write_docx(folder / f"{n:03d}.docx", text))
            files["pdf"].append(write_pdf(folder / f"{n:03d}.pdf", text))
            files["ofd"].append(write_ofd(folder / f"{n:03d}.ofd", text, mode="runs"))
        if soffice():
            for fmt in ("doc", "wps"):
                files[fmt] = save_as_legacy(files["docx"], folder / fmt, fmt)
        truth = [_summary(_extract(path)) for path in files["txt"]]
        print("format | files | ms per file (median) | ms per file (max) | exact")
        for fmt, paths in files.items():
            if not paths:
                print(f"{fmt} | 0 | — | — | LibreOffice not installed")
                continue
            _extract(paths[0])
            times, exact = [], 0
            for path, want in zip(paths, truth, strict=True):
                start = time.perf_counter()
                got = _summary(_extract(path))
                times.append((time.perf_counter() - start) * 1000)
                exact += got == want
            print(
                f"{fmt} | {len(paths)} | {statistics.median(times):.0f} | {max(times):.0f} | {exact}/{len(paths)}"
            )


if __name__ == "__main__":
    main()
