"""`studio` on a database whose newest show is empty, on a real X server (1366x768): the window starts its
engine on that show (it used to exit with code 2, the window then saying "connecting..." forever) and shows
the empty show's first steps. The screenshot goes to docs/images/ with STUDIO_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.fixtures.engine import install_show
from tests.ui.test_isolation import connect_test_client, snapshot, wait_attached
from tests.ui.test_real_window import REPO_ROOT, SCREEN, screenshot, xvfb  # noqa: F401 - the X server fixture


@pytest.mark.slow
def test_the_window_opens_an_empty_show_with_its_first_steps(
        xvfb, studio_env, tmp_path, monkeypatch, engine_started_by_the_window):
    db = install_show(studio_env, "shows")         # the demo show and `empty`, made the newest: `studio` opens it
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE shows SET created_at = '2099-01-01T00:00:00+00:00' WHERE name = 'empty'")
    connection.close()
    monkeypatch.setenv("DISPLAY", xvfb)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    shots = REPO_ROOT / "docs" / "images" if os.environ.get("STUDIO_UPDATE_SCREENSHOTS") else tmp_path
    log = tmp_path / "window.log"
    window = subprocess.Popen([sys.executable, "-m", "studio"], stdout=subprocess.DEVNULL, stderr=open(log, "wb"),
                              env={**os.environ})
    client = connect_test_client()
    try:
        wait_attached(window, client)
        state = snapshot(client)
        assert state["show"]["name"] == "empty" and state["segments"] == []
        image = screenshot(xvfb, shots / "console-empty-show.png", SCREEN)
        assert window.poll() is None, log.read_text()
        assert image.shape[:2] == (SCREEN[1], SCREEN[0]) and float(image.std()) > 20
    finally:
        client.close()
        window.terminate()
        window.wait(timeout=20)
