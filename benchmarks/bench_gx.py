"""Benchmark ``audit gx run`` against ``audit check`` on one generated archive (not part of the test run).

Usage: python benchmarks/bench_gx.py [--issues 2000] [--repeat 2] [--jobs N]

Generates an archive of ISSUES issues (Markdown, one series, every defect kind injected once)
with the project's generator, then times whole processes, best of REPEAT:
``audit check ARCHIVE --format json`` and ``audit gx run ARCHIVE``, first parsing every file
(``--no-cache``), then with a warm extraction cache (the rules alone). Prints the wall times,
the ratio gx/check and each run's stage times (extract, validate, gx).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audit.generate import DEFECT_KINDS, build_archive


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Return the wall seconds and stage timings of one whole process."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    stages: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("AUDIT_TIMINGS "):
            stages = json.loads(line.removeprefix("AUDIT_TIMINGS "))
    return wall, stages


def _best(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, dict[str, float]]:
    return min((_timed(command, env) for _ in range(repeat)), key=lambda run: run[0])


def _stages(stages: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.1f}" for name, seconds in stages.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-gx-") as folder:
        archive = Path(folder) / "archive"
        began = time.perf_counter()
        build_archive(archive, args.issues, defects=DEFECT_KINDS)
        print(f"archive: {args.issues} issues generated in {time.perf_counter() - began:.1f} s")
        env = {**os.environ, "AUDIT_TIMINGS": "1", "AUDIT_CACHE_DIR": str(Path(folder) / "cache")}
        audit = [sys.executable, "-m", "audit.cli"]
        jobs = ["--jobs", str(args.jobs)]
        commands = {
            "check": [*audit, "check", str(archive), "--format", "json", *jobs],
            "gx run": [*audit, "gx", "run", str(archive), *jobs],
        }
        print(f"best of {args.repeat}, whole process, --jobs {args.jobs}:")
        for mode, extra in (("no cache", ["--no-cache"]), ("warm cache", [])):
            if extra == []:
                _timed(commands["check"], env)  # fill the cache
            times = {}
            for name, command in commands.items():
                wall, stages = _best([*command, *extra], env, args.repeat)
                times[name] = wall
                print(f"  {mode:<10} {name:<7} {wall:6.1f} s  ({_stages(stages)})")
            print(f"  {mode:<10} ratio gx run / check = {times['gx run'] / times['check']:.1f}x")


if __name__ == "__main__":
    main()
