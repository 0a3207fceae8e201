"""A show's named inputs, stored with it (the switcher opens them when the show plays).

A spec that carries a password (`rtsp://user:secret@camera/...`) is not stored: the database holds
no secret in plain text, so such an input is given on the command line (`--input`) each time.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlite_utils

from studio.core.show.db import transaction
from studio.core.show.rundown import get_show
from studio.errors import UserInputError


def carries_password(spec: str) -> bool:
    try:
        return urlsplit(spec).password is not None
    except ValueError:
        return False


def stored_inputs(db: sqlite_utils.Database, show_id: int) -> list[tuple[str, str]]:
    return [(row["name"], row["spec"]) for row in
            db.query("SELECT name, spec FROM show_inputs WHERE show_id = ? ORDER BY position", [show_id])]


def store_input(db: sqlite_utils.Database, show_name: str, name: str, spec: str) -> None:
    """Add (or re-point) a show's input; refused for a spec with a password in it."""
    if carries_password(spec):
        raise UserInputError(f"input {name}: its URL carries a password, which is not stored in the database; "
                             "give it with --input each time")
    with transaction(db):
        show = get_show(db, show_name)
        position = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM show_inputs WHERE show_id = ?",
                              [show.id]).fetchone()[0]
        db.execute("""INSERT INTO show_inputs (show_id, position, name, spec) VALUES (?, ?, ?, ?)
                      ON CONFLICT (show_id, name) DO UPDATE SET spec = excluded.spec""",
                   [show.id, position, name, spec])


def forget_input(db: sqlite_utils.Database, show_name: str, name: str) -> bool:
    with transaction(db):
        show = get_show(db, show_name)
        return db.execute("DELETE FROM show_inputs WHERE show_id = ? AND name = ?", [show.id, name]).rowcount > 0
