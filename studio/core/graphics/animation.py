"""In/out transitions as pure functions of show time: where and how opaque a cached layer is."""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.graphics.layouts import POP, SLIDE_DOWN, SLIDE_LEFT, SLIDE_RIGHT, SLIDE_UP

TRANSITION_S = 0.3
# How far a sliding graphic travels, as a fraction of its own size: far enough to
# read as motion, short enough that it never crosses another graphic.
SLIDE_FRACTION = 0.35
POP_START_SCALE = 0.6


@dataclass(frozen=True)
class Pose:
    dx: int
    dy: int
    opacity: float
    scale: float = 1.0


def ease_out_cubic(progress: float) -> float:
    return 1.0 - (1.0 - progress) ** 3


def pose_for(enter_from: str, visibility: float, width: int, height: int) -> Pose:
    """The pose at `visibility` (0 = gone, 1 = fully on screen) along the linear transition."""
    visibility = min(1.0, max(0.0, visibility))
    if visibility >= 1.0:
        return Pose(0, 0, 1.0)
    remaining = 1.0 - ease_out_cubic(visibility)
    dx = dy = 0.0
    if enter_from == SLIDE_RIGHT:
        dx = remaining * width * SLIDE_FRACTION
    elif enter_from == SLIDE_LEFT:
        dx = -remaining * width * SLIDE_FRACTION
    elif enter_from == SLIDE_UP:
        dy = remaining * height * SLIDE_FRACTION
    elif enter_from == SLIDE_DOWN:
        dy = -remaining * height * SLIDE_FRACTION
    scale = POP_START_SCALE + (1.0 - POP_START_SCALE) * (1.0 - remaining) if enter_from == POP else 1.0
    return Pose(round(dx), round(dy), visibility, scale)
