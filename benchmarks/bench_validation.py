"""What validating a settings file and a waivers file costs the pre-publication gate.

Each variant runs in a fresh interpreter after pandera is imported (as every ``audit check`` does),
interleaved, best of ``--repeat``: loading no file, a settings file, a waivers file, both. The
schemas (``schemas/files.py``) are imported only when a file is loaded.

    python benchmarks/bench_validation.py --repeat 7
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = 'disable = ["dates_in_period"]\nmax_period_days = 21\n[severity]\nperiod_valid = "warning"\n'
WAIVERS = "waivers:\n" + "".join(
    f"  - rule: completed_le_accepted\n    serial_no: {n}\n    reason: r\n    approved_by: a\n"
    "    expires: 2030-01-01\n"
    for n in range(1, 51)
)
CODE = """
import pandera.pandas
from audit.config import load_settings
from audit.waivers import load_waivers
import time
t = time.perf_counter()
{load}
print(time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        settings, waivers = Path(folder) / "audit.toml", Path(folder) / "waivers.yaml"
        settings.write_text(SETTINGS, encoding="utf-8")
        waivers.write_text(WAIVERS, encoding="utf-8")
        variants = {
            "no file": f"load_settings(start=__import__('pathlib').Path({str(folder)!r}))",
            "settings file": f"load_settings({str(settings)!r})",
            "waivers file (50)": f"load_waivers({str(waivers)!r})",
            "both": f"load_settings({str(settings)!r}); load_waivers({str(waivers)!r})",
        }
        best: dict[str, float] = {}
        walls: dict[str, float] = {}
        for _ in range(repeat):
            for name, load in variants.items():
                start = time.perf_counter()
                out = subprocess.run(
                    [sys.executable, "-c", CODE.format(load=load)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
                wall = time.perf_counter() - start
                best[name] = min(best.get(name, 1e9), float(out.stdout))
                walls[name] = min(walls.get(name, 1e9), wall)
    print(f"{'variant':<20} {'load ms':>8} {'process s':>10}")
    for name in variants:
        print(f"{name:<20} {best[name] * 1000:8.1f} {walls[name]:10.2f}")


if __name__ == "__main__":
    main()
