"""Hot-plug in the mixer: the host's microphone (a PulseAudio null sink's monitor) goes away mid-show and
comes back, and it is the same `Mic` channel with its settings (gain, mute, sync offset, solo): the
recording carries its tone again at the gain set before it went. Real parts: `studio engine` with an
input, a private PulseAudio server, the recording decoded with PyAV."""

from __future__ import annotations

import pytest

from tests.fixtures.engine import EngineProcess, process_env, wait_until
from tests.fixtures.pulse_server import SINK
from tests.sources.sound import decoded_sound, rms_dbfs, segment, sine_rms_dbfs

pytestmark = pytest.mark.slow
TONE_DBFS = -12.0
SETTINGS = {"gain_db": -6.0, "muted": True, "sync_offset_ms": 100.0, "soloed": True}


def mic(client) -> dict:
    return next(ch for ch in client.vendor("ListInputs")["channels"] if ch["name"] == "Mic")


@pytest.mark.realtime
def test_a_microphone_that_comes_back_is_the_same_channel_with_its_settings(pulse_server, tmp_path):
    module = pulse_server.load_null_sink()
    pulse_server.play_tone(level_dbfs=TONE_DBFS)
    recording = tmp_path / "show.mkv"
    engine = EngineProcess(tmp_path, "--size", "320x180", "--record", str(recording), "--live", "--input", "host=test",
                           "--audio", f"mic:{SINK}.monitor", show="friday",
                           env={**process_env(tmp_path), **pulse_server.env})
    try:
        with engine.client() as client:
            client.vendor("SetGain", {"input": "Mic", "gain_db": SETTINGS["gain_db"]})
            client.vendor("SetMute", {"input": "Mic", "muted": True})
            client.vendor("SetSyncOffset", {"input": "Mic", "sync_offset_ms": SETTINGS["sync_offset_ms"]})
            client.vendor("SetSolo", {"input": "Mic", "soloed": True})
            pulse_server.stop_players()
            pulse_server.unload(module)
            engine.wait_for_line(r"microphone: lost", 30)
            pulse_server.load_null_sink()
            pulse_server.play_tone(level_dbfs=TONE_DBFS)
            engine.wait_for_line(r"microphone: live", 30)
            channel = mic(client)
            assert {key: channel[key] for key in SETTINGS} == SETTINGS, "the same channel, with its settings"
            client.vendor("SetMute", {"input": "Mic", "muted": False})
            heard_from = client.vendor("GetShowState")["show_time_s"] + 0.5      # past the offset and the ramp
            wait_until(lambda: client.vendor("GetShowState")["show_time_s"] > heard_from + 1.5, 30, "the tone again")
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    start_s, sound = decoded_sound(recording)
    assert rms_dbfs(segment(start_s, sound, heard_from, heard_from + 1.0)) == pytest.approx(
        sine_rms_dbfs(TONE_DBFS) + SETTINGS["gain_db"], abs=1.0), "its gain still applies"


def test_an_input_removed_and_added_again_gets_its_channels_settings_back(tmp_path):
    """RemoveInput then AddInput of the same name (a guest's phone re-pointed, a file swapped): the channel
    keeps its gain, mute, offset and follows-video, as a device that comes back by itself does."""
    import subprocess

    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=gray:size=160x90:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000", "-t", "1", "-c:v", "libx264",
                    "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(clip)], check=True, timeout=60)
    engine = EngineProcess(tmp_path, "--size", "320x180", "--input", "host=test", "--input", f"clip=file:{clip}",
                           show="friday")
    settings = {"gain_db": -9.0, "muted": True, "sync_offset_ms": 200.0, "follows_video": True}
    try:
        with engine.client() as client:
            client.vendor("SetGain", {"input": "clip", "gain_db": settings["gain_db"]})
            client.vendor("SetMute", {"input": "clip", "muted": True})
            client.vendor("SetSyncOffset", {"input": "clip", "sync_offset_ms": settings["sync_offset_ms"]})
            client.vendor("SetFollowsVideo", {"input": "clip", "enabled": True})
            client.vendor("RemoveInput", {"name": "clip"})
            assert "clip" not in [ch["name"] for ch in client.vendor("ListInputs")["channels"]]
            client.vendor("AddInput", {"name": "clip", "spec": f"file:{clip}"})
            [channel] = [ch for ch in client.vendor("ListInputs")["channels"] if ch["name"] == "clip"]
        assert {key: channel[key] for key in settings} == settings
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
