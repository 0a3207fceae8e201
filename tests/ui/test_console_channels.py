"""The Audio dock's channel strips against a real `studio engine` mixing the line-up tone (`Tone`) and a
music bed (`Music`): each control sends its live command and the engine's state comes back to it, a change
from another client (obsws-python, as Companion) shows in the dock, and each strip meters its channel."""

from __future__ import annotations

import os
from pathlib import Path

import obsws_python
import pytest
from PySide6.QtCore import Qt

from studio.core.capture.audio import TONE_LEVEL_DBFS
from tests.fixtures.pulse_server import write_tone

pytestmark = pytest.mark.slow
WAIT_MS = 30_000


def channels(state) -> dict:
    return {ch["name"]: ch for ch in (state.state.get("inputs") or {}).get("channels") or []}


def test_each_channel_has_its_strip_that_sends_its_commands_and_follows_other_clients(
        qtbot, engine_factory, console_factory, studio_env, tmp_path):
    bed = tmp_path / "bed.wav"
    write_tone(bed, 440.0, -24.0, 3.0)
    engine = engine_factory("--input", "host=test", "--audio", "tone", "--music-bed", str(bed))
    console = console_factory()
    audio, state = console.audio, console.state
    qtbot.waitUntil(lambda: {"Tone", "Music"} <= set(audio.channels), timeout=WAIT_MS)
    tone, music = audio.channels["Tone"], audio.channels["Music"]
    qtbot.waitUntil(lambda: abs(tone.meter.peak_dbfs - TONE_LEVEL_DBFS) <= 1.0, timeout=WAIT_MS)   # its own meter

    music.fader.setValue(-20)                                       # -10 dB, sent once the fader rests
    qtbot.waitUntil(lambda: channels(state).get("Music", {}).get("gain_db") == -10.0, timeout=WAIT_MS)
    qtbot.mouseClick(music.mute, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: channels(state)["Music"]["muted"] is True, timeout=WAIT_MS)
    qtbot.mouseClick(music.solo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: channels(state)["Music"]["soloed"] is True, timeout=WAIT_MS)
    tone.offset.setValue(120)
    qtbot.waitUntil(lambda: channels(state)["Tone"]["sync_offset_ms"] == 120.0, timeout=WAIT_MS)
    qtbot.mouseClick(tone.follows, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: channels(state)["Tone"]["follows_video"] is True, timeout=WAIT_MS)
    assert music.mute.isChecked() and music.solo.isChecked() and tone.follows.isChecked()
    assert music.gain_value.text() == "-10.0 dB" and tone.offset.value() == 120

    host, port = engine.url.removeprefix("ws://").rsplit(":", 1)
    obs = obsws_python.ReqClient(host=host, port=int(port), password=engine.password, timeout=10)
    try:                                                            # Companion's buttons, another client
        obs.set_input_mute("Music", False)
        obs.set_input_volume("Tone", vol_db=-6.0)
        obs.set_input_audio_sync_offset("Tone", 40)
    finally:
        obs.disconnect()
    qtbot.waitUntil(lambda: not music.mute.isChecked(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tone.fader.value() == -12 and tone.offset.value() == 40, timeout=WAIT_MS)
    assert tone.gain_value.text() == "-6.0 dB"
    qtbot.mouseClick(tone.follows, Qt.MouseButton.LeftButton)       # heard again, at -6 dB
    qtbot.waitUntil(lambda: abs(tone.meter.peak_dbfs - (TONE_LEVEL_DBFS - 6)) <= 1.0, timeout=WAIT_MS)

    if os.environ.get("STUDIO_UPDATE_SCREENSHOTS"):                # `make screenshots`
        from PySide6.QtWidgets import QApplication

        from studio.ui.theme import apply_theme
        apply_theme(QApplication.instance(), "dark")
        console.resize(1366, 768)
        console.default_dock_sizes()
        qtbot.wait(500)
        shots = Path(__file__).resolve().parents[2] / "docs" / "images"
        assert console.docks["audio"].grab().save(str(shots / "console-channels.png"))
        QApplication.instance().setStyleSheet("")
