"""The microphone's watchdog and the program's gain, mute and meter, without a sound server."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from studio.core.audio_strip import AudioStrip
from studio.core.capture.audio_backend import AudioBackend
from studio.core.capture.devices import DeviceInfo
from studio.core.capture.microphone import MicrophoneSource

MIC = DeviceInfo("microphone", "Fake Mic", "fake")


class FakeBackend(AudioBackend):
    """A device on its own thread delivering 10 ms blocks of 0.5 until unplugged."""

    def __init__(self):
        self.plugged = threading.Event()
        self.plugged.set()
        self.opens = 0

    def microphones(self):
        return [MIC] if self.plugged.is_set() else []

    def open_input(self, device, on_block):
        if not self.plugged.is_set():
            raise OSError("no such device")
        self.opens += 1
        stop = threading.Event()

        def deliver():
            while not stop.wait(0.01) and self.plugged.is_set():
                on_block(np.full((480, 1), 0.5, np.float32))

        threading.Thread(target=deliver, daemon=True).start()
        return type("Stream", (), {"close": lambda self: stop.set()})()


def wait_until(condition, timeout_s: float = 15.0) -> None:
    for _ in range(int(timeout_s / 0.02)):
        if condition():
            return
        threading.Event().wait(0.02)
    raise AssertionError("condition not met in time")


def test_a_vanished_microphone_gives_silence_and_a_state_event_then_recovers():
    backend = FakeBackend()
    states: list[str] = []
    mic = MicrophoneSource(backend, MIC, on_state_change=lambda state, reason: states.append(state),
                           find_device=lambda: next(iter(backend.microphones()), None))
    mic.start()
    try:
        wait_until(lambda: mic.buffer.latency_s >= mic.buffer.target_latency_s)
        assert np.allclose(mic.read(1024), 0.5), "stereo from a mono device"
        backend.plugged.clear()
        wait_until(lambda: states == ["lost"])
        assert not mic.read(1024).any(), "silence, at once, never a wait"
        assert mic.health()["state"] == "lost"
        backend.plugged.set()
        wait_until(lambda: states == ["lost", "live"])
        wait_until(lambda: mic.buffer.latency_s >= mic.buffer.target_latency_s)
        assert np.allclose(mic.read(1024), 0.5)
        assert mic.health()["losses"] == 1 and mic.health()["recoveries"] == 1 and backend.opens == 2
    finally:
        mic.close()


def test_a_device_that_leaves_the_list_is_lost_even_if_the_server_keeps_the_stream_flowing():
    """PulseAudio's rescue-streams moves a stream whose device vanished onto another source."""
    backend = FakeBackend()
    listed = threading.Event()
    listed.set()
    states: list[str] = []
    mic = MicrophoneSource(backend, MIC, on_state_change=lambda state, reason: states.append(state),
                           find_device=lambda: MIC if listed.is_set() else None)
    mic.start()
    try:
        listed.clear()  # gone from the list, while the fake stream goes on delivering
        wait_until(lambda: states == ["lost"])
        listed.set()
        wait_until(lambda: states == ["lost", "live"])
    finally:
        mic.close()


def test_gain_mute_and_the_meter():
    strip = AudioStrip()
    block = lambda: np.full((2, 1024), 0.25, np.float32)  # noqa: E731
    strip.process(block())
    meter = strip.read_meter()
    assert meter.peak_dbfs == pytest.approx(-12.04, abs=0.01) and meter.rms_dbfs == pytest.approx(-12.04, abs=0.01)
    strip.set_gain_db(6.0)
    strip.process(block())  # ramps in over 5 ms
    out = strip.process(block())
    assert out[0, 0] == pytest.approx(0.25 * 10 ** (6 / 20))
    strip.set_gain_db(20.0)
    strip.process(block())
    meter = strip.read_meter()
    assert meter.clipped_samples > 0 and meter.peak_dbfs == 0.0
    strip.set_muted(True)
    ramp = strip.process(block())
    assert ramp[0, 0] > 0 and not ramp[:, 240:].any(), "silent 5 ms into the block"
    strip.read_meter()
    strip.process(block())
    assert strip.read_meter().peak_dbfs == -120.0
    with pytest.raises(ValueError, match="gain_db 30: must be between -60 and 20 dB"):
        strip.set_gain_db(30)
