"""Solo to the producer's headphones: the monitor output (a PulseAudio null sink standing in for the
headphones) plays the program's sound, then only the soloed channel (pre-fader) while the recording
carries both channels as before. Real parts: `studio engine`, a private PulseAudio server with two null
sinks (the host's microphone fed 440 Hz, the headphones), a file input with a 660 Hz sound track, the
recording decoded with PyAV, the headphones captured with parec, `studio control solo`."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from tests.fixtures.engine import EngineProcess, process_env, wait_until
from tests.sources.sound import decoded_sound, segment
from tests.sources.test_mixer_obs import TONE_AMPLITUDE, amplitude

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
RATE = 48_000
MIC_AMPLITUDE = 10 ** (-12 / 20)


def level(samples: np.ndarray, frequency: float) -> float:
    """A sine's amplitude as the median over quarter seconds (the looped clip's sound jumps in phase at its
    loop point, which a DFT of the whole would read as a lower level)."""
    quarter = RATE // 4
    return float(np.median([amplitude(samples[i:i + quarter], frequency)
                            for i in range(0, len(samples) - quarter + 1, quarter)]))


def capture(pulse_server, sink: str, seconds: float) -> np.ndarray:
    """`seconds` of what `sink` plays (its monitor source), left channel."""
    recorder = subprocess.Popen(["parec", f"--device={sink}.monitor", "--format=float32le", f"--rate={RATE}",
                                 "--channels=2", "--latency-msec=20", "--raw"], stdout=subprocess.PIPE,
                                env={**process_env(pulse_server.directory), **pulse_server.env})
    try:
        wanted, chunks = int(seconds * RATE) * 8, []
        while wanted > 0:
            chunk = recorder.stdout.read(min(wanted, 65536))
            assert chunk, "parec ended"
            chunks.append(chunk)
            wanted -= len(chunk)
    finally:
        recorder.kill()
        recorder.wait()
    return np.frombuffer(b"".join(chunks), np.float32).reshape(-1, 2)[:, 0]


def test_solo_plays_only_that_channel_in_the_headphones_and_never_changes_the_recording(pulse_server, tmp_path):
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=gray:size=160x90:rate=30",
                    "-f", "lavfi", "-i", f"aevalsrc={TONE_AMPLITUDE:.6f}*sin(2*PI*660*t)|{TONE_AMPLITUDE:.6f}*sin(2*PI*660*t)"
                    ":s=48000", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-b:a", "192k",
                    "-shortest", str(clip)], check=True, timeout=60)
    pulse_server.load_null_sink("host_mic")
    pulse_server.load_null_sink("headphones")
    pulse_server.play_tone("host_mic", frequency_hz=440.0, level_dbfs=-12.0)
    recording = tmp_path / "show.mkv"
    engine = EngineProcess(tmp_path, "--size", "320x180", "--record", str(recording), "--live", "--input", "host=test",
                           "--input", f"clip=file:{clip}", "--audio", "mic:host_mic.monitor", "--monitor", "headphones",
                           show="friday", env={**process_env(tmp_path), **pulse_server.env})
    try:
        engine.wait_for_line(r"headphones monitor: live \(playing to headphones\)", 10)
        with engine.client() as client:
            client.vendor("SetGain", {"input": "clip", "gain_db": -6.0})    # pre-fader: the solo is heard at unity
            show_time = lambda: client.vendor("GetShowState")["show_time_s"]
            wait_until(lambda: show_time() > 1.5, 30, "the show to run")
            program = capture(pulse_server, "headphones", 1.0)
            soloing = engine.control("solo", "clip", "on")                 # as a second terminal does
            assert soloing.returncode == 0 and "soloed_channels" in soloing.stdout, soloing.stderr
            soloed_from = show_time()
            capture(pulse_server, "headphones", 0.5)                        # the monitor's ring turning over
            soloed = capture(pulse_server, "headphones", 1.5)
            soloed_to = show_time()
            channels = {ch["name"]: ch for ch in client.vendor("ListInputs")["channels"]}
            assert channels["clip"]["soloed"] and not channels["Mic"]["soloed"]
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    clip_in_program = TONE_AMPLITUDE * 10 ** (-6 / 20)
    assert level(program, 440) == pytest.approx(MIC_AMPLITUDE, rel=0.15), "the program in the headphones"
    assert level(program, 660) == pytest.approx(clip_in_program, rel=0.15)
    assert level(soloed, 660) == pytest.approx(TONE_AMPLITUDE, rel=0.15), "the soloed channel, pre-fader"
    assert level(soloed, 440) < MIC_AMPLITUDE / 100, "only the soloed channel in the headphones"
    start_s, sound = decoded_sound(recording)
    aired = segment(start_s, sound, soloed_from + 0.2, soloed_to)
    assert level(aired, 440) == pytest.approx(MIC_AMPLITUDE, rel=0.15), "the recording keeps both channels"
    assert level(aired, 660) == pytest.approx(clip_in_program, rel=0.15), "at their set gains"
