"""Faults mid-run: signals, unwritable folders, a full disk and bugs leave previous outputs intact."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import audit.output
import audit.pipeline
import audit.review
from audit.cli import main
from audit.signals import Terminated, signals_raise
from tests.hardening.hardening_support import cli_env, series_texts, tmp_files

# Runs the CLI with one step made to block once it is under way, and touches READY when it blocks,
# so that the test's signal lands exactly there: while reading, half-way through writing the JSON
# output, or once the new workbook is complete but not yet renamed into place.
HARNESS = """
import os, sys, time
from pathlib import Path

def block():
    Path(os.environ["AUDIT_TEST_READY"]).touch()
    time.sleep(60)

stage = os.environ["AUDIT_TEST_STAGE"]
if stage == "read":
    import audit.ingest.text as text
    original, calls = text.read_text, []
    def read_text(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # one file read, the others not yet
            block()
        return original(*args, **kwargs)
    text.read_text = read_text
elif stage == "json":
    import audit.output as output
    original = output.write_atomic
    def write_atomic(path, write):
        def slow(temporary):
            write(temporary)
            block()
        return original(path, slow)
    output.write_atomic = write_atomic
elif stage == "xlsx":
    import audit.review as review
    original = review.write_workbook
    def write_workbook(*args, **kwargs):
        original(*args, **kwargs)
        block()
    review.write_workbook = write_workbook

from audit.cli import main
sys.argv = ["audit", *sys.argv[1:]]
main()
"""


def write_issues(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(series_texts(count), start=1):
        (folder / f"issue-{number:02d}.md").write_text(text, encoding="utf-8")
    return folder


def previous_outputs(tmp_path: Path) -> tuple[Path, Path, bytes, bytes]:
    """Write out.json and out.xlsx from an earlier, smaller archive; return them and their bytes."""
    earlier = write_issues(tmp_path / "earlier", 2)
    out = tmp_path / "out"
    report, output = out / "out.xlsx", out / "out.json"
    args = ["check", str(earlier), "--report", str(report), "-o", str(output), "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--no-cache", "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    return report, output, report.read_bytes(), output.read_bytes()


@pytest.mark.parametrize(
    ("stage", "signum", "code"),
    [
        ("read", signal.SIGINT, 130),
        ("read", signal.SIGTERM, 143),
        ("json", signal.SIGTERM, 143),
        ("xlsx", signal.SIGINT, 130),
    ],
)
def test_an_interrupt_keeps_the_previous_outputs(tmp_path: Path, stage: str, signum: int, code: int) -> None:
    report, output, old_report, old_output = previous_outputs(tmp_path)
    archive = write_issues(tmp_path / "archive", 3)
    harness = tmp_path / "harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    ready = tmp_path / "ready"
    env = {**cli_env(tmp_path), "AUDIT_TEST_READY": str(ready), "AUDIT_TEST_STAGE": stage}
    args = ["check", str(archive), "--report", str(report), "-o", str(output), "--format", "json", "-j", "1"]
    process = subprocess.Popen(
        [sys.executable, str(harness), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists(), process.communicate()[1]
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    name = signal.Signals(signum).name
    assert process.returncode == code
    assert stderr == f"audit: interrupted by {name}; no output file was left half-written\n"
    assert report.read_bytes() == old_report
    if stage == "xlsx":
        # The JSON output was complete before the workbook began: it is the new one, whole.
        assert len(json.loads(output.read_text(encoding="utf-8"))["issues"]) == 3
    else:
        assert output.read_bytes() == old_output
    assert tmp_files(tmp_path) == []


def test_a_signal_at_any_moment_leaves_each_output_old_or_new_and_whole(tmp_path: Path) -> None:
    # No hook this time: a real run over a larger archive, signalled once it has had time to start.
    report, output, old_report, old_output = previous_outputs(tmp_path)
    archive = write_issues(tmp_path / "archive", 120)
    args = ["check", str(archive), "--report", str(report), "-o", str(output), "--format", "json"]
    process = subprocess.Popen(
        [sys.executable, "-m", "audit.cli", *args],
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        time.sleep(1.5)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert "Traceback" not in stderr
    if process.returncode == 143:
        assert stderr == "audit: interrupted by SIGTERM; no output file was left half-written\n"
    elif process.returncode == -signal.SIGTERM:
        # Killed outright: before the run installed its handler, or after it had finished.
        assert stderr == ""
    else:  # it finished before the signal came
        assert process.returncode in (0, 1), stderr
    assert output.read_bytes() == old_output or len(json.loads(output.read_bytes())["issues"]) == 120
    if report.read_bytes() != old_report:
        assert audit.review.read_previous(report) is not None  # a whole workbook, not a torn one
    assert tmp_files(tmp_path) == []


def test_sigterm_raises_like_ctrl_c_and_the_handler_is_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught, signals_raise():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises at once; this never completes
    assert isinstance(caught.value, Terminated) and caught.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.parametrize(
    ("interrupt", "code", "name"),
    [(KeyboardInterrupt(), 130, "SIGINT"), (Terminated(signal.SIGTERM), 143, "SIGTERM")],
)
def test_an_interrupt_inside_a_command_is_one_line_with_its_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupt: KeyboardInterrupt, code: int, name: str
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise interrupt

    monkeypatch.setattr(audit.pipeline, "check", interrupted)
    result = CliRunner().invoke(main, ["check", str(write_issues(tmp_path / "a", 1))])
    assert result.exit_code == code
    assert result.stderr == f"audit: interrupted by {name}; no output file was left half-written\n"


def _refuse_temporary(*args: Any, **kwargs: Any) -> Any:
    raise PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.parametrize("option", ["-o", "--report"])
def test_a_read_only_output_folder_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    # Root writes anywhere, so the folder's refusal is simulated where the temporary file is made.
    monkeypatch.setattr(audit.output.tempfile, "mkstemp", _refuse_temporary)
    target = tmp_path / "locked" / ("out.xlsx" if option == "--report" else "out.json")
    args = ["check", str(write_issues(tmp_path / "a", 1)), option, str(target), "--no-cache", "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"audit: {target}: cannot write here (Permission denied); choose another folder\n"
    )
    assert not target.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes whatever the mode")
def test_a_real_read_only_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        args = ["check", str(write_issues(tmp_path / "a", 1)), "-o", str(locked / "out.json"), "--no-cache"]
        result = CliRunner().invoke(main, args)
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"audit: {locked / 'out.json'}: cannot write here")


def test_a_full_disk_while_writing_the_workbook_keeps_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, _, old_report, _ = previous_outputs(tmp_path)

    def full_disk(data: Any, path: Path, *args: Any, **kwargs: Any) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(audit.review, "write_workbook", full_disk)
    args = ["check", str(write_issues(tmp_path / "a", 3)), "--report", str(report), "--no-cache", "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"audit: {report}: cannot write (No space left on device); check the disk and folder\n"
    )
    assert report.read_bytes() == old_report
    assert tmp_files(tmp_path) == []


def test_a_full_disk_while_writing_the_output_keeps_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, output, _, old_output = previous_outputs(tmp_path)
    real_write_atomic = audit.output.write_atomic

    def full_disk(path: Any, write: Any) -> None:
        def write_then_fail(temporary: Path) -> None:
            write(temporary)  # the disk fills up as the data is flushed
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        real_write_atomic(path, write_then_fail)

    monkeypatch.setattr(audit.output, "write_atomic", full_disk)
    args = ["check", str(write_issues(tmp_path / "a", 3)), "-o", str(output), "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--no-cache", "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"audit: {output}: cannot write (No space left on device); check the disk and folder\n"
    )
    assert output.read_bytes() == old_output
    assert tmp_files(tmp_path) == []


def _bug(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("boom\nwith a second line")


@pytest.mark.parametrize("command", ["check", "extract"])
def test_an_unexpected_error_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setattr(audit.pipeline, command, _bug)
    result = CliRunner().invoke(main, [command, str(write_issues(tmp_path / "a", 1))])
    assert result.exit_code == 2
    assert result.stderr == "audit: internal error: RuntimeError: boom; rerun with --debug and report it\n"


@pytest.mark.parametrize("command", ["check", "extract"])
def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    monkeypatch.setattr(audit.pipeline, command, _bug)
    result = CliRunner().invoke(main, [command, str(write_issues(tmp_path / "a", 1)), "--debug"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom\nwith a second line\n" in result.stderr
    assert result.stderr.endswith("audit: internal error: RuntimeError: boom; please report it\n")


def test_debug_shows_what_a_reader_tripped_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import audit.ingest.text

    def broken_reader(*args: Any, **kwargs: Any) -> None:
        raise ValueError("reader bug")

    monkeypatch.setattr(audit.ingest.text, "read_text", broken_reader)
    folder = write_issues(tmp_path / "a", 1)
    args = ["check", str(folder), "--no-cache", "-j", "1"]
    quiet = CliRunner().invoke(main, args)
    loud = CliRunner().invoke(main, [*args, "--debug"])
    line = f"audit: {folder / 'issue-01.md'}: unexpected error while reading (ValueError: reader bug); please report this\n"
    assert quiet.exit_code == loud.exit_code == 2
    assert quiet.stderr == line
    assert loud.stderr.startswith(line + "Traceback (most recent call last):")
    assert loud.stderr.endswith("ValueError: reader bug\n")


@pytest.mark.parametrize("fault", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")])
def test_a_cache_entry_cut_short_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: BaseException
) -> None:
    import audit.cache
    from audit.cache import Cache
    from audit.extract import extract_document
    from audit.ingest.document import Document

    extraction = extract_document(Document("a.md", tuple(series_texts(1)[0].split("\n")), "md"))

    def cut_short(*args: Any, **kwargs: Any) -> None:
        raise fault  # the entry is written to its temporary file, not yet renamed into place

    monkeypatch.setattr(audit.cache.os, "replace", cut_short)
    cache = Cache(tmp_path / "cache")
    if isinstance(fault, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            cache.put("ab" * 32, extraction)
    else:
        cache.put("ab" * 32, extraction)  # a cache that cannot be written is ignored
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
