"""Deterministic generator of realistic 窗口工作周报 series, with injected defects and export noise."""

from audit.generate.contract import RULES, reference_findings
from audit.generate.corpus import build_archive, build_examples
from audit.generate.defects import DEFECT_KINDS, inject
from audit.generate.layouts import Form
from audit.generate.model import Enumeration, Expected, Fact, IssueSpec, Paragraph, Section, Wording
from audit.generate.noise import add_noise
from audit.generate.render import render, strip_markdown
from audit.generate.series import generate_series
from audit.generate.writers import export_pdf, write_docx, write_pdf, write_text

__all__ = [
    "DEFECT_KINDS",
    "RULES",
    "Enumeration",
    "Expected",
    "Fact",
    "Form",
    "IssueSpec",
    "Paragraph",
    "Section",
    "Wording",
    "add_noise",
    "build_archive",
    "build_examples",
    "export_pdf",
    "generate_series",
    "inject",
    "reference_findings",
    "render",
    "strip_markdown",
    "write_docx",
    "write_pdf",
    "write_text",
]
