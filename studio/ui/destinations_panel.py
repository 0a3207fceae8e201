"""Destinations: live health per destination, enable/disable, reconnect, add from a preset.

Health comes from the engine once a second (GetShowState) and at once on
DestinationStateChanged; the colours are the model's. On/Off starts or stops that
output (StartOutput / StopOutput), Reconnect drops and reopens its connection.
Adding stores a new destination through `studio destination add ... --key-stdin`:
the key goes through a pipe, never argv, and the window keeps no copy.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from studio.ui.add_destination import AddDestinationDialog, store_destination
from studio.ui.icons import icon
from studio.ui.models.destinations_model import DestinationsModel
from studio.ui.show_state import ShowState


class DestinationsPanel(QWidget):
    def __init__(self, state: ShowState, db_path: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.db_path = db_path
        self.model = DestinationsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(objectName="error", wordWrap=True)
        self.add_button = QPushButton(icon("add"), "Add…")
        self.add_button.clicked.connect(self.add_destination)
        self.toggle_button = QPushButton("On / Off")
        self.toggle_button.setToolTip("Start or stop sending to the selected destination")
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reconnect_button = QPushButton(icon("reconnect"), "Reconnect")
        self.reconnect_button.clicked.connect(self.reconnect_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.toggle_button, self.reconnect_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        state.changed.connect(self._on_change)
        state.link.event_received.connect(self._on_event)

    def selected_label(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_dict(rows[0].row()).get("label") if rows else None

    def reconnect_selected(self) -> None:
        label = self.selected_label()
        if label is None:
            self.message.setText("Select a destination first")
            return
        self.state.link.vendor("ReconnectDestination", {"label": label}, on_done=self._answered)

    def toggle_selected(self) -> None:
        label = self.selected_label()
        if label is None:
            self.message.setText("Select a destination first")
            return
        self.state.link.request("ToggleOutput", {"outputName": label}, on_done=self._answered)

    def add_destination(self) -> None:
        """Asks the engine for its platform presets, then opens the dialog with them."""
        self.state.link.vendor("GetPlatformPresets", on_done=self._open_add_dialog)

    def _open_add_dialog(self, result, error: str | None) -> None:
        if error is not None:
            self.message.setText(error)
            return
        dialog = AddDestinationDialog(result["presets"], self)
        if dialog.exec():
            store_destination(self, dialog.values(), self.db_path, self._stored)

    def _stored(self, error: str | None) -> None:
        self.message.setText(error or "Stored. The engine sends to it from its next start.")

    def _answered(self, result, error: str | None) -> None:
        self.message.setText(error or "")
        self.state.refresh()

    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type == "DestinationStateChanged":
            row = self.model.row_of(data.get("label"))
            if row >= 0:
                rows = self.model.rows()
                rows[row] = {**rows[row], "state": data.get("state"), "last_error": data.get("error")}
                self.model.set_rows(rows)

    def _on_change(self, part: str) -> None:
        if part == "destinations":
            self.model.set_rows(self.state.state.get("destinations") or [])
