"""A canvas: the size and frame rate of one program picture, encoded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from studio.core.output.defaults import FPS_RANGE
from studio.errors import UserInputError

# A show's canvases by name: every destination and recording is bound to one (docs/canvases.md).
LANDSCAPE, VERTICAL = "landscape", "vertical"
CANVAS_NAMES = (LANDSCAPE, VERTICAL)
DEFAULT_VERTICAL_SIZE = (720, 1280)
MAX_VERTICAL_SIZE = (1080, 1920)

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


def check_canvas_name(name: str, what: str = "canvas") -> str:
    if name not in CANVAS_NAMES:
        raise UserInputError(f"{what} {name!r}: unknown canvas; choose one of {', '.join(CANVAS_NAMES)}")
    return name


def parse_vertical_size(text: str) -> tuple[int, int]:
    """A 9:16 portrait size no larger than 1080x1920 (720x1280 by default), or an error naming why not."""
    width, height = parse_size(text)
    max_width, max_height = MAX_VERTICAL_SIZE
    if width >= height or abs(width * 16 - height * 9) > 16:
        raise UserInputError(f"--vertical-size {text}: the vertical canvas is 9:16 portrait, e.g. 720x1280 or 1080x1920")
    if width > max_width or height > max_height:
        raise UserInputError(f"--vertical-size {text}: at most {max_width}x{max_height} (what TikTok and Instagram take)")
    if width % 2 or height % 2:
        raise UserInputError(f"--vertical-size {text}: width and height must be even (H.264 4:2:0)")
    return width, height
