"""Issue 10's "Done when", as a producer does it in the window against a real engine: take a product,
start a countdown, edit the on-air price, record, and the recording is a real H.264 file (ffprobe)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from studio.ui.models.catalog_model import PRICE_COLUMN
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.probe import decoded_video_seconds, probe
from tests.ui.test_console_live import select_product

WAIT_MS = 30_000
RECORD_SHOW_S = 3.0     # a short recording is enough to prove the file
# A recording starts at the program's next keyframe (every 2 s by default), up to that much show time
# after "recording" turns true: the wait below covers it, or the file may hold only 1 s of pictures.
KEYFRAME_INTERVAL_S = 2.0


def test_take_countdown_price_edit_and_record(qtbot, console):
    state = console.state
    # take a product: Preview, then Take
    select_product(qtbot, console, "HP-NC-BLK")
    qtbot.mouseClick(console.catalog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (state.state.get("preview") or {}).get("sku") == "HP-NC-BLK", timeout=WAIT_MS)
    qtbot.mouseClick(console.monitors.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (state.state.get("program") or {}).get("sku") == "HP-NC-BLK", timeout=WAIT_MS)

    # record from here on
    qtbot.mouseClick(console.live_controls.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.state.get("recording") is True, timeout=WAIT_MS)
    started_at_s = state.state["show_time_s"]
    path = Path(state.state["recording_path"])

    # a flash-deal countdown from its preset
    console.action("countdown_1m").trigger()
    qtbot.waitUntil(lambda: (state.state.get("countdown") or {}).get("remaining_s", 0) > 30, timeout=WAIT_MS)
    assert "countdown" in state.state["graphics"]

    # the price of the product on air, edited in its cell: the on-air card follows
    panel = console.catalog
    cell = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of("HP-NC-BLK"), PRICE_COLUMN))
    assert panel.proxy.setData(cell, "179.00") is True
    qtbot.waitUntil(lambda: (state.state.get("program") or {}).get("price") == "179.00", timeout=WAIT_MS)
    assert "179" in console.monitors.program_label.text()
    qtbot.waitUntil(lambda: any("HP-NC-BLK" in line and "price" in line for line in console.as_run.lines()),
                    timeout=WAIT_MS)

    qtbot.waitUntil(lambda: state.state.get("show_time_s", 0) >= started_at_s + KEYFRAME_INTERVAL_S + RECORD_SHOW_S
                    and path.exists() and path.stat().st_size > 0, timeout=WAIT_MS)
    qtbot.mouseClick(console.live_controls.record_button, Qt.MouseButton.LeftButton)   # the test's confirm: yes
    qtbot.waitUntil(lambda: state.state.get("recording") is False, timeout=WAIT_MS)
    wait_for_file_to_settle(path, timeout_s=20)
    media = probe(path)
    assert media.video["codec_name"] == "h264" and (media.video["width"], media.video["height"]) == (640, 360)
    assert media.audio is not None and media.audio["codec_name"] == "aac"
    assert decoded_video_seconds(path) >= RECORD_SHOW_S - 1.0
