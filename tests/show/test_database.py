"""The database factory: WAL, migrations with a backup, refusal of newer files, serialised writes."""

from __future__ import annotations

import hashlib
import sqlite3
import threading

import pytest
import sqlite_utils

from studio.core.show import migrations
from studio.core.show.asrun import AsRunLog
from studio.core.show.db import open_database
from studio.core.show.exports import show_report
from studio.core.show.rundown import create_show
from studio.errors import StudioError, UserInputError


def test_new_database_is_wal_with_foreign_keys(db, db_path):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrations.schema_version(db) == migrations.LATEST_VERSION
    assert not list(db_path.parent.glob("*backup*"))  # nothing to back up in a new file


def make_version_1_database(path):
    """A database exactly as the version-1 studio left it, with a show that was run."""
    db = sqlite_utils.Database(sqlite3.connect(str(path)))
    migrations.migrate(db, up_to=1)
    db["products"].insert({"handle": "mug", "title": "Mug"})
    db["variants"].insert({"sku": "MUG-1", "product_id": 1, "price": "12.00", "currency": "USD"})
    db["shows"].insert({"name": "old-show", "created_at": "2024-01-01T00:00:00+00:00"})
    for event, at_s in (("go_live", 0.0), ("segment_start", 0.0), ("segment_end", 60.0), ("stop", 61.0)):
        db["asrun"].insert({"show_id": 1, "event": event, "show_time_s": at_s,
                            "wall_time": "2024-01-01T10:00:00+00:00",
                            "details": '{"title": "Opening", "planned_duration_s": 60}' if "segment" in event else "{}"})
    db.close()


def test_version_1_database_is_backed_up_then_migrated(db_path):
    make_version_1_database(db_path)
    db = open_database(db_path)

    assert migrations.schema_version(db) == migrations.LATEST_VERSION
    variant = next(db.query("SELECT v.*, p.status FROM variants v JOIN products p ON p.id = v.product_id"))
    assert variant["sku"] == "MUG-1" and variant["status"] == "active" and variant["image_error"] is None
    # The old log became one run, so the report still works.
    report = show_report(db, "old-show")
    assert report["run"] == 1 and report["segments"][0]["actual_s"] == 60.0
    backup = db_path.with_name("studio.db.v1-backup")
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT COUNT(*) FROM asrun").fetchone()[0] == 4
    db.close()
    # Opening again migrates nothing and makes no second backup.
    open_database(db_path).close()
    assert len(list(db_path.parent.glob("*backup*"))) == 1


def test_newer_database_is_refused_and_left_untouched(db_path):
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA journal_mode = delete")
        conn.execute("PRAGMA user_version = 99")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(UserInputError, match="schema version 99 was written by a newer studio.*left untouched"):
        open_database(db_path)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert not db_path.with_name("studio.db-wal").exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    with pytest.raises(StudioError, match="not a studio database"):
        open_database(path)


def test_writes_from_many_threads_are_serialised(db):
    show = create_show(db, "busy")
    log = AsRunLog(db, show.id)
    errors = []

    def writer(thread: int) -> None:
        try:
            for n in range(50):
                log.record("destination_state", n, destination=f"d{thread}", state="live")
        except Exception as error:  # collected, asserted below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.execute("SELECT COUNT(*) FROM asrun").fetchone()[0] == 200


def test_a_second_process_connection_sees_committed_events(db, db_path):
    show = create_show(db, "shared")
    AsRunLog(db, show.id).record("go_live", 0.0)
    other = open_database(db_path)
    assert other.execute("SELECT event FROM asrun").fetchall() == [("go_live",)]
