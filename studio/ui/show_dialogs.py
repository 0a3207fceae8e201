"""The Show menu's dialogs: a name (New, Duplicate, Rename) and the list of shows (Open, Delete).

Neither blocks: each is opened with `open()`, sends its request through a callback and stays
open with the engine's reason under the field when it is refused (a name taken, too long), so
the producer corrects it in place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from studio.ui.models.dict_table import clock_text

Done = Callable[[str | None], None]          # the refusal, or None: done


class ShowNameDialog(QDialog):
    def __init__(self, title: str, prompt: str, name: str, submit: Callable[[str, Done], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("show_name_dialog")
        self.setWindowTitle(title)
        self._submit = submit
        self.name = QLineEdit(name, objectName="show_name")
        self.name.selectAll()
        self.name.textChanged.connect(lambda: self.error.setText(""))
        self.error = QLabel(objectName="error", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.name)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def try_accept(self) -> None:
        name = self.name.text().strip()
        if not name:
            self._refused("a show needs a name (type one, e.g. 'Friday deals')")
            return
        self.buttons.setEnabled(False)
        self._submit(name, self._answered)

    def _answered(self, error: str | None) -> None:
        self.buttons.setEnabled(True)
        if error is None:
            self.accept()
        else:
            self._refused(error)

    def _refused(self, reason: str) -> None:
        self.error.setText(reason)
        self.name.setFocus()
        self.name.selectAll()


class ShowListDialog(QDialog):
    """The database's shows, newest first, with their segment and product counts; the open one marked."""
    COLUMNS = ("Show", "Title", "Segments", "Products", "Length")

    def __init__(self, shows: list[dict], current: str | None, open_show: Callable[[str, Done], None],
                 delete_show: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("show_list_dialog")
        self.setWindowTitle("Open a show")
        self._open, self._delete = open_show, delete_show
        self.table = QTableWidget(len(shows), len(self.COLUMNS), objectName="show_list")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, show in enumerate(shows):
            name = show["name"] + (" (open)" if show["name"] == current else "")
            cells = (name, show.get("title") or "", str(show["segments"]), str(show["products"]),
                     clock_text(show.get("planned_s") or 0))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, show["name"])
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)   # names and counts never cut
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if shows:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.error = QLabel(objectName="error", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button = QPushButton("Delete…", objectName="show_list_delete")
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 360)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def select(self, name: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == name:
                self.table.selectRow(row)

    def open_selected(self) -> None:
        name = self.selected_name()
        if name is not None:
            self._open(name, lambda error: self.accept() if error is None else self.error.setText(error))

    def _delete_selected(self) -> None:
        name = self.selected_name()
        if name is not None:
            self.accept()
            self._delete(name)
