"""Benchmark ``audit check`` on generated archives of growing size (not part of the test run).

Usage: python benchmarks/bench_archive.py [--sizes 1,450,2000,20000,100000] [--series 4] [--jobs 2]
[--pairs N]

For each size it generates an archive with the project's generator (.md and GB18030 .txt),
runs ``audit check ARCHIVE --format json`` in a fresh process with a cold cache (then with
``--report``, the pair run ``--pairs`` times), and prints one table: whole-process wall time,
time per 1,000 issues, stage times (extract, validate, report, workbook), files/s and MB/s of
extraction, and the peak RSS of the largest process. The workbook column is the time the run
waits for the workbook once the output is written (with two jobs or more it is written beside
the output); below the table, the median of what the workbook adds to the wall time, run against
run. The machine's noise is in each difference: quote the median of several pairs. It then times the pre-publication gate: one draft checked
against a 450-issue archive with a warm cache, against ``python -c "import pandas, pandera.pandas"``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audit.generate import build_archive

REPORT_LIMIT = 20000


def _run(command: list[str], env: dict[str, str]) -> tuple[float, dict[str, float], int]:
    """Return wall seconds, stage timings and the peak RSS (MiB) of one whole process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stages: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("AUDIT_TIMINGS "):
            stages = json.loads(line.removeprefix("AUDIT_TIMINGS "))
    # ru_maxrss is a running maximum over children: a smaller run leaves it unchanged.
    return wall, stages, max(peak, before) // 1024 if peak > before else -1


def _size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _archive(root: Path, issues: int, series: int) -> Path:
    folder = root / f"archive-{issues}"
    if not folder.exists():
        per_series = max(1, issues // series)
        build_archive(folder, per_series, n_series=min(series, issues), formats=("md", "txt"), seed=1)
    return folder


def bench_sizes(root: Path, sizes: list[int], series: int, jobs: int, pairs: int) -> None:
    header = (
        f"{'issues':>7} {'MB':>6} {'report':>6} {'wall s':>7} {'s/1k':>6} {'extract':>7} {'validate':>8} "
        f"{'report':>6} {'xlsx':>6} {'files/s':>7} {'MB/s':>5} {'RSS MiB':>7}"
    )
    print(header)
    print("-" * len(header))
    added: dict[int, list[float]] = {}
    for issues in sizes:
        folder = _archive(root, issues, series)
        count = sum(1 for p in folder.rglob("*") if p.suffix in (".md", ".txt"))
        megabytes = _size(folder)
        # An Excel sheet holds 1,048,576 rows: a workbook of every figure stops making sense
        # well before that, so the workbook is timed up to 20,000 issues.
        for _ in range(pairs if issues <= REPORT_LIMIT else 1):
            walls = {}
            for with_report in (False, True) if issues <= REPORT_LIMIT else (False,):
                cache = root / f"cache-{issues}-{with_report}"
                shutil.rmtree(cache, ignore_errors=True)  # cold, whatever ran before
                env = {**os.environ, "AUDIT_TIMINGS": "1", "AUDIT_CACHE_DIR": str(cache)}
                command = [sys.executable, "-m", "audit.cli", "check", str(folder), "--format", "json"]
                command += ["-o", str(root / "out.json"), "--jobs", str(jobs), "--quiet"]
                if with_report:
                    command += ["--report", str(root / f"report-{issues}.xlsx")]
                wall, stages, rss = _run(command, env)
                walls[with_report] = wall
                extract = stages.get("extract", 0.0)
                print(
                    f"{count:>7} {megabytes:>6.1f} {'yes' if with_report else 'no':>6} {wall:>7.2f} "
                    f"{wall / count * 1000:>6.2f} {extract:>7.2f} {stages.get('validate', 0):>8.2f} "
                    f"{stages.get('report', 0):>6.2f} {stages.get('workbook', 0):>6.2f} "
                    f"{count / extract if extract else 0:>7.0f} {megabytes / extract if extract else 0:>5.2f} "
                    f"{rss if rss >= 0 else '(<prev)':>7}",
                    flush=True,
                )
            if True in walls:
                added.setdefault(count, []).append(walls[True] - walls[False])
    for count, seconds in added.items():
        spread = ", ".join(f"{s:+.2f}" for s in sorted(seconds))
        print(
            f"\nthe workbook adds {statistics.median(seconds):+.2f} s to the JSON run of {count} issues "
            f"(median of {len(seconds)} pair{'s' if len(seconds) > 1 else ''}: {spread})"
        )


def _gate_archive(root: Path) -> tuple[Path, Path]:
    """Return a 450-issue archive and, in a folder of its own, the draft that follows it."""
    archive, drafts = root / "gate-archive", root / "gate-draft"
    if not drafts.exists():
        shutil.rmtree(archive, ignore_errors=True)
        build_archive(archive, 451, n_series=1, formats=("md", "txt"), seed=1)
        last = max((p for p in archive.rglob("*") if p.suffix in (".md", ".txt")), key=lambda p: p.name)
        drafts.mkdir()
        shutil.move(last, drafts / last.name)
    return archive, next(drafts.iterdir())


def bench_gate(root: Path, jobs: int, repeat: int) -> None:
    archive, draft = _gate_archive(root)
    env = {**os.environ, "AUDIT_CACHE_DIR": str(root / "cache-gate")}
    command = [sys.executable, "-m", "audit.cli", "check", str(draft), "--history", str(archive)]
    command += ["--format", "json", "--jobs", str(jobs), "--quiet"]
    subprocess.run(command, env=env, capture_output=True)  # warm the cache
    imports = [sys.executable, "-c", "import pandas, pandera.pandas"]
    # Interleaved, so that both see the same machine; medians and best runs are compared.
    gate, baseline = [], []
    for _ in range(repeat):
        gate.append(_run(command, env)[0])
        baseline.append(_run(imports, env)[0])
    print(f"\npre-publication gate (1 draft + 450-issue history, warm cache), {repeat} interleaved runs:")
    for name, times in (("gate", gate), ("import pandas, pandera.pandas", baseline)):
        print(
            f"  {name}: median {statistics.median(times):.3f} s, best {min(times):.3f} s, "
            f"spread {min(times):.3f}–{max(times):.3f} s"
        )
    ratios = sorted(g / b for g, b in zip(gate, baseline, strict=True))
    print(
        f"  ratio of medians {statistics.median(gate) / statistics.median(baseline):.2f}, "
        f"of best runs {min(gate) / min(baseline):.2f}; run by run {ratios[0]:.2f}–{ratios[-1]:.2f}"
    )


def _byte_compile() -> None:
    """Byte-compile the project, as installing a package does.

    pandas and pandera are timed from their compiled modules; an editable checkout run with
    PYTHONDONTWRITEBYTECODE would instead compile this project's sources on every run.
    """
    root = Path(__file__).resolve().parents[1]
    for package in ("audit", "schemas", "checks", "reports"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,450,2000,20000,100000")
    parser.add_argument("--series", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7, help="Runs of the gate and of the baseline.")
    parser.add_argument(
        "--pairs", type=int, default=1, help="Runs without and with the workbook, alternated, per size."
    )
    parser.add_argument("--work", type=Path, help="Folder for archives (default: a temporary folder).")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as temporary:
        root = args.work or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        _byte_compile()
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, --jobs {args.jobs}\n")
        bench_sizes(root, sizes, args.series, args.jobs, args.pairs)
        bench_gate(root, args.jobs, args.repeat)


if __name__ == "__main__":
    main()
