"""Importing a 50 MB Shopify CSV and a 50 MB JSON catalog: time and peak memory of `studio catalog import`.

Runs the real command in a child process on a fresh database (no images) and
reads the child's CPU time and peak resident set size from the OS (CPU time is
the steadier number on a shared machine). Run: `python -m bench.bench_import`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.big_catalog import write_json_catalog, write_shopify_csv

SIZE_BYTES = 50 * 1024 * 1024


def measure(path: Path, db_path: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one import in a child process (os.wait4: that child's own usage)."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "studio", "catalog", "import", str(path), "--no-images", "--db", str(db_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"import of {path} failed with exit code {child.returncode}")
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    for name, label, write in (("big.csv", "Shopify CSV", write_shopify_csv), ("big.json", "JSON catalog", write_json_catalog)):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / name
            variants = write(path, SIZE_BYTES)
            wall_s, cpu_s, peak_mb = measure(path, Path(directory) / "studio.db")
            size_mb = path.stat().st_size / 1024 / 1024
            print(f"catalog import: {size_mb:.0f} MB {label}, {variants:,} variants: "
                  f"{wall_s:.1f} s wall, {cpu_s:.1f} s CPU, peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
