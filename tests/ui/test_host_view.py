"""The host view widget fed plain dicts (no engine): what it shows, its colours, its keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from studio.ui.cheat_sheet import CheatSheetDialog
from studio.ui.host_model import HostModel
from studio.ui.host_view import AMBER, RED, HostView
from tests.ui.test_host_model import KETTLE, snapshot


class FakeClock:
    """Host-view time under the test's control (the teleprompter and the countdown read it)."""

    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def view(qtbot, clock):
    widget = HostView(HostModel(amber_at_s=30, red_at_s=10), clock=clock)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    widget.on_state(snapshot(), 1000.0)
    return widget


def test_shows_the_product_the_points_the_time_left_and_what_comes_next(view):
    assert view.title.text() == "Desk lamp"
    assert view.price.text() == "$39.00"   # C locale reads as en_US
    assert view.compare_at.text() == "$59.00" and view.compare_at.font().strikeOut()
    assert view.stock.text() == "12 in stock"
    assert view.teleprompter.points() == ("Three brightness levels", "USB-C")
    assert view.time_left.text() == "1:00"
    assert view.next_up.text() == "Next: Kettle"
    assert view.tally.text().strip() == "RECORDING"
    assert view.title.font().pixelSize() >= 40              # readable from 3 m on a 720p screen


def test_time_left_turns_amber_then_red(view, clock):
    clock.now_s = 1031.0
    view.refresh_times()
    assert view.time_left.text() == "0:29" and AMBER in view.time_left.styleSheet()
    clock.now_s = 1052.0
    view.refresh_times()
    assert view.time_left.text() == "0:08" and RED in view.time_left.styleSheet()


def test_sold_out_and_flash_deal(view):
    view.on_event("ProgramProductChanged", {"sku": "KETTLE-2", "product": KETTLE}, 1000.0)
    assert view.stock.text() == "SOLD OUT" and RED in view.stock.styleSheet()
    assert view.compare_at.text() == ""
    view.on_event("CountdownChanged", {"countdown": {"label": "Deal ends", "ends_at_s": 190.0, "remaining_s": 90}},
                  1000.0)
    assert view.countdown.text() == "Deal ends 1:30"


def test_teleprompter_keys_and_the_consoles_custom_event(qtbot, view):
    speed = view.teleprompter.speed_px_s
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert view.teleprompter.speed_px_s > speed
    speed = view.teleprompter.speed_px_s
    view.on_event("CustomEvent", {"studio": "teleprompter", "action": "teleprompter_slower"}, 1000.0)
    assert view.teleprompter.speed_px_s < speed
    assert view.teleprompter.paused
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not view.teleprompter.paused
    view.on_event("CustomEvent", {"studio": "teleprompter", "action": "take"}, 1000.0)   # never a show action


def test_question_mark_opens_the_cheat_sheet_of_the_host_keys(qtbot, view):
    qtbot.keyClick(view, "?")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CheatSheetDialog))
    dialog = QApplication.activeModalWidget()
    labels = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert "Teleprompter faster" in labels and "Take" not in labels
    dialog.reject()


def test_low_stock_is_amber_and_sold_out_red(view):
    view.on_event("ProgramProductChanged", {"sku": "LAMP-1", "product": {**snapshot()["program"], "stock": 3}}, 1000.0)
    assert view.stock.text() == "Only 3 left" and AMBER in view.stock.styleSheet()
    view.on_event("ProgramProductChanged", {"sku": "KETTLE-2", "product": KETTLE}, 1000.0)
    assert view.stock.text() == "SOLD OUT" and RED in view.stock.styleSheet()


def test_f11_toggles_full_screen_and_escape_leaves_it(qtbot, view):
    qtbot.keyClick(view, Qt.Key.Key_F11)
    qtbot.waitUntil(view.isFullScreen)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.isFullScreen())
    qtbot.keyClick(view, Qt.Key.Key_F11)
    qtbot.waitUntil(view.isFullScreen)
    qtbot.keyClick(view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not view.isFullScreen())


def test_the_feed_shows_the_newest_comments_with_questions_highlighted_and_claims_on_the_stock(qtbot, view, tmp_path):
    comments = [{"id": n, "author": f"Viewer{n}", "text": f"comment {n} <b>", "question": False} for n in range(8)]
    comments[-1] = {"id": 8, "author": "Ann", "text": "Does it come in black?", "question": True}
    assert view.on_event("CommentsReceived", {"comments": comments}, 1001.0) is False   # no snapshot needed
    text = view.comments.text()
    assert "Viewer0" not in text and "Viewer2" in text                                  # the newest six
    assert f'color: {AMBER}; font-weight: bold">Ann: Does it come in black?' in text
    assert "comment 3 &lt;b&gt;" in text                                              # text, never markup
    view.on_event("CommentModerated", {"id": 3, "action": "hide"}, 1001.0)
    assert "comment 3" not in view.comments.text()
    state = snapshot()
    state["program"] = {**state["program"], "stock": 10, "claimed": 2}
    view.on_state(state, 1002.0)
    assert view.stock.text() == "2 claimed · 10 in stock"
    qtbot.wait(200)                     # the layout settles
    assert view.comments.height() >= 5 * view.comments.fontMetrics().height()
    view.grab().save(str(tmp_path / "host-comments.png"))
