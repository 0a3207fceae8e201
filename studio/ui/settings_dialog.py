"""The settings dialog, generated from the registry (studio/core/settings.py).

One editor per declared setting, grouped by its key's first part: a combo box for
choices, a spin box with the declared range for numbers, a check box for
true/false, a line edit (plus "Browse…" for folders) for text. OK validates every
value through the registry and saves; Cancel leaves the store as it was.
Every tab is in sight (no scroll arrows to find the last ones) and each page scrolls
inside the dialog, which never grows past the screen (1366x768 included).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout,
    QFrame, QLabel, QLineEdit, QPushButton, QScrollArea, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)
from PySide6.QtGui import QGuiApplication

from studio.core.settings import SETTINGS, Setting, SettingsStore
from studio.errors import UserInputError
from studio.ui.hotkey_editor import HotkeyEditor
from studio.ui.hotkeys import check_bindings, save_bindings

GROUP_TITLES = {"canvas": "Canvas", "encoder": "Encoder", "recording": "Recording", "ui": "Appearance",
                "host": "Host view", "sources": "Camera, microphone and headphones"}
OWN_PAGES = ("hotkeys",)     # groups with an editor of their own (key fields checked together for conflicts)


def editor_for(setting: Setting) -> QWidget:
    if setting.choices is not None:
        editor = QComboBox()
        for choice in setting.choices:
            editor.addItem(str(choice), choice)
        return editor
    if setting.type is bool:
        return QCheckBox()
    if setting.type is int:
        return QSpinBox(minimum=int(setting.minimum or 0), maximum=int(setting.maximum or 1_000_000))
    if setting.type is float:
        return QDoubleSpinBox(minimum=setting.minimum or 0.0, maximum=setting.maximum or 1e6, singleStep=0.5)
    return QLineEdit()


def set_editor_value(editor: QWidget, value) -> None:
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        editor.setValue(value)
    else:
        editor.setText(str(value))


def editor_value(editor: QWidget):
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        return editor.value()
    return editor.text()


class SettingsDialog(QDialog):
    def __init__(self, store: SettingsStore, parent: QWidget | None = None, groups: tuple[str, ...] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.store = store
        self.editors: dict[str, QWidget] = {}
        tabs = QTabWidget()
        tabs.setUsesScrollButtons(False)        # every tab visible: the dialog is as wide as the tab bar
        forms: dict[str, QFormLayout] = {}
        for key, setting in SETTINGS.items():
            if groups is not None and setting.group not in groups or setting.group in OWN_PAGES:
                continue
            if setting.group not in forms:
                page = QWidget()
                forms[setting.group] = QFormLayout(page)
                tabs.addTab(_scrolling(page), GROUP_TITLES.get(setting.group, setting.group.title()))
            editor = editor_for(setting)
            editor.setObjectName(key)
            set_editor_value(editor, store.get(key))
            self.editors[key] = editor
            forms[setting.group].addRow(setting.label, self._with_browse(editor) if setting.is_folder else editor)
        self.hotkeys: HotkeyEditor | None = None
        if groups is None or "hotkeys" in groups:
            self.hotkeys = HotkeyEditor(store, save_button=False)
            tabs.addTab(self.hotkeys, "Hotkeys")
        self.error = QLabel(objectName="error", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        wizard = buttons.addButton("Setup wizard…", QDialogButtonBox.ButtonRole.ActionRole)
        wizard.setObjectName("setup_wizard_button")
        wizard.clicked.connect(self.run_setup_wizard)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        if screen is not None:       # never taller or wider than the screen (the window frame included)
            area = screen.availableGeometry()
            self.setMaximumSize(area.width() - 16, area.height() - 48)

    def _with_browse(self, editor: QLineEdit) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor, 1)
        browse = QPushButton("Browse…")
        browse.clicked.connect(lambda: editor.setText(
            QFileDialog.getExistingDirectory(self, "Recording folder", editor.text()) or editor.text()))
        layout.addWidget(browse)
        return row

    def run_setup_wizard(self) -> None:
        """The first-run wizard again; what it chose (and saved) shows in the editors."""
        from studio.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.store, self)
        wizard.accepted.connect(lambda: [set_editor_value(editor, self.store.get(key))
                                         for key, editor in self.editors.items()])
        wizard.open()

    def restore_defaults(self) -> None:
        for key, editor in self.editors.items():
            set_editor_value(editor, SETTINGS[key].default)
        if self.hotkeys is not None:
            self.hotkeys.reset_to_defaults()

    def accept(self) -> None:
        """Every value validated first; nothing is changed unless all are good."""
        checked = {}
        for key, editor in self.editors.items():
            try:
                checked[key] = SETTINGS[key].validate(editor_value(editor))
            except UserInputError as error:
                self.error.setText(str(error))
                return
        if self.hotkeys is not None and (problems := check_bindings(self.hotkeys.bindings())):
            self.error.setText("\n".join(problems))
            return
        for key, value in checked.items():
            self.store.set(key, value)
        if self.hotkeys is not None:
            save_bindings(self.store, self.hotkeys.bindings())      # checked above; saves the store
        self.store.save()
        super().accept()


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
