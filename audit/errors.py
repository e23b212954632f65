"""Typed errors raised by the library; the CLI turns them into one-line messages (exit code 2)."""

from __future__ import annotations

from audit.messages import Text, language


class AuditError(Exception):
    """Base class of every error that is the user's to fix, not a bug."""

    def __init__(self, source: str, reason: str | Text, hint: str | Text = "") -> None:
        super().__init__(source, reason, hint)
        self.source = source
        self.reason = reason
        self.hint = hint

    def __str__(self) -> str:
        # Reasons and hints given as Text render in the language of the run (see audit.messages).
        # An error of the whole run (no one file to blame) has no source.
        text = f"{self.source}: {self.reason}" if self.source else str(self.reason)
        if not self.hint:
            return text
        chinese = isinstance(self.reason, Text) and language() == "zh"
        return f"{text}{'；' if chinese else '; '}{self.hint}"


class UnreadableInput(AuditError):
    """The file exists but its content cannot be read as a report (empty, binary, damaged)."""


class UnsupportedFormat(AuditError):
    """The file is in a format the toolkit does not read (legacy .doc/.wps, images, ...)."""


class OutputError(AuditError):
    """An output file cannot be written (unwritable folder, file locked elsewhere)."""


class ConfigError(AuditError):
    """A configuration or waivers file is malformed."""


class Skipped(AuditError):
    """A file passed over on purpose (a pipe or device in a folder, a link leading out of it, the
    toolkit's own output): a notice on stderr, not an error, and no effect on the exit code."""


class NotAnIssue(UnreadableInput):
    """The file reads, but has no masthead of any series: no title, publisher, numbering or period."""


class NoIssues(AuditError):
    """Nothing to audit: no file under the paths given (an empty or mistyped folder, only other files)."""
