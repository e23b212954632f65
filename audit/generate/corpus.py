"""Build the bundled examples/ corpus and larger archives for benchmarks, with their expected findings."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from audit.generate.contract import reference_findings
from audit.generate.defects import inject
from audit.generate.layouts import Form
from audit.generate.model import Expected, IssueSpec, sort_expected
from audit.generate.noise import add_noise
from audit.generate.render import masthead, render, strip_markdown
from audit.generate.series import DEFAULT_PUBLISHER, generate_series
from audit.generate.writers import write_docx, write_pdf, write_text

FORMATS: tuple[str, ...] = ("md", "txt", "docx", "pdf")
PUBLISHERS: tuple[str, ...] = (
    DEFAULT_PUBLISHER,
    "贵州省政务服务中心",
    "云南省人民政府政务服务中心",
    "陕西省政务服务中心",
    "甘肃省政务服务中心",
    "湖南省政务服务中心",
)
EXAMPLES_START = date(2024, 11, 4)
EXAMPLES_SERIAL = 490
EXAMPLES_COUNT = 12
# (defect, index): two 2022-layout issues (.md and .docx) and a noisy 2023-layout .txt after New Year.
EXAMPLES_DEFECTS: tuple[tuple[str, int], ...] = (
    ("completed_le_accepted", 4),
    ("enumeration_count", 6),
    ("ytd_reconciles", 9),
)
# Noise per format in the examples: Markdown stays clean as the reference, the rest look exported.
EXAMPLES_NOISE: dict[str, tuple[str, ...]] = {
    "md": (),
    "txt": ("fullwidth", "thousands", "linebreaks", "blanklines", "footers"),
    "docx": ("spacing", "brackets", "dashes"),
    "pdf": (),
}
_GENERATED = re.compile(r"^\d{4}-第\d+期-总第\d+期\.(md|txt|docx|pdf)$")


def file_name(spec: IssueSpec, fmt: str) -> str:
    """Return the file name of an issue: "2024-第45期-总第490期.md"."""
    return f"{spec.year}-第{spec.issue_no}期-总第{spec.serial_no}期.{fmt}"


def write_issue(
    path: Path, spec: IssueSpec, fmt: str, noise: Iterable[str] = (), seed: int | str = 0
) -> Path:
    """Return ``path`` after rendering ``spec`` with ``noise`` and writing it as ``fmt`` (md, txt=GB18030, docx, pdf)."""
    text = render(spec)
    if fmt in ("docx", "pdf"):
        # Word and PDF copies carry no markdown marks.
        text = strip_markdown(text)
    kinds = tuple(noise)
    if kinds:
        text = add_noise(text, random.Random(f"{seed}|{spec.serial_no}|noise"), kinds)
    title = f"{spec.title} {spec.year}年第{spec.issue_no}期"
    if fmt == "md":
        return write_text(path, text, "utf-8")
    if fmt == "txt":
        return write_text(path, text, "gb18030")
    if fmt == "docx":
        if spec.form == Form():
            return write_docx(path, text, title=title)
        imprint = f"{spec.publisher}办公室　　{spec.published.year}年{spec.published.month}月{spec.published.day}日印发"
        return write_docx(
            path,
            text,
            title=title,
            masthead=spec.form.masthead,
            masthead_lines=len(masthead(spec)),
            official=spec.title,
            imprint=imprint,
            borders=spec.form.borders,
        )
    if fmt == "pdf":
        return write_pdf(path, text, title=title)
    raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")


def _record(e: Expected, files: dict[int, str], series: str | None = None) -> dict[str, Any]:
    """Return the JSON record of one expected finding."""
    record: dict[str, Any] = {"serial_no": e.serial_no, "rule": e.rule, "metric": e.metric}
    record["file"] = files[e.serial_no]
    if series is not None:
        record["series"] = series
    return record


def _dump(path: Path, data: Any) -> None:
    """Ensure ``path`` holds ``data`` as indented UTF-8 JSON."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def examples_series() -> tuple[list[IssueSpec], list[Expected]]:
    """Return the examples' series (defects injected) and the findings those defects owe."""
    series = generate_series(
        EXAMPLES_COUNT, seed=2024, start=EXAMPLES_START, start_serial=EXAMPLES_SERIAL, style="mixed"
    )
    rng = random.Random("examples")
    expected: list[Expected] = []
    for kind, at in EXAMPLES_DEFECTS:
        series, found = inject(series, kind, at=at, rng=rng)
        expected += found
    return series, sort_expected(expected)


def build_examples(outdir: Path | str) -> None:
    """Ensure ``outdir`` holds the bundled examples (12 issues over New Year 2025, four formats) and expected.json."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.iterdir():
        if _GENERATED.match(old.name):
            old.unlink()
    series, expected = examples_series()
    files: dict[int, str] = {}
    issues = []
    for i, spec in enumerate(series):
        fmt = FORMATS[i % len(FORMATS)]
        name = file_name(spec, fmt)
        write_issue(outdir / name, spec, fmt, EXAMPLES_NOISE[fmt], seed="examples")
        files[spec.serial_no] = name
        issues.append(
            {
                "file": name,
                "serial_no": spec.serial_no,
                "year": spec.year,
                "issue_no": spec.issue_no,
                "style": spec.style,
                "format": fmt,
                "encoding": {"md": "utf-8", "txt": "gb18030"}.get(fmt),
                "noise": list(EXAMPLES_NOISE[fmt]),
            }
        )
    _dump(
        outdir / "expected.json",
        {
            "description": "Findings a correct checker must report (severity warning or error) on these files;"
            " every other issue is clean. Regenerate with: python -m audit.generate examples",
            "publisher": series[0].publisher,
            "issues": issues,
            "expected": [_record(e, files) for e in expected],
        },
    )


def inject_spread(series: list[IssueSpec], kinds: Sequence[str], rng: random.Random) -> list[IssueSpec]:
    """Return ``series`` with each defect injected once, spread out, each where it can be injected."""
    for i, kind in enumerate(kinds):
        target = (i + 1) * len(series) // (len(kinds) + 1)
        for j in sorted(range(len(series)), key=lambda j: (abs(j - target), j)):
            try:
                series, _found = inject(series, kind, at=j, rng=rng)
            except (ValueError, AssertionError):
                # Does not fit here, or a defect injected earlier nearby masks its finding: try the next.
                continue
            break
        else:
            raise ValueError(f"defect {kind!r} fits nowhere in a series of {len(series)} issues")
    return series


def build_archive(
    outdir: Path | str,
    n_issues: int,
    n_series: int = 1,
    formats: Sequence[str] = ("md",),
    seed: int = 0,
    defects: Iterable[str] = (),
    *,
    noise: Iterable[str] = (),
    start: date = date(2023, 11, 6),
    style: str = "2023",
    variation: str = "flat",
) -> list[dict[str, Any]]:
    """Return the expected findings after writing ``n_series`` series of ``n_issues`` issues under ``outdir``."""
    # Series differ by publisher (other provinces' centres) and seed, one folder each when several.
    # ``defects`` go into the first series, spread out; the records are the contract's findings on the
    # final series, so interactions between defects stay exact.
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    kinds = tuple(noise)
    defect_kinds = tuple(defects)
    records: list[dict[str, Any]] = []
    for k in range(n_series):
        publisher = PUBLISHERS[k % len(PUBLISHERS)]
        folder = outdir / f"series-{k + 1:02d}" if n_series > 1 else outdir
        folder.mkdir(parents=True, exist_ok=True)
        series = generate_series(
            n_issues,
            seed=seed + 1000 * k,
            start=start,
            start_serial=440 + 37 * k,
            style=style,
            publisher=publisher,
            variation=variation,
        )
        if k == 0 and defect_kinds:
            series = inject_spread(series, defect_kinds, random.Random(f"{seed}|archive-defects"))
        files: dict[int, str] = {}
        for i, spec in enumerate(series):
            fmt = formats[i % len(formats)]
            name = file_name(spec, fmt)
            write_issue(folder / name, spec, fmt, kinds, seed=seed)
            files[spec.serial_no] = str((folder / name).relative_to(outdir))
        label = folder.name if n_series > 1 else None
        records += [_record(e, files, label) for e in reference_findings(series)]
    _dump(outdir / "expected.json", records)
    return records
