"""The text of one input file, line by line as its reader sees it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One input file turned into text.

    ``lines`` are the lines a user sees: the file's own lines for text, one paragraph (or
    table row) per line for .docx, the text lines of each page for .pdf. Line numbers in
    every table are 1-based indexes into this list.
    """

    source: str
    lines: tuple[str, ...]
    format: str
    encoding: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
