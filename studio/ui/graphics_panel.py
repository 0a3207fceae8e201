"""Graphics on air: card, callout (its text), lower third (name, role), ticker, logo, slate;
the flash-deal countdown with 1/5/10 min presets and a custom time.

Each toggle sends ShowGraphic or HideGraphic; its checked state follows what the
engine says is on air (GraphicsChanged), not what was clicked.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from studio.ui.actions import COUNTDOWN_PRESETS_S
from studio.ui.show_state import ShowState
from studio.wire import commands

# toggle action id -> graphic kind
TOGGLES = {"toggle_card": "card", "toggle_callout": "callout", "toggle_lower_third": "lower_third",
           "toggle_ticker": "ticker", "toggle_logo": "logo", "toggle_slate": "slate"}


class GraphicsPanel(QWidget):
    def __init__(self, state: ShowState, actions: Mapping[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.actions = actions
        self.callout_text = QLineEdit(placeholderText="Callout text, e.g. Today only")
        self.lower_third_name = QLineEdit(placeholderText="Name")
        self.lower_third_title = QLineEdit(placeholderText="Role")
        self.slate_headline = QLineEdit(placeholderText="We'll be right back")
        self.countdown_label = QLineEdit(placeholderText="Flash deal ends in")
        self.custom_minutes = QSpinBox(minimum=0, maximum=60, value=2, suffix=" min")
        self.custom_seconds = QSpinBox(minimum=0, maximum=59, value=0, suffix=" s")
        self.buttons: dict[str, QPushButton] = {}

        toggles = QGridLayout()
        for number, action_id in enumerate(TOGGLES):
            button = QPushButton(actions[action_id].text(), checkable=True)
            button.setToolTip(actions[action_id].toolTip())
            button.clicked.connect(actions[action_id].trigger)
            self.buttons[action_id] = button
            toggles.addWidget(button, number // 3, number % 3)
        texts = QFormLayout()
        texts.addRow("Callout", self.callout_text)
        texts.addRow("Lower third", self.lower_third_name)
        texts.addRow("", self.lower_third_title)
        texts.addRow("Slate", self.slate_headline)
        on_air = QGroupBox("On air")
        on_air_layout = QVBoxLayout(on_air)
        on_air_layout.addLayout(toggles)
        on_air_layout.addLayout(texts)

        countdown = QGroupBox("Flash-deal countdown")
        presets = QHBoxLayout()
        for action_id in COUNTDOWN_PRESETS_S:
            button = QPushButton(actions[action_id].text())
            button.clicked.connect(actions[action_id].trigger)
            presets.addWidget(button)
        stop = QPushButton(actions["countdown_stop"].text())
        stop.clicked.connect(actions["countdown_stop"].trigger)
        presets.addWidget(stop)
        custom = QHBoxLayout()
        custom.addWidget(self.custom_minutes)
        custom.addWidget(self.custom_seconds)
        start = QPushButton("Start")
        start.clicked.connect(lambda: self.start_countdown(
            self.custom_minutes.value() * 60 + self.custom_seconds.value()))
        custom.addWidget(start)
        countdown_layout = QFormLayout(countdown)
        countdown_layout.addRow("Label", self.countdown_label)
        countdown_layout.addRow(presets)
        countdown_layout.addRow("Custom", custom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(on_air)
        layout.addWidget(countdown)
        layout.addStretch(1)
        state.changed.connect(self._on_change)

    def params_for(self, kind: str) -> dict:
        """What the panel's fields say about a graphic; empty fields leave the engine's defaults."""
        fields = {"callout": {"text": self.callout_text.text()},
                  "lower_third": {"name": self.lower_third_name.text() or "Your host",
                                  "title": self.lower_third_title.text()},
                  "slate": {"headline": self.slate_headline.text()}}.get(kind, {})
        return {key: value for key, value in fields.items() if value}

    def toggle(self, action_id: str) -> None:
        kind = TOGGLES[action_id]
        if kind in (self.state.state.get("graphics") or []):
            self.state.link.call(commands.HideGraphic(kind=kind))
        else:
            self.state.link.call(commands.ShowGraphic(kind=kind, params=self.params_for(kind)))

    def start_countdown(self, duration_s: int) -> None:
        if duration_s < 1:
            self.state.error.emit("countdown: choose at least one second")
            return
        self.state.link.call(commands.StartCountdown(duration_s=duration_s, label=self.countdown_label.text()))

    def _on_change(self, part: str) -> None:
        if part != "graphics":
            return
        on_air = set(self.state.state.get("graphics") or [])
        for action_id, kind in TOGGLES.items():
            self.buttons[action_id].setChecked(kind in on_air)
            self.actions[action_id].setChecked(kind in on_air)
