"""The demo show run from the console with key presses only, from the first product to stop.

Nothing is clicked: go live (Ctrl+Shift+L, then Y in the confirmation), Take
(Ctrl+Return) through every segment, stop (Ctrl+Shift+End, then Y). The confirmations
are the console's real dialogs, answered from the keyboard. The as-run log, read
back from the database afterwards, has every take in rundown order.
"""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.ui.live_controls import LiveControls

WAIT_MS = 30_000
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
DEMO_PRODUCTS = ["TV-55-4K", "HP-NC-BLK", "KET-STEEL", "HOOD-BRN-M", "WREATH-24"]


def answer_next_dialog(qtbot, key: Qt.Key, seen: list[str]) -> None:
    """Presses `key` in the next modal dialog, from inside its own event loop (it blocks the caller)."""
    timer = QTimer()
    timer.setInterval(50)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            timer.stop()
            seen.append(dialog.text())
            qtbot.keyClick(dialog, key)

    timer.timeout.connect(poll)
    timer.start()
    answer_next_dialog.timers.append(timer)      # alive until the dialog has been answered


answer_next_dialog.timers = []


def test_the_demo_show_from_the_keyboard_alone(qtbot, engine_factory, console_factory, rtmp_server, demo_db):
    engine_factory("--to", rtmp_server.url("keyboard"))       # a real nginx-rtmp to go live to
    window = console_factory()
    state = window.state
    window.live_controls.confirm = LiveControls.confirm     # the real dialog, not the fixture's yes-man
    activate(qtbot, window)
    qtbot.waitUntil(lambda: len(state.state.get("segments") or []) == 7, timeout=WAIT_MS)
    segments = state.state["segments"]

    asked: list[str] = []
    answer_next_dialog(qtbot, Qt.Key.Key_Y, asked)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)
    qtbot.waitUntil(lambda: state.state.get("live") is True, timeout=WAIT_MS)
    assert asked and "goes on air" in asked[0]
    activate(qtbot, window)

    for index in range(1, len(segments)):
        qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: state.state.get("segment_index") == index, timeout=WAIT_MS)
        if segments[index].get("sku"):
            qtbot.waitUntil(lambda: (state.state.get("program") or {}).get("sku") == segments[index]["sku"],
                            timeout=WAIT_MS)

    qtbot.keyClick(window, Qt.Key.Key_Escape)        # a stray key changes nothing
    answer_next_dialog(qtbot, Qt.Key.Key_Y, asked)
    qtbot.keyClick(window, Qt.Key.Key_End, CTRL | SHIFT)
    qtbot.waitUntil(lambda: state.state.get("live") is False, timeout=WAIT_MS)
    assert len(asked) == 2 and "Stop" in asked[1]

    exported = subprocess.run([sys.executable, "-m", "studio", "show", "export", "demo", "--format", "json",
                               "--db", demo_db], capture_output=True, text=True, check=True)
    events = json.loads(exported.stdout)["events"]
    taken = [event["details"]["sku"] for event in events if event["event"] == "product_taken"]
    assert taken == DEMO_PRODUCTS
    names = [event["event"] for event in events]
    assert names.index("go_live") < names.index("product_taken")


def activate(qtbot, window) -> None:
    """The offscreen platform has no window manager to hand activation back after a dialog."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
