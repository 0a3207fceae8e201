"""Adding a destination from the window: presets, a masked key, stored without the key in argv."""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtWidgets import QLineEdit

from studio.core.output.platform_table import as_data
from studio.ui.add_destination import AddDestinationDialog, store_destination


def test_the_key_is_masked_until_shown(qtbot):
    dialog = AddDestinationDialog(as_data())  # what GetPlatformPresets answers
    qtbot.addWidget(dialog)
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_key.click()
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_key.click()
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password


def test_presets_fill_the_name_and_say_where_to_find_the_key(qtbot):
    dialog = AddDestinationDialog(as_data())  # what GetPlatformPresets answers
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("twitch"))
    assert dialog.name.text() == "twitch"
    assert "Twitch" in dialog.where.text() or "twitch" in dialog.where.text().lower()
    assert dialog.url.placeholderText().startswith("rtmp")


def test_storing_passes_the_key_through_a_pipe_and_reports_errors(qtbot, studio_env):
    db = str(studio_env / "studio.db")
    done = []
    process = store_destination(None, {"name": "yt", "preset": "youtube", "url": "", "key": "abcd-secret-key-1234"},
                                db, done.append)
    assert "abcd-secret-key-1234" not in " ".join(process.arguments())
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert done == [None]
    listed = json.loads(subprocess.run([sys.executable, "-m", "studio", "destination", "list", "--json", "--db", db],
                                       capture_output=True, text=True, check=True).stdout)
    assert [d["name"] for d in listed] == ["yt"]
    assert "abcd-secret-key-1234" not in json.dumps(listed)

    done.clear()
    store_destination(None, {"name": "yt", "preset": "youtube", "url": "", "key": "another"}, db, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert done[0] and "yt" in done[0] and "Traceback" not in done[0]
