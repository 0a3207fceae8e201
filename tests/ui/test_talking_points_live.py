"""Talking points edited through the control API against a real engine: saved in the rundown,
followed by the host view, moved with their segment, exported with the rundown; bad input refused."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from studio.wire.client import ControlClient, ControlError
from studio.core.settings import SettingsStore
from studio.ui.host_app import open_host_view
from studio.ui.talking_points_editor import TalkingPointsEditor
from tests.fixtures.engine import REPO, shared_engine

pytestmark = pytest.mark.timeout(240)


engine = shared_engine("points", check_exit=False)


@pytest.fixture
def client(engine):
    connected = engine.client()
    yield connected
    connected.close()


def exported_rundown(engine) -> dict:
    result = subprocess.run([sys.executable, "-m", "studio", "rundown", "export", engine.show], cwd=REPO, env=engine.env,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_edited_in_the_editor_saved_followed_by_the_host_view_and_exported(qtbot, engine, client, tmp_path):
    store = SettingsStore(tmp_path / "settings.json")
    store.load()
    password = engine.password
    host, link, _ = open_host_view(lambda: ControlClient(engine.url, password), store=store)
    qtbot.addWidget(host)
    qtbot.waitUntil(lambda: bool(host.model.segments), timeout=20000)
    on_air = host.model.segment_index

    editor = TalkingPointsEditor(client.call)
    qtbot.addWidget(editor)
    editor.set_segments(client.vendor("GetShowState")["segments"])
    editor.select_segment(on_air)
    assert editor.current_points() == list(host.teleprompter.points())
    editor.add_point()
    editor.points.item(editor.points.count() - 1).setText("Free shipping tonight only")
    editor.points.setCurrentRow(editor.points.count() - 1)
    editor.move(-1)
    assert editor.dirty
    expected = editor.current_points()
    editor.save()

    qtbot.waitUntil(lambda: list(host.teleprompter.points()) == expected, timeout=10000)
    assert client.vendor("GetShowState")["segments"][on_air]["talking_points"] == expected
    assert exported_rundown(engine)["segments"][on_air]["talking_points"] == expected
    link.stop()


def test_points_move_with_their_segment(client):
    before = client.vendor("GetShowState")["segments"]
    client.vendor("MoveSegment", {"from_index": 1, "to_index": 2})
    after = client.vendor("GetShowState")["segments"]
    assert after[2]["talking_points"] == before[1]["talking_points"]
    assert after[1]["talking_points"] == before[2]["talking_points"]
    client.vendor("MoveSegment", {"from_index": 2, "to_index": 1})


@pytest.mark.parametrize("data, code, words", [
    ({"index": 0, "talking_points": "one point"}, 401, "'talking_points' must be a list"),
    ({"index": 0, "talking_points": [1, 2]}, 401, "a list of strings"),
    ({"index": 99, "talking_points": []}, 402, "segment 100 is outside 1..3"),
    ({"index": 0, "talking_points": ["x" * 501]}, 402, "talking point 1 is 501 characters, at most 500"),
    ({"index": 0}, 300, "missing field 'talking_points'"),
])
def test_bad_points_are_refused_naming_the_field_and_nothing_is_saved(engine, client, data, code, words):
    before = stored_points(engine)
    with pytest.raises(ControlError) as refused:
        client.vendor("SetTalkingPoints", data)
    assert refused.value.code == code and words in refused.value.comment
    assert stored_points(engine) == before


def stored_points(engine) -> list[str]:
    with sqlite3.connect(engine.db_path) as db:
        return [row[0] for row in db.execute("SELECT talking_points FROM segments ORDER BY show_id, position")]
