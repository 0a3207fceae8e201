"""The hotkey settings page: one key field per declared action, checked as a whole on Save."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout, QHBoxLayout, QLabel, QKeySequenceEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from studio.core.settings import SettingsStore
from studio.errors import UserInputError
from studio.ui.cheat_sheet import CONTEXT_NAMES
from studio.ui.hotkeys import HOTKEYS, default_bindings, load_bindings, save_bindings

PORTABLE = QKeySequence.SequenceFormat.PortableText


class HotkeyEditor(QWidget):
    saved = Signal(dict)       # the bindings just written (action id -> portable text)

    def __init__(self, store: SettingsStore, parent=None, *, save_button: bool = True):
        super().__init__(parent)
        self.setObjectName("hotkey_editor")
        self._store = store
        self.edits: dict[str, QKeySequenceEdit] = {}
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        for row, hotkey in enumerate(HOTKEYS):
            edit = QKeySequenceEdit()
            edit.setObjectName(f"hotkey_{hotkey.action_id}")
            edit.setMaximumSequenceLength(2)          # chords of two keys at most
            edit.setClearButtonEnabled(True)
            self.edits[hotkey.action_id] = edit
            grid.addWidget(QLabel(hotkey.label + (" (asks first)" if hotkey.confirm else "")), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(QLabel(CONTEXT_NAMES[hotkey.context]), row, 2)
        scroll = QScrollArea()
        scroll.setWidget(grid_host)
        scroll.setWidgetResizable(True)
        self.problems = QLabel()
        self.problems.setObjectName("hotkey_problems")
        self.problems.setWordWrap(True)
        self.save_button = QPushButton("&Save hotkeys")
        self.save_button.clicked.connect(self.save)
        reset = QPushButton("&Reset to defaults")
        reset.clicked.connect(self.reset_to_defaults)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(reset)
        buttons.addWidget(self.save_button)
        reset.setVisible(save_button)           # inside the Settings dialog, its own buttons do this
        self.save_button.setVisible(save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        bindings, warnings = load_bindings(store)
        self.problems.setText("\n".join(warnings))
        self._show(bindings)

    def reset_to_defaults(self) -> None:
        self._show(default_bindings())

    def _show(self, bindings: dict[str, str]) -> None:
        for action_id, edit in self.edits.items():
            edit.setKeySequence(QKeySequence.fromString(bindings.get(action_id, ""), PORTABLE))

    def bindings(self) -> dict[str, str]:
        return {action_id: edit.keySequence().toString(PORTABLE) for action_id, edit in self.edits.items()}

    def save(self) -> bool:
        """Writes the keys, or shows every conflict and writes nothing."""
        bindings = self.bindings()
        try:
            save_bindings(self._store, bindings)
        except UserInputError as error:
            self.problems.setText(str(error).removeprefix("hotkeys not saved: ").replace("; ", "\n"))
            return False
        self.problems.setText("Saved.")
        self.saved.emit(bindings)
        return True
