"""One thread that does a live show's slow writes, so the frame loop never waits on a disk or a lock.

The engine thread only `submit`s a write (it never blocks); the writer thread
applies everything queued in one transaction on its own connection, as soon as
it is queued, so a SIGKILL loses only what the thread had not reached yet
(milliseconds). When a write fails (another process holds the database's
write lock, the disk is full) the writes stay queued, in memory and in order,
and the thread retries; after `alert_after_s` of failure it raises an alert (an
`ALERT:` line on stderr and `self.alert`, a state the engine can publish) and
clears it when the writes go through again. Nothing is dropped silently: what
is still unwritten at `close()` is saved to a JSON-lines file next to the
database and named in an alert.

The owner waits for it at shutdown (`close()`), like picard's worker threads.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from studio.core.show.db import open_database, transaction
from studio.errors import StudioError, error_reason

RETRY_INTERVAL_S = 0.25
ALERT_AFTER_S = 2.0
# The writer's own connection waits this long for a lock before it counts a failure
# and retries: short, so the alert comes in time and close() is never stuck for long.
WRITER_BUSY_TIMEOUT_MS = 250

Write = Callable[[sqlite_utils.Database | None], None]


@dataclass(frozen=True)
class PendingWrite:
    description: str
    write: Write
    keep: dict[str, Any] | None = None  # the data, saved to the spill file if it can never be written


def _print_alert(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class BackgroundWriter:
    def __init__(self, db_path: str | Path | None, name: str = "as-run log", *,
                 alert_after_s: float = ALERT_AFTER_S, retry_interval_s: float = RETRY_INTERVAL_S,
                 on_alert: Callable[[str], None] = _print_alert):
        """`db_path`: the database its own connection writes to; None for writes that are not
        to the database (a key store update), which then receive None."""
        self.name = name
        self.db_path = Path(db_path) if db_path is not None else None
        self.alert: str | None = None  # set while writes keep failing
        self.written = 0
        self._alert_after_s = alert_after_s
        self._retry_interval_s = retry_interval_s
        self._on_alert = on_alert
        self._queue: deque[PendingWrite] = deque()
        self._changed = threading.Condition()
        self._closing = False
        self._db: sqlite_utils.Database | None = None
        self._thread = threading.Thread(target=self._run, name=f"writer: {name}", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        return len(self._queue)

    def submit(self, description: str, write: Write, keep: dict[str, Any] | None = None) -> None:
        """Queue a write; returns at once (safe on the frame loop)."""
        with self._changed:
            if self._closing:
                raise RuntimeError(f"{self.name}: writer already closed")
            self._queue.append(PendingWrite(description, write, keep))
            self._changed.notify_all()

    def flush(self, timeout_s: float = 10.0) -> bool:
        """Wait until everything submitted so far is written; False on timeout."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while self._queue:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def close(self, timeout_s: float = 10.0) -> bool:
        """Write what is queued (retrying up to `timeout_s`), then stop the thread.

        Returns True when everything was written; otherwise the rest is saved to a
        spill file next to the database and an alert names it.
        """
        written = self.flush(timeout_s)
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join(self._retry_interval_s + WRITER_BUSY_TIMEOUT_MS / 1000 + 5.0)
        if not written:
            self._spill()
        if self._db is not None:
            self._db.close()
        return written

    # -- the writer thread ---------------------------------------------------------

    def _run(self) -> None:
        failing_since: float | None = None
        while True:
            with self._changed:
                while not self._queue and not self._closing:
                    self._changed.wait()
                if self._closing:
                    return
                batch = list(self._queue)
            try:
                self._apply(batch)
            except Exception as error:  # noqa: BLE001 - any failure: keep the writes, retry, alert
                failing_since = failing_since or time.monotonic()
                if self.alert is None and time.monotonic() - failing_since >= self._alert_after_s:
                    self.alert = f"{len(batch)} entries not saved yet: {self._reason(error)}"
                    self._on_alert(f"ALERT: {self.name}: {self.alert} (kept in memory, retrying)")
                with self._changed:
                    self._changed.wait(self._retry_interval_s)
                continue
            with self._changed:
                for _ in batch:
                    self._queue.popleft()
                self.written += len(batch)
                self._changed.notify_all()
            if self.alert is not None:
                waited_s = time.monotonic() - (failing_since or time.monotonic())
                self._on_alert(f"{self.name}: saving again after {waited_s:.1f} s; every held entry written")
                self.alert = None
            failing_since = None

    def _apply(self, batch: list[PendingWrite]) -> None:
        if self.db_path is None:
            for item in batch:
                item.write(None)
                with self._changed:  # each non-database write is done once, even if a later one fails
                    self._queue.popleft()
                    self.written += 1
                    self._changed.notify_all()
            batch.clear()  # already taken off the queue one by one
            return
        if self._db is None:
            self._db = open_database(self.db_path, busy_timeout_ms=WRITER_BUSY_TIMEOUT_MS)
        with transaction(self._db):
            for item in batch:
                item.write(self._db)

    @staticmethod
    def _reason(error: Exception) -> str:
        return str(error) if isinstance(error, StudioError) else f"{type(error).__name__}: {error_reason(error)}"

    def _spill(self) -> None:
        with self._changed:
            left = list(self._queue)
        if not left:
            return
        base = self.db_path or Path.cwd() / "studio"
        spill = base.with_name(f"{base.name}.unsaved-{time.strftime('%Y%m%d-%H%M%S')}.jsonl")
        kept = [item.keep or {"description": item.description} for item in left]
        try:
            spill.write_text("".join(json.dumps(row, sort_keys=True, default=str) + "\n" for row in kept))
            where = f"saved to {spill}"
        except OSError as error:
            where = f"and could not be saved to {spill} ({error_reason(error)}): " + json.dumps(kept, default=str)
        self._on_alert(f"ALERT: {self.name}: {len(left)} entries could not be written to the database, {where}")
