"""Inputs a tester plants: pipes and devices, links out of the folder, a draft inside its history,
the toolkit's own output, a worker killed mid-file, SIGTERM while a worker is busy, the cache folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cache import ENTRY_SUFFIX
from audit.cli import main
from tests.conftest import other_copies
from tests.hardening.hardening_support import cli_env, run_cli
from tests.hardening.test_hardening_outputs import write_issues


def _json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "-j", "1", "--no-cache"])
    return result.exit_code, json.loads(result.stdout)


def _findings(data: dict) -> list[tuple[str, str, str | None]]:
    return sorted((Path(f["source"]).name, f["rule"], f["metric"]) for f in data["findings"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_inside_a_scanned_folder_is_skipped_with_a_notice(tmp_path: Path) -> None:
    folder = write_issues(tmp_path / "issues", 2)
    os.mkfifo(folder / "trap.md")
    result = run_cli(["check", str(folder), "--format", "json", "-j", "1"], tmp_path, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    assert len(json.loads(result.stdout)["issues"]) == 2
    assert [line for line in result.stderr.splitlines() if "trap.md" in line] == [
        f"audit: {folder / 'trap.md'}: is a named pipe, not a file; skipped"
    ]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_device_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    master, slave = os.openpty()
    device = os.ttyname(slave)
    try:
        # On a terminal nobody types into, reading would wait forever.
        result = run_cli(["check", device, "-j", "1"], tmp_path, timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    assert result.returncode == 2
    assert f"audit: {device}: is a device, not a file; name a report file\n" in result.stderr


def test_a_link_out_of_the_folder_is_not_followed_but_a_named_one_is_read(tmp_path: Path) -> None:
    folder = write_issues(tmp_path / "issues", 2)
    outside = write_issues(tmp_path / "elsewhere", 3, first=3)
    (folder / "linked.md").symlink_to(outside / "issue-03.md")
    (folder / "z-inner.md").symlink_to(folder / "issue-01.md")  # inside the folder: the same file, once
    result = CliRunner().invoke(main, ["extract", str(folder), "-j", "1", "--no-cache"])
    assert result.exit_code == 0
    assert sorted(Path(i["source"]).name for i in json.loads(result.stdout)["issues"]) == [
        "issue-01.md",
        "issue-02.md",
    ]
    assert "linked.md: is a link to" in result.stderr and "not followed" in result.stderr
    named = CliRunner().invoke(main, ["extract", str(folder / "linked.md"), "--no-cache"])
    assert named.exit_code == 0 and len(json.loads(named.stdout)["issues"]) == 1


@pytest.mark.parametrize("spelling", ["relative", "dotted", "absolute"])
def test_a_draft_inside_its_own_history_is_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    archive = write_issues(tmp_path / "archive", 3)
    without = tmp_path / "without"
    shutil.copytree(archive, without)
    (without / "issue-03.md").unlink()
    monkeypatch.chdir(tmp_path)
    history = {"relative": "archive", "dotted": "./archive/../archive", "absolute": str(archive)}[spelling]
    code, inside = _json("check", "archive/issue-03.md", "--history", history)
    expected_code, expected = _json("check", "archive/issue-03.md", "--history", "without")
    assert (code, _findings(inside)) == (expected_code, _findings(expected))
    assert [i["source"] for i in inside["issues"]] == ["archive/issue-03.md"]


def test_the_toolkits_own_text_output_is_not_audited_next_run(tmp_path: Path) -> None:
    folder = write_issues(tmp_path / "drafts", 2)
    first = run_cli(["check", str(folder), "-o", str(folder / "result.txt"), "--lang", "en"], tmp_path)
    assert first.returncode in (0, 1), first.stderr
    # Annotations need findings: an issue kept twice, the copy printing another 印数.
    twice = write_issues(tmp_path / "twice", 2)
    text = (twice / "issue-02.md").read_text(encoding="utf-8")
    (twice / "issue-02-copy.md").write_text(other_copies(text), encoding="utf-8")
    run_cli(["check", str(twice), "--format", "github", "-o", str(folder / "ci.txt")], tmp_path)
    assert (folder / "ci.txt").read_text(encoding="utf-8").startswith("::")
    again = run_cli(["check", str(folder), "--format", "json"], tmp_path)
    assert again.returncode == first.returncode
    assert len(json.loads(again.stdout)["issues"]) == 2
    assert sorted(line.split(": ")[1].split("/")[-1] for line in again.stderr.splitlines()) == [
        "ci.txt",
        "result.txt",
    ]


# Workers of --jobs 2 note their pid, and the one given issue-40.md blocks, so the test can kill it
# (as the out-of-memory killer does) or signal the main process while it is busy.
HARNESS = """
import os, sys, time
from pathlib import Path
import audit.pipeline as pipeline

original = pipeline._extract_one
pids = Path(os.environ["AUDIT_TEST_PIDS"])

def slow(item):
    (pids / str(os.getpid())).touch()
    if item.path.name == "issue-40.md":
        Path(os.environ["AUDIT_TEST_READY"]).write_text(str(os.getpid()))
        time.sleep(120)
    return original(item)

pipeline._extract_one = slow
from audit.cli import main
sys.argv = ["audit", *sys.argv[1:]]
main()
"""


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("fault", ["kill the worker", "SIGTERM the run"])
def test_a_dead_worker_or_sigterm_ends_the_run_with_one_line_and_no_orphan(
    tmp_path: Path, fault: str
) -> None:
    folder = write_issues(tmp_path / "issues", 40)
    harness, ready, pids = tmp_path / "harness.py", tmp_path / "ready", tmp_path / "pids"
    harness.write_text(HARNESS, encoding="utf-8")
    pids.mkdir()
    env = {**cli_env(tmp_path), "AUDIT_TEST_READY": str(ready), "AUDIT_TEST_PIDS": str(pids)}
    args = [
        str(harness),
        "check",
        str(folder),
        "--jobs",
        "2",
        "--no-cache",
        "--format",
        "json",
        "-o",
        "out.json",
    ]
    process = subprocess.Popen(
        [sys.executable, *args], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    try:
        deadline = time.monotonic() + 60
        while not (ready.exists() and ready.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        if fault == "kill the worker":
            os.kill(int(ready.read_text()), signal.SIGKILL)
        else:
            process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    workers = [int(p.name) for p in pids.iterdir()]
    time.sleep(0.5)
    assert [pid for pid in workers if _alive(pid)] == []
    assert not (tmp_path / "out.json").exists()
    if fault == "kill the worker":
        assert process.returncode == 2
        assert stderr == (
            f"audit: {folder / 'issue-40.md'}: the worker process parsing it died (killed by SIGKILL, perhaps"
            " out of memory); nothing was written; run again; if it happens again, check this file alone"
            " with --jobs 1\n"
        )
    else:
        assert (process.returncode, stderr) == (
            143,
            "audit: interrupted by SIGTERM; no output file was left half-written\n",
        )


def test_cache_clear_removes_only_the_toolkits_entries(tmp_path: Path) -> None:
    cache = tmp_path / "shared-cache"
    others = {
        "other-program/data.bin": b"keep",
        "draft.md": "草稿".encode(),
        "extractor-0123456789abcdef/readme.txt": b"not ours though the folder looks like it",
        "extractor-0123456789abcdef/ab/" + "f" * 64 + ENTRY_SUFFIX: b"not an entry",
    }
    for name, data in others.items():
        (cache / name).parent.mkdir(parents=True, exist_ok=True)
        (cache / name).write_bytes(data)
    folder = write_issues(tmp_path / "issues", 2)
    env = {"AUDIT_CACHE_DIR": str(cache)}
    assert CliRunner(env=env).invoke(main, ["extract", str(folder), "-j", "1"]).exit_code == 0
    entries = [p for p in cache.rglob(f"*{ENTRY_SUFFIX}") if p.read_bytes() != b"not an entry"]
    assert len(entries) == 2
    cleared = CliRunner(env=env).invoke(main, ["cache", "clear"])
    assert (cleared.exit_code, cleared.stdout) == (0, f"removed 2 cache entries from {cache}\n")
    assert sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file()) == sorted(others)
    again = CliRunner(env=env).invoke(main, ["cache", "clear"])
    assert again.exit_code == 2 and "nothing was deleted" in again.stderr
