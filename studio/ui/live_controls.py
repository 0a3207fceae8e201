"""Go Live and Record with their elapsed time; both ask before starting and before stopping.

Going live runs the engine's preflight (StartStream refuses with the reasons when a
destination would reject the show); the confirmation lists where the show will go,
and a refusal is shown in full. When the refusal is a relay that cannot be reached, the
window asks whether to send to every destination directly instead (the reasons carry the
upload that needs), and does so with SendDirectly before going live again. The buttons' checked state follows the engine
(StreamStateChanged / RecordStateChanged and the snapshot), never the click.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from studio.ui.icons import icon
from studio.ui.models.dict_table import clock_text
from studio.ui.show_state import ShowState
from studio.wire.relay import RELAY_UNREACHABLE

Confirm = Callable[[QWidget, str, str], bool]


def ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


class LiveControls(QWidget):
    confirm: Confirm = staticmethod(ask)
    report: Callable[[QWidget, str, str], None] = staticmethod(tell)

    def __init__(self, state: ShowState, actions: Mapping[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.actions = actions
        self.live_button = self._button("go_live", "live")
        self.record_button = self._button("record", "record")
        self.live_time, self.record_time = QLabel("0:00"), QLabel("0:00")
        self._live_since: float | None = None
        self._record_since: float | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.live_button, self.live_time, self.record_button, self.record_time):
            layout.addWidget(widget)
        self._clock = QTimer(self, interval=500, timeout=self._tick)
        self._clock.start()
        state.changed.connect(self._on_change)
        state.link.event_received.connect(self._on_event)

    def _button(self, action_id: str, icon_name: str) -> QPushButton:
        action = self.actions[action_id]
        button = QPushButton(icon(icon_name), action.text(), checkable=True)
        button.setObjectName(action_id)
        button.setToolTip(action.toolTip())
        button.clicked.connect(lambda: (button.setChecked(not button.isChecked()), action.trigger()))
        return button

    # --- actions -----------------------------------------------------------------------
    def toggle_live(self) -> None:
        if self.state.state.get("live"):
            if self.confirm(self, "Stop the show?", "Stop streaming to every destination?"):
                self.state.link.request("StopStream", on_done=self._answered("Stop streaming"))
            return
        labels = [d.get("label", "") for d in self.state.state.get("destinations") or []]
        where = "\n".join(f"  • {label}" for label in labels) or "  (no destination: nothing will be sent)"
        if self.confirm(self, "Go live?", f"The show goes on air to:\n{where}\n\n"
                        "Preflight checks each destination first; a refusal is shown with its reasons."):
            self.state.link.request("StartStream", on_done=self._go_live_answered)

    def _go_live_answered(self, result, error: str | None) -> None:
        if error is None or RELAY_UNREACHABLE not in error:
            self._answered("Go live")(result, error)
            return
        if self.confirm(self, "Send directly?", f"{error}\n\nSend to every destination directly from this "
                        "computer instead? Each destination then costs the upload again."):
            self.state.link.vendor("SendDirectly", on_done=self._sending_directly)
        self.state.refresh()

    def _sending_directly(self, result, error: str | None) -> None:
        if error is not None:
            self._answered("Send directly")(result, error)
            return
        self.state.link.request("StartStream", on_done=self._answered("Go live"))

    def toggle_record(self) -> None:
        if self.state.state.get("recording"):
            if self.confirm(self, "Stop recording?", "Stop and close the recording?"):
                self.state.link.request("StopRecord", on_done=self._answered("Stop recording"))
        else:
            self.state.link.request("StartRecord", on_done=self._answered("Record"))

    def _answered(self, what: str):
        def done(result, error: str | None) -> None:
            if error is not None:
                self.report(self, f"{what} refused", error)
            self.state.refresh()
        return done

    # --- state -------------------------------------------------------------------------
    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type in ("StreamStateChanged", "RecordStateChanged"):
            self.state.refresh()

    def _on_change(self, part: str) -> None:
        if part != "live":
            return
        live, recording = bool(self.state.state.get("live")), bool(self.state.state.get("recording"))
        now = time.monotonic()
        if live and self._live_since is None:
            self._live_since = now
        self._live_since = self._live_since if live else None
        if recording and self._record_since is None:
            self._record_since = now
        self._record_since = self._record_since if recording else None
        for button, action_id, on in ((self.live_button, "go_live", live), (self.record_button, "record", recording)):
            button.setChecked(on)
            self.actions[action_id].setChecked(on)
        self.live_button.setText("Stop Live" if live else self.actions["go_live"].text())
        self.record_button.setText("Stop Recording" if recording else self.actions["record"].text())
        self._tick()

    def _tick(self) -> None:
        now = time.monotonic()
        self.live_time.setText(clock_text(now - self._live_since) if self._live_since else "0:00")
        self.record_time.setText(clock_text(now - self._record_since) if self._record_since else "0:00")
