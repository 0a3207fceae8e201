"""Another process holding the studio database's write lock, as a long `catalog import` does.

`python -m tests.show.lock_holder DB [HOLD_S]` takes the write lock (BEGIN IMMEDIATE),
prints `locked`, and lets go after HOLD_S seconds or when its stdin closes,
then prints `released`.
"""

from __future__ import annotations

import contextlib
import select
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(path: str, hold_s: float | None) -> None:
    conn = sqlite3.connect(path, isolation_level=None, timeout=60)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE IF NOT EXISTS lock_holder_scratch (x)")  # a real pending write
    print("locked", flush=True)
    select.select([sys.stdin], [], [], hold_s)
    conn.execute("ROLLBACK")
    print("released", flush=True)


@contextlib.contextmanager
def holding_write_lock(db_path: Path | str, hold_s: float | None = None) -> Iterator[subprocess.Popen]:
    """Runs the holder; returns once it holds the lock (the `locked` line), lets go on exit."""
    holder = subprocess.Popen([sys.executable, "-m", "tests.show.lock_holder", str(db_path)]
                              + ([str(hold_s)] if hold_s is not None else []),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.stdin.close()
            holder.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else None)
