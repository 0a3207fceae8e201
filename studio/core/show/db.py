"""The one way the studio opens its SQLite file.

Every connection is set up the same way (WAL, foreign keys, a busy timeout,
synchronous=FULL so a committed as-run event survives a crash), the schema is
brought up to date before anyone reads it, and writes made through
`transaction()` are serialised: the engine, the UI bridge and the destination
monitor may all write from different threads.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from studio.core.show import migrations
from studio.errors import UserInputError

BUSY_TIMEOUT_MS = 5000

_write_locks: "weakref.WeakKeyDictionary[sqlite_utils.Database, threading.RLock]" = (
    weakref.WeakKeyDictionary()
)
_registry_lock = threading.Lock()


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating or migrating as needed) the studio database at `path`.

    A database written by a newer studio is refused before anything is written to
    it; an older one is copied to a backup file, then migrated.
    """
    path = Path(path)
    if path.exists():
        _refuse_unusable_file(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        db.execute("PRAGMA synchronous = FULL")
        with write_lock(db):
            migrations.migrate(db, path)
    except BaseException:
        conn.close()
        raise
    return db


def write_lock(db: sqlite_utils.Database) -> threading.RLock:
    """The lock that serialises this connection's writes across threads."""
    with _registry_lock:
        lock = _write_locks.get(db)
        if lock is None:
            lock = _write_locks[db] = threading.RLock()
        return lock


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One serialised transaction: everything inside commits together or not at all.

    The outermost one begins IMMEDIATE, taking SQLite's write lock at once (waiting up to the
    busy timeout): a deferred one that reads first and writes later fails at once with
    "database is locked" when another connection committed in between (WAL cannot upgrade a
    stale read snapshot), which took a live show off air (the as-run write on the engine thread
    against a price edit from the control service). Nested ones are savepoints."""
    with write_lock(db):
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            with db.atomic():
                yield db
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")


def _refuse_unusable_file(path: Path) -> None:
    """Read the schema version without writing a byte (read-only URI)."""
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise UserInputError(f"{path}: cannot open the database: {error}") from None
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise UserInputError(f"{path}: not a studio database ({error})") from None
    finally:
        probe.close()
    if version > migrations.LATEST_VERSION:
        raise UserInputError(
            f"{path}: schema version {version} was written by a newer studio; this one "
            f"understands up to version {migrations.LATEST_VERSION}. Upgrade the studio; "
            "the file was left untouched."
        )
