"""Shared by the hardening tests: generated issues, hostile files built cheaply, the CLI in a subprocess."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path

from audit.generate import generate_series, render

ROOT = Path(__file__).resolve().parents[2]
# One block of zeros, deflated with a full flush: byte-aligned and with a reset dictionary, so the
# same compressed bytes repeated k times inflate to k blocks. A gigabyte costs a megabyte and no CPU.
_BLOCK = 1 << 24


@cache
def issue_texts() -> tuple[str, ...]:
    """Return rendered issues of both layouts, across a New Year (the generator is deterministic)."""
    texts = [render(s) for s in generate_series(3, seed=4, start=date(2024, 12, 23), style="mixed")]
    texts += [render(s) for s in generate_series(2, seed=1, start=date(2023, 5, 8), style="2022")]
    return tuple(texts)


@cache
def series_texts(n: int, seed: int = 7) -> tuple[str, ...]:
    """Return ``n`` consecutive issues of one series, so cross-issue rules have pairs to compare."""
    return tuple(render(s) for s in generate_series(n, seed=seed, start=date(2024, 3, 4)))


@cache
def _zero_blocks() -> tuple[bytes, int]:
    """Return the deflated form of one block of zeros and that block's CRC-32."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(_BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block, zlib.crc32(bytes(_BLOCK))


def _crc_of_zeros(blocks: int) -> int:
    crc, zeros = 0, bytes(_BLOCK)
    for _ in range(blocks):
        crc = zlib.crc32(zeros, crc)
    return crc


def write_zip_bomb(path: Path, gib: int = 2, declared: int | None = None) -> Path:
    """Write a .docx-named zip whose word/document.xml inflates to ``gib`` GiB of zeros.

    The archive is a few megabytes. ``declared`` states a smaller uncompressed size in the headers
    than the stream really inflates to (a bomb that lies); by default the headers tell the truth.
    """
    blocks = gib * 1024 * 1024 * 1024 // _BLOCK
    block, _ = _zero_blocks()
    # A final empty fixed-Huffman block ends the deflate stream.
    data = block * blocks + b"\x03\x00"
    size = blocks * _BLOCK if declared is None else declared
    crc = _crc_of_zeros(blocks) if declared is None else 0
    members = [
        (b"[Content_Types].xml", b"<Types/>", 0, zlib.crc32(b"<Types/>"), 8),
        (b"word/document.xml", data, 8, crc, size),
    ]
    out = bytearray()
    central = bytearray()
    for name, payload, method, member_crc, member_size in members:
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            method,
            0,
            0x21,
            member_crc,
            len(payload),
            member_size,
            len(name),
            0,
        )
        out += name + payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            member_crc,
            len(payload),
            member_size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def write_shapes_pdf(path: Path) -> Path:
    """Write a PDF that draws only lines and boxes: a scan-like file with no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.rect(72, 600, 300, 120, fill=1)
    c.line(72, 500, 500, 500)
    c.circle(300, 300, 80)
    c.showPage()
    c.save()
    return path


def cli_env(tmp_path: Path) -> dict[str, str]:
    """Return the environment of a CLI subprocess: its own cache folder, UTF-8 streams, no colour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUDIT_", "PYTEST_"))}
    env.update({"AUDIT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"})
    return env


def run_cli(args: Sequence[str], tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``audit ARGS`` as a user would, in a fresh interpreter, and return what it printed."""
    return subprocess.run(
        [sys.executable, "-m", "audit.cli", *args],
        cwd=tmp_path,
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def tmp_files(folder: Path) -> list[Path]:
    """Return the temporary files an atomic write would leave behind if it failed to clean up."""
    return sorted(p for p in folder.rglob(".*.tmp"))
