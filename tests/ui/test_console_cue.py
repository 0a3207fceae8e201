"""F5/F6 and the toolbar's cue button change only Preview; Shift+F5/F6 and Take change Program.

The console against a real `studio engine` on the demo show (7 segments), keys pressed with
qtbot as a producer presses them. Each snapshot the window reads is one engine frame, so a
snapshot that shows the new Preview also shows the Program of that same frame.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from studio.wire import commands

WAIT_MS = 30_000
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _program(state: dict) -> tuple:
    return state.get("segment_index"), (state.get("program") or {}).get("sku")


def test_f5_f6_and_the_cue_button_change_only_preview_and_take_airs_it(qtbot, console):
    state, window = console.state, console
    window.activateWindow()
    qtbot.waitUntil(lambda: len(state.state.get("segments") or []) == 7, timeout=WAIT_MS)
    state.link.call(commands.SetAutoAdvance(enabled=False))
    qtbot.waitUntil(lambda: state.state.get("auto_advance") is False, timeout=WAIT_MS)
    skus = [segment.get("sku") for segment in state.state["segments"]]

    qtbot.waitUntil(lambda: _program(state.state)[0] == 0, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_F6)                 # the defect: F6 cut segment 2 to air
    qtbot.wait(1000)
    assert state.state.get("segment_index") == 0 and state.state.get("preview_index") == 1, "F6 reached Program"

    for index in (1, 2):                                  # Shift+F6: take the next segment, to air
        qtbot.keyClick(window, Qt.Key.Key_F6, SHIFT)
        qtbot.waitUntil(lambda: state.state.get("segment_index") == index, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _program(state.state) == (2, skus[2]), timeout=WAIT_MS)
    on_air = _program(state.state)

    qtbot.keyClick(window, Qt.Key.Key_F5)                 # cue the previous segment: Preview only
    qtbot.waitUntil(lambda: state.state.get("preview_index") == 1, timeout=WAIT_MS)
    assert _program(state.state) == on_air, "F5 reached Program"
    qtbot.waitUntil(lambda: (state.state.get("preview") or {}).get("sku") == skus[1], timeout=WAIT_MS)
    # what the producer sees: the cued segment named under Preview and marked in the rundown
    qtbot.waitUntil(lambda: window.monitors.preview_label.text().startswith("Preview: segment 2 · "), timeout=WAIT_MS)
    assert state.state["preview"]["title"] in window.monitors.preview_label.text()
    qtbot.waitUntil(lambda: window.rundown.model.preview_row == 1, timeout=WAIT_MS)
    assert window.rundown.model.current_row == 2

    qtbot.keyClick(window, Qt.Key.Key_F6)                 # cue the next segment: Preview only
    qtbot.waitUntil(lambda: state.state.get("preview_index") == 3, timeout=WAIT_MS)
    assert _program(state.state) == on_air, "F6 reached Program"
    qtbot.wait(500)                                       # and it stays so
    assert _program(state.state) == on_air

    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)       # Take airs what F6 cued
    qtbot.waitUntil(lambda: state.state.get("segment_index") == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.rundown.model.preview_row == 4, timeout=WAIT_MS)   # Preview: the next again

    window.monitors.preview_product("HOOD-BRN-L")         # a product in Preview: no segment is cued
    qtbot.waitUntil(lambda: window.monitors.preview_label.text().startswith("Preview: Classic"), timeout=WAIT_MS)
    assert window.rundown.model.preview_row == -1
    on_air = _program(state.state)

    button = next(b for b in window.toolbar.findChildren(QToolButton)
                  if b.defaultAction() is window.action("cue_next_segment"))
    assert "Preview" in button.toolTip() and "Program" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)   # the toolbar's cue button: Preview only
    qtbot.waitUntil(lambda: state.state.get("preview_index") == 4 and state.state.get("preview_kind") == "segment",
                    timeout=WAIT_MS)
    assert _program(state.state) == on_air, "the cue button reached Program"

    qtbot.keyClick(window, Qt.Key.Key_F5, SHIFT)          # Shift+F5: take the previous segment, to air
    qtbot.waitUntil(lambda: state.state.get("segment_index") == 2, timeout=WAIT_MS)
