"""The "add a destination" dialog: a platform preset, a name, the URL when needed, the key masked, the canvas.

The presets are the engine's answer to `GetPlatformPresets` (plain dicts), so the window
never imports the output layer. `values()` is the data of the engine's `AddDestination`
request: the engine stores the destination (URL in the database, key in the key store)
and, when the show is live, sends to it from the next keyframe. The key travels only in
that request, over the authenticated control connection: in no argv, file or log of the
window's. The key field hides what is typed until the eye button is pressed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget,
)

from studio.ui.icons import icon

# (what the producer reads, the request's `canvas`): "" lets the engine use the platform's default
CANVASES = (("Platform default", ""), ("Landscape 16:9", "landscape"), ("Vertical 9:16", "vertical"))


def refused_field(reason: str) -> str | None:
    """Which field of the dialog an engine's refusal is about (its reason names it), if any."""
    words = reason.lower()
    for field, names in (("key", ("stream key", " key")), ("url", ("url", "ingest")), ("canvas", ("canvas",)),
                         ("name", ("name",))):
        if any(name in words for name in names):
            return field
    return None


class AddDestinationDialog(QDialog):
    def __init__(self, presets: list[dict], parent: QWidget | None = None, error: str = ""):
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
        self.canvas = QComboBox()
        for text, value in CANVASES:
            self.canvas.addItem(text, value)
        self.enabled = QCheckBox("Send to it (live at once when the show is live)", checked=True)
        self.where = QLabel(wordWrap=True)
        self.error = QLabel(error, objectName="error", wordWrap=True)
        self.error.setVisible(bool(error))
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
        form.addRow("Canvas", self.canvas)
        form.addRow(self.enabled)
        form.addRow(self.where)
        form.addRow(self.error)
        form.addRow(buttons)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self._preset_changed()
        self.refused_field = refused_field(error)
        if self.refused_field is not None:     # the field the refusal names: focused and framed
            widget = getattr(self, self.refused_field)
            widget.setProperty("refused", True)
            widget.setStyleSheet("border: 2px solid #e53935;")
            widget.setFocus()

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
        """The AddDestination request's data."""
        return {"name": self.name.text().strip(), "preset": self.preset.currentData(),
                "url": self.url.text().strip(), "key": self.key.text().strip(),
                "canvas": self.canvas.currentData(), "enabled": self.enabled.isChecked()}

    def fill(self, values: dict) -> None:
        """Back in the dialog after a refusal, as the producer typed it (the key included, still masked)."""
        self.preset.setCurrentIndex(max(0, self.preset.findData(values.get("preset"))))
        self.name.setText(values.get("name", ""))
        self.url.setText(values.get("url", ""))
        self.key.setText(values.get("key", ""))
        self.canvas.setCurrentIndex(max(0, self.canvas.findData(values.get("canvas", ""))))
        self.enabled.setChecked(values.get("enabled", True))
