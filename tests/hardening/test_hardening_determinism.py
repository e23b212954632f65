"""The same inputs give byte-identical output: across processes, hash seeds, --jobs and the cache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from audit.generate import build_archive, write_docx
from audit.pipeline import PARALLEL_FROM
from tests.hardening.hardening_support import cli_env, series_texts

DEFECTS = (
    "completed_le_accepted",
    "dates_in_period",
    "serial_sequential",
    "ytd_monotonic",
    "heading_sequence",
)
# Renders every format in a fresh interpreter, so that set and dict orders under its own hash seed
# would show in the output if anything depended on them.
ALL_FORMATS = """
import json, sys
from audit.formats import render_output
from audit.pipeline import check
result = check(sys.argv[1:2], history=sys.argv[2:])
print(json.dumps({fmt: render_output(result, fmt) for fmt in ("json", "text", "junit", "github")}))
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two series with defects, enough files for the process pool, a .docx and a history folder."""
    folder = tmp_path_factory.mktemp("determinism")
    build_archive(folder / "drafts", PARALLEL_FROM // 2 + 2, n_series=2, seed=11, defects=DEFECTS)
    write_docx(folder / "drafts" / "extra.docx", series_texts(1, seed=12)[0])
    history = folder / "history"
    history.mkdir()
    for number, text in enumerate(series_texts(3, seed=13)):
        (history / f"old-{number}.md").write_text(text, encoding="utf-8")
    return folder


def run(args: list[str], tmp_path: Path, hash_seed: int, cache: str) -> subprocess.CompletedProcess[str]:
    env = {**cli_env(tmp_path), "PYTHONHASHSEED": str(hash_seed), "AUDIT_CACHE_DIR": str(tmp_path / cache)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_check_json_is_byte_identical_across_runs_jobs_and_cache(archive: Path, tmp_path: Path) -> None:
    drafts, history = str(archive / "drafts"), str(archive / "history")
    check = ["-m", "audit.cli", "check", drafts, "--history", history, "--format", "json"]
    serial = run([*check, "-j", "1", "--no-cache"], tmp_path, 1, "unused")
    parallel_cold = run([*check, "-j", "2"], tmp_path, 2, "cache")
    parallel_warm = run([*check, "-j", "2"], tmp_path, 3, "cache")
    assert serial.returncode == 1, serial.stderr
    findings = json.loads(serial.stdout)["findings"]
    assert {f["rule"] for f in findings} >= set(DEFECTS)
    assert len(json.loads(serial.stdout)["issues"]) > PARALLEL_FROM
    for other in (parallel_cold, parallel_warm):
        assert (other.returncode, other.stderr) == (serial.returncode, serial.stderr)
        assert other.stdout == serial.stdout


def test_every_format_is_byte_identical_under_other_hash_seeds(archive: Path, tmp_path: Path) -> None:
    args = ["-c", ALL_FORMATS, str(archive / "drafts"), str(archive / "history")]
    first, second = (run(args, tmp_path, seed, "unused") for seed in (4, 5))
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    outputs = json.loads(first.stdout)
    order = [(f["source"], f["rule"], f["fingerprint"]) for f in json.loads(outputs["json"])["findings"]]
    assert len(order) == len(set(order))
