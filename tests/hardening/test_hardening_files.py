"""A corpus of broken files: each gets one clear line naming it, every other file is still audited."""

from __future__ import annotations

import builtins
import io
import json
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.errors import UnreadableInput
from audit.generate import write_docx
from audit.generate.ofd import write_ofd
from audit.ingest import Input, read
from audit.ingest import dispatch as dispatch_module
from tests.conftest import other_copies
from tests.hardening.hardening_support import (
    run_cli,
    series_texts,
    write_shapes_pdf,
    write_zip_bomb,
)

GOOD = ("第 1 期 周报.md", "two words.md")
HUGE = 200 * 1024 * 1024


def build_corpus(folder: Path) -> dict[str, str]:
    """Write two good issues and the broken files; return each broken file's expected reason."""
    folder.mkdir()
    for name, text in zip(GOOD, series_texts(2), strict=True):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 64)
    docx = write_docx(folder / "whole.docx", series_texts(2)[0])
    data = docx.read_bytes()
    docx.unlink()
    (folder / "truncated 截断.docx").write_bytes(data[: len(data) // 2])
    (folder / "zero.docx").write_bytes(b"")
    write_zip_bomb(folder / "bomb.docx")
    write_shapes_pdf(folder / "shapes.pdf")
    (folder / "legacy.doc").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1024))
    ofd = write_ofd(folder / "whole.ofd", series_texts(2)[0]).read_bytes()
    (folder / "whole.ofd").unlink()
    (folder / "cut.ofd").write_bytes(ofd[: len(ofd) // 2])
    (folder / "not a pdf.pdf").write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(HUGE)  # sparse: 200 MB on paper, nothing on disk, nothing to write
    with open(folder / "huge.pdf", "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(HUGE)
    os.symlink(folder, folder / "loop")  # a directory symlink back to its parent
    os.symlink("self.md", folder / "self.md")  # a file symlink to itself (ELOOP)
    return {
        "empty.md": "empty file",
        "binary.md": "binary data",
        "truncated 截断.docx": "damaged or truncated .docx",
        "zero.docx": "empty file",
        "bomb.docx": ".docx too large when uncompressed (2048 MiB, limit 256 MiB)",
        "shapes.pdf": "PDF has no text layer",
        "legacy.doc": "damaged or unsupported Word/WPS binary file",
        "cut.ofd": "damaged or truncated OFD file",
        "not a pdf.pdf": "not a valid PDF",
        "huge.txt": "file too large (200 MiB, limit 64 MiB)",
        "huge.pdf": "file too large (200 MiB, limit 64 MiB)",
        "self.md": "no such file or directory",
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("corpus") / "archive 档案"
    return folder, build_corpus(folder)


def assert_one_line_each(stderr: str, folder: Path, expected: dict[str, str]) -> None:
    """Ensure stderr holds exactly one line per broken file, naming it, with its reason."""
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    assert len(lines) == len(expected), stderr
    for name, reason in expected.items():
        prefix = f"audit: {folder / name}: "
        matching = [line for line in lines if line.startswith(prefix)]
        assert len(matching) == 1, (name, stderr)
        assert reason in matching[0], (name, matching[0])


@pytest.mark.parametrize("command", ["check", "extract"])
def test_broken_files_each_get_one_line_and_the_rest_is_audited(
    corpus: tuple[Path, dict[str, str]], command: str
) -> None:
    folder, expected = corpus
    args = [command, str(folder), "--format", "json"]
    result = run_cli(args, folder.parent)
    assert result.returncode == 2, result.stderr
    assert_one_line_each(result.stderr, folder, expected)
    data = json.loads(result.stdout)
    assert sorted(issue["source"] for issue in data["issues"]) == sorted(str(folder / n) for n in GOOD)
    assert all(issue["serial_no"] for issue in data["issues"])
    assert sorted(item["source"] for item in data["unreadable"]) == sorted(str(folder / n) for n in expected)


def test_the_zip_bomb_is_refused_without_inflating_it(
    corpus: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = corpus
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spying_open(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spying_open)
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="too large when uncompressed"):
        read(Input(folder / "bomb.docx", "bomb.docx"))
    assert time.perf_counter() - started < 2
    assert "word/document.xml" not in opened


def test_a_bomb_that_lies_about_its_size_is_refused_as_damaged(tmp_path: Path) -> None:
    # The headers say 1 KB, the stream inflates to a gigabyte: zipfile stops at the declared size
    # and the CRC check fails, so nothing large is ever held in memory.
    bomb = write_zip_bomb(tmp_path / "liar.docx", gib=1, declared=1024)
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="damaged or truncated"):
        read(Input(bomb, "liar.docx"))
    assert time.perf_counter() - started < 2


class _Counting(io.RawIOBase):
    """A file wrapper that adds every byte read to a shared counter."""

    def __init__(self, handle: Any, counter: list[int]) -> None:
        self._handle, self._counter = handle, counter

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._counter[0] += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        count = self._handle.readinto(buffer)
        self._counter[0] += count or 0
        return count

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def fileno(self) -> int:
        return self._handle.fileno()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._handle.close()
        super().close()


@pytest.fixture
def bytes_read_from(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[Path], list[int]]]:
    """Count the bytes anything in this process reads from the paths put in the yielded list."""
    watched: list[Path] = []
    counter = [0]
    real_open = builtins.open

    def counting_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if "b" in mode and isinstance(file, (str, Path)) and Path(file) in watched:
            return _Counting(handle, counter)
        return handle

    monkeypatch.setattr(builtins, "open", counting_open)
    yield watched, counter


def test_a_huge_text_file_is_refused_without_reading_it(
    tmp_path: Path, bytes_read_from: tuple[list[Path], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    watched, counter = bytes_read_from
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(HUGE)
    good = tmp_path / "good.md"
    good.write_text(series_texts(1)[0], encoding="utf-8")
    watched.append(huge)
    # The default run, extraction cache included, must not read the file to refuse it.
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["check", str(huge), str(good), "--format", "json", "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"audit: {huge}: file too large (200 MiB, limit 64 MiB)"
    assert [i["source"] for i in json.loads(result.stdout)["issues"]] == [str(good)]
    assert counter[0] <= 64 * 1024


def test_an_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked 锁定.md"
    locked.write_text(series_texts(1)[0], encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(series_texts(2)[1], encoding="utf-8")
    real_open = builtins.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        # Root may read anything, so a permission error is simulated where the reader opens the file.
        if Path(str(file)) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(dispatch_module, "open", refusing_open, raising=False)
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "--no-cache", "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr == f"audit: {locked}: Permission denied\n"
    assert [i["source"] for i in json.loads(result.stdout)["issues"]] == [str(good)]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_named(tmp_path: Path) -> None:
    locked = tmp_path / "locked.md"
    locked.write_text(series_texts(1)[0], encoding="utf-8")
    locked.chmod(0)
    try:
        result = run_cli(["check", str(locked), "--format", "json"], tmp_path)
    finally:
        locked.chmod(0o644)
    assert result.returncode == 2
    assert result.stderr == f"audit: {locked}: Permission denied\n"


def test_a_symlink_loop_given_as_the_path_is_named(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    result = CliRunner().invoke(main, ["check", str(loop), "--no-cache"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"audit: {loop}: ")
    assert len(result.stderr.splitlines()) == 1


def test_a_name_that_is_not_utf8_is_shown_escaped_and_every_output_can_hold_it(tmp_path: Path) -> None:
    # A GBK-encoded name from a Windows zip is not UTF-8: Python keeps its bytes as lone surrogates,
    # which would stop any output file from being written.
    folder = tmp_path / "gbk"
    folder.mkdir()
    for suffix, copies in ((b".md", 0), (b"-copy.md", 1)):
        # The same issue twice, the copy printing another 印数: every format has a finding to show.
        name = os.fsdecode(os.fsencode(folder) + b"/" + "报告".encode("gbk") + suffix)
        text = other_copies(series_texts(1)[0], copies)
        with open(name, "w", encoding="utf-8") as handle:
            handle.write(text)
    shown = str(folder / "\\xb1\\xa8\\xb8\\xe6.md")
    result = run_cli(["check", str(folder), "--format", "json", "--report", "out.xlsx"], tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert [issue["source"] for issue in json.loads(result.stdout)["issues"]] == [
        shown.replace(".md", "-copy.md"),
        shown,
    ]
    for fmt in ("junit", "github", "text"):
        out = tmp_path / f"out.{fmt}"
        args = ["check", str(folder), "--format", fmt, "-o", str(out), "--no-cache", "-j", "1"]
        rendered = CliRunner().invoke(main, args)
        assert rendered.exit_code in (0, 1), rendered.output
        assert "\\xb1\\xa8\\xb8\\xe6" in out.read_text(encoding="utf-8")
