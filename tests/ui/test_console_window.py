"""The console as a producer sees it, at 1366x768 and 1920x1080 (no engine: the state is fed as the engine sends it).

Monitors first (geometry, captions, tally), the producer's clock, feedback for every action,
the as-run table, a steady toolbar, Settings that fit, visible check boxes and focus, closing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QStyleOptionButton, QTabWidget

from studio.ui.theme import apply_theme
from tests.ui.window_without_engine import clipped_widgets, make_window

SIZES = [(1366, 768), (1920, 1080)]
TV = {"sku": "TV-55-4K", "title": '55" 4K Smart TV with a very long name that cannot fit under a monitor',
      "price": "298.00", "currency": "USD"}
HEADPHONES = {"sku": "HP-NC-BLK", "title": "Noise-Cancelling Headphones", "price": "179.00", "currency": "USD"}
SEGMENTS = [{"index": 0, "title": "Welcome", "planned_duration_s": 30.0, "actual_start_s": 10.0},
            {"index": 1, "title": "The TV", "planned_duration_s": 60.0, "actual_start_s": None}]


@pytest.fixture
def window(qtbot, tmp_path, studio_env):
    app = QApplication.instance()
    apply_theme(app, "dark")
    made = []

    def open_at(width: int, height: int, snapshot: dict | None = None):
        window, link = make_window(tmp_path / "layout.json")
        made.append((window, link))
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        if snapshot is not None:
            window.state.apply_snapshot(snapshot)
        qtbot.wait(50)
        return window

    yield open_at
    for window, link in made:
        window.close()
        link.close()
    app.setStyleSheet("")


def in_window(window, widget):
    top_left = widget.mapTo(window, QPoint(0, 0))
    return top_left.x(), top_left.y(), widget.width(), widget.height()


# --- 1. monitors first ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_preview_and_program_fill_at_least_60_percent_of_the_width_at_16_by_9(window, size):
    console = window(*size)
    preview, program = console.monitors.preview, console.monitors.program
    assert console.width() == size[0]
    assert preview.width() + program.width() >= 0.6 * console.width()
    for monitor in (preview, program):
        assert monitor.isVisible()
        assert abs(monitor.height() - monitor.width() * 9 / 16) <= 2       # the picture: no letterbox inside
    px, py, pw, ph = in_window(console, preview)
    gx, gy, gw, gh = in_window(console, program)
    assert px + pw < gx and abs(py - gy) <= 2                               # side by side, Preview left
    caption = in_window(console, console.monitors.preview_label)
    assert caption[1] >= py + ph and caption[1] - (py + ph) <= 6            # the caption right under its monitor
    assert clipped_widgets(console) == []


def test_the_monitors_follow_the_window_when_it_is_resized(window, qtbot):
    console = window(1366, 768)
    before = console.monitors.program.width()
    console.resize(1920, 1080)
    qtbot.waitUntil(lambda: console.monitors.program.width() > before)
    assert console.monitors.preview.width() + console.monitors.program.width() >= 0.6 * 1920


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_vertical_program_monitor_stands_beside_them_when_there_is_a_vertical_canvas(window, size):
    console = window(*size, {"canvases": {"landscape": {}, "vertical": {"crop_offset": 0.0}}})
    vertical, program = console.monitors.vertical, console.monitors.program
    assert vertical.isVisible()
    assert abs(vertical.width() - vertical.height() * 9 / 16) <= 2
    vx, vy, vw, vh = in_window(console, vertical)
    gx, gy, gw, gh = in_window(console, program)
    assert vx >= gx + gw and vx + vw <= console.width()
    assert console.monitors.preview.width() + program.width() >= 0.5 * console.width()
    assert clipped_widgets(console) == []


def test_captions_are_one_line_elided_with_the_full_text_in_the_tooltip(window):
    console = window(1366, 768, {"preview": TV, "program": HEADPHONES, "live": False})
    preview, program = console.monitors.preview_label, console.monitors.program_label
    assert preview.text() == f"PREVIEW - next: {TV['title']} $298.00"
    assert preview.toolTip() == preview.text()
    assert preview.shown_text().endswith("…") and len(preview.shown_text()) < len(preview.text())
    assert preview.height() <= preview.fontMetrics().height() + 8                       # one line
    assert program.text() == "PROGRAM - Noise-Cancelling Headphones $179.00"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_rundown_titles_use_the_room_there_is_and_are_cut_only_without_it(window, size):
    segments = [{"index": 0, "title": "Product: Noise-Cancelling Headphones", "planned_duration_s": 120.0,
                 "actual_start_s": 0.0},
                {"index": 1, "title": "Product: 55\" 4K Smart TV", "planned_duration_s": 120.0,
                 "actual_start_s": None}]
    console = window(*size, {"segments": segments, "segment_index": 0, "show_time_s": 5.0})
    view = console.rundown.view
    others = sum(view.columnWidth(column) for column in range(view.model().columnCount()) if column != 1)
    room = view.viewport().width() - others
    assert view.columnWidth(1) >= room - 2                  # the Segment column takes the width left over
    bold = view.font()
    bold.setBold(True)                                      # the segment on air is bold
    for row, segment in enumerate(segments):
        need = QFontMetrics(bold).horizontalAdvance(view.model().index(row, 1).data()) + 12
        if need <= room:
            assert view.columnWidth(1) >= need, f"{segment['title']!r} cut with {room} px of room"


def test_program_says_rehearsal_until_live_then_on_air(window):
    console = window(1366, 768, {"program": None, "live": False, "on_air": False})
    assert console.monitors.program_label.text() == "PROGRAM - no product on air"        # never a bare "-"
    assert console.monitors.tally.text() == "REHEARSAL"
    console.state.apply_snapshot({"program": HEADPHONES, "live": True, "on_air": True})
    assert console.monitors.tally.text() == "ON AIR" and "#e53935" in console.monitors.tally.styleSheet()
    assert console.monitors.program.on_air


# --- 2. the producer's clock -----------------------------------------------------------------------------------
def clock_state(show_time_s: float, **changes) -> dict:
    return {"on_air": True, "live": True, "on_air_since_s": 10.0, "air_time_s": show_time_s - 10.0,
            "show_time_s": show_time_s, "time_of_day": "14:03:22", "segment_index": 0, "segments": SEGMENTS,
            **changes}


def test_the_clock_counts_the_segment_down_from_the_engines_show_clock(window):
    console = window(1366, 768, clock_state(22.0))
    clock = console.monitors.clock
    assert clock.segment_left.text() == "0:18" and clock.urgency == "amber"
    assert "#ffb300" in clock.segment_left.styleSheet()
    assert clock.air_time.text() == "0:12"
    assert clock.time_of_day.text() == "14:03:22"                    # the engine's, not this machine's
    console.state.apply_snapshot(clock_state(45.0, time_of_day="14:03:45"))
    assert clock.segment_left.text() == "\u22120:05" and clock.urgency == "over"
    assert "#ff5252" in clock.segment_left.styleSheet()
    console.state.apply_snapshot(clock_state(12.0, segment_index=0))
    assert clock.segment_left.text() == "0:28"


def test_the_clock_is_large_and_always_visible_and_says_not_on_air_in_rehearsal(window):
    console = window(1366, 768, clock_state(22.0, on_air=False, live=False, air_time_s=None))
    clock = console.monitors.clock
    assert clock.isVisible() and clock.segment_left.isVisible() and clock.time_of_day.isVisible()
    assert clock.segment_left.text() == "0:30"                         # the planned length, not started
    assert clock.air_time.text() == "not on air"
    assert clock.segment_left.fontInfo().pixelSize() >= 2 * console.rundown.segment_clock.fontInfo().pixelSize()
    # above the monitors, inside the central area: no dock can cover or hide it
    assert console.centralWidget().isAncestorOf(clock)


# --- 4. feedback for every action ------------------------------------------------------------------------------
def test_a_success_is_green_and_clears_after_a_few_seconds_and_stays_in_the_history(window, qtbot, monkeypatch):
    from studio.ui import feedback as feedback_module
    monkeypatch.setitem(feedback_module.SHOWN_FOR_MS, "success", 300)
    console = window(1366, 768)
    console.destinations._presets = []
    console.destinations._added({"name": "nginx-local"}, {"name": "nginx-local", "canvas": "landscape",
                                                          "enabled": True, "active": False}, None)
    feedback = console.feedback
    assert feedback.text() == "Added nginx-local (landscape): sent to from Go Live"
    assert feedback.outcome == "success" and "#43a047" in feedback.label.styleSheet()
    assert "#e53935" not in console.destinations.message.styleSheet()       # not red under the table either
    qtbot.waitUntil(lambda: feedback.text() == "", timeout=3000)
    assert [m.text for m in feedback.history][-1].startswith("Added nginx-local")


def test_a_long_message_is_elided_at_1366_with_the_full_text_in_its_tooltip(window, qtbot):
    console = window(1366, 768)
    text = ("Go live refused: destination youtube-main: the ingest server did not answer within 10 s; "
            "check the Ingest URL in the Destinations panel, or remove it and go live to the others (" + "x" * 80 + ")")
    console.feedback.report(text, "error")
    qtbot.wait(50)
    label = console.feedback.label
    shown = QLabel.text(label)                       # what is drawn (an elided label keeps the full text apart)
    assert shown.endswith("…") and shown != text
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert console.feedback.text() == text and label.toolTip() == text and console.feedback.history[-1].text == text
    assert label.geometry().right() < console.statusBar().connection.geometry().left()   # nothing drawn under it


def test_a_refusal_is_red_and_says_what_to_do_in_the_app(window):
    console = window(1366, 768)
    console.state.error.emit("destination shop: no stream key set (studio destination set-key shop --key-stdin)")
    text = console.feedback.text()
    assert console.feedback.outcome == "error" and "#e53935" in console.feedback.label.styleSheet()
    assert "studio destination" not in text and "Stream key field" in text


def test_a_destination_refused_for_its_key_reopens_the_dialog_at_the_key_field(window, monkeypatch):
    from studio.ui.add_destination import AddDestinationDialog
    opened = []
    monkeypatch.setattr(AddDestinationDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    console = window(1366, 768)
    console.destinations._presets = [{"preset": "custom", "name": "Custom RTMP", "default_url": "",
                                      "url_example": "rtmp://HOST/APP", "where_to_find": "your server"}]
    values = {"name": "shop", "preset": "custom", "url": "rtmp://127.0.0.1/live", "key": "", "canvas": "",
              "enabled": True}
    console.destinations._added(dict(values), None,
                                "destination shop: no stream key set (studio destination set-key shop --key-stdin)")
    dialog = opened[0]
    assert dialog.refused_field == "key" and dialog.key.property("refused")
    assert "Stream key field" in dialog.error.text() and "studio destination" not in dialog.error.text()


def test_stopping_a_recording_names_the_file_with_an_open_folder_action(window, qtbot):
    console = window(1366, 768)
    opened = []
    console.open_folder = opened.append
    console.state.link.event_received.emit("RecordStateChanged", {
        "outputActive": False, "outputState": "OBS_WEBSOCKET_OUTPUT_STOPPED",
        "outputPath": "/home/producer/Videos/demo-20261207-101500.mkv"})
    assert "/home/producer/Videos/demo-20261207-101500.mkv" in console.feedback.text()
    button = console.feedback.action_button
    assert button.isVisible() and button.text() == "Open folder"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [Path("/home/producer/Videos")]


def test_the_as_run_log_is_a_table_that_follows_the_show(window):
    console = window(1366, 768, {"on_air_since_s": 10.0, "program": HEADPHONES})
    console.state.as_run.emit({"event": "product_taken", "show_time_s": 4.0,
                               "details": {"sku": "HP-NC-BLK", "frame": 120, "by": "take", "off_air": True}})
    console.state.as_run.emit({"event": "product_taken", "show_time_s": 75.5,
                               "details": {"sku": "HP-NC-BLK", "frame": 2265, "by": "take"}})
    table = console.as_run.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Time on air", "Event", "Product", "Details"]
    assert console.as_run.rows() == [
        ("off air", "Take", "Noise-Cancelling Headphones (HP-NC-BLK)", "by: take"),
        ("1:05", "Take", "Noise-Cancelling Headphones (HP-NC-BLK)", "by: take"),
    ]
    for _ in range(60):
        console.state.as_run.emit({"event": "marker", "show_time_s": 80.0, "details": {"text": "x"}})
    bar = table.verticalScrollBar()
    assert bar.value() == bar.maximum()                                  # follows the newest row


# --- 8. polish ---------------------------------------------------------------------------------------------------
def test_the_toolbar_buttons_do_not_move_when_go_live_becomes_stop_live(window):
    console = window(1366, 768)
    toolbar = console.toolbar
    next_button = toolbar.widgetForAction(console.action("take_next_segment"))
    before = (console.live_controls.record_button.mapTo(console, QPoint(0, 0)), next_button.mapTo(console, QPoint(0, 0)))
    console.state.apply_snapshot({"live": True, "recording": True, "on_air": True})
    QApplication.processEvents()
    assert console.live_controls.live_button.text() == "Stop Live"
    after = (console.live_controls.record_button.mapTo(console, QPoint(0, 0)), next_button.mapTo(console, QPoint(0, 0)))
    assert before == after
    assert clipped_widgets(console) == []


def test_settings_fit_at_1366_by_768_and_every_tab_is_reachable(window, qtbot):
    from studio.ui.settings_dialog import SettingsDialog
    console = window(1366, 768)
    dialog = SettingsDialog(console.settings, console)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.findChild(QTabWidget)
    names = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Hotkeys" in names
    bar = tabs.tabBar()
    for i in range(tabs.count()):
        assert bar.tabRect(i).right() <= bar.width(), f"tab {names[i]!r} is cut off"
    frame = dialog.frameGeometry()
    assert frame.width() <= 1366 and frame.height() <= 768 - 40


def luminance(colour: QColor) -> float:
    return 0.2126 * colour.red() + 0.7152 * colour.green() + 0.0722 * colour.blue()


def test_check_boxes_and_focus_are_visible_on_the_dark_theme(window, qtbot):
    console = window(1366, 768)
    box = console.rundown.auto_advance
    image = box.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    background = luminance(QColor(image.pixel(image.width() - 2, 1)))
    contrast = max(abs(luminance(QColor(image.pixel(x, y))) - background)
                   for x in range(indicator.left(), indicator.right()) for y in range(indicator.top(), indicator.bottom()))
    assert contrast >= 80, f"the unchecked box's outline is {contrast:.0f} levels from the background"
    button = console.live_controls.live_button
    unfocused = button.grab().toImage()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    assert button.grab().toImage() != unfocused                         # focus changes how it looks


# --- 7. closing --------------------------------------------------------------------------------------------------
def test_a_window_that_started_its_engine_asks_before_closing_while_live(window):
    console = window(1366, 768, {"live": True, "recording": False})
    console.owns_engine = True
    asked = []
    console.ask_before_closing = lambda parent, doing: asked.append(doing) or "cancel"
    assert not console.close() and console.isVisible() and asked == ["live"]
    console.ask_before_closing = lambda parent, doing: "keep"
    assert console.close() and console.stop_engine_on_close is False


def test_a_window_that_started_its_engine_stops_it_when_idle_and_one_attached_leaves_it(window):
    console = window(1366, 768, {"live": False, "recording": False})
    console.owns_engine = True
    console.ask_before_closing = lambda *_: pytest.fail("idle: nothing to ask")
    assert console.close() and console.stop_engine_on_close is True
    attached = window(1366, 768, {"live": True, "recording": True})
    attached.ask_before_closing = lambda *_: pytest.fail("not this window's engine: nothing to ask")
    attached._say_whose_engine()
    assert "started elsewhere" in attached.feedback.text() and "keeps running" in attached.feedback.text()
    assert attached.close() and attached.stop_engine_on_close is False

