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


def crop_window(source_width: int, source_height: int, canvas_width: int, canvas_height: int,
                offset: float) -> tuple[int, int] | None:
    """The (left, width) of the tallest source window with the canvas's shape, `offset` -1 (left edge)
    .. 0 (centre) .. +1 (right edge) across the room it has to move; None when the source is
    already narrower than the canvas (nothing to crop: fit it instead)."""
    crop_width = int(round(source_height * canvas_width / canvas_height))
    if crop_width >= source_width:
        return None
    room = source_width - crop_width
    offset = min(1.0, max(-1.0, offset))
    return int(round(room / 2 * (1.0 + offset))), crop_width


def crop_into(source_bgr: np.ndarray, canvas_bgr: np.ndarray, offset: float = 0.0) -> None:
    """Reframe `source_bgr` for a narrower canvas (a 16:9 camera on a 9:16 canvas): crop a window of the
    canvas's shape, full height, shifted by `offset`, and scale it; never stretched."""
    canvas_height, canvas_width = canvas_bgr.shape[:2]
    source_height, source_width = source_bgr.shape[:2]
    window = crop_window(source_width, source_height, canvas_width, canvas_height, offset)
    if window is None:
        fit_into(source_bgr, canvas_bgr)
        return
    left, width = window
    scale = canvas_height / source_height
    cv2.resize(source_bgr[:, left:left + width], (canvas_width, canvas_height), dst=canvas_bgr,
               interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
