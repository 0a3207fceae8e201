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
from studio.core.show.db_errors import DatabaseDamagedError, explain
from studio.errors import UserInputError

# A writer waits this long for another process's write lock (a long import) before
# giving up with a clear "busy" message. The engine never waits on it: its writes
# go through a BackgroundWriter thread (studio/core/show/background_writer.py).
BUSY_TIMEOUT_MS = 30_000
# Errors that say something about the file or the disk, not about our SQL.
_ENVIRONMENT_ERRORS = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_CORRUPT",
                       "SQLITE_NOTADB", "SQLITE_IOERR", "SQLITE_CANTOPEN")

_write_locks: "weakref.WeakKeyDictionary[sqlite_utils.Database, threading.RLock]" = (
    weakref.WeakKeyDictionary()
)
_registry_lock = threading.Lock()
_paths: "weakref.WeakKeyDictionary[sqlite_utils.Database, Path]" = weakref.WeakKeyDictionary()


def open_database(path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite_utils.Database:
    """Open (creating or migrating as needed) the studio database at `path`.

    A database written by a newer studio, or a damaged one, is refused before
    anything is written to it; an older one is copied to a backup file, then migrated.
    """
    path = Path(path)
    if path.exists():
        _refuse_unusable_file(path, busy_timeout_ms)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserInputError(f"{path}: cannot create the folder {path.parent} ({error.strerror})") from None
    try:
        conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False)
    except sqlite3.Error as error:
        raise explain(error, path) from None
    db = sqlite_utils.Database(conn)
    _paths[db] = path
    try:
        db.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = FULL")
        with write_lock(db):
            migrations.migrate(db, path)
    except sqlite3.Error as error:
        conn.close()
        raise explain(error, path, busy_timeout_ms / 1000) from None
    except BaseException:
        conn.close()
        raise
    return db


def database_path(db: sqlite_utils.Database) -> Path | None:
    """The file behind `db` (None for an in-memory database)."""
    path = _paths.get(db)
    if path is None:
        for _, name, file in db.execute("PRAGMA database_list").fetchall():
            if name == "main" and file:
                path = _paths[db] = Path(file)
    return path


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

    It takes SQLite's write lock up front (`BEGIN IMMEDIATE`), so a writer waits
    for another process's lock (up to the busy timeout) at the start instead of
    failing half-way through. Errors about the file or disk (busy, read-only, full,
    damaged) become one-line `DatabaseError`s; nothing of the transaction is kept.
    """
    with write_lock(db):
        if db.conn.in_transaction:  # nested: a savepoint inside the outer transaction
            with db.atomic():
                yield db
            return
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise _explained(db, error) from None
        try:
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as error:
            _rollback(db)
            if getattr(error, "sqlite_errorname", "").startswith(_ENVIRONMENT_ERRORS):
                raise _explained(db, error) from None
            raise
        except BaseException:
            _rollback(db)
            raise


def _rollback(db: sqlite_utils.Database) -> None:
    if db.conn.in_transaction:
        db.conn.rollback()


def _explained(db: sqlite_utils.Database, error: sqlite3.Error):
    timeout_ms = db.execute("PRAGMA busy_timeout").fetchone()[0]
    return explain(error, database_path(db), timeout_ms / 1000)


def _refuse_unusable_file(path: Path, busy_timeout_ms: int) -> None:
    """Read the schema version without writing a byte (read-only URI)."""
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as error:
        raise explain(error, path) from None
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        # A damaged file must not be written to: a write could spread the damage.
        # quick_check reads every page once (milliseconds for a show database).
        problems = [row[0] for row in probe.execute("PRAGMA quick_check(3)").fetchall()]
    except sqlite3.Error as error:
        raise explain(error, path, busy_timeout_ms / 1000) from None
    finally:
        probe.close()
    if problems != ["ok"]:
        raise DatabaseDamagedError(
            f"{path}: the file is damaged ({problems[0].splitlines()[0]}); nothing was written to it. Move it aside and restore "
            "a backup (the NAME.vN-backup files next to it), or start a new one.")
    if version > migrations.LATEST_VERSION:
        raise UserInputError(
            f"{path}: schema version {version} was written by a newer studio; this one "
            f"understands up to version {migrations.LATEST_VERSION}. Upgrade the studio; "
            "the file was left untouched."
        )
