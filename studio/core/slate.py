"""The picture shown when the camera is lost: drawn once, shown as long as needed."""

from __future__ import annotations

import cv2
import numpy as np

SLATE_TEXT = "We'll be right back"


def draw_slate(width: int, height: int, text: str = SLATE_TEXT) -> np.ndarray:
    slate = np.zeros((height, width, 3), np.uint8)
    slate[:] = (60, 30, 20)
    scale = min(height / 360, width / 640)  # a 9:16 slate keeps the text inside its width
    thickness = max(1, int(round(2 * scale)))
    (text_width, text_height), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, 1.2 * scale, thickness)
    origin = ((width - text_width) // 2, (height + text_height) // 2)
    cv2.putText(slate, text, origin, cv2.FONT_HERSHEY_DUPLEX, 1.2 * scale, (255, 255, 255), thickness, cv2.LINE_AA)
    return slate
