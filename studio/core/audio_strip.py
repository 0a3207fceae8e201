"""The program's sound on its way to the encoder: gain, mute, and a meter.

Applied on the engine thread to every block, whatever the source. A change of
gain or mute ramps over 5 ms at the start of the next block, so it never clicks
and still lands within a frame of when it was applied. The meter reports peak and
RMS in dBFS since it was last read (the engine reads it once a second), and
counts samples that clipped after the gain. The console's meter reads its own
window, per channel (`read_levels`, ~20 times a second: studio/core/live/audio_meters.py),
so the two readers never reset each other's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MIN_GAIN_DB, MAX_GAIN_DB = -60.0, 20.0
RAMP_SAMPLES = 240  # 5 ms at 48 kHz
SILENCE_DBFS = -120.0


def to_dbfs(amplitude: float) -> float:
    return max(SILENCE_DBFS, 20 * math.log10(amplitude)) if amplitude > 0 else SILENCE_DBFS


@dataclass(frozen=True)
class ChannelLevels:
    """One channel's sound since the last `read_levels`, as amplitudes (1.0 = full scale)."""
    peak: float
    rms: float


@dataclass
class AudioMeter:
    peak_dbfs: float = SILENCE_DBFS
    rms_dbfs: float = SILENCE_DBFS
    clipped_samples: int = 0


class AudioStrip:
    def __init__(self) -> None:
        self.gain_db = 0.0
        self.muted = False
        self._applied_factor = 1.0
        self._peak = 0.0
        self._square_sum = 0.0
        self._samples = 0
        self.clipped_samples = 0
        self.meter = AudioMeter()
        self._level_peaks: np.ndarray | None = None     # per channel, since the last read_levels
        self._level_squares: np.ndarray | None = None
        self._level_samples = 0
        self._level_clipped = 0

    def set_gain_db(self, gain_db: float) -> None:
        if not MIN_GAIN_DB <= gain_db <= MAX_GAIN_DB:
            raise ValueError(f"gain_db {gain_db:g}: must be between {MIN_GAIN_DB:g} and {MAX_GAIN_DB:g} dB")
        self.gain_db = float(gain_db)

    def set_muted(self, muted: bool) -> None:
        self.muted = bool(muted)

    @property
    def _factor(self) -> float:
        return 0.0 if self.muted else 10 ** (self.gain_db / 20)

    def process(self, block: np.ndarray) -> np.ndarray:
        """Gain, mute and clip a planar (channels, samples) block in place; meter the result."""
        target = self._factor
        if target != self._applied_factor:
            ramp = np.full(block.shape[1], target, np.float32)
            length = min(RAMP_SAMPLES, block.shape[1])
            ramp[:length] = np.linspace(self._applied_factor, target, length, dtype=np.float32)
            block *= ramp
            self._applied_factor = target
        elif target != 1.0:
            block *= np.float32(target)
        magnitude = np.abs(block)
        clipped = int(np.count_nonzero(magnitude > 1.0))
        self.clipped_samples += clipped
        self._level_clipped += clipped
        np.clip(block, -1.0, 1.0, out=block)
        if block.size:
            peaks = magnitude.max(axis=1)
            squares = np.einsum("ij,ij->i", block, block, dtype=np.float64)   # per channel, no temporary
            self._peak = max(self._peak, float(peaks.max()))
            self._square_sum += float(squares.sum())
            self._samples += block.size
            if self._level_peaks is None or self._level_peaks.shape != peaks.shape:
                self._level_peaks, self._level_squares, self._level_samples = peaks, squares, block.shape[1]
            else:
                np.maximum(self._level_peaks, peaks, out=self._level_peaks)
                self._level_squares += squares
                self._level_samples += block.shape[1]
        return block

    def read_levels(self) -> tuple[list[ChannelLevels], bool]:
        """Each channel's peak and RMS since the last call (then a new window), and whether a sample
        clipped in it; no sound since then reads as silence."""
        if self._level_peaks is None or not self._level_samples:
            levels = [ChannelLevels(0.0, 0.0)] * (len(self._level_peaks) if self._level_peaks is not None else 2)
        else:
            rms = np.sqrt(self._level_squares / self._level_samples)
            levels = [ChannelLevels(min(float(peak), 1.0), float(value)) for peak, value in zip(self._level_peaks, rms)]
        clipped = self._level_clipped > 0
        if self._level_peaks is not None:
            self._level_peaks.fill(0.0)
            self._level_squares.fill(0.0)
        self._level_samples, self._level_clipped = 0, 0
        return levels, clipped

    def read_meter(self) -> AudioMeter:
        """Peak and RMS since the last read (then start a new window), and the clip count so far."""
        rms = math.sqrt(self._square_sum / self._samples) if self._samples else 0.0
        self.meter = AudioMeter(to_dbfs(min(self._peak, 1.0)), to_dbfs(rms), self.clipped_samples)
        self._peak, self._square_sum, self._samples = 0.0, 0.0, 0
        return self.meter
