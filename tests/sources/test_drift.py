"""The microphone's clock against the show clock: drift is absorbed by resampling, never by accident."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.capture.drift import DriftBuffer
from studio.core.capture.source import AUDIO_SAMPLE_RATE

# Outside `make test-fast`: minutes of audio drift simulated.
pytestmark = pytest.mark.slow


FRAME_S = 1 / 30
PULL = 1024  # the engine reads AAC-sized blocks


def simulate(device_rate_hz: float, minutes: float, block: int = 480, seed: int = 1, buffer=None):
    """A device whose crystal runs at `device_rate_hz` while the show asks for 48 kHz, fed
    faster than real time: the device delivers what its clock produced by each show-time pull,
    in callback blocks arriving with jitter. Returns the buffer and the worst A/V drift after the
    first minute: how far the delay between a sound's capture and its place on the show clock
    moved from what it was at one minute."""
    rng = np.random.default_rng(seed)
    buffer = buffer or DriftBuffer(AUDIO_SAMPLE_RATE)
    delivered = 0
    worst_after_settling_s = 0.0
    settled_delay_s = None
    pulls = int(minutes * 60 * AUDIO_SAMPLE_RATE / PULL)
    for index in range(pulls):
        show_time_s = index * PULL / AUDIO_SAMPLE_RATE
        jitter_s = rng.uniform(0, 0.02)  # a callback may be up to 20 ms late
        produced = int(max(0.0, show_time_s - jitter_s) * device_rate_hz)
        while delivered + block <= produced:
            buffer.push(np.full((block, 2), 0.1, np.float32))
            delivered += block
        out = buffer.pull(PULL)
        assert out.shape == (2, PULL)
        # The next sample out plays at `next_s` on the show clock; it was captured when the
        # device's clock had produced the samples before it.
        next_s = (index + 1) * PULL / AUDIO_SAMPLE_RATE
        delay_s = next_s - (delivered / device_rate_hz - buffer.latency_s)
        if show_time_s >= 60:
            settled_delay_s = delay_s if settled_delay_s is None else settled_delay_s
            worst_after_settling_s = max(worst_after_settling_s, abs(delay_s - settled_delay_s))
    return buffer, worst_after_settling_s


@pytest.mark.parametrize("ppm", [1000, -1000])
def test_a_device_off_by_a_tenth_of_a_percent_stays_within_a_frame_for_30_minutes(ppm):
    buffer, worst_s = simulate(AUDIO_SAMPLE_RATE * (1 + ppm / 1e6), minutes=30)
    assert worst_s < FRAME_S, f"A/V drift reached {worst_s * 1000:.1f} ms"
    assert abs(buffer.latency_s - buffer.target_latency_s) < FRAME_S, "ends near its target latency"
    assert buffer.dropped_samples == 0, "drift absorbed by resampling, not by dropping"
    # Silence only while the ring first fills to its target latency.
    assert buffer.underrun_samples <= buffer.target_latency_s * AUDIO_SAMPLE_RATE + 2 * PULL
    assert buffer.correction == pytest.approx(ppm / 1e6, abs=3e-4), "a fast device is read faster"


def test_without_correction_the_same_device_would_drift_by_seconds():
    """The test can fail: a buffer that never steers ends far from its target."""
    _, worst_s = simulate(AUDIO_SAMPLE_RATE * 1.001, minutes=3, buffer=DriftBuffer(AUDIO_SAMPLE_RATE, kp=0, ki=0))
    assert worst_s > 0.1


def test_resampling_keeps_a_tone_clean():
    """A 1 kHz tone from a 0.1 %-fast device comes out as a 1 kHz tone at the same level."""
    rate = AUDIO_SAMPLE_RATE * 1.001
    buffer = DriftBuffer(AUDIO_SAMPLE_RATE)
    t = np.arange(int(rate * 20)) / rate
    tone = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    out, fed = [], 0
    for index in range(int(20 * AUDIO_SAMPLE_RATE / PULL) - 10):
        due = int((index * PULL / AUDIO_SAMPLE_RATE) * rate)
        buffer.push(np.stack([tone[fed:due]] * 2, axis=1))
        fed = max(fed, due)
        out.append(buffer.pull(PULL)[0])
    sound = np.concatenate(out)[AUDIO_SAMPLE_RATE * 2:]
    spectrum = np.abs(np.fft.rfft(sound * np.hanning(len(sound))))
    peak_hz = np.argmax(spectrum) * AUDIO_SAMPLE_RATE / len(sound)
    assert peak_hz == pytest.approx(1000, abs=2)
    rms_dbfs = 20 * np.log10(np.sqrt(np.mean(sound ** 2)))
    assert rms_dbfs == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.1)


def test_a_stalled_device_gives_silence_then_sound_again_at_target_latency():
    buffer = DriftBuffer(AUDIO_SAMPLE_RATE)
    buffer.push(np.full((AUDIO_SAMPLE_RATE // 5, 2), 0.25, np.float32))
    assert np.all(buffer.pull(PULL) == 0.25)
    blocks = [buffer.pull(PULL) for _ in range(12)]
    assert blocks[0].any() and not blocks[-1].any(), "ran dry: silence, not a stall"
    underruns = buffer.underrun_samples
    buffer.push(np.full((AUDIO_SAMPLE_RATE // 20, 2), 0.25, np.float32))
    assert not buffer.pull(PULL).any(), "waits to refill to its target latency"
    buffer.push(np.full((AUDIO_SAMPLE_RATE // 10, 2), 0.25, np.float32))
    assert np.all(buffer.pull(PULL) == pytest.approx(0.25))
    assert buffer.underrun_samples > underruns


def test_a_burst_longer_than_the_ring_drops_the_oldest_and_counts_it():
    buffer = DriftBuffer(AUDIO_SAMPLE_RATE, capacity_s=1.0)
    buffer.push(np.zeros((AUDIO_SAMPLE_RATE + 4800, 1), np.float32))
    assert buffer.dropped_samples == 4800
    assert buffer.latency_s == pytest.approx(1.0)


def test_a_burst_far_above_target_is_dropped_at_once_not_played_out_at_a_bent_pitch():
    buffer = DriftBuffer(AUDIO_SAMPLE_RATE)
    buffer.push(np.zeros((AUDIO_SAMPLE_RATE // 2, 2), np.float32))  # half a second arrives at once
    buffer.pull(PULL)
    assert buffer.latency_s == pytest.approx(buffer.target_latency_s - PULL / AUDIO_SAMPLE_RATE, abs=0.002)
    assert buffer.dropped_samples == pytest.approx(0.4 * AUDIO_SAMPLE_RATE, abs=PULL)
    assert abs(buffer.correction) < 1e-3
