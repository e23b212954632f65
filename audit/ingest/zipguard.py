"""Refuse zip bombs from a zip's directory, before anything is inflated (.docx and OFD alike)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

from audit.errors import UnreadableInput
from audit.ingest.text import human_size

# Small parts compress far better than large ones without being bombs: ratios count from here.
RATIO_CHECK_FROM = 1024 * 1024


def refuse_bombs(
    infos: Sequence[zipfile.ZipInfo],
    source: str,
    *,
    kind: str,
    max_total: int,
    max_ratio: int,
    hint: str,
    too_large_hint: str,
) -> None:
    """Raise UnreadableInput when the parts add up to more than ``max_total`` or one inflates too far."""
    # zipfile never inflates a member past its declared size, so checking declared sizes is enough.
    total = sum(info.file_size for info in infos)
    if total > max_total:
        raise UnreadableInput(
            source,
            f"{kind} too large when uncompressed ({human_size(total)}, limit {human_size(max_total)})",
            too_large_hint,
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_FROM and ratio > max_ratio:
            raise UnreadableInput(
                source, f"refused: {info.filename} inflates {ratio:.0f}:1 (zip bomb?)", hint
            )
