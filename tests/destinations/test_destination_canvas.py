"""A stored destination remembers its canvas: chosen at add, changed with set-canvas, else its platform's."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core.show.db import open_database
from studio.core.show.destinations import add_destination, get_destination, list_destinations, resolve, set_canvas
from studio.core.show.migrations import migrate, schema_version
from studio.errors import UserInputError

REPO = Path(__file__).resolve().parents[2]


def test_without_a_choice_a_destination_follows_its_platform(db, keystore):
    add_destination(db, keystore, "tt", "tiktok", url="rtmps://push.example.com:443/live")
    add_destination(db, keystore, "yt", "youtube")
    assert get_destination(db, "tt").chosen_canvas is None
    assert [(d.name, d.canvas) for d in list_destinations(db)] == [("tt", "vertical"), ("yt", "landscape")]
    assert resolve(db, keystore, "tt").canvas == "vertical"


def test_a_chosen_canvas_is_stored_resolved_and_changed(db, keystore):
    add_destination(db, keystore, "shorts", "custom", url="rtmp://127.0.0.1/live", canvas="vertical")
    assert resolve(db, keystore, "shorts").canvas == "vertical"
    assert set_canvas(db, "shorts", "landscape").canvas == "landscape"
    back = set_canvas(db, "shorts", None)
    assert back.chosen_canvas is None and back.canvas == "landscape"  # custom's default


def test_a_landscape_only_platform_refuses_the_vertical_canvas_and_nothing_is_stored(db, keystore):
    with pytest.raises(UserInputError, match=r"destination fb: Facebook does not take a vertical stream \(source: Facebook"):
        add_destination(db, keystore, "fb", "facebook", canvas="vertical")
    assert list_destinations(db) == []
    add_destination(db, keystore, "fb", "facebook")
    with pytest.raises(UserInputError, match="use canvas landscape"):
        set_canvas(db, "fb", "vertical")
    assert get_destination(db, "fb").chosen_canvas is None


def test_an_unknown_canvas_is_refused_by_name(db, keystore):
    with pytest.raises(UserInputError, match=r"canvas 'square' is not one of landscape, vertical"):
        add_destination(db, keystore, "x1", "custom", url="rtmp://127.0.0.1/live", canvas="square")


def test_destinations_stored_before_the_canvas_column_keep_their_platforms_canvas(tmp_path):
    path = tmp_path / "old.db"
    old = open_database(path)
    old.conn.execute("PRAGMA user_version = 0")  # start again from an empty file at version 3
    old.close()
    path.unlink()
    conn = sqlite3.connect(path)
    conn.close()
    import sqlite_utils
    raw = sqlite_utils.Database(path)
    migrate(raw, up_to=3)
    raw.execute("INSERT INTO destinations (name, preset, url, enabled) VALUES ('ig', 'instagram', 'rtmps://x.example/rtmp', 1)")
    raw.conn.commit()
    raw.close()
    db = open_database(path)
    assert schema_version(db) >= 4
    (ig,) = list_destinations(db)
    assert ig.chosen_canvas is None and ig.canvas == "vertical"


def _studio(tmp_path, *argv):
    env = {**os.environ, "STUDIO_DB": str(tmp_path / "s.db"), "QT_QPA_PLATFORM": "offscreen",
           "K": "stream-key-1234",
           # the key file this directory's autouse fixture gives the in-process key store too
           "STUDIO_KEY_FILE": str(tmp_path / "config" / "stream-keys.json"), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([sys.executable, "-m", "studio", *argv], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)


def test_the_command_line_stores_lists_and_changes_the_canvas_and_broadcast_binds_it(tmp_path):
    added = _studio(tmp_path, "destination", "add", "shorts", "--preset", "custom", "--url",
                    "rtmp://127.0.0.1:1935/live", "--canvas", "vertical", "--key-env", "K")
    assert added.returncode == 0, added.stderr
    assert "vertical canvas" in added.stdout
    listed = _studio(tmp_path, "destination", "list")
    assert "vertical" in listed.stdout.splitlines()[0]

    from tests.destinations.test_preflight_canvas import _plan
    plan = _plan(tmp_path, "--destination", "shorts")
    assert plan.destinations[0].canvas == "vertical" and plan.vertical is not None

    changed = _studio(tmp_path, "destination", "set-canvas", "shorts", "default")
    assert changed.returncode == 0 and "landscape canvas (the platform's default)" in changed.stdout
    assert _plan(tmp_path, "--destination", "shorts").destinations[0].canvas == "landscape"

    refused = _studio(tmp_path, "destination", "add", "fb", "--preset", "facebook", "--canvas", "vertical")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "does not take a vertical stream" in refused.stderr
