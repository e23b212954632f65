"""Recognise the toolkit's own text outputs, so that ``-o drafts/result.txt`` is not audited next run."""

from __future__ import annotations

import re
from collections.abc import Sequence

# The last line of ``audit check``'s text output (reports/text.py), in either language.
_SUMMARY = re.compile(r"^(共 \d+ 期、\d+ 个数据：|\d+ issues?, \d+ figures?: )")
# A GitHub workflow annotation (reports/github.py).
_ANNOTATION = re.compile(r"^::(error|warning|notice) ")


def own_output(lines: Sequence[str]) -> str | None:
    """Return the message key (audit.messages) of the kind of toolkit output ``lines`` are, or None
    for anything else (an issue)."""
    filled = [line for line in lines if line.strip()]
    if not filled:
        return None
    if all(_ANNOTATION.match(line) for line in filled):
        return "own.github"
    if _SUMMARY.match(filled[-1].strip()):
        return "own.text"
    return None
