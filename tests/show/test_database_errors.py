"""A busy, damaged, read-only, locked or full database is one clear line that says what to do (issue 14.6/14.7)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys

import pytest

from studio.core.show.db import open_database, transaction
from studio.core.show.db_errors import (
    DatabaseBusyError, DatabaseDamagedError, DatabaseFullError, DatabaseReadOnlyError,
)
from studio.core.show.rundown import create_show
from tests.show.conftest import REPO
from tests.show.lock_holder import holding_write_lock

PAGE = 4096


def test_set_price_during_another_process_write_waits_then_succeeds(cli, db_path):
    assert cli("catalog", "import", REPO / "assets" / "demo_catalog.json")[0] == 0
    with holding_write_lock(db_path, hold_s=1.5):  # as a long `catalog import` in another terminal
        code, out, err = cli("catalog", "set-price", "TV-55-4K", "279")
    assert code == 0, err
    assert "279" in out


def _damage(path):
    """Overwrite pages in the middle of the file, as a bad disk or a stray write does."""
    data = bytearray(path.read_bytes())
    assert len(data) >= 6 * PAGE
    data[2 * PAGE:5 * PAGE] = b"\xa5" * (3 * PAGE)
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged_db(cli, db_path):
    assert cli("catalog", "import", REPO / "assets" / "demo_catalog.json")[0] == 0
    assert cli("show", "create", "friday")[0] == 0
    db = open_database(db_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    _damage(db_path)
    return db_path


@pytest.mark.parametrize("command", [
    ("show", "create", "saturday"),
    ("catalog", "set-price", "TV-55-4K", "1"),
    ("show", "list"),
])
def test_a_damaged_database_is_refused_and_never_written(cli, damaged_db, command):
    before = hashlib.sha256(damaged_db.read_bytes()).hexdigest()
    code, _, err = cli(*command)
    assert code == 3
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "damaged" in err and "backup" in err
    assert hashlib.sha256(damaged_db.read_bytes()).hexdigest() == before


def test_a_read_only_database_is_not_called_not_a_studio_database(db):
    create_show(db, "friday")
    db.execute("PRAGMA query_only = 1")  # what SQLite reports for a read-only file or folder
    with pytest.raises(DatabaseReadOnlyError) as caught, transaction(db):
        create_show(db, "saturday")
    assert "read-only" in str(caught.value) and "not a studio database" not in str(caught.value)


EXCLUSIVE_HOLDER = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
    "c.execute('PRAGMA locking_mode = EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE'); "
    "c.execute('CREATE TABLE IF NOT EXISTS scratch (x)'); print('locked', flush=True); sys.stdin.read()"
)


def test_a_database_locked_by_another_program_is_busy_not_foreign(db_path, db):
    create_show(db, "friday")
    db.close()
    holder = subprocess.Popen([sys.executable, "-c", EXCLUSIVE_HOLDER, str(db_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseBusyError) as caught:
            open_database(db_path, busy_timeout_ms=300)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert "busy" in str(caught.value) and "not a studio database" not in str(caught.value)


def test_a_full_disk_is_one_line_and_the_transaction_is_kept_whole(db):
    create_show(db, "friday")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 1}")  # the file cannot grow: as on a full disk
    with pytest.raises(DatabaseFullError) as caught, transaction(db):
        for n in range(200):
            create_show(db, f"show-{n}")
    assert "disk is full" in str(caught.value) and "nothing was changed" in str(caught.value)
    assert db.execute("SELECT count(*) FROM shows").fetchone()[0] == 1


def test_an_unexplained_sqlite_error_reaching_the_cli_is_still_one_line(cli, monkeypatch):
    import studio.commands.show as show_command

    def broken(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(show_command, "open_db", broken, raising=False)
    code, _, err = cli("show", "list")
    assert code == 3 and err.startswith("studio: error: ") and "Traceback" not in err
