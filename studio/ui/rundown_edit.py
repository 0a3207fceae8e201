"""Editing the rundown in the window: remove and move segments (buttons and keys), and an empty show's first steps.

The edit bar sits under the rundown: *Remove* (Delete; asks first), *Up* / *Down* (Alt+Up / Alt+Down,
as in a playlist). Each sends one request (RemoveSegment, MoveSegment); the engine persists it and
every window follows its `RundownChanged`. Lengths are typed in the Planned cell (RundownModel), talking
points in their own tab (TalkingPointsEditor), products come in from the Catalog (drag, or *Add to
rundown* there).

`EmptyShowState` replaces the table while the show has no segment: it says what to do, with a
button for each step (import a catalog; add the product selected in the Catalog).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget,
)

EMPTY_SHOW_TEXT = (
    "<b>This show has no segments yet.</b><br>"
    "1. Import your products: <i>Import catalog…</i> (a Shopify or plain CSV, or a JSON catalog).<br>"
    "2. Drag products from the <b>Catalog</b> into this list, or select one there and press "
    "<i>Add to rundown</i>: each becomes a segment with its card up.<br>"
    "Then set each segment's length in its Planned cell and its talking points in <b>Talking points</b>.")


def ask_to_remove(parent: QWidget, title: str) -> bool:
    answer = QMessageBox.question(parent, "Remove segment?", f"Remove “{title}” from the rundown?",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class EmptyShowState(QFrame):
    import_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("empty_show_state")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(EMPTY_SHOW_TEXT, wordWrap=True, objectName="empty_show_text")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.import_button = QPushButton("Import catalog…", objectName="empty_show_import")
        self.import_button.clicked.connect(self.import_requested)
        self.add_button = QPushButton("Add selected product", objectName="empty_show_add")
        self.add_button.setToolTip("Adds the product selected in the Catalog as the first segment")
        self.add_button.clicked.connect(self.add_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)


class RundownEditBar(QWidget):
    remove_requested = Signal(int)             # segment index
    move_requested = Signal(int, int)          # (from, to) segment indexes

    def __init__(self, view: QTableView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.confirm_remove: Callable[[QWidget, str], bool] = ask_to_remove   # replaced in tests
        self.remove_button = QPushButton("Remove", objectName="rundown_remove")
        self.remove_button.setToolTip("Remove the selected segment (Delete)")
        self.up_button = QPushButton("Up", objectName="rundown_up")
        self.up_button.setToolTip("Move the selected segment up (Alt+Up)")
        self.down_button = QPushButton("Down", objectName="rundown_down")
        self.down_button.setToolTip("Move the selected segment down (Alt+Down)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        view.installEventFilter(self)           # the keys work while the rundown has focus
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.up_button, self.down_button):
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(self.remove_button)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_selected(-1 if event.key() == Qt.Key.Key_Up else +1)
                return True
            if event.key() == Qt.Key.Key_Delete and not event.modifiers():
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def move_selected(self, step: int) -> None:
        row = self.selected_row()
        count = self.view.model().rowCount()
        if row is None or not 0 <= row + step < count:
            return
        self.move_requested.emit(row, row + step)
        self.view.selectRow(row + step)          # the selection follows the segment, as the keys repeat

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        title = self.view.model().index(row, 1).data() or f"segment {row + 1}"
        if self.confirm_remove(self, title):
            self.remove_requested.emit(row)
