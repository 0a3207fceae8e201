"""Changes made to the show's database by anyone (the command line, another window, a script) reach every client.

A thread of its own, off the frame loop, with its own read-only connection: once per
`interval_s` it asks SQLite's `PRAGMA data_version` (microseconds; it moves when another
connection commits). Only then does it read two fingerprints: the catalog's (every variant's SKU,
title, price, compare-at price and stock) and the open show's rundown. A changed catalog is announced
as `CatalogChanged` (`{sku: null, source: "database"}`); a changed rundown is re-read and handed
to the engine thread (`ReplaceSegments` with the show's id: dropped if another show opened meanwhile),
which announces `RundownChanged`. The as-run writer's
commits move data_version too, but leave both fingerprints alone, so they announce nothing.
A look reads the whole catalog (about 1 ms for a thousand variants, 2 s for 330,000 on the
loaded development machine), so the next look waits ten times as long as the last one took.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from studio.core.show.db import BUSY_TIMEOUT_MS
from studio.core.show.rundown import load_segments

log = logging.getLogger(__name__)
WATCH_INTERVAL_S = 1.0
LOOK_BUDGET_FACTOR = 10     # after a look that took t, the next is at least 10 t later

_CATALOG = """SELECT (SELECT group_concat(sku || '|' || price || '|' || ifnull(compare_at_price, '') || '|'
                                       || ifnull(stock, '') || '|' || ifnull(image_source, ''), char(10)) FROM variants)
                     || char(10) || (SELECT group_concat(id || '|' || title || '|' || product_type, char(10))
                                     FROM products)"""
_RUNDOWN = """SELECT group_concat(s.id || '|' || s.position || '|' || s.kind || '|' || s.title || '|'
                                 || s.planned_duration_s || '|' || ifnull(s.sku, '') || '|' || s.talking_points
                                 || '|' || s.cues, char(10))
              FROM (SELECT * FROM segments WHERE show_id = (SELECT id FROM shows WHERE name = ?)
                    ORDER BY position) s"""


class DatabaseWatch:
    def __init__(self, db_path: Path, show_name: Callable[[], str | None], catalog_changed: Callable[[], None],
                 rundown_changed: Callable[[int, list], None], interval_s: float = WATCH_INTERVAL_S):
        """`show_name()`: the show open now; `rundown_changed(show_id, segments)` gets its re-read rundown."""
        self._db_path = db_path
        self._show_name = show_name
        self._catalog_changed = catalog_changed
        self._rundown_changed = rundown_changed
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="database watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # read-only, no migration check: the watch never takes a lock a writer (the engine's own) waits for
        db = sqlite_utils.Database(sqlite3.connect(f"file:{self._db_path}?mode=ro", uri=True,
                                                   timeout=BUSY_TIMEOUT_MS / 1000))
        try:
            version, show = None, self._show_name()
            catalog, rundown = self._catalog(db), self._rundown(db, self._show_name())
            wait_s = self._interval_s
            while not self._stop.wait(wait_s):
                wait_s = self._interval_s
                try:
                    now = db.execute("PRAGMA data_version").fetchone()[0]
                    name = self._show_name()
                    if now == version and name == show:
                        continue
                    version, show = now, name
                    started_s = time.monotonic()
                    catalog, rundown = self._compare(db, name, catalog, rundown)
                    # a huge catalog (330,000 variants: about 2 s a look here) is looked at less often,
                    # so the watch never takes more than a tenth of a core
                    wait_s = max(self._interval_s, LOOK_BUDGET_FACTOR * (time.monotonic() - started_s))
                except sqlite3.Error as error:     # busy or locked: the next look tries again
                    log.warning("database watch: %s", error)
        finally:
            db.conn.close()

    def _compare(self, db, name: str | None, catalog: str, rundown: str) -> tuple[str, str]:
        """Announces what changed. Another show opened since the last look counts as a change: its rundown may
        have been edited between its opening and now (re-applying an unchanged one changes nothing)."""
        new_catalog, new_rundown = self._catalog(db), self._rundown(db, name)
        if new_catalog != catalog:
            self._catalog_changed()
        if new_rundown != rundown and name is not None:
            show_id = next(db.query("SELECT id FROM shows WHERE name = ?", [name]), {}).get("id")
            if show_id is not None:
                self._rundown_changed(show_id, load_segments(db, show_id))
        return new_catalog, new_rundown

    @staticmethod
    def _catalog(db) -> str:
        return _digest(db.execute(_CATALOG).fetchone()[0])

    @staticmethod
    def _rundown(db, name: str | None) -> str:
        return _digest(db.execute(_RUNDOWN, [name]).fetchone()[0]) if name else ""


def _digest(text: str | None) -> str:
    return hashlib.blake2b((text or "").encode(), digest_size=16).hexdigest()
