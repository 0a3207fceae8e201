"""The mixer as Companion drives it: obsws-python lists the inputs, sets one input's volume and mutes it
(and hears InputVolumeChanged and InputMuteStateChanged);
the recording carries both channels (a file input's 660 Hz and the 1 kHz tone) at their set gains, the
file's sound is gone from the show time the as-run log names, and the music bed (440 Hz) is ducked 12 dB
under the tone standing in for the host's microphone until it is muted. Real parts: `studio engine`, a file
input with sound, obs-websocket, the recording decoded with PyAV."""

from __future__ import annotations

import subprocess
import threading

import av
import numpy as np
import obsws_python
import pytest

from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.fixtures.engine import EngineProcess, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
RATE = 48_000
TONE_AMPLITUDE = 10 ** (-18 / 20)          # the 1 kHz line-up tone and ffmpeg's sine: -18 dBFS both


def amplitude(samples: np.ndarray, frequency: float) -> float:
    """The amplitude of one sine in `samples` (a Hann-windowed DFT bin)."""
    window = np.hanning(len(samples))
    spectrum = np.abs(np.fft.rfft(samples * window))
    bin_index = int(round(frequency * len(samples) / RATE))
    return float(spectrum[bin_index - 2:bin_index + 3].max() * 2 / window.sum())


def test_obsws_python_sets_one_inputs_volume_and_mutes_it_in_the_mix(tmp_path):
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                    "-f", "lavfi", "-i", f"aevalsrc={TONE_AMPLITUDE:.6f}*sin(2*PI*660*t)|{TONE_AMPLITUDE:.6f}*sin(2*PI*660*t):s=48000",
                    "-t", "2", "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "aac", "-b:a", "192k", "-shortest", str(clip)], check=True, timeout=60)
    bed = tmp_path / "bed.wav"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"aevalsrc={TONE_AMPLITUDE:.6f}*sin(2*PI*440*t)|{TONE_AMPLITUDE:.6f}*sin(2*PI*440*t):s=48000",
                    "-t", "3", str(bed)], check=True, timeout=60)
    recording = tmp_path / "show.mkv"
    engine = EngineProcess(tmp_path, "--size", "320x180", "--record", str(recording), "--live",
                           "--input", "host=test", "--input", f"clip=file:{clip}", "--music-bed", str(bed),
                           "--duck-under", "Tone", show="friday")
    try:
        host, port = engine.url.removeprefix("ws://").rsplit(":", 1)
        obs = obsws_python.ReqClient(host=host, port=int(port), password=engine.password, timeout=10)
        events = obsws_python.EventClient(host=host, port=int(port), password=engine.password, timeout=10)
        heard, muted_heard = [], threading.Event()

        def on_input_mute_state_changed(data):      # what a Companion mute button follows
            heard.append((data.input_name, data.input_muted))
            if (data.input_name, data.input_muted) == ("clip", True):
                muted_heard.set()

        def on_input_volume_changed(data):
            heard.append((data.input_name, round(data.input_volume_db, 1)))

        events.callback.register([on_input_mute_state_changed, on_input_volume_changed])
        names = [item["inputName"] for item in obs.get_input_list().inputs]
        assert names == ["Program", "host", "clip", "Tone", "Music"], names
        with engine.client() as client:
            def at(show_time_s):
                wait_until(lambda: client.vendor("GetShowState")["show_time_s"] > show_time_s, 30, f"show time {show_time_s}")
            at(1.6)
            obs.set_input_volume("clip", vol_db=-6.0)
            assert obs.get_input_volume("clip").input_volume_db == -6.0
            at(2.8)
            obs.set_input_mute("clip", True)
            assert obs.get_input_mute("clip").input_muted is True
            assert muted_heard.wait(10), heard
            assert ("clip", -6.0) in heard, "InputVolumeChanged for the fader"
            at(4.0)
            obs.set_input_mute("Tone", True)       # the host stops talking: the bed comes back
            at(5.5)
        events.disconnect()
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    db = open_database(tmp_path / "studio.db")
    _, events = load_events(db, get_show(db, "friday").id)
    changes = {next(k for k in ("gain_db", "muted") if k in e["details"]): e["show_time_s"]
               for e in events if e["event"] == "source_changed" and e["details"].get("input") == "clip"}
    [host_quiet_s] = [e["show_time_s"] for e in events if e["event"] == "source_changed"
                      and e["details"].get("input") == "Tone"]
    with av.open(str(recording)) as container:
        sound = np.concatenate([frame.to_ndarray()[0] for frame in container.decode(audio=0)])

    def window(start_s):
        return sound[int(start_s * RATE):int((start_s + 0.5) * RATE)]

    def level(start_s, frequency):
        """The median amplitude of five 0.1 s windows: a gap in one (an input starved on a loaded machine,
        a file's loop point) does not decide it."""
        return float(np.median([amplitude(window(start_s + k * 0.1)[:RATE // 10], frequency) for k in range(5)]))

    before, softer, muted = changes["gain_db"] - 0.7, changes["gain_db"] + 0.2, changes["muted"] + 0.1
    assert abs(level(before, 660) - TONE_AMPLITUDE) < 0.02, "the file's sound at its own level"
    assert abs(level(softer, 660) - TONE_AMPLITUDE / 2) < 0.015, "-6 dB: half the amplitude"
    assert level(muted, 660) < 0.002, "muted from the show time the as-run log names"
    for start in (before, softer, muted):
        assert abs(level(start, 1000) - TONE_AMPLITUDE) < 0.02, "the tone's channel untouched throughout"
        assert abs(level(start, 440) - TONE_AMPLITUDE * 10 ** (-12 / 20)) < 0.01, "the bed ducked 12 dB under it"
    released = host_quiet_s + 0.8                       # past the 600 ms release
    assert level(released, 1000) < 0.002 and abs(level(released, 440) - TONE_AMPLITUDE) < 0.015, \
        "the host quiet: the bed back at its own level"
