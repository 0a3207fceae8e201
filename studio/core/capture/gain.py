"""Mute and gain on the program sound, changed live by the engine thread."""

from __future__ import annotations

import numpy as np

from studio.core.capture.source import AudioSource

GAIN_RANGE_DB = (-60.0, 20.0)


class GainedAudio(AudioSource):
    def __init__(self, inner: AudioSource, gain_db: float = 0.0, muted: bool = False):
        self.inner = inner
        self.gain_db = gain_db
        self.muted = muted

    @property
    def description(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "description", "audio source")

    def read(self, sample_count: int) -> np.ndarray:
        samples = self.inner.read(sample_count)
        if self.muted:
            return np.zeros_like(samples)
        if self.gain_db:
            return np.clip(samples * np.float32(10 ** (self.gain_db / 20)), -1.0, 1.0).astype(np.float32)
        return samples

    def close(self) -> None:
        self.inner.close()
