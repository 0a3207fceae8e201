"""Closing the console: an engine the window started stops with it; one started elsewhere keeps running.

`run_console` in this process (offscreen), on a fresh database (the demo show), the window closed
by a timer once it shows the engine's state, as a producer closing it would.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from studio.ui import app as console_app
from studio.ui.main_window import MainWindow
from tests.ui.conftest import _alive

ENGINE_GONE_S = 30


def _close_when_attached(on_window=None) -> None:
    """Polls for the console; once it has the engine's state, closes it."""
    def poll() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].state.state.get("frames"):
            if on_window is not None:
                on_window(windows[0])
            windows[0].close()
        else:
            QTimer.singleShot(200, poll)
    QTimer.singleShot(200, poll)


def _engine_pid() -> int:
    runtime = Path(os.environ["STUDIO_RUNTIME_DIR"]) / "engine.json"
    return json.loads(runtime.read_text())["pid"]


def _wait_gone(pid: int, timeout_s: float = ENGINE_GONE_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not _alive(pid)


@pytest.fixture
def qapp_restored(qapp):
    """run_console themes the session's one QApplication: put it back for the tests after this one."""
    sheet, style = qapp.styleSheet(), qapp.style().name()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def test_closing_the_idle_window_on_a_fresh_database_stops_the_engine_it_started(
        qapp_restored, studio_env, engine_started_by_the_window):
    seen = {}
    _close_when_attached(lambda window: seen.update(pid=_engine_pid()))
    assert console_app.run_console(None) == 0
    assert seen, "the window never showed the engine's state"
    assert _wait_gone(seen["pid"]), "the engine the window started is still running after the window closed"
