"""The host view: what the presenter reads from 3 m away, on a screen of its own.

Black background, white type sized from the window's height (the product title is a
fifteenth of it), colour only where it means something: the tally, the time left turning
amber then red, SOLD OUT. Everything comes from `HostModel`; this widget only draws it
and re-reads the clock four times a second so the time left counts down between events.
Before Go Live the tally reads NOT ON AIR and the big clock the time of day, dimmed.
Stock: green in stock, amber when low ("Only 3 left"), red SOLD OUT. F11 toggles full
screen, Esc leaves it (fixed keys: a host must always be able to get out).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from studio.ui.locale_format import money
from studio.ui.cheat_sheet import CheatSheetDialog
from studio.ui.host_model import HostModel, clock_text
from studio.ui.hotkey_binding import apply_hotkeys
from studio.ui.hotkeys import HOTKEYS, default_bindings
from studio.ui.stock_tone import TONE_COLOURS, stock_tone
from studio.ui.teleprompter import Teleprompter

WHITE, DIM, AMBER, RED, GREEN = "#ffffff", "#9a9a9a", "#ffb000", "#ff3b30", "#34c759"
URGENCY_COLOURS = {"normal": WHITE, "amber": AMBER, "red": RED}
TALLY_COLOURS = {"ON AIR": RED, "RECORDING": AMBER, "NOT ON AIR": "#3a3a3a", "NO ENGINE": "#3a3a3a"}
HOST_ACTIONS = tuple(hotkey.action_id for hotkey in HOTKEYS if hotkey.context in ("host", "global"))


def stock_colour(product) -> str:
    """Red sold out, amber when low (the "Only N left" of the model), green otherwise: studio/ui/stock_tone.py."""
    tone = stock_tone(product.stock) if product is not None else None
    return TONE_COLOURS[tone] if tone else GREEN


class HostView(QWidget):
    def __init__(self, model: HostModel, *, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], dt.datetime] = dt.datetime.now,
                 bindings: Mapping[str, str] | None = None, speed_px_s: float = 60.0, mirrored: bool = False,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("host_view")
        self.setWindowTitle("Host view — Live Shopping Studio")
        self.setStyleSheet(f"QWidget#host_view {{ background: #000000; }} QLabel {{ color: {WHITE}; }}")
        self.setAutoFillBackground(True)
        self.model = model
        self._clock = clock
        self._wall_clock = wall_clock
        self._bindings = dict(bindings or default_bindings())
        self.tally = self._label("tally", Qt.AlignmentFlag.AlignCenter)
        self.show_title = self._label("show_title")
        self.time_left = self._label("time_left", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.title = self._label("product_title")
        self.title.setWordWrap(True)
        self.price = self._label("price")
        self.compare_at = self._label("compare_at")
        self.compare_at.setStyleSheet(f"color: {DIM};")
        self.stock = self._label("stock")
        self.countdown = self._label("countdown", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next_up = self._label("next_up")
        self.status = self._label("status")
        self.teleprompter = Teleprompter(speed_px_s=speed_px_s, clock=clock)
        self.teleprompter.set_mirrored(mirrored)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.leave_full_screen)

        top = QHBoxLayout()
        top.addWidget(self.tally)
        top.addWidget(self.show_title, 1)
        top.addWidget(self.time_left)
        product = QGridLayout()
        product.addWidget(self.title, 0, 0, 1, 3)
        product.addWidget(self.price, 1, 0)
        product.addWidget(self.compare_at, 1, 1)
        product.addWidget(self.stock, 1, 2, Qt.AlignmentFlag.AlignRight)
        product.setColumnStretch(1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.next_up, 1)
        bottom.addWidget(self.countdown)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(product)
        layout.addWidget(self.teleprompter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)

        self.actions_by_id = self._make_actions()
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self.refresh_times)
        self._ticker.start()
        self.refresh()

    def _label(self, name: str, alignment=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setAlignment(alignment)
        return label

    def _make_actions(self) -> dict[str, QAction]:
        handlers = {"teleprompter_faster": self.teleprompter.faster, "teleprompter_slower": self.teleprompter.slower,
                    "teleprompter_pause": self.teleprompter.toggle_paused, "cheat_sheet": self.show_cheat_sheet}
        actions = {}
        for action_id in HOST_ACTIONS:
            if action_id not in handlers:
                continue                         # a console action: the host view never changes the show
            action = QAction(action_id, self)
            action.triggered.connect(handlers[action_id])
            self.addAction(action)
            actions[action_id] = action
        apply_hotkeys(actions, self._bindings, where="host")
        return actions

    def show_cheat_sheet(self) -> None:
        dialog = CheatSheetDialog(self._bindings, self, where="host")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- input from the link (GUI thread)
    def on_state(self, state: dict, received_at_s: float) -> None:
        self.model.apply_state(state, received_at_s)
        self.refresh()

    def on_event(self, event_type: str, data: dict, received_at_s: float) -> bool:
        if event_type == "CustomEvent":           # the console's teleprompter keys, through the engine
            if data.get("studio") == "teleprompter" and data.get("action") in self.actions_by_id:
                self.actions_by_id[data["action"]].trigger()
            return False
        needs_snapshot = self.model.apply_event(event_type, data, received_at_s)
        self.refresh()
        return needs_snapshot

    def on_problem(self, text: str) -> None:
        self.status.setText(text)

    # --- the window
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self.showFullScreen()

    def leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()

    # --- drawing
    def refresh(self) -> None:
        model = self.model
        tally = model.tally
        self.tally.setText(f" {tally} ")
        self.tally.setStyleSheet(f"background: {TALLY_COLOURS[tally]}; color: {WHITE}; font-weight: bold;")
        self.show_title.setText(model.show_title)
        product = model.program
        self.title.setText(product.title if product else "No product on air")
        self.price.setText(money(product.price, product.currency) if product else "")
        self.compare_at.setText(money(product.compare_at, product.currency) if product and product.compare_at else "")
        self.stock.setText(product.stock_text if product else "")
        self.stock.setStyleSheet(f"color: {stock_colour(product)}; font-weight: bold;")
        self.next_up.setText(f"Next: {model.next_up}")
        self.teleprompter.set_points(model.talking_points)
        self.refresh_times()

    def refresh_times(self) -> None:
        now = self._clock()
        if self.model.connected and not self.model.on_air:      # rehearsal: the time of day, no segment clock
            self.time_left.setText(self._wall_clock().strftime("%H:%M"))
            self.time_left.setStyleSheet(f"color: {DIM}; font-weight: bold;")
        else:
            self.time_left.setText(clock_text(self.model.remaining_s(now)))
            self.time_left.setStyleSheet(f"color: {URGENCY_COLOURS[self.model.urgency(now)]}; font-weight: bold;")
        countdown = self.model.countdown_remaining_s(now)
        label = (self.model.countdown or {}).get("label") or "Deal ends in"
        self.countdown.setText("" if countdown is None else f"{label} {clock_text(countdown)}")
        self.countdown.setStyleSheet(f"color: {AMBER}; font-weight: bold;")

    def resizeEvent(self, event) -> None:
        unit = max(8, self.height() // 60)          # about 18 px on a 1080p screen
        sizes = {self.title: 4, self.price: 4, self.time_left: 4, self.compare_at: 2.5, self.stock: 2.5,
                 self.countdown: 2.5, self.tally: 2, self.show_title: 1.5, self.next_up: 2, self.status: 1}
        for label, factor in sizes.items():
            font = QFont(label.font())
            font.setPixelSize(int(unit * factor))
            font.setStrikeOut(label is self.compare_at)
            label.setFont(font)
        self.teleprompter.set_text_size(max(12, int(unit * 2.5)))
        super().resizeEvent(event)
