"""The picture shown when the camera is lost: drawn once, shown as long as needed."""

from __future__ import annotations

import numpy as np

from studio.core.graphics.text_masks import paint_mask, text_mask

SLATE_TEXT = "We'll be right back"
_BACKGROUND_BGR = (60, 30, 20)


def draw_slate(width: int, height: int, text: str = SLATE_TEXT) -> np.ndarray:
    slate = np.empty((height, width, 3), np.uint8)
    slate[:] = _BACKGROUND_BGR
    scale = min(height / 360, width / 640)  # a 9:16 slate keeps the text inside its width
    mask = text_mask(text, int(round(30 * scale)), bold=True)
    paint_mask(slate, mask, (width - mask.shape[1]) // 2, (height - mask.shape[0]) // 2, (255, 255, 255))
    return slate
