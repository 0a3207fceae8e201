"""The rundown panel against a real `studio engine`: reorder, jump, auto-advance, drops (a fresh engine each)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from tests.ui.test_console_live import WAIT_MS, studio_json


def test_a_reorder_persists_in_the_database(qtbot, console, demo_db):
    titles = lambda: [s["title"] for s in console.state.state.get("segments") or []]  # noqa: E731
    qtbot.waitUntil(lambda: console.rundown.model.rowCount() == 7, timeout=WAIT_MS)
    before = titles()
    console.rundown.model.move_row(2, 5)          # third segment to before the sixth
    expected = before[:2] + before[3:5] + [before[2]] + before[5:]
    qtbot.waitUntil(lambda: titles() == expected, timeout=WAIT_MS)
    stored = studio_json("rundown", "list", "demo", "--json", "--db", demo_db)
    segments = stored["segments"] if isinstance(stored, dict) else stored
    assert [s["title"] for s in segments] == expected


def test_rundown_jump_auto_advance_and_a_product_dropped_on_preview(qtbot, console):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    from studio.ui.models.mime import product_mime

    state = console.state
    qtbot.waitUntil(lambda: console.rundown.model.rowCount() == 7, timeout=WAIT_MS)
    console.rundown.jump_to(3)
    qtbot.waitUntil(lambda: state.state.get("segment_index") == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.rundown.model.current_row == 3, timeout=WAIT_MS)
    assert console.rundown.segment_clock.text().startswith("Segment ")

    qtbot.mouseClick(console.rundown.auto_advance, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.state.get("auto_advance") is True, timeout=WAIT_MS)

    mime = product_mime("KET-STEEL")
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    console.monitors.preview.dropEvent(drop)
    qtbot.waitUntil(lambda: (state.state.get("preview") or {}).get("sku") == "KET-STEEL", timeout=WAIT_MS)

    rundown = console.rundown.model
    assert rundown.dropMimeData(product_mime("KET-STEEL"), Qt.DropAction.CopyAction, 1, 0, QModelIndex()) is False
    qtbot.waitUntil(lambda: rundown.rowCount() == 8, timeout=WAIT_MS)   # the engine added and persisted it
    assert [s["sku"] for s in state.state["segments"]][1] == "KET-STEEL"
