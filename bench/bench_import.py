"""Importing a 50 MB Shopify CSV: wall time and peak memory of `studio catalog import`.

Runs the real command in a child process on a fresh database (no images) and
reads the child's CPU time and peak resident set size from the OS (CPU time is
the steadier number on a shared machine). Run: `python -m bench.bench_import`.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.big_catalog import write_shopify_csv

SIZE_BYTES = 50 * 1024 * 1024


def measure(csv_path: Path, db_path: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one import in a child process."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "studio", "catalog", "import", str(csv_path), "--no-images", "--db", str(db_path)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        csv_path = Path(directory) / "big.csv"
        variants = write_shopify_csv(csv_path, SIZE_BYTES)
        wall_s, cpu_s, peak_mb = measure(csv_path, Path(directory) / "studio.db")
        size_mb = csv_path.stat().st_size / 1024 / 1024
        print(f"catalog import: {size_mb:.0f} MB Shopify CSV, {variants:,} variants: "
              f"{wall_s:.1f} s wall, {cpu_s:.1f} s CPU, peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
