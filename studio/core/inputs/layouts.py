"""Layouts of inputs on a canvas: full screen, picture-in-picture, side by side.

A layout is plain data (its kind, the inputs it names in order, the inset's place and size);
`compose` draws it into a picture of the program's format from each input's picture. Full screen
hands the input's own picture on (the engine fits it to each canvas); the others are composed
at the canvas's size, every box filled (the picture cropped to the box's shape, never squeezed).
On a portrait canvas (9:16, the vertical canvas's own version of each layout) side by side stacks the
two, the second (the guest) above the first (the host), and the inset is a 3:4 box.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import cv2
import numpy as np

from studio.core import picture
from studio.errors import UserInputError

# kind -> how many inputs it shows
LAYOUT_INPUTS = {"full": 1, "pip": 2, "side": 2}
LAYOUT_HELP = {"full": "one input full screen", "pip": "the second input in a corner of the first (x, y, size)",
               "side": "two inputs side by side (on a portrait canvas stacked, the second above the first)"}
PIP_MARGIN = 0.03            # of the canvas's width, between the inset and the edge
PIP_SIZE_RANGE = (0.1, 0.6)  # the inset's width as a fraction of the canvas's


@dataclasses.dataclass(frozen=True)
class Layout:
    kind: str
    inputs: tuple[str, ...]
    x: float = 1.0       # pip: where the inset sits across the room it has, 0 left .. 1 right
    y: float = 1.0       # pip: 0 top .. 1 bottom
    size: float = 0.3    # pip: the inset's width, a fraction of the canvas's

    def __post_init__(self):
        wanted = LAYOUT_INPUTS.get(self.kind)
        if wanted is None:
            raise UserInputError(f"layout {self.kind!r}: expected {', '.join(LAYOUT_INPUTS)}")
        if len(self.inputs) != wanted:
            raise UserInputError(f"layout {self.kind} shows {wanted} input{'s' if wanted > 1 else ''}, "
                                 f"not {len(self.inputs)} ({', '.join(self.inputs) or 'none given'})")
        low, high = PIP_SIZE_RANGE
        if not (0.0 <= self.x <= 1.0 and 0.0 <= self.y <= 1.0 and low <= self.size <= high):
            raise UserInputError(f"layout pip: x and y between 0 and 1, size between {low} and {high}")

    def as_dict(self) -> dict:
        data = {"kind": self.kind, "inputs": list(self.inputs)}
        if self.kind == "pip":
            data.update(x=self.x, y=self.y, size=self.size)
        return data


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
            cv2.resize(region, (out.shape[1], out.shape[0]), dst=out, interpolation=cv2.INTER_AREA)
        return
    source = picture.as_format(source, picture.BGR)
    src_h, src_w = source.shape[:2]
    crop_w, crop_h = _crop(src_w, src_h, box_w, box_h)
    crop_x, crop_y = (src_w - crop_w) // 2, (src_h - crop_h) // 2
    cv2.resize(source[crop_y:crop_y + crop_h, crop_x:crop_x + crop_w], (box_w, box_h),
               dst=target[top:top + box_h, left:left + box_w], interpolation=cv2.INTER_AREA)


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
