"""The console's comment feed against a real engine: a source added live, comments from it in the
feed with the question highlighted, the "feature newest question" hotkey airs it."""

from __future__ import annotations

import json
import subprocess
import sys

import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from tests.comments.test_connectors import _signed

WAIT_MS = 30_000


def test_the_feed_shows_comments_questions_stand_out_and_the_hotkey_features_the_newest(qtbot, console, tmp_path):
    added = subprocess.run([sys.executable, "-m", "studio", "comments", "add", "inbound", "--show", "demo", "--name",
                            "shop", "--secret-stdin"], input="panel-secret\n", capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    panel = console.comments
    qtbot.waitUntil(lambda: "listening on" in panel.sources.text(), timeout=WAIT_MS)
    url = panel.sources.text().split("listening on ")[1].split(" ")[0]
    body = json.dumps([{"id": "1", "author": "Ann", "text": "Is the kettle cordless?", "platform": "youtube"},
                       {"id": "2", "author": "Bo\u202e", "text": "<b>love</b> it", "platform": "twitch"}]).encode()
    assert requests.post(url, data=body, headers=_signed("panel-secret", body), timeout=5).status_code == 202
    qtbot.waitUntil(lambda: len(panel.lines()) == 2, timeout=WAIT_MS)
    assert panel.lines() == ["[YT] Ann: Is the kettle cordless?", "[TW] Bo: love it"]
    assert panel.feed.item(0).font().bold() and not panel.feed.item(1).font().bold()

    console.activateWindow()
    qtbot.keyClick(console, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)      # feature newest question
    qtbot.waitUntil(lambda: "comment" in json.dumps(console.state.state.get("graphics")), timeout=WAIT_MS)
    console.docks["comments"].raise_()
    qtbot.wait(300)
    console.grab().save(str(tmp_path / "console-comments.png"))
