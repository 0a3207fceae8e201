"""Fitting a source picture onto the canvas without distorting it."""

from __future__ import annotations

import cv2
import numpy as np


def fit_into(source_bgr: np.ndarray, canvas_bgr: np.ndarray) -> None:
    """Scale `source_bgr` to fit `canvas_bgr` (letterbox or pillarbox in black), in place."""
    canvas_height, canvas_width = canvas_bgr.shape[:2]
    source_height, source_width = source_bgr.shape[:2]
    if (source_height, source_width) == (canvas_height, canvas_width):
        np.copyto(canvas_bgr, source_bgr)
        return
    scale = min(canvas_width / source_width, canvas_height / source_height)
    width = max(2, int(round(source_width * scale)))
    height = max(2, int(round(source_height * scale)))
    left = (canvas_width - width) // 2
    top = (canvas_height - height) // 2
    if (width, height) != (canvas_width, canvas_height):
        canvas_bgr[:] = 0
    cv2.resize(source_bgr, (width, height), dst=canvas_bgr[top:top + height, left:left + width],
               interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
