"""What the last action did, in the status bar: coloured by outcome, cleared after a few seconds, kept in a history.

Every answer the window gets (a refusal in the engine's words, a destination added, a
recording written) goes through `Feedback.report(text, outcome)`; the outcome picks the
colour (green success, amber warning, red error, plain info) and how long the line stays.
An optional action (a button beside the text: "Open folder") goes with it. History… lists
every message of this window, newest first, with its time of day.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QToolButton,
    QVBoxLayout, QWidget,
)

from studio.ui.elided_label import ElidedLabel

OUTCOMES = ("success", "warning", "error", "info")
COLOURS = {"success": "#43a047", "warning": "#ffb300", "error": "#e53935", "info": ""}
SHOWN_FOR_MS = {"success": 5_000, "info": 5_000, "warning": 10_000, "error": 15_000}
HISTORY_SIZE = 200

# The engine's refusals name a `studio ...` command for the terminal; the window says where to do it here.
IN_APP = (
    (re.compile(r"\s*\(studio destination set-key[^)]*\)"),
     " (type it in the Stream key field: Destinations → Add…; a stored destination: Remove… it, then Add… it "
     "again with its key)"),
    (re.compile(r"\s*\(see `studio destination list`\)"), " (see the Destinations panel)"),
    (re.compile(r"\s*\(see `studio show list`\)"), " (see Show → Open…)"),
)


def in_app(reason: str) -> str:
    """A refusal in the engine's words, with any command-line hint replaced by where to do it in the window."""
    for pattern, replacement in IN_APP:
        reason = pattern.sub(replacement, reason)
    return reason


@dataclass(frozen=True)
class Message:
    text: str
    outcome: str
    time_of_day: str


class FeedbackHistory(QDialog):
    def __init__(self, messages: list[Message], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Messages")
        self.resize(640, 360)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for message in reversed(messages):
            item = QListWidgetItem(f"{message.time_of_day}  {message.text}")
            if COLOURS[message.outcome]:
                item.setForeground(QColor(COLOURS[message.outcome]))
            item.setToolTip(message.outcome)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)


class Feedback(QWidget):
    """The status bar's message area: one line, elided, full text in the tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("feedback")
        self.history: list[Message] = []
        self.outcome = ""
        self.label = ElidedLabel(object_name="feedback_text")    # cut with "…", never mid-letter at 1366 px
        self.action_button = QPushButton(objectName="feedback_action")
        self.action_button.hide()
        self.history_button = QToolButton(text="History…", objectName="feedback_history")
        self.history_button.setToolTip("Every message of this window, newest first")
        self.history_button.clicked.connect(self.open_history)
        self._action: Callable[[], None] | None = None
        self.action_button.clicked.connect(lambda: self._action and self._action())
        self._clear = QTimer(self, singleShot=True, timeout=self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.history_button)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)

    def report(self, text: str, outcome: str = "info", action: tuple[str, Callable[[], None]] | None = None,
               timeout_ms: int | None = None) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}")
        text = " ".join(text.split())
        self.history.append(Message(text, outcome, time.strftime("%H:%M:%S")))
        del self.history[:-HISTORY_SIZE]
        self.outcome = outcome
        self.label.setText(text)             # the full text in its tooltip and the history
        colour = COLOURS[outcome]
        self.label.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self._clear.start(timeout_ms or SHOWN_FOR_MS[outcome])

    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self.outcome = ""
        self.label.setText("")
        self.label.setStyleSheet("")
        self._action = None
        self.action_button.hide()

    def open_history(self) -> None:
        FeedbackHistory(self.history, self.window()).open()

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(self.history_button.sizeHint().width() + 40)
        return hint

