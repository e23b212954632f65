"""Find the input files and turn each into a Document: text, Markdown, .docx or .pdf."""

from __future__ import annotations

from audit.ingest.discover import Input, discover
from audit.ingest.dispatch import read
from audit.ingest.document import Document

__all__ = ["Document", "Input", "discover", "read"]
