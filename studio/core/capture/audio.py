"""Synthetic sound: a line-up tone and silence."""

from __future__ import annotations

import numpy as np

from studio.core.capture.source import AUDIO_CHANNELS, AUDIO_SAMPLE_RATE, AudioSource

# EBU line-up level: 1 kHz at -18 dBFS.
TONE_FREQUENCY_HZ = 1000.0
TONE_LEVEL_DBFS = -18.0


class ToneSource(AudioSource):
    description = "1 kHz tone"

    def __init__(self, frequency_hz: float = TONE_FREQUENCY_HZ, level_dbfs: float = TONE_LEVEL_DBFS):
        self._amplitude = 10 ** (level_dbfs / 20)
        self._radians_per_sample = 2 * np.pi * frequency_hz / AUDIO_SAMPLE_RATE
        self._next_sample = 0

    def read(self, sample_count: int) -> np.ndarray:
        index = np.arange(self._next_sample, self._next_sample + sample_count, dtype=np.float64)
        self._next_sample += sample_count
        # Keep the phase argument small so precision does not degrade over long shows.
        self._next_sample %= AUDIO_SAMPLE_RATE
        wave = (self._amplitude * np.sin(index * self._radians_per_sample)).astype(np.float32)
        return np.broadcast_to(wave, (AUDIO_CHANNELS, sample_count)).copy()


class SilenceSource(AudioSource):
    description = "silence"

    def read(self, sample_count: int) -> np.ndarray:
        return np.zeros((AUDIO_CHANNELS, sample_count), dtype=np.float32)
