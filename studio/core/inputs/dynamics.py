"""The mixer's dynamics: a music bed ducked under the host's microphone, and a limiter on the master.

Both work per block on the engine thread (1024 samples, 21 ms), with gains ramped across each block
so nothing clicks. The ducker follows the key channel's level (RMS of its block, after its own gain
and mute): above the threshold the bed falls by `depth_db` at the attack rate, below it comes back
at the release rate. The limiter keeps every sample of the master at or below its ceiling
(-1 dBFS): a block that would go over is turned down at once (no sample clips), and the gain
recovers at its release rate.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from studio.core.capture.source import AUDIO_SAMPLE_RATE

LIMITER_CEILING_DBFS = -1.0
LIMITER_RELEASE_MS = 150.0


@dataclasses.dataclass
class Ducking:
    """A bed channel turned down while a key channel (the host's microphone) speaks."""
    bed: str
    key: str
    threshold_dbfs: float = -35.0
    depth_db: float = 12.0
    attack_ms: float = 50.0
    release_ms: float = 600.0
    gain_db: float = 0.0            # the bed's ducking gain now (0: not ducked, -depth_db: fully ducked)

    def as_dict(self) -> dict:
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in dataclasses.asdict(self).items()}

    def next_gain_db(self, key_block: np.ndarray) -> float:
        """The ducking gain at the end of this block, from the key's level in it."""
        rms = math.sqrt(float(np.mean(np.square(key_block, dtype=np.float64)))) if key_block.size else 0.0
        level_dbfs = 20 * math.log10(rms) if rms > 0 else -120.0
        target = -self.depth_db if level_dbfs > self.threshold_dbfs else 0.0
        block_ms = key_block.shape[-1] * 1000 / AUDIO_SAMPLE_RATE
        rate_ms = self.attack_ms if target < self.gain_db else self.release_ms
        step_db = self.depth_db * block_ms / max(rate_ms, 1.0)
        if target < self.gain_db:
            self.gain_db = max(target, self.gain_db - step_db)
        else:
            self.gain_db = min(target, self.gain_db + step_db)
        return self.gain_db


def ramp_gain(block: np.ndarray, from_db: float, to_db: float) -> np.ndarray:
    """`block` with its gain moving linearly (in amplitude) from `from_db` to `to_db` across it."""
    if from_db == to_db == 0.0:
        return block
    start, end = 10 ** (from_db / 20), 10 ** (to_db / 20)
    return block * np.linspace(start, end, block.shape[1], dtype=np.float32)


class Limiter:
    """Instant attack, smooth release: no master sample above the ceiling."""

    def __init__(self, ceiling_dbfs: float = LIMITER_CEILING_DBFS, release_ms: float = LIMITER_RELEASE_MS):
        self.ceiling = 10 ** (ceiling_dbfs / 20)
        self.release_ms = release_ms
        self.gain = 1.0
        self.limited_blocks = 0

    def process(self, block: np.ndarray) -> np.ndarray:
        peak = float(np.abs(block).max()) if block.size else 0.0
        wanted = min(1.0, self.ceiling / peak) if peak > 0 else 1.0
        if wanted < self.gain:            # attack: the whole block at the lower gain, so no sample goes over
            self.gain = wanted
            self.limited_blocks += 1
            block *= np.float32(wanted)
            return block
        block_ms = block.shape[1] * 1000 / AUDIO_SAMPLE_RATE
        recovered = min(wanted, self.gain + block_ms / self.release_ms)   # from silence to full in release_ms
        if self.gain < 1.0 or recovered < 1.0:
            block *= np.linspace(self.gain, recovered, block.shape[1], dtype=np.float32)
            self.gain = recovered
        return block
