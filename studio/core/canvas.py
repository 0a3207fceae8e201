"""A canvas: the size and frame rate of one program picture, encoded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from studio.core.output.defaults import FPS_RANGE
from studio.errors import UserInputError

_SIZE_PATTERN = re.compile(r"^\s*(\d{2,5})\s*[xX]\s*(\d{2,5})\s*$")


@dataclass(frozen=True)
class Canvas:
    width: int
    height: int
    fps: int = 30

    def __post_init__(self) -> None:
        if self.width % 2 or self.height % 2:
            raise UserInputError(
                f"canvas size {self.width}x{self.height}: width and height must be even (H.264 4:2:0)"
            )
        low, high = FPS_RANGE
        if not low <= self.fps <= high:
            raise UserInputError(f"frame rate {self.fps}: must be between {low} and {high}")

    @property
    def frame_time_base(self) -> Fraction:
        return Fraction(1, self.fps)

    @property
    def is_vertical(self) -> bool:
        return self.height > self.width


def parse_size(text: str) -> tuple[int, int]:
    """`1280x720` -> (1280, 720), with a message that names the bad value."""
    match = _SIZE_PATTERN.match(text)
    if not match:
        raise UserInputError(f"size {text!r}: expected WIDTHxHEIGHT, e.g. 1280x720")
    width, height = int(match.group(1)), int(match.group(2))
    if not (16 <= width <= 7680 and 16 <= height <= 4320):
        raise UserInputError(f"size {text!r}: must be between 16x16 and 7680x4320")
    return width, height
