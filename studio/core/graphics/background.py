"""A neutral test picture to check graphics against, standing in for the camera."""

from __future__ import annotations

import numpy as np


def reference_background(width: int, height: int) -> np.ndarray:
    """A dim studio-like gradient with a faint grid: busy enough to judge contrast, deterministic for goldens."""
    rows = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    cols = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    blue = 70 + 80 * rows + 20 * cols
    green = 60 + 50 * cols + 20 * rows
    red = 40 + 70 * (1 - rows) * cols
    frame = np.stack([np.broadcast_to(channel, (height, width)) for channel in (blue, green, red)], axis=2)
    grid_step = max(8, min(width, height) // 12)
    frame[::grid_step, :, :] += 25
    frame[:, ::grid_step, :] += 25
    return np.clip(frame, 0, 255).astype(np.uint8)
