"""What an SQLite error means for the person at the keyboard, in one line.

SQLite reports a busy, read-only, full, damaged or foreign file with a handful of
result codes; each gets one message here that names the file, says whether
anything changed and what to do. Nothing else in the studio words these errors,
so a locked or read-only file is never called "not a studio database" (which
invites deleting a good one).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from studio.errors import StudioError


class DatabaseError(StudioError):
    """The studio database cannot be used right now; the message says why and what to do."""

    exit_code = 3
    kind = "error"


class DatabaseBusyError(DatabaseError):
    """Another process held the write lock for longer than we wait (a long import)."""

    kind = "busy"


class DatabaseReadOnlyError(DatabaseError):
    kind = "read-only"


class DatabaseFullError(DatabaseError):
    kind = "disk full"


class DatabaseDamagedError(DatabaseError):
    kind = "damaged"


def _code(error: sqlite3.Error) -> str:
    name = getattr(error, "sqlite_errorname", "") or ""
    if name:
        return name
    text = str(error).lower()  # errors raised before a statement ran carry no code
    for needle, code in (("locked", "SQLITE_BUSY"), ("readonly", "SQLITE_READONLY"), ("read-only", "SQLITE_READONLY"),
                         ("disk is full", "SQLITE_FULL"), ("malformed", "SQLITE_CORRUPT"),
                         ("not a database", "SQLITE_NOTADB"), ("unable to open", "SQLITE_CANTOPEN")):
        if needle in text:
            return code
    return "SQLITE_ERROR"


def explain(error: sqlite3.Error, path: str | Path | None, waited_s: float | None = None) -> DatabaseError:
    """The one-line StudioError for `error` raised while using the database at `path`."""
    where = f"{path}: " if path else "studio database: "
    code = _code(error)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        waited = f" for {waited_s:g} s" if waited_s else ""
        return DatabaseBusyError(
            f"{where}the database is busy: another program (a long `studio catalog import`?) held its write "
            f"lock{waited}; nothing was changed. Try again when it has finished.")
    if code.startswith("SQLITE_READONLY") or (code.startswith("SQLITE_CANTOPEN") and path and Path(path).exists()):
        return DatabaseReadOnlyError(
            f"{where}cannot write the database (the file or its folder is read-only); nothing was changed. "
            "Check the permissions of the file and its folder, or use --db with a writable copy.")
    if code.startswith("SQLITE_CANTOPEN"):
        return DatabaseReadOnlyError(f"{where}cannot create or open the database file (does the folder exist, "
                                     "and may you write to it?)")
    if code.startswith("SQLITE_FULL"):
        return DatabaseFullError(f"{where}the disk is full; nothing was changed. Free some space and try again.")
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return DatabaseDamagedError(
            f"{where}the file is damaged or is not a studio database ({error}); nothing was written to it. "
            "Move it aside and restore a backup (the NAME.vN-backup files next to it), or start a new one.")
    if code.startswith("SQLITE_IOERR"):
        return DatabaseError(f"{where}the disk reported an error ({error}); nothing was changed. "
                             "Check the disk (full, removed, failing?) and try again.")
    return DatabaseError(f"{where}database error ({error})")
