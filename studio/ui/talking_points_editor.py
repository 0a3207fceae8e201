"""Talking points of one segment, edited in the console and saved through the control API.

Pick the segment, edit a point in place (F2 or double-click), add, remove, move up or
down (or drag), then Save: one `SetTalkingPoints` request; the engine writes the rundown
and announces `RundownChanged`, which every host view's teleprompter follows. Points
live in the rundown row, so they move with their segment and travel in its export.
Unsaved edits are kept when the rundown changes under them (another client's edit).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from studio.wire import commands

Send = Callable[[commands.Command], object]   # EngineLink.call or ControlClient.call


class TalkingPointsEditor(QWidget):
    def __init__(self, send: Send, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("talking_points_editor")
        self._send = send
        self._segments: list[dict] = []
        self.dirty = False
        self.segment = QComboBox()
        self.segment.setObjectName("talking_points_segment")
        self.segment.currentIndexChanged.connect(self._show_segment)
        self.points = QListWidget()
        self.points.setObjectName("talking_points_list")
        self.points.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.points.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                    | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.points.itemChanged.connect(self._mark_dirty)
        self.points.model().rowsMoved.connect(self._mark_dirty)
        self.status = QLabel()
        buttons = QHBoxLayout()
        for text, slot in (("&Add", self.add_point), ("&Remove", self.remove_point), ("Up", lambda: self.move(-1)),
                           ("Down", lambda: self.move(1)), ("&Save", self.save)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            setattr(self, f"{text.strip('&').lower()}_button", button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.segment)
        layout.addWidget(self.points, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def set_segments(self, segments: list[dict]) -> None:
        """The rundown as the snapshot or RundownChanged gives it; the chosen segment stays chosen."""
        chosen = self.segment.currentData()
        self._segments = list(segments)
        self.segment.blockSignals(True)
        self.segment.clear()
        for index, segment in enumerate(self._segments):
            self.segment.addItem(f"{index + 1}. {segment.get('title', '')}", segment.get("id", index))
        found = self.segment.findData(chosen) if chosen is not None else -1
        self.segment.setCurrentIndex(found if found >= 0 else (0 if self._segments else -1))
        self.segment.blockSignals(False)
        if not self.dirty:
            self._show_segment()

    def select_segment(self, index: int) -> None:
        self.segment.setCurrentIndex(index)

    def _show_segment(self, *_: object) -> None:
        index = self.segment.currentIndex()
        points = self._segments[index].get("talking_points") or [] if 0 <= index < len(self._segments) else []
        self.points.blockSignals(True)
        self.points.clear()
        for point in points:
            self.points.addItem(self._item(point))
        self.points.blockSignals(False)
        self.dirty = False
        self.status.setText("")

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _mark_dirty(self, *_: object) -> None:
        self.dirty = True
        self.status.setText("Not saved")

    def current_points(self) -> list[str]:
        return [self.points.item(row).text() for row in range(self.points.count())]

    def add_point(self) -> None:
        item = self._item("New point")
        self.points.addItem(item)
        self.points.setCurrentItem(item)
        self.points.editItem(item)
        self._mark_dirty()

    def remove_point(self) -> None:
        row = self.points.currentRow()
        if row >= 0:
            self.points.takeItem(row)
            self._mark_dirty()

    def move(self, step: int) -> None:
        row = self.points.currentRow()
        if row < 0 or not 0 <= row + step < self.points.count():
            return
        item = self.points.takeItem(row)
        self.points.insertItem(row + step, item)
        self.points.setCurrentRow(row + step)
        self._mark_dirty()

    def save(self) -> None:
        index = self.segment.currentIndex()
        if index < 0:
            return
        self._send(commands.SetTalkingPoints(index=index, talking_points=self.current_points()))
        self.dirty = False
        self.status.setText("Saved")
