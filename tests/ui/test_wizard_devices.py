"""The wizard's first page (studio/ui/wizard_devices.py): the devices by name, a live picture and a live meter.

Real parts: the preview processes (studio/first_run/device_preview.py) open the test card and a
PulseAudio null sink's monitor, playing a -12 dBFS tone, as they would a camera and a microphone;
the pictures reach the console's monitor widget through shared memory, the levels its meter. This
machine has no camera: the test card stands in (a camera goes through the same `open_video`).
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from studio.core.settings import SettingsStore
from studio.ui.setup_wizard import SetupWizard
from tests.fixtures.pulse_server import SINK

TONE_DBFS = -12.0


def open_wizard(qtbot, **kwargs) -> SetupWizard:
    wizard = SetupWizard(SettingsStore(), **kwargs)
    qtbot.addWidget(wizard)
    wizard.resize(900, 640)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.devices.listed, timeout=60_000)
    return wizard


def colours_in(widget) -> set[tuple[int, int, int]]:
    image = widget.grab().toImage()
    return {QColor(image.pixel(x, y)).getRgb()[:3] for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)}


def test_without_a_camera_the_test_card_is_offered_and_its_live_picture_reaches_the_monitor(qtbot, studio_env):
    wizard = open_wizard(qtbot, list_devices=lambda: {"cameras": [], "microphones": []})
    page = wizard.devices
    assert [page.cameras.itemText(i) for i in range(page.cameras.count())] == ["Test card"]
    qtbot.waitUntil(lambda: page.monitor.frames_shown >= 15, timeout=30_000)   # a moving card: new pictures
    assert page.camera_state.text() == "Camera live: test card"
    assert len(colours_in(page.monitor)) > 10, "the card's colours, not a black monitor"
    previews = [page.video._process, page.audio._process]
    wizard.next()                      # leaving the page lets the devices go
    qtbot.waitUntil(lambda: all(process.poll() is not None for process in previews), timeout=10_000)
    assert [process.returncode for process in previews] == [0, 0]


@pytest.mark.slow
def test_a_microphone_chosen_by_name_shows_its_level_on_the_meter(qtbot, studio_env, pulse_server, monkeypatch):
    pulse_server.load_null_sink()
    pulse_server.play_tone(level_dbfs=TONE_DBFS)
    for name, value in pulse_server.env.items():
        monkeypatch.setenv(name, value)
    wizard = open_wizard(qtbot)        # the devices as `studio devices --json` lists them
    page = wizard.devices
    names = [page.microphones.itemText(i) for i in range(page.microphones.count())]
    assert f"{SINK}.monitor" in names and names[-1] == "Test tone (1 kHz)", names
    page.microphones.setCurrentIndex(names.index(f"{SINK}.monitor"))
    qtbot.waitUntil(lambda: page.microphone_state.text() == f"Microphone live: microphone {SINK}.monitor", timeout=30_000)
    qtbot.waitUntil(lambda: abs(page.meter.peak_dbfs - TONE_DBFS) < 1.5, timeout=30_000)
    assert page.meter.rms_dbfs == pytest.approx(TONE_DBFS - 3.0, abs=1.5)
    wizard.reject()
    assert wizard.settings.get("sources.microphone") == ""     # cancelled: nothing saved


def test_a_camera_that_cannot_be_opened_says_so_and_shows_no_picture(qtbot, studio_env):
    wizard = open_wizard(qtbot, list_devices=lambda: {"cameras": [{"name": "Unplugged Cam", "label": ""}],
                                                      "microphones": []})
    page = wizard.devices
    page.cameras.setCurrentIndex(page.cameras.findText("Test card"))
    qtbot.waitUntil(lambda: page.monitor.frames_shown > 0, timeout=30_000)
    page.cameras.setCurrentIndex(page.cameras.findText("Unplugged Cam"))
    qtbot.waitUntil(lambda: page.camera_state.text().startswith("Camera cannot be opened:"), timeout=30_000)
    saturated = [c for c in colours_in(page.monitor) if max(c) - min(c) > 60]
    assert "Unplugged Cam" in page.camera_state.text() and not saturated, "the test card's bars stayed up"
    wizard.reject()
