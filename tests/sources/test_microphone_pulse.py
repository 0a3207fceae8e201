"""A real microphone, virtually: a PulseAudio null sink's monitor, fed a 1 kHz tone, recorded by the studio."""

from __future__ import annotations

import json

import pytest

from tests.broadcast.run_studio import run_studio
from tests.fixtures.pulse_server import SINK
from tests.sources.sound import decoded_sound, peak_frequency_hz, rms_dbfs, segment, sine_rms_dbfs

pytestmark = pytest.mark.slow
TONE_DBFS = -12.0


def test_a_tone_played_into_the_sink_is_recorded_at_its_pitch_and_level(pulse_server, tmp_path):
    pulse_server.load_null_sink()
    pulse_server.play_tone(level_dbfs=TONE_DBFS)
    out, stats_path = tmp_path / "mic.mkv", tmp_path / "stats.json"
    result = run_studio("broadcast", "--audio", f"mic:{SINK}.monitor", "--size", "320x180", "--duration", "10",
                        "--record", str(out), "--stats-json", str(stats_path), extra_env=pulse_server.env)
    assert result.returncode == 0, result.stderr
    start_s, sound = decoded_sound(out)
    steady = segment(start_s, sound, 1.0, 9.5)
    assert peak_frequency_hz(steady) == pytest.approx(1000, abs=2)
    assert rms_dbfs(steady) == pytest.approx(sine_rms_dbfs(TONE_DBFS), abs=1.0)
    audio = json.loads(stats_path.read_text())["audio"]
    assert audio["source"] == f"microphone {SINK}.monitor" and audio["state"] == "live"
    assert audio["rms_dbfs"] == pytest.approx(sine_rms_dbfs(TONE_DBFS), abs=1.0), "the meter agrees"
    assert audio["peak_dbfs"] == pytest.approx(TONE_DBFS, abs=1.0)
    assert audio["clipped_samples"] == 0 and audio["losses"] == 0
    assert "audio -12/-15 dBFS" in result.stderr, "the progress line shows the meter"


def test_an_unknown_microphone_name_is_an_error_listing_the_microphones(pulse_server):
    pulse_server.load_null_sink()
    result = run_studio("broadcast", "--audio", "mic:no-such-mic", "--duration", "1", "--record", "/tmp/never.mkv",
                        extra_env=pulse_server.env)
    assert result.returncode == 2
    assert "--audio mic:no-such-mic: no microphone matches 'no-such-mic'" in result.stderr
    assert f"{SINK}.monitor" in result.stderr and "Traceback" not in result.stderr


def test_studio_devices_lists_the_servers_sources(pulse_server):
    pulse_server.load_null_sink()
    result = run_studio("devices", extra_env=pulse_server.env)
    assert result.returncode == 0, result.stderr
    assert f"{SINK}.monitor" in result.stdout
