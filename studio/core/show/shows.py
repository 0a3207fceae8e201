"""Shows as a producer manages them: names checked, listed with their counts, renamed, deleted.

Creating and duplicating are in rundown.py (`create_show`, `duplicate_show`); every name, there and
here, goes through `check_show_name`, so the window, the CLI and the live commands refuse the same
names with the same words.
"""

from __future__ import annotations

import sqlite_utils

from studio.core.show.db import transaction
from studio.core.show.rundown import check_show_name, get_show
from studio.errors import UserInputError

def show_summaries(db: sqlite_utils.Database) -> list[dict]:
    """Every show, newest first: name, title, created_at, segments, products (distinct), planned_s."""
    return list(db.query(
        """SELECT shows.name, shows.title, shows.created_at, COUNT(segments.id) AS segments,
                  COUNT(DISTINCT segments.product_id) AS products,
                  COALESCE(SUM(segments.planned_duration_s), 0) AS planned_s
           FROM shows LEFT JOIN segments ON segments.show_id = shows.id
           GROUP BY shows.id ORDER BY shows.created_at DESC, shows.id DESC"""))


def rename_show(db: sqlite_utils.Database, name: str, new_name: str) -> str:
    new_name = check_show_name(new_name)
    with transaction(db):
        show = get_show(db, name)
        if new_name != show.name and next(db.query("SELECT 1 FROM shows WHERE name = ?", [new_name]), None):
            raise UserInputError(f"a show named {new_name!r} already exists: choose another name")
        db.execute("UPDATE shows SET name = ? WHERE id = ?", [new_name, show.id])
    return new_name


def delete_show(db: sqlite_utils.Database, name: str) -> None:
    """The show, its rundown and its as-run log (the catalog stays)."""
    with transaction(db):
        show = get_show(db, name)
        db.execute("DELETE FROM shows WHERE id = ?", [show.id])
