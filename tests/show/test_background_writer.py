"""As-run writes leave the frame loop: another process holding the write lock never stops a show."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from studio.core.show.asrun import AsRunLog, load_events
from studio.core.show.background_writer import BackgroundWriter
from studio.core.show.db import open_database, transaction
from studio.core.show.db_errors import DatabaseBusyError
from studio.core.show.rundown import create_show, get_show
from tests.show.lock_holder import holding_write_lock


class Alerts:
    def __init__(self):
        self.lines: list[str] = []
        self.changed = threading.Event()

    def __call__(self, line: str) -> None:
        self.lines.append(line)
        self.changed.set()

    def wait_for(self, text: str, timeout_s: float = 30) -> None:
        while not any(text in line for line in self.lines):
            assert self.changed.wait(timeout_s), f"no alert with {text!r}; got {self.lines}"
            self.changed.clear()


@pytest.fixture
def show(db):
    create_show(db, "live")
    return get_show(db, "live")


def test_a_locked_database_delays_as_run_writes_without_losing_or_blocking_them(db, db_path, show):
    alerts = Alerts()
    writer = BackgroundWriter(db_path, alert_after_s=0.5, on_alert=alerts)
    log = AsRunLog(db, show.id, writer=writer)
    with holding_write_lock(db_path):
        for n in range(50):
            log.record("graphic_shown", n / 30, kind="callout", n=n)  # never raises, never waits for the lock
        alerts.wait_for("ALERT: as-run log: 50 entries not saved yet: ")
        assert writer.alert is not None and "busy" in writer.alert
        assert writer.pending == 50
    assert writer.flush(30)
    alerts.wait_for("saving again")
    assert writer.alert is None
    _, events = load_events(db, show.id)
    assert [event["details"]["n"] for event in events] == list(range(50))
    assert writer.close()


def test_entries_still_unwritten_at_close_are_saved_to_a_file_and_named_in_an_alert(db, db_path, show):
    alerts = Alerts()
    writer = BackgroundWriter(db_path, on_alert=alerts)
    log = AsRunLog(db, show.id, writer=writer)
    with holding_write_lock(db_path):
        log.record("go_live", 0.0, show="live")
        log.record("stop", 1.5, show="live")
        assert not writer.close(timeout_s=1.0)
    alert = next(line for line in alerts.lines if "could not be written" in line)
    spill = Path(alert.rsplit("saved to ", 1)[1])
    rows = [json.loads(line) for line in spill.read_text().splitlines()]
    assert [row["event"] for row in rows] == ["go_live", "stop"] and rows[1]["show_time_s"] == 1.5


def test_a_writer_waits_for_another_process_then_succeeds(db, db_path, show):
    with holding_write_lock(db_path, hold_s=1.0):
        with transaction(db):  # BEGIN IMMEDIATE waits for the lock instead of failing at the first write
            db["runs"].insert({"show_id": show.id, "started_at": "now"})
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_a_lock_held_past_the_busy_timeout_is_one_clear_error(db_path, show):
    impatient = open_database(db_path, busy_timeout_ms=200)
    with holding_write_lock(db_path), pytest.raises(DatabaseBusyError) as caught:
        with transaction(impatient):
            impatient["runs"].insert({"show_id": show.id, "started_at": "now"})
    message = str(caught.value)
    assert str(db_path) in message and "busy" in message and "nothing was changed" in message
    assert "not a studio database" not in message
    assert impatient.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
