"""The console's audio strip, T-bar and multiview against a real `studio engine` (its test tone, -18 dBFS peak).

One engine for the module; each test passes alone and in any order (the audio test unmutes and
resets the gain it changed; the T-bar test reads what is in Preview instead of assuming it).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from studio.core.capture.audio import TONE_LEVEL_DBFS
from tests.sources.sound import decoded_sound, rms_dbfs, sine_rms_dbfs
from tests.ui.conftest import shared_console_engine

WAIT_MS = 30_000
engine, studio_env = shared_console_engine()


def test_the_meter_reads_the_engines_tone_and_mute_silences_the_recording(qtbot, console):
    audio, state = console.audio, console.state
    # Counted on the engine's show clock, not on arrival: the stream keeps the engine's order, so the meters
    # between two StatsUpdated were made between their show times, however late a busy machine delivers them.
    events: list[tuple[str, float | None]] = []
    console.state.link.event_received.connect(
        lambda kind, data: events.append((kind, data.get("show_time_s")))
        if kind in ("InputVolumeMeters", "StatsUpdated") else None)
    qtbot.waitUntil(lambda: abs(audio.meter.peak_dbfs - TONE_LEVEL_DBFS) <= 1.0, timeout=WAIT_MS)
    assert audio.meter.rms_dbfs == pytest.approx(sine_rms_dbfs(TONE_LEVEL_DBFS), abs=1.0)
    # the numbers follow the bars a few times a second (READOUT_EVERY_S): the first may predate the tone
    readout = f"{TONE_LEVEL_DBFS:.1f} / {sine_rms_dbfs(TONE_LEVEL_DBFS):.1f}"
    qtbot.waitUntil(lambda: audio.meter.readout.text() == readout, timeout=WAIT_MS)
    assert [channel.name for channel in audio.meter.bars.channels] == ["L", "R"]
    assert not audio.meter.clipped
    qtbot.waitUntil(lambda: sum(kind == "StatsUpdated" for kind, _ in events) >= 4, timeout=WAIT_MS)
    stats = [index for index, (kind, _) in enumerate(events) if kind == "StatsUpdated"]
    meters = sum(kind == "InputVolumeMeters" for kind, _ in events[stats[0]:stats[-1]])
    rate = meters / (events[stats[-1]][1] - events[stats[0]][1])
    # 20 by design; fewer only if the engine skipped frames (a starved machine), never more: not one per frame
    assert 8 <= rate <= 23, f"20 level events a second of show time (every 50 ms), got {rate:.1f}"

    # gain from the slider, applied by the engine and shown back from its state
    audio.gain.setValue(-12)                                   # -6 dB (0.5 dB steps)
    qtbot.waitUntil(lambda: (state.state.get("sources") or {}).get("gain_db") == -6.0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: abs(audio.meter.peak_dbfs - (TONE_LEVEL_DBFS - 6)) <= 1.0, timeout=WAIT_MS)
    assert audio.gain_value.text() == "-6.0 dB"
    audio.gain_value.click()                                   # back to 0 dB
    qtbot.waitUntil(lambda: (state.state.get("sources") or {}).get("gain_db") == 0.0, timeout=WAIT_MS)

    # mute, in a recording: the tone, then silence for good
    qtbot.mouseClick(console.live_controls.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.state.get("recording") is True, timeout=WAIT_MS)
    path = Path(state.state["recording_path"])
    qtbot.waitUntil(lambda: state.state.get("on_air_since_s") is not None, timeout=WAIT_MS)
    recording_from_s = state.state["on_air_since_s"]          # the recording's time 0 on the show clock
    qtbot.waitUntil(lambda: path.exists() and path.stat().st_size > 20_000, timeout=WAIT_MS)
    logged = []
    state.as_run.connect(lambda entry: logged.append(entry) if entry.get("event") == "source_changed" else None)
    qtbot.mouseClick(audio.mute, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (state.state.get("sources") or {}).get("muted") is True, timeout=WAIT_MS)
    assert audio.mute.isChecked() and audio.mute.text() == "Muted" and console.action("mute").isChecked()
    qtbot.waitUntil(lambda: audio.meter.peak_dbfs < -100, timeout=WAIT_MS)
    muted_at = time.monotonic()
    qtbot.waitUntil(lambda: time.monotonic() - muted_at > 1.5 and audio.meter.peak_dbfs < -100, timeout=WAIT_MS)
    qtbot.mouseClick(console.live_controls.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.state.get("recording") is False, timeout=WAIT_MS)
    qtbot.mouseClick(audio.mute, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (state.state.get("sources") or {}).get("muted") is False, timeout=WAIT_MS)

    start_s, sound = decoded_sound(path)
    # silent from the frame the as-run log names (its show time, on the recording's clock), within a frame
    # and the 5 ms ramp
    muted_at_s = next(entry["show_time_s"] for entry in logged if entry["details"].get("muted") is True)
    window = 240                                               # 5 ms
    fine = [rms_dbfs(sound[i:i + window]) for i in range(0, len(sound) - window, window)]
    silent_from_s = start_s + ([i for i, level in enumerate(fine) if level > -60][-1] + 1) * window / 48_000
    assert abs(silent_from_s - (muted_at_s - recording_from_s)) <= 1 / 30 + 0.005, (silent_from_s, muted_at_s)
    window = 4800                                              # 100 ms
    levels = [rms_dbfs(sound[i:i + window]) for i in range(0, len(sound) - window, window)]
    loud = [i for i, level in enumerate(levels) if level > -40]
    assert loud and levels[loud[0]] == pytest.approx(sine_rms_dbfs(TONE_LEVEL_DBFS), abs=1.0)
    assert loud == list(range(loud[0], loud[-1] + 1)), "the tone until the mute, unbroken"
    silent = levels[loud[-1] + 1:]
    assert len(silent) >= 10 and max(silent) < -80, "silent from the mute to the end of the recording"


def test_the_tbar_drives_the_program_mix_and_completes_the_take(qtbot, console, engine):
    state, tbar = console.state, console.monitors.tbar
    sku = "HOOD-BRN-L"
    if (state.state.get("program") or {}).get("sku") == sku:
        sku = "KET-STEEL"
    console.monitors.preview_product(sku)
    qtbot.waitUntil(lambda: (state.state.get("preview") or {}).get("sku") == sku, timeout=WAIT_MS)

    console.action("tbar").trigger()                           # the hotkey's action: focus the T-bar
    assert tbar.hasFocus()
    qtbot.keyClick(tbar, Qt.Key.Key_PageDown)
    qtbot.keyClick(tbar, Qt.Key.Key_PageDown)                  # 50 %
    qtbot.waitUntil(lambda: (state.state.get("tbar") or {}).get("held") is True, timeout=WAIT_MS)
    assert state.state["tbar"]["position"] == pytest.approx(0.5)
    qtbot.waitUntil(lambda: (state.state.get("program") or {}).get("sku") == sku, timeout=WAIT_MS)
    time.sleep(0.3)                                            # held: the mix stays where the bar was left
    state.refresh()
    qtbot.waitUntil(lambda: (state.state.get("tbar") or {}).get("held") is True, timeout=WAIT_MS)

    qtbot.keyClick(tbar, Qt.Key.Key_End)                       # to the end: the take completes
    qtbot.waitUntil(lambda: (state.state.get("tbar") or {}).get("held") is False, timeout=WAIT_MS)
    assert tbar.value() == 0 and (state.state.get("program") or {}).get("sku") == sku

    # another client's T-bar (a second console, a Stream Deck): this one follows it
    client = engine.client()
    try:
        client.request("SetTBarPosition", {"position": 0.3, "release": False})
        qtbot.waitUntil(lambda: tbar.value() == 30 and tbar.holding, timeout=WAIT_MS)
        client.request("SetTBarPosition", {"position": 1.0, "release": True})
        qtbot.waitUntil(lambda: tbar.value() == 0 and not tbar.holding, timeout=WAIT_MS)
    finally:
        client.close()


def test_multiview_shows_every_picture_with_tally_borders_and_back(qtbot, console):
    views, multiview = console.views, console.multiview
    console.action("multiview").trigger()
    assert views.multiview_shown and console.action("multiview").isChecked()
    preview, program = multiview.tiles["preview"], multiview.tiles["program"]
    qtbot.waitUntil(lambda: preview.monitor.frames_shown > 0 and program.monitor.frames_shown > 0, timeout=WAIT_MS)
    assert preview.tally == "preview" and "#43a047" in preview.styleSheet()
    assert program.badge.text() in ("ON AIR", "REHEARSAL")
    assert program.tally == ("program" if console.state.state.get("live") else "idle")
    assert preview.label.text().startswith("PREVIEW") and program.label.text().startswith("PROGRAM")
    studio_frames = console.monitors.program.frames_shown
    time.sleep(0.5)
    assert console.monitors.program.frames_shown == studio_frames, "the hidden monitors pull nothing"
    console.action("multiview").trigger()
    assert not views.multiview_shown
    qtbot.waitUntil(lambda: console.monitors.program.frames_shown > studio_frames, timeout=WAIT_MS)


@pytest.mark.skipif(not os.environ.get("STUDIO_UPDATE_SCREENSHOTS"), reason="draws docs/images: make screenshots")
def test_screenshots_of_the_meter_the_tbar_and_the_multiview_at_1366_by_768(qtbot, console, engine):
    """docs/images/console-audio-tbar.png, console-meter.png, console-multiview.png (`make screenshots`): the
    window's own rendering on the dark theme, following the real engine."""
    from PySide6.QtWidgets import QApplication

    from studio.ui.theme import apply_theme
    shots = Path(__file__).resolve().parents[2] / "docs" / "images"
    app = QApplication.instance()
    apply_theme(app, "dark")
    client = engine.client()
    try:
        console.resize(1366, 768)
        console.default_dock_sizes()
        state = console.state
        console.monitors.preview_product("TV-55-4K")
        qtbot.waitUntil(lambda: (state.state.get("preview") or {}).get("sku") == "TV-55-4K", timeout=WAIT_MS)
        client.request("SetTBarPosition", {"position": 0.5, "release": False})     # the mix held half way
        qtbot.waitUntil(lambda: console.monitors.tbar.value() == 50, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: console.audio.meter.peak_dbfs > -30, timeout=WAIT_MS)
        qtbot.wait(300)
        assert console.grab().save(str(shots / "console-audio-tbar.png"))
        assert console.docks["audio"].grab().save(str(shots / "console-meter.png"))
        console.action("multiview").trigger()
        qtbot.waitUntil(lambda: console.multiview.tiles["program"].monitor.frames_shown > 2, timeout=WAIT_MS)
        qtbot.wait(300)
        assert console.grab().save(str(shots / "console-multiview.png"))
        console.action("multiview").trigger()
    finally:
        client.request("SetTBarPosition", {"position": 1.0, "release": True})
        client.close()
        app.setStyleSheet("")
