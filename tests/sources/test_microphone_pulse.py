"""A real microphone, virtually: a PulseAudio null sink's monitor, fed a 1 kHz tone, recorded by the studio."""

from __future__ import annotations

import json

import pytest

from tests.broadcast.run_studio import run_studio
from tests.fixtures.pulse_server import SINK
from tests.sources.sound import decoded_sound, peak_frequency_hz, rms_dbfs, segment, sine_rms_dbfs

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
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
    assert peak_frequency_hz(steady) == pytest.approx(1000, abs=2), json.loads(stats_path.read_text())["audio"]
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


def test_gain_and_mute_applied_through_the_engine_land_on_their_as_run_times(pulse_server, tmp_path, monkeypatch):
    """+6 dB raises the level by 6 dB; mute silences the recording from its as-run time, within a frame.

    Applied the way live commands are: another thread enqueues, the engine thread applies at a
    tick boundary and says from which show time (the as-run time)."""
    import queue
    import threading

    from studio.core.capture.specs import open_audio
    from studio.core.capture.test_card import TestCardSource
    from studio.core.engine import Engine
    from studio.core.output.encoder import EncoderSettings
    from studio.core.output.recorder import recording_spec
    from studio.core.output.sink import OutputSink

    pulse_server.load_null_sink()
    pulse_server.play_tone(level_dbfs=TONE_DBFS)
    for name, value in pulse_server.env.items():
        monkeypatch.setenv(name, value)
    settings = EncoderSettings(width=320, height=180, fps=30)
    out = tmp_path / "gain-mute.mkv"
    video = TestCardSource(320, 180, 30)
    audio = open_audio(f"mic:{SINK}.monitor", video)
    desk_actions: queue.SimpleQueue = queue.SimpleQueue()   # applied on the engine thread, at a frame boundary

    def apply_desk_actions(show_time_s: float) -> None:
        while not desk_actions.empty():
            desk_actions.get_nowait()()

    engine = Engine(settings, video, audio, [OutputSink(recording_spec(out, settings.layout()), reconnect=False)],
                    frame_hooks=[apply_desk_actions])
    as_run: dict[str, float] = {}

    def control_desk() -> None:
        while audio.buffer.latency_s == 0:  # the device's first sound (PortAudio may take a second)
            threading.Event().wait(0.01)
        sound_from = engine.frame_index
        for at_frame, name, action in ((sound_from + 45, "gain", lambda: engine.set_gain_db(6.0)),
                                       (sound_from + 135, "mute", lambda: engine.set_muted(True))):
            while engine.frame_index < at_frame:
                threading.Event().wait(0.01)
            desk_actions.put(lambda name=name, action=action: as_run.setdefault(name, action()))

    desk = threading.Thread(target=control_desk)
    desk.start()
    stats = engine.run(duration_s=9.0)
    desk.join()
    start_s, sound = decoded_sound(out)
    frame_s = 1 / 30
    before = rms_dbfs(segment(start_s, sound, as_run["gain"] - 1.0, as_run["gain"] - 0.1))
    after = rms_dbfs(segment(start_s, sound, as_run["gain"] + 0.1, as_run["mute"] - 0.1))
    assert after - before == pytest.approx(6.0, abs=0.5), f"silence inserted while loaded? {stats.audio}"
    assert stats.audio["gain_db"] == 6.0 and stats.audio["muted"] is True
    # Where the sound stops: the first 5 ms window more than 40 dB below the tone, for good.
    window = 240
    levels = [rms_dbfs(sound[i:i + window]) for i in range(0, len(sound) - window, window)]
    loud = [i for i, level in enumerate(levels) if level > before - 40]
    silent_from_s = start_s + (loud[-1] + 1) * window / 48_000
    assert abs(silent_from_s - as_run["mute"]) <= frame_s, (silent_from_s, as_run["mute"])
    assert rms_dbfs(segment(start_s, sound, as_run["mute"] + frame_s, 8.9)) < -80


def test_a_microphone_unplugged_and_plugged_back_gives_silence_then_sound_without_skipping_a_frame(pulse_server, tmp_path):
    import queue
    import threading

    from tests.broadcast.run_studio import start_studio

    module = pulse_server.load_null_sink()
    pulse_server.play_tone(level_dbfs=TONE_DBFS)
    out, stats_path = tmp_path / "unplug.mkv", tmp_path / "stats.json"
    process = start_studio("broadcast", "--audio", f"mic:{SINK}.monitor", "--size", "320x180", "--duration", "14",
                           "--record", str(out), "--stats-json", str(stats_path), extra_env=pulse_server.env)
    lines: queue.Queue[str] = queue.Queue()
    stderr: list[str] = []

    def read_stderr() -> None:
        for line in process.stderr:
            stderr.append(line)
            lines.put(line)

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()

    def wait_for(text: str, timeout_s: float = 30.0) -> str:
        while True:
            line = lines.get(timeout=timeout_s)
            if text in line:
                return line

    try:
        wait_for("00:02 |")  # two seconds of sound on air
        pulse_server.stop_players()
        pulse_server.unload(module)
        wait_for("microphone: lost")
        pulse_server.load_null_sink()
        pulse_server.play_tone(level_dbfs=TONE_DBFS)
        wait_for("microphone: live")
        assert process.wait(timeout=60) == 0, "".join(stderr)
    finally:
        if process.poll() is None:
            process.kill()
    reader.join(timeout=5)
    stats = json.loads(stats_path.read_text())
    assert stats["frames_skipped"] == 0 and stats["frames_encoded"] == 14 * 30, "the frame loop never waited on the device"
    assert stats["audio"]["losses"] == 1 and stats["audio"]["recoveries"] == 1 and stats["audio"]["state"] == "live"
    assert any("LOST" in line for line in stderr), "the progress line shows the loss"
    start_s, sound = decoded_sound(out)
    assert rms_dbfs(segment(start_s, sound, 12.5, 13.8)) == pytest.approx(sine_rms_dbfs(TONE_DBFS), abs=1.0), "sound returns"
