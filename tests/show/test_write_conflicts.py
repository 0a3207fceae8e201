"""Two connections writing one database (the engine's as-run, the control service's catalog edits)."""

from __future__ import annotations

import threading

from studio.core.show.db import open_database, transaction


def test_a_transaction_that_reads_then_writes_survives_another_connection_writing_meanwhile(tmp_path):
    path = tmp_path / "studio.db"
    engine_side, control_side = open_database(path), open_database(path)
    with transaction(engine_side):
        engine_side.execute("CREATE TABLE notes (text TEXT)")
    read_done, other_done = threading.Event(), threading.Event()
    errors = []

    def other_connection_writes() -> None:
        read_done.wait(5)
        try:
            with transaction(control_side):
                control_side["notes"].insert({"text": "price edit"})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        other_done.set()

    writer = threading.Thread(target=other_connection_writes)
    writer.start()
    with transaction(engine_side):
        engine_side.execute("SELECT COUNT(*) FROM notes").fetchone()
        read_done.set()
        other_done.wait(0.5)  # the other connection commits here, unless this one already holds the write lock
        engine_side["notes"].insert({"text": "as-run entry"})
    writer.join(10)
    assert errors == []
    assert sorted(row[0] for row in engine_side.execute("SELECT text FROM notes")) == ["as-run entry", "price edit"]
