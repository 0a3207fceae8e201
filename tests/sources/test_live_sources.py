"""Switching to the microphone, gain and mute over the real control API, while on air."""

from __future__ import annotations

import pytest

from tests.fixtures.engine import EngineProcess, wait_until
from tests.fixtures.pulse_server import SINK
from tests.sources.sound import decoded_sound, peak_frequency_hz, rms_dbfs, segment, sine_rms_dbfs

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
TONE_DBFS = -12.0
FRAME_S = 1 / 30


def test_switch_to_the_microphone_then_gain_and_mute_from_a_control_client(pulse_server, tmp_path, monkeypatch):
    for name, value in pulse_server.env.items():
        monkeypatch.setenv(name, value)
    pulse_server.load_null_sink()
    pulse_server.play_tone(level_dbfs=TONE_DBFS)
    recording = tmp_path / "live.mkv"
    engine = EngineProcess(tmp_path, "--audio", "silence", "--size", "320x180", "--record", str(recording), "--live",
                           show=None)
    try:
        with engine.client() as client:
            state = lambda: client.vendor("GetShowState")  # noqa: E731
            wait_until(lambda: any(o["state"] == "live" for o in state()["stats"]["outputs"]), what="the recording")
            # The silence checked below (0.5-1.0 s) must be on the program before the switch.
            wait_until(lambda: state()["show_time_s"] > 1.5, what="1.5 s of silence")
            switched = client.vendor("SetAudioSource", {"spec": f"mic:{SINK}.monitor"})
            assert switched == {"spec": f"mic:{SINK}.monitor"}
            wait_until(lambda: state()["stats"]["audio"].get("rms_dbfs", -120) > -20, what="the tone on the meter")
            sound_at_s = state()["show_time_s"]
            wait_until(lambda: state()["show_time_s"] > sound_at_s + 1.5, what="1.5 s of the tone")
            gained = client.vendor("SetGain", {"gain_db": 6})
            wait_until(lambda: state()["show_time_s"] > gained["show_time_s"] + 1.5, what="1.5 s at +6 dB")
            muted = client.vendor("SetMute", {"muted": True})
            wait_until(lambda: state()["show_time_s"] > muted["show_time_s"] + 1.5, what="1.5 s muted")
            final = state()
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    assert final["sources"]["audio"] == f"mic:{SINK}.monitor" and final["sources"]["muted"] is True
    assert final["sources"]["audio_state"] == "live"
    assert final["stats"]["frames_skipped"] == 0, "switching never skipped a frame (or the machine was overloaded)"
    start_s, sound = decoded_sound(recording)
    assert rms_dbfs(segment(start_s, sound, 0.5, 1.0)) < -80, "silence before the switch"
    tone = segment(start_s, sound, sound_at_s, gained["show_time_s"] - 0.1)
    assert peak_frequency_hz(tone) == pytest.approx(1000, abs=3)
    assert rms_dbfs(tone) == pytest.approx(sine_rms_dbfs(TONE_DBFS), abs=1.0)
    louder = rms_dbfs(segment(start_s, sound, gained["show_time_s"] + 0.1, muted["show_time_s"] - 0.1))
    assert louder - rms_dbfs(tone) == pytest.approx(6.0, abs=0.5)
    window = 240
    levels = [rms_dbfs(sound[i:i + window]) for i in range(0, len(sound) - window, window)]
    last_loud = max(i for i, level in enumerate(levels) if level > rms_dbfs(tone) - 40)
    silent_from_s = start_s + (last_loud + 1) * window / 48_000
    assert abs(silent_from_s - muted["show_time_s"]) <= FRAME_S, (silent_from_s, muted["show_time_s"])
