"""What the user owns is never replaced: devices, pipes, links, audit workbooks, earlier outputs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from tests.hardening.hardening_support import cli_env, run_cli, series_texts, tmp_files


def write_issues(folder: Path, count: int, first: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(series_texts(count), start=1):
        if number >= first:
            (folder / f"issue-{number:02d}.md").write_text(text, encoding="utf-8")
    return folder


def audit_workbook(tmp_path: Path) -> Path:
    """Return a reviewed audit workbook written by ``audit check --report``."""
    report = tmp_path / "audit.xlsx"
    args = ["check", str(write_issues(tmp_path / "issues", 2)), "--report", str(report), "-q", "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code in (0, 1)
    return report


def drain(fd: int, into: bytearray) -> threading.Thread:
    """Read ``fd`` until it closes or fails (a pty master reports EIO once the slave is closed)."""

    def run() -> None:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            into.extend(data)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_given_as_output_is_written_to_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    received = bytearray()
    reader = threading.Thread(target=lambda: received.extend(fifo.read_bytes()), daemon=True)
    reader.start()
    folder = write_issues(tmp_path / "issues", 2)
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "json", "-o", str(fifo), "-j", "1"])
    reader.join(timeout=30)
    assert result.exit_code in (0, 1), result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(json.loads(received.decode("utf-8"))["issues"]) == 2


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("command", ["check", "extract"])
def test_a_character_device_given_as_output_is_written_and_never_replaced(
    tmp_path: Path, command: str
) -> None:
    # A pty's slave is a character device a normal user owns: the stand-in for -o /dev/null.
    master, slave = os.openpty()
    device = os.ttyname(slave)
    before = os.stat(device)
    received = bytearray()
    reader = drain(master, received)
    try:
        folder = write_issues(tmp_path / "issues", 2)
        extra = ["--format", "json"] if command == "check" else []
        result = CliRunner().invoke(main, [command, str(folder), *extra, "-o", device, "-j", "1"])
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert result.exit_code in (0, 1), result.output
    after = os.stat(device) if os.path.exists(device) else before
    assert (stat.S_ISCHR(after.st_mode), after.st_rdev) == (True, before.st_rdev)
    assert b'"issues"' in bytes(received)


def test_a_symlinked_output_updates_its_target_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "result.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "result.json"
    link.symlink_to(real)
    folder = write_issues(tmp_path / "issues", 2)
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "json", "-o", str(link), "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(json.loads(real.read_text(encoding="utf-8"))["issues"]) == 2


def test_a_symlinked_workbook_updates_its_target(tmp_path: Path) -> None:
    report = audit_workbook(tmp_path)
    link = tmp_path / "current.xlsx"
    link.symlink_to(report)
    before = report.stat().st_mtime_ns
    time.sleep(0.01)
    folder = tmp_path / "issues"
    result = CliRunner().invoke(main, ["check", str(folder), "--report", str(link), "-q", "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    assert link.is_symlink() and report.stat().st_mtime_ns != before


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{issues}", "-o", "{book}"],
        ["check", "{issues}", "--format", "json", "-o", "{book}"],
        ["extract", "{issues}", "-o", "{book}"],
        ["waivers", "{book}", "-o", "{book}"],
        ["check", "{issues}", "--format", "json", "-o", "{book}", "--report", "{book}"],
    ],
    ids=["check-text", "check-json", "extract", "waivers", "check-json-and-report"],
)
def test_an_audit_workbook_is_never_overwritten_by_another_output(tmp_path: Path, args: list[str]) -> None:
    book = audit_workbook(tmp_path)
    before = book.read_bytes()
    filled = [a.format(issues=tmp_path / "issues", book=book) for a in args]
    result = CliRunner().invoke(main, filled)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(book) in result.stderr
    assert book.read_bytes() == before


@pytest.mark.parametrize(
    ("report", "lock"),
    [("out.csv", None), ("out.xlsx", "~$out.xlsx"), ("out.xlsx", ".~lock.out.xlsx#"), ("missing/", None)],
)
def test_every_target_is_checked_before_anything_is_written(
    tmp_path: Path, report: str, lock: str | None
) -> None:
    folder = write_issues(tmp_path / "issues", 2)
    output = tmp_path / "out.json"
    if lock:
        (tmp_path / lock).write_text("locked", encoding="utf-8")
    args = ["check", str(folder), "--format", "json", "-o", str(output), "--report", str(tmp_path / report)]
    result = CliRunner().invoke(main, [*args, "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert not output.exists()


@pytest.mark.parametrize(("name", "explicit"), [("out.xlsx", []), ("out.json", ["--format", "junit"])])
def test_an_output_name_contradicting_the_format_is_refused(
    tmp_path: Path, name: str, explicit: list[str]
) -> None:
    folder = write_issues(tmp_path / "issues", 1)
    result = CliRunner().invoke(main, ["check", str(folder), *explicit, "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and not (tmp_path / name).exists()


@pytest.mark.parametrize(("name", "fmt"), [("out.json", "json"), ("out.xml", "junit"), ("out.txt", "text")])
def test_the_output_format_follows_the_suffix(tmp_path: Path, name: str, fmt: str) -> None:
    folder = write_issues(tmp_path / "issues", 1)
    result = CliRunner().invoke(main, ["check", str(folder), "-o", str(tmp_path / name), "-j", "1"])
    assert result.exit_code in (0, 1)
    text = (tmp_path / name).read_text(encoding="utf-8")
    starts = {"json": "{", "junit": "<?xml", "text": ""}[fmt]
    assert text.startswith(starts) and (fmt != "text" or not text.startswith(("{", "<")))


HARNESS = """
import os, sys, time
from pathlib import Path
from audit.output import write_atomic

def slow(temporary):
    temporary.write_text("half", encoding="utf-8")
    Path(sys.argv[2]).touch()
    time.sleep(60)

write_atomic(sys.argv[1], slow)
"""


def test_a_temporary_file_left_by_kill_9_is_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    harness, ready = tmp_path / "harness.py", tmp_path / "ready"
    harness.write_text(HARNESS, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(harness), str(out / "result.json"), str(ready)], env=cli_env(tmp_path)
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert len(tmp_files(out)) == 1
    folder = write_issues(tmp_path / "issues", 1)
    result = run_cli(["check", str(folder), "--format", "json", "-o", str(out / "result.json")], tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert tmp_files(out) == []
    assert (out / "result.json").is_file()


@pytest.mark.parametrize("command", [["extract"], ["check", "--format", "json", "--fail-on", "never"]])
def test_a_reader_that_goes_away_ends_the_run_quietly_with_its_exit_code(
    tmp_path: Path, command: list[str]
) -> None:
    folder = write_issues(tmp_path / "issues", 3)
    process = subprocess.Popen(
        [sys.executable, "-m", "audit.cli", command[0], str(folder), *command[1:], "-j", "1"],
        cwd=tmp_path,
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # `| head -0`: the reader is gone before a byte is written
    _, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (0, b"")


def test_only_temporaries_of_dead_runs_are_swept(tmp_path: Path) -> None:
    from audit.output import remove_stale_temporaries

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    gone = int(dead.stdout)
    names = {
        f".out.json.audit-{gone}.abcd_123.tmp": False,  # its run was killed: removed
        f".out.json.audit-{os.getpid()}.abcd_123.tmp": True,  # a run still going
        f".notes.{gone}.abcd_123.tmp": True,  # the user's own, however alike
        "out.json": True,
    }
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    remove_stale_temporaries(tmp_path)
    assert {name: (tmp_path / name).exists() for name in names} == names
