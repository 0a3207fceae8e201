"""Sound from a device's clock, played out on the show clock.

A microphone's crystal is not the show clock: a device 0.1 % fast delivers 1.8 s
too much sound in a 30-minute show, and one 0.1 % slow runs dry. The device
thread pushes what it captures into a ring; the engine pulls exactly the
samples the show clock asks for. A slow control loop (proportional-integral,
on a smoothed fill level) nudges the resampling ratio so the ring stays at its
target latency: drift is absorbed by resampling by design, never by dropping.
Only when the ring runs dry (a stalled device) does the engine get silence,
and only after a burst (fill far above target, or past the ring's capacity) are
samples dropped; both are counted.
"""

from __future__ import annotations

import threading

import numpy as np

from studio.core.capture.source import AUDIO_CHANNELS, AUDIO_SAMPLE_RATE

# Loop gains, per second of fill error: natural frequency sqrt(KI) = 0.025 rad/s,
# critically damped. Gentle on purpose: the fill jitters by tens of ms with each device
# callback, and the pitch must not wobble with it; a 0.1 % step peaks near 15 ms.
KP = 0.05
KI = 0.0006
# Jitter of device callbacks (tens of ms) is averaged away before it reaches the ratio.
ERROR_SMOOTHING_S = 1.0
# A burst (a device or server catching up after a hiccup, the first blocks after opening)
# is not drift: past this much above target the excess is dropped at once, and counted,
# instead of being played out over minutes at a bent pitch.
RECENTER_ABOVE_S = 0.2
MAX_CORRECTION = 0.01  # never bend the pitch more than 1 %


class DriftBuffer:
    def __init__(self, device_rate: int = AUDIO_SAMPLE_RATE, target_latency_s: float = 0.1, capacity_s: float = 2.0,
                 kp: float = KP, ki: float = KI):
        self._kp, self._ki = kp, ki
        self.device_rate = device_rate
        self.target_latency_s = target_latency_s
        self._capacity = int(capacity_s * device_rate)
        self._ring = np.zeros((self._capacity, AUDIO_CHANNELS), np.float32)
        self._lock = threading.Lock()
        self._read = 0  # ring index of the next unread input sample
        self._fill = 0  # unread input samples
        self._position = 0.0  # fractional offset past `_read` of the next output sample
        self._nominal_step = device_rate / AUDIO_SAMPLE_RATE
        self._primed = False
        self._error_s = 0.0
        self._integral = 0.0
        self.correction = 0.0
        self.underrun_samples = 0  # output samples of silence the engine got
        self.dropped_samples = 0  # input samples thrown away on overflow

    # -- device thread ---------------------------------------------------------------------

    def push(self, block: np.ndarray) -> None:
        """Append captured samples, shape (frames, channels), any float dtype."""
        block = _to_stereo(block)
        with self._lock:
            overflow = self._fill + len(block) - self._capacity
            if overflow > 0:
                self.dropped_samples += overflow
                self._consume(overflow)
                block = block[-self._capacity:]
            start = (self._read + self._fill) % self._capacity
            first = min(len(block), self._capacity - start)
            self._ring[start:start + first] = block[:first]
            self._ring[:len(block) - first] = block[first:]
            self._fill += len(block)

    def reset(self) -> None:
        """Forget what is buffered (a device went away): the next pull waits to refill to target."""
        with self._lock:
            self._consume(self._fill)
            self._position = 0.0
            self._primed = False

    # -- engine thread ---------------------------------------------------------------------

    @property
    def latency_s(self) -> float:
        """How far the sound being played lags its capture: the ring's fill, in seconds."""
        return (self._fill - self._position) / self.device_rate

    def pull(self, count: int) -> np.ndarray:
        """Exactly `count` samples at the show rate, planar float32 (2, count)."""
        with self._lock:
            if not self._primed:
                if self.latency_s < self.target_latency_s:
                    self.underrun_samples += count
                    return np.zeros((AUDIO_CHANNELS, count), np.float32)
                self._primed = True
            if self.latency_s > self.target_latency_s + RECENTER_ABOVE_S:
                excess = int((self.latency_s - self.target_latency_s) * self.device_rate)
                self.dropped_samples += excess
                self._consume(excess)
                self._error_s = 0.0
            step = self._nominal_step * (1.0 + self._steer(count))
            needed = int(self._position + step * (count - 1)) + 2
            if needed > self._fill:
                # Ran dry: play silence and refill to the target before sound resumes.
                self._primed = False
                self.underrun_samples += count
                return np.zeros((AUDIO_CHANNELS, count), np.float32)
            positions = self._position + step * np.arange(count)
            if self._read + needed <= self._capacity:  # the usual case: no wrap, a view
                window = self._ring[self._read:self._read + needed]
            else:
                window = self._ring[(self._read + np.arange(needed)) % self._capacity]
            grid = np.arange(needed, dtype=np.float64)
            out = np.empty((AUDIO_CHANNELS, count), np.float32)
            for channel in range(AUDIO_CHANNELS):  # linear interpolation at the fractional positions
                out[channel] = np.interp(positions, grid, window[:, channel])
            advanced = self._position + step * count
            self._consume(int(advanced))
            self._position = advanced - int(advanced)
            return out

    def _steer(self, count: int) -> float:
        dt_s = count / AUDIO_SAMPLE_RATE
        error_s = self.latency_s - self.target_latency_s
        self._error_s += (error_s - self._error_s) * min(1.0, dt_s / ERROR_SMOOTHING_S)
        integral_limit = MAX_CORRECTION / self._ki if self._ki else 0.0
        self._integral = _clamp(self._integral + self._error_s * dt_s, integral_limit)
        self.correction = _clamp(self._kp * self._error_s + self._ki * self._integral, MAX_CORRECTION)
        return self.correction

    def _consume(self, samples: int) -> None:
        samples = min(samples, self._fill)
        self._read = (self._read + samples) % self._capacity
        self._fill -= samples


def _clamp(value: float, limit: float) -> float:
    return max(-limit, min(limit, value))


def _to_stereo(block: np.ndarray) -> np.ndarray:
    block = np.asarray(block, dtype=np.float32)
    if block.ndim == 1:
        block = block[:, None]
    if block.shape[1] == 1:
        return np.repeat(block, AUDIO_CHANNELS, axis=1)
    return block[:, :AUDIO_CHANNELS]
