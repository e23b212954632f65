"""Render a result in the format asked for; the renderers themselves live in ``reports``."""

from __future__ import annotations

from audit.result import AuditResult


def render_output(result: AuditResult, fmt: str, lang: str = "zh", colour: bool = False) -> str:
    """Return ``result`` rendered as text, json, junit or github annotations."""
    data = result.to_dict(lang)
    if fmt == "json":
        from reports.json import render as render_json

        return render_json(data)
    if fmt == "junit":
        from reports.junit import render as render_junit

        return render_junit(data)
    if fmt == "github":
        from reports.github import render as render_github

        return render_github(data)
    from reports.text import render as render_text

    return render_text(data, lang, colour)


def write_report(result: AuditResult, path: str, lang: str = "zh") -> None:
    """Write the Excel audit workbook of ``result`` to ``path`` atomically, keeping the reviews already in it."""
    from audit.review import write_review_workbook

    write_review_workbook(result.to_dict(lang), path, lang)
