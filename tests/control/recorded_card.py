"""Reading a 640x360 recording's program card region: the frames by index, the card's pixels, a blend's weight."""

from __future__ import annotations

import av
import numpy as np

from studio.core.graphics.layouts import layout_for
from studio.core.graphics.theme import load_theme

W, H, FPS = 640, 360, 30


def decoded(path) -> dict[int, np.ndarray]:
    with av.open(str(path)) as container:
        return {round(frame.time * FPS): frame.to_ndarray(format="bgr24") for frame in container.decode(video=0)}


def card_roi(frame: np.ndarray) -> np.ndarray:
    placement = layout_for(W, H, load_theme("studio"))["card"]
    return frame[placement.y:placement.y + placement.height, placement.x:placement.x + placement.width].astype(float)


def blend_weight(frame, outgoing, incoming) -> float:
    """How far `frame` is from `outgoing` to `incoming` (0..1), over the pixels the take changed
    (the median: the test card's sweep line crossing the card does not count)."""
    change = incoming - outgoing
    mask = np.abs(change) > 60
    return float(np.median((frame - outgoing)[mask] / change[mask]))
