"""The settings dialog is generated from the registry; OK validates and saves, Cancel changes nothing."""

from PySide6.QtWidgets import QComboBox, QSpinBox

from studio.core.settings import SETTINGS, SettingsStore
from studio.ui.settings_dialog import OWN_PAGES, SettingsDialog


def test_one_editor_per_declared_setting(qtbot, studio_env):
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    assert set(dialog.editors) == {key for key, s in SETTINGS.items() if s.group not in OWN_PAGES}
    assert "canvas.size" in dialog.editors
    assert isinstance(dialog.editors["canvas.fps"], QComboBox)
    bitrate = dialog.editors["encoder.video_bitrate_kbps"]
    assert isinstance(bitrate, QSpinBox) and (bitrate.minimum(), bitrate.maximum()) == (100, 50_000)


def test_cancel_restores_and_writes_nothing(qtbot, studio_env):
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.editors["encoder.video_bitrate_kbps"].setValue(8000)
    dialog.reject()
    assert store.get("encoder.video_bitrate_kbps") == 3500
    assert not store.path.exists()


def test_ok_saves_and_a_new_dialog_shows_the_saved_values(qtbot, studio_env):
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.editors["encoder.video_bitrate_kbps"].setValue(8000)
    dialog.editors["ui.theme"].setCurrentText("light")
    dialog.accept()
    reloaded = SettingsStore()
    reloaded.load()
    assert reloaded.get("encoder.video_bitrate_kbps") == 8000 and reloaded.get("ui.theme") == "light"
    assert SettingsDialog(reloaded).editors["encoder.video_bitrate_kbps"].value() == 8000


def test_a_bad_value_is_refused_in_the_dialog_and_nothing_is_saved(qtbot, studio_env):
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.editors["recording.folder"].setText("  ")
    dialog.accept()
    assert "recording.folder" in dialog.error.text()
    assert not store.path.exists()
    dialog.restore_defaults()
    assert dialog.editors["recording.folder"].text() == SETTINGS["recording.folder"].default
