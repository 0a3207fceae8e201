"""Layouts of inputs on a canvas: full screen, picture-in-picture, side by side.

A layout is plain data (studio/core/inputs/layout.py);
`compose` draws it into a picture of the program's format from each input's picture. Full screen
hands the input's own picture on (the engine fits it to each canvas); the others are composed
at the canvas's size, every box filled (the picture cropped to the box's shape, never squeezed).
On a portrait canvas (9:16, the vertical canvas's own version of each layout) side by side stacks the
two, the second (the guest) above the first (the host), and the inset is a 3:4 box.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from studio.core import picture, pixels
from studio.core.inputs.layout import PIP_MARGIN, PIP_SIZE_RANGE, Layout


def boxes(layout: Layout, width: int, height: int) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) of each input's box, even numbers (I420's chroma grid)."""
    def even(value: float) -> int:
        return max(2, int(value) // 2 * 2)

    if layout.kind == "full":
        return [(0, 0, width, height)]
    if layout.kind == "side":
        if height > width:      # portrait: the second input (the guest) above the first (the host)
            return [(0, even(height / 2), width, height - even(height / 2)), (0, 0, width, even(height / 2))]
        return [(0, 0, even(width / 2), height), (even(width / 2), 0, width - even(width / 2), height)]
    if width >= height:
        inset_w = even(width * layout.size)
        inset_h = even(inset_w * 9 / 16)
    else:                   # portrait: a 3:4 inset, half again as wide, so it reads on a phone
        inset_w = even(width * min(PIP_SIZE_RANGE[1], layout.size * 1.5))
        inset_h = even(inset_w * 4 / 3)
    margin = even(width * PIP_MARGIN)
    left = even(margin + (width - inset_w - 2 * margin) * layout.x)
    top = even(margin + (height - inset_h - 2 * margin) * layout.y)
    return [(0, 0, width, height), (left, top, inset_w, inset_h)]


def fill_box(source: np.ndarray, target: np.ndarray, box: tuple[int, int, int, int]) -> None:
    """`source` cropped to the box's shape (centred) and scaled into `target`'s box, BGR or I420 both."""
    left, top, box_w, box_h = box
    if picture.is_i420(target):
        source = picture.as_format(source, picture.I420)
        src_w, src_h = picture.size_of(source)
        crop_w, crop_h = _crop(src_w, src_h, box_w, box_h)
        crop_x, crop_y = (src_w - crop_w) // 4 * 2, (src_h - crop_h) // 4 * 2
        for index, (src, dst) in enumerate(zip(picture.planes(source), picture.planes(target))):
            s = 0 if index == 0 else 1
            region = src[crop_y >> s:(crop_y + crop_h) >> s, crop_x >> s:(crop_x + crop_w) >> s]
            out = dst[top >> s:(top + box_h) >> s, left >> s:(left + box_w) >> s]
            pixels.resize(region, out, pixels.AREA)
        return
    source = picture.as_format(source, picture.BGR)
    src_h, src_w = source.shape[:2]
    crop_w, crop_h = _crop(src_w, src_h, box_w, box_h)
    crop_x, crop_y = (src_w - crop_w) // 2, (src_h - crop_h) // 2
    pixels.resize(source[crop_y:crop_y + crop_h, crop_x:crop_x + crop_w], target[top:top + box_h, left:left + box_w],
                  pixels.AREA)


def _crop(src_w: int, src_h: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The largest window of the source with the box's shape (even sizes)."""
    if src_w * box_h > box_w * src_h:       # the source is wider: crop its sides
        return max(2, int(src_h * box_w / box_h) // 2 * 2), src_h
    return src_w, max(2, int(src_w * box_h / box_w) // 2 * 2)


def compose(layout: Layout, picture_of: Callable[[str], np.ndarray], target: np.ndarray) -> np.ndarray:
    """The layout's picture: the input's own picture for full screen, else `target` filled box by box."""
    if layout.kind == "full":
        return picture_of(layout.inputs[0])
    width, height = picture.size_of(target)
    for name, box in zip(layout.inputs, boxes(layout, width, height)):
        fill_box(picture_of(name), target, box)
    return target
