"""Destinations: live health per destination, on/off, reconnect; add, enable, disable, remove live.

Health comes from the engine once a second (GetShowState) and at once on
DestinationStateChanged; the colours are the model's. On/Off starts or stops that
output for this run (StartOutput / StopOutput), Reconnect drops and reopens its connection.
Add…, Enable/Disable and Remove… are the engine's AddDestination, SetDestinationEnabled
and RemoveDestination: stored at once, and live from the next keyframe when the show is
live. Every window and `studio control watch` hear DestinationListChanged and re-read the
list. The key goes to the engine in the request only; the window keeps no copy.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from studio.ui.add_destination import AddDestinationDialog
from studio.ui.feedback import COLOURS, in_app
from studio.ui.icons import icon
from studio.ui.models.destinations_model import DestinationsModel
from studio.ui.show_state import ShowState
from studio.wire import commands


class DestinationsPanel(QWidget):
    reported = Signal(str, str)      # (text, outcome: success, warning, error, info) for the window's feedback

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
        self.message = QLabel(objectName="destinations_message", wordWrap=True)
        self.add_button = QPushButton(icon("add"), "Add…")
        self.add_button.clicked.connect(self.add_destination)
        self.toggle_button = QPushButton("On / Off")
        self.toggle_button.setToolTip("Start or stop sending to the selected destination")
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reconnect_button = QPushButton(icon("reconnect"), "Reconnect")
        self.reconnect_button.clicked.connect(self.reconnect_selected)
        self.enable_button = QPushButton("Disable")
        self.enable_button.setToolTip("Switch the selected stored destination on or off (kept in the database)")
        self.enable_button.clicked.connect(self.enable_selected)
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setToolTip("Stop sending to the selected destination and delete it with its keys")
        self.remove_button.clicked.connect(self.remove_selected)
        self.confirm = _ask     # replaced in tests
        buttons = QHBoxLayout()
        for button in (self.add_button, self.toggle_button, self.reconnect_button, self.enable_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        state.changed.connect(self._on_change)
        state.link.event_received.connect(self._on_event)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._follow_selection())
        self.dialog: AddDestinationDialog | None = None
        self._follow_selection()

    def say(self, text: str, outcome: str = "info") -> None:
        """Under the table, coloured by outcome, and to the window's feedback area (with its history)."""
        text = in_app(text)
        self.message.setText(text)
        colour = COLOURS.get(outcome, "")
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        if text:
            self.reported.emit(text, outcome)

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_dict(rows[0].row()) if rows else None

    def selected_label(self) -> str | None:
        return (self.selected() or {}).get("label")

    def _follow_selection(self) -> None:
        """Enable/Disable and Remove are for stored destinations (not a one-off --to URL)."""
        chosen = self.selected() or {}
        stored = bool(chosen.get("name"))
        self.enable_button.setEnabled(stored)
        self.remove_button.setEnabled(stored)
        self.enable_button.setText("Enable" if chosen.get("enabled") is False else "Disable")

    def enable_selected(self) -> None:
        chosen = self.selected() or {}
        if not chosen.get("name"):
            self.say("Select a stored destination in the table first", "warning")
            return
        self.state.link.call(commands.SetDestinationEnabled(name=chosen["name"], enabled=chosen.get("enabled") is False),
                             on_done=self._answered(f"{chosen['name']}: "
                                                    f"{'enabled' if chosen.get('enabled') is False else 'disabled'}"))

    def remove_selected(self) -> None:
        chosen = self.selected() or {}
        if not chosen.get("name"):
            self.say("Select a stored destination in the table first", "warning")
            return
        if self.confirm(self, "Remove destination", f"Stop sending to {chosen['name']} and delete it with its stream keys?"):
            self.state.link.call(commands.RemoveDestination(name=chosen["name"]),
                                 on_done=self._answered(f"{chosen['name']}: removed with its keys"))

    def reconnect_selected(self) -> None:
        label = self.selected_label()
        if label is None:
            self.say("Select a destination in the table first", "warning")
            return
        self.state.link.call(commands.ReconnectDestination(label=label),
                             on_done=self._answered(f"{label}: reconnecting"))

    def toggle_selected(self) -> None:
        label = self.selected_label()
        if label is None:
            self.say("Select a destination in the table first", "warning")
            return
        self.state.link.request("ToggleOutput", {"outputName": label},
                                on_done=self._answered(f"{label}: switched on or off for this run"))

    def add_destination(self) -> None:
        """Asks the engine for its platform presets, then opens the dialog with them."""
        self.state.link.call(commands.GetPlatformPresets(), on_done=self._open_add_dialog)

    def _open_add_dialog(self, result, error: str | None, refused: tuple[dict, str] | None = None) -> None:
        if error is not None:
            self.say(error, "error")
            return
        self._presets = result["presets"]
        self.dialog = dialog = AddDestinationDialog(self._presets, self, error=in_app(refused[1]) if refused else "")
        if refused:
            dialog.fill(refused[0])
        accepted = dialog.exec()
        values = dialog.values() if accepted else None
        self.dialog = None
        dialog.deleteLater()
        if values is not None:
            self.say(f"Adding {values['name']}…")
            self.state.link.call(commands.AddDestination(**values),
                                 on_done=lambda answer, why: self._added(values, answer, why))

    def _added(self, values: dict, answer, error: str | None) -> None:
        """Refused: the dialog again, as typed, with the engine's reason (it names the field)."""
        if error is not None:
            self.say(error, "error")
            self._open_add_dialog({"presets": self._presets}, None, refused=(values, error))
            return
        values.clear()   # the key: no copy kept once the engine has it
        when = "live now" if answer.get("active") else ("sent to from Go Live" if answer.get("enabled") else "off")
        self.say(f"Added {answer['name']} ({answer['canvas']}): {when}", "success")
        self.state.refresh()

    def _answered(self, what: str):
        """Refused: the reason under the table and in the feedback area; done: only the feedback area."""
        def done(result, error: str | None) -> None:
            if error is not None:
                self.say(error, "error")
            else:
                self.message.setText("")
                self.reported.emit(what, "success")
            self.state.refresh()
        return done

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
            self._follow_selection()


def _ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
