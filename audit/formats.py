"""Render a result in the format asked for; the renderers themselves live in ``reports``."""

from __future__ import annotations

from collections.abc import Iterator

from audit.result import AuditResult


def output_chunks(result: AuditResult, fmt: str, lang: str = "zh", colour: bool = False) -> Iterator[str]:
    """Yield ``result`` rendered as text, json, junit or github annotations.

    JSON is streamed as it is produced (a large archive's output is never held whole).
    """
    if fmt == "json":
        from reports.json import chunks

        yield from chunks(result.parts(lang))
        return
    data = result.to_dict(lang)
    if fmt == "junit":
        from reports.junit import render as render_junit

        yield render_junit(data)
    elif fmt == "github":
        from reports.github import render as render_github

        yield render_github(data)
    else:
        from reports.text import render as render_text

        yield render_text(data, lang, colour)


def render_output(result: AuditResult, fmt: str, lang: str = "zh", colour: bool = False) -> str:
    """Return ``result`` rendered as text, json, junit or github annotations."""
    return "".join(output_chunks(result, fmt, lang, colour))


def write_report(result: AuditResult, path: str, lang: str = "zh") -> None:
    """Write the Excel audit workbook of ``result`` to ``path`` atomically, keeping the reviews already in it."""
    from audit.heap import held
    from audit.review import write_review_workbook

    with held():  # the result outlives the half a million cells made for the workbook
        # The workbook lists only the numbers no rule checked: the others are most rows of an archive.
        write_review_workbook(result.to_dict(lang, unclassified_only=True), path, lang)
