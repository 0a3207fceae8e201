"""The "add a destination" dialog: a platform preset, a name, the URL when needed, the key masked.

The presets are the engine's answer to `GetPlatformPresets` (plain dicts), so the window
never imports the output layer.

The key field hides what is typed until "Show" is pressed. Storing runs
`studio destination add NAME --preset P --key-stdin` as a QProcess (the UI thread
never waits) and writes the key to its standard input, so it is in no argv and no
file of the window's.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget,
)

from studio.ui.icons import icon


class AddDestinationDialog(QDialog):
    def __init__(self, presets: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add a destination")
        self.presets = {preset["preset"]: preset for preset in presets}
        self.preset = QComboBox()
        for preset in presets:
            self.preset.addItem(preset["name"], preset["preset"])
        self.name = QLineEdit(placeholderText="e.g. youtube-main")
        self.url = QLineEdit()
        self.key = QLineEdit(echoMode=QLineEdit.EchoMode.Password, placeholderText="Stream key")
        self.key.setObjectName("stream_key")
        self.show_key = QToolButton(checkable=True, icon=icon("eye"), toolTip="Show or hide the key")
        self.show_key.toggled.connect(self.set_key_visible)
        self.where = QLabel(wordWrap=True)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.show_key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Platform", self.preset)
        form.addRow("Name", self.name)
        form.addRow("Ingest URL", self.url)
        form.addRow("Stream key", key_row)
        form.addRow(self.where)
        form.addRow(buttons)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self._preset_changed()

    def set_key_visible(self, visible: bool) -> None:
        self.key.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)
        self.show_key.setIcon(icon("eye-off" if visible else "eye"))

    def _preset_changed(self) -> None:
        preset = self.presets[self.preset.currentData()]
        self.url.setPlaceholderText(preset["default_url"] or preset["url_example"] or "rtmp://HOST/APP")
        self.where.setText(f"Where to find them: {preset['where_to_find']}")
        if not self.name.text() or self.name.text() in self.presets:
            self.name.setText(preset["preset"])

    def values(self) -> dict:
        return {"name": self.name.text().strip(), "preset": self.preset.currentData(),
                "url": self.url.text().strip(), "key": self.key.text()}


def store_destination(parent: QWidget, values: dict, db_path: str | None,
                      on_done: Callable[[str | None], None]) -> QProcess:
    """Runs `studio destination add`; on_done(None) or on_done(the command's one-line error)."""
    arguments = ["-m", "studio", "destination", "add", values["name"], "--preset", values["preset"]]
    if values.get("url"):
        arguments += ["--url", values["url"]]
    if values.get("key"):
        arguments.append("--key-stdin")
    if db_path:
        arguments += ["--db", str(db_path)]
    process = QProcess(parent)

    def finished(code: int, _status) -> None:
        error = bytes(process.readAllStandardError().data()).decode(errors="replace").strip()
        on_done(None if code == 0 else (error.splitlines()[-1] if error else f"exit code {code}"))
        process.deleteLater()

    process.finished.connect(finished)
    process.start(sys.executable, arguments)
    if values.get("key"):
        process.write(values["key"].encode() + b"\n")
    process.closeWriteChannel()
    return process
