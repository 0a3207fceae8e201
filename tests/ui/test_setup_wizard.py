"""The setup wizard (studio/ui/setup_wizard.py) walked page by page; its tests' work stands in for the slow
parts (the real encoder and bandwidth tests: tests/first_run/)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from studio.core.settings import SettingsStore, settings_path
from studio.first_run.bandwidth import BandwidthResult
from studio.first_run.encoder_test import EncoderRun
from studio.ui import launch
from studio.ui.setup_wizard import SetupWizard
from tests.fixtures.engine import user_env

KEY = "live_987654321_WizardKeyAbcdefghij"
PRESETS = [{"preset": "twitch", "name": "Twitch", "default_url": "rtmp://live.twitch.tv/app"},
           {"preset": "youtube", "name": "YouTube", "default_url": "rtmps://a.rtmps.youtube.com:443/live2"}]


def test_the_wizard_sets_size_preset_bitrate_and_language_and_stores_keys_through_the_key_store(
        qtbot, tmp_path, monkeypatch):
    for name, value in user_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    (tmp_path / "config").mkdir()
    added, tested = [], []

    def pick(on_run):
        on_run(EncoderRun("1920x1080", "veryfast", 140, 10))
        chosen = EncoderRun("1280x720", "veryfast", 150, 0)
        on_run(chosen)
        return chosen

    def bandwidth(name, url, target_kbps):
        tested.append(url)
        return BandwidthResult(name, target_kbps, 2000.0, 40)

    settings = SettingsStore()
    wizard = SetupWizard(settings, list_devices=lambda: {"cameras": [{"name": "HD Pro Webcam C920", "label": ""}],
                                                         "microphones": []},
                         pick=pick, list_presets=lambda: PRESETS, add=lambda *args: added.append(args),
                         test=bandwidth)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.devices.listed, timeout=10000)
    assert wizard.devices.cameras.currentText() == "HD Pro Webcam C920"
    assert wizard.devices.microphones.currentText().startswith("Test tone")
    wizard.next()
    qtbot.mouseClick(wizard.encoder.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.encoder.chosen is not None, timeout=10000)
    assert "1920x1080 veryfast: 10 of 150 frames skipped (6.7%)" in wizard.encoder.log.toPlainText()
    wizard.next()
    for name in ("shop", "social"):
        wizard.destinations.name.setText(name)
        wizard.destinations.key.setText(KEY)
        qtbot.mouseClick(wizard.destinations.add, Qt.MouseButton.LeftButton)
    assert added == [("shop", "twitch", KEY), ("social", "twitch", KEY)]
    wizard.next()
    qtbot.mouseClick(wizard.bandwidth.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.bandwidth.recommendation is not None, timeout=10000)
    assert tested == [f"rtmp://live.twitch.tv/app/{KEY}?bandwidthtest=true"] * 2
    assert "studio relay config" in wizard.bandwidth.result.toPlainText()
    wizard.next()
    wizard.language.locale.setCurrentIndex(wizard.language.locale.findData("de_DE"))
    wizard.language.currency.setCurrentIndex(wizard.language.currency.findData("EUR"))
    assert wizard.language.currency.currentText() == "EUR (€)"
    assert wizard.language.sample.text().replace("\u00a0", " ") == "1.299,00 €", "a price as the console will show it"
    wizard.accept()
    saved = json.loads(settings_path().read_text())["values"]
    assert (saved["canvas.size"], saved["encoder.preset"], saved["encoder.video_bitrate_kbps"], saved["ui.locale"],
            saved["store.currency"]) == ("1280x720", "veryfast", 1400, "de_DE", "EUR")
    assert KEY not in settings_path().read_text()
    assert (saved["sources.camera"], saved["sources.microphone"]) == ("HD Pro Webcam C920", "")
    monkeypatch.setattr(launch, "has_stored_destinations", lambda db_path: False)
    engine = launch.engine_command("demo", None, settings)
    assert engine[engine.index("--source") + 1] == "camera:HD Pro Webcam C920" and "--audio" not in engine


def test_settings_offer_the_wizard_again(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QPushButton

    from studio.ui.settings_dialog import SettingsDialog

    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path))
    dialog = SettingsDialog(SettingsStore())
    qtbot.addWidget(dialog)
    assert dialog.findChild(QPushButton, "setup_wizard_button").text() == "Setup wizard…"
