"""Adding a destination from the window: presets, a masked key, the canvas; the AddDestination request's data."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from studio.core.output.platform_table import as_data
from studio.ui.add_destination import AddDestinationDialog


def test_the_key_is_masked_until_shown(qtbot):
    dialog = AddDestinationDialog(as_data())  # what GetPlatformPresets answers
    qtbot.addWidget(dialog)
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_key.click()
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_key.click()
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password


def test_presets_fill_the_name_and_say_where_to_find_the_key(qtbot):
    dialog = AddDestinationDialog(as_data())  # what GetPlatformPresets answers
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("twitch"))
    assert dialog.name.text() == "twitch"
    assert "Twitch" in dialog.where.text() or "twitch" in dialog.where.text().lower()
    assert dialog.url.placeholderText().startswith("rtmp")


def test_values_are_the_add_destination_request(qtbot):
    dialog = AddDestinationDialog(as_data())
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
    dialog.name.setText("shop")
    dialog.url.setText("rtmp://ingest.example.com/live")
    dialog.key.setText(" abcd-secret ")
    dialog.canvas.setCurrentIndex(dialog.canvas.findData("vertical"))
    dialog.enabled.setChecked(False)
    values = dialog.values()
    assert values == {"name": "shop", "preset": "custom", "url": "rtmp://ingest.example.com/live",
                      "key": "abcd-secret", "canvas": "vertical", "enabled": False}
    again = AddDestinationDialog(as_data(), error="AddDestination: field 'canvas': no vertical canvas")
    qtbot.addWidget(again)
    again.fill(values)
    assert again.values() == values and "'canvas'" in again.error.text()
    assert again.key.echoMode() == QLineEdit.EchoMode.Password
