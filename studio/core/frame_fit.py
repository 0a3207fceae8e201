"""Fitting a source picture onto the canvas without distorting it."""

from __future__ import annotations

import numpy as np

from studio.core import picture, pixels


def _interpolation(scale: float) -> str:
    """Area averaging to reduce (no aliasing), bilinear to enlarge."""
    return pixels.AREA if scale < 1 else pixels.LINEAR


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
    pixels.resize(source_bgr, canvas_bgr[top:top + height, left:left + width], _interpolation(scale))


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
    pixels.resize(source_bgr[:, left:left + width], canvas_bgr, _interpolation(scale))


# -- any picture format (studio/core/picture.py): the engine's canvases may be I420 --------------------

def _even(value: int) -> int:
    return max(2, value - value % 2)


def _bgr_then_convert(source_bgr: np.ndarray, canvas: np.ndarray, scratch: dict, place) -> None:
    """A BGR source (camera, test card) onto an I420 canvas: placed in BGR, converted once."""
    width, height = picture.size_of(canvas)
    work = scratch.get("bgr")
    if work is None or work.shape[:2] != (height, width):
        work = scratch["bgr"] = np.zeros((height, width, 3), np.uint8)
    place(source_bgr, work)
    picture.to_i420(work, canvas)


def fit_picture(source: np.ndarray, canvas: np.ndarray, scratch: dict) -> None:
    """`fit_into` for BGR or I420 pictures; `scratch` is the caller's (buffers kept between frames)."""
    if not picture.is_i420(canvas):
        fit_into(picture.as_format(source, picture.BGR), canvas)
    elif not picture.is_i420(source):
        if picture.size_of(source) == picture.size_of(canvas):
            picture.to_i420(source, canvas)
        else:
            _bgr_then_convert(source, canvas, scratch, fit_into)
    elif picture.size_of(source) == picture.size_of(canvas):
        for src, dst in zip(picture.planes(source), picture.planes(canvas)):
            np.copyto(dst, src)
    else:
        canvas_width, canvas_height = picture.size_of(canvas)
        source_width, source_height = picture.size_of(source)
        scale = min(canvas_width / source_width, canvas_height / source_height)
        width, height = _even(int(round(source_width * scale))), _even(int(round(source_height * scale)))
        left, top = (canvas_width - width) // 4 * 2, (canvas_height - height) // 4 * 2
        interpolation = _interpolation(scale)
        for index, (src, dst) in enumerate(zip(picture.planes(source), picture.planes(canvas))):
            shift = 0 if index == 0 else 1
            box = dst[top >> shift:(top + height) >> shift, left >> shift:(left + width) >> shift]
            if (width, height) != (canvas_width, canvas_height):
                dst[:] = picture.BLACK_Y if index == 0 else picture.NEUTRAL_CHROMA
            pixels.resize(src, box, interpolation)


def crop_picture(source: np.ndarray, canvas: np.ndarray, offset: float, scratch: dict) -> None:
    """`crop_into` for BGR or I420 pictures: an I420 crop is scaled plane by plane, never converted."""
    if not picture.is_i420(canvas):
        crop_into(picture.as_format(source, picture.BGR), canvas, offset)
        return
    if not picture.is_i420(source):
        _bgr_then_convert(source, canvas, scratch, lambda src, dst: crop_into(src, dst, offset))
        return
    canvas_width, canvas_height = picture.size_of(canvas)
    source_width, source_height = picture.size_of(source)
    window = crop_window(source_width, source_height, canvas_width, canvas_height, offset)
    if window is None:
        fit_picture(source, canvas, scratch)
        return
    left, width = window
    left, width = left - left % 2, _even(width)
    interpolation = _interpolation(canvas_height / source_height)
    for index, (src, dst) in enumerate(zip(picture.planes(source), picture.planes(canvas))):
        shift = 0 if index == 0 else 1
        crop = src[:, left >> shift:(left + width) >> shift]
        pixels.resize(crop, dst, interpolation)
