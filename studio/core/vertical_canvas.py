"""The second, vertical canvas: the camera reframed for a phone, the show's graphics in its own layout.

It has no state of its own beyond its picture and the crop offset: the graphics
state is the show's (ProgramGraphics applies it once per tick), and the engine
encodes this canvas once per frame for every output bound to it.
"""

from __future__ import annotations

import numpy as np

from studio.core import picture
from studio.core.canvas import VERTICAL
from studio.core.frame_fit import crop_picture
from studio.core.graphics.program import ProgramGraphics
from studio.core.output.encoder import EncoderSettings
from studio.core.slate import Slates
from studio.errors import UserInputError

CROP_OFFSET_RANGE = (-1.0, 1.0)


def check_crop_offset(offset: float, what: str = "offset") -> float:
    low, high = CROP_OFFSET_RANGE
    if not isinstance(offset, (int, float)) or isinstance(offset, bool) or not low <= float(offset) <= high:
        raise UserInputError(f"{what} {offset!r}: must be a number from {low:g} (left edge) through 0 (centre) "
                             f"to {high:g} (right edge)")
    return float(offset)


class VerticalCanvas:
    name = VERTICAL

    def __init__(self, settings: EncoderSettings, graphics: ProgramGraphics | None, crop_offset: float = 0.0,
                 picture_format: str = picture.BGR):
        """`picture_format`: the engine's (studio/core/picture.py); an I420 canvas is reframed plane by plane."""
        self.settings = settings
        self.graphics = graphics
        self.crop_offset = check_crop_offset(crop_offset)
        self.picture_format = picture_format
        self.frame = picture.blank(settings.width, settings.height, picture_format)
        self._slate: np.ndarray | None = None
        self._scratch: dict = {}

    def set_crop_offset(self, offset: float) -> None:
        """Engine thread (a live command): the next frame is cropped at the new offset."""
        self.crop_offset = check_crop_offset(offset)

    def reframe(self, source_bgr: np.ndarray) -> None:
        crop_picture(source_bgr, self.frame, self.crop_offset, self._scratch)

    def show_plain_slate(self) -> None:
        if self._slate is None:
            self._slate = Slates().picture(self.settings.width, self.settings.height,
                                           picture_format=self.picture_format)
        np.copyto(self.frame, self._slate)

    def draw_graphics(self, show_time_s: float) -> None:
        """The state the main canvas's composite applied this tick, drawn in the vertical layout."""
        if self.graphics is not None:
            self.graphics.draw(VERTICAL, self.frame, show_time_s)
