"""A series written the way offices really number and file it: every masthead form, a 合刊, a
增刊 and a 特刊, and the last issues bound into one compilation file.

``build_special_run`` writes the files and returns the issue row each one must give, so that a
reader can be checked against it (and the run must raise no numbering or masthead finding).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from audit.generate.mastheads import (
    COMBINED_FORMS,
    MASTHEAD_FORMS,
    render_combined,
    render_compilation,
    render_form,
    render_supplement,
)
from audit.generate.model import IssueSpec
from audit.generate.render import strip_markdown
from audit.generate.series import generate_series
from audit.generate.writers import write_docx, write_text

#: Which issues of the run become the 合刊 (this one and the next), and which a 增刊 and a 特刊 follow.
COMBINED_AT, SUPPLEMENT_AFTER, SPECIAL_AFTER = 3, 6, 8
#: The last this many issues are bound into one file.
COMPILED = 3


def _row(source: str, spec: IssueSpec, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": source,
        "kind": "regular",
        "year": spec.year,
        "issue_no": spec.issue_no,
        "issue_no_end": None,
        "serial_no": spec.serial_no,
        "serial_no_end": None,
        "published": spec.published,
        "period_start": spec.period_start,
        "period_end": spec.period_end,
    }
    return row | changes


def _write(path: Path, text: str) -> None:
    if path.suffix == ".docx":
        write_docx(path, strip_markdown(text))
    else:
        write_text(path, text)


def build_special_run(
    outdir: Path | str,
    issues: int = 12,
    *,
    seed: int = 0,
    style: str = "2022",
    start: date = date(2023, 9, 4),
) -> list[dict[str, Any]]:
    """Write a run of ``issues`` weekly issues to ``outdir``; return the issue row of each file.

    Regular issues cycle through ``MASTHEAD_FORMS`` and alternate .md and .docx; issues
    ``COMBINED_AT`` and the next form one 合刊; a 增刊 and a 特刊 (no regular number, no
    statistics) follow two of the issues; the last ``COMPILED`` issues share one file.
    """
    if issues < SPECIAL_AFTER + COMPILED + 1:
        raise ValueError(f"a special run needs at least {SPECIAL_AFTER + COMPILED + 1} issues")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    specs = generate_series(issues, seed=seed, style=style, start=start)
    rows: list[dict[str, Any]] = []
    compiled: list[str] = []
    for index, spec in enumerate(specs):
        if index == COMBINED_AT + 1:
            continue
        form = MASTHEAD_FORMS[index % len(MASTHEAD_FORMS)]
        if index == COMBINED_AT:
            second = specs[index + 1]
            name = f"{spec.serial_no}-{second.serial_no}.docx"
            _write(out / name, render_combined(spec, second, COMBINED_FORMS[seed % len(COMBINED_FORMS)]))
            rows.append(
                _row(
                    name,
                    second,
                    kind="combined",
                    issue_no=spec.issue_no,
                    issue_no_end=second.issue_no,
                    serial_no=spec.serial_no,
                    serial_no_end=second.serial_no,
                    period_start=spec.period_start,
                )
            )
        elif index >= issues - COMPILED:
            compiled.append(render_form(spec, form))
            rows.append(_row(f"compilation.docx#{len(compiled)}", spec))
        else:
            name = f"{spec.serial_no}.{'docx' if index % 2 else 'md'}"
            _write(out / name, render_form(spec, form))
            rows.append(_row(name, spec))
        for after, label, number in ((SUPPLEMENT_AFTER, "增刊{n}", 1), (SPECIAL_AFTER, "特刊", None)):
            if index == after:
                name = f"{spec.serial_no}-{'special' if number is None else 'supplement'}.md"
                _write(out / name, render_supplement(spec, number or 1, label))
                rows.append(
                    _row(
                        name,
                        spec,
                        kind="supplement",
                        issue_no=number,
                        serial_no=None,
                        period_start=None,
                        period_end=None,
                    )
                )
    _write(out / "compilation.docx", render_compilation(compiled))
    return rows
