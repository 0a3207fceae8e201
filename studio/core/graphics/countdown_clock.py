"""What the flash-deal countdown shows at a show time: worked out on the frame loop, without Qt.

What it shows is a pure function of show time, so every frame is exact and it cannot drift: the
only state is which second's picture is kept. The face holds the whole seconds, not their text:
the renderer (countdown.py, in the graphics process) writes them in the show's locale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from studio.core.graphics.model import CountdownData

URGENT_BELOW_S = 60
ENDED_HOLD_S = 3.0
ENDED_TEXT = "Deal ended"


@dataclass(frozen=True)
class CountdownFace:
    """What the countdown shows on one frame; equal faces share one rendered picture."""

    label: str
    seconds: int
    urgent: bool
    ended: bool


def countdown_seconds_shown(remaining_s: float) -> int:
    """Whole seconds on the readout: it reads 05:00 for the whole first second, 00:01 for the last."""
    return max(0, math.ceil(remaining_s - 1e-9))


def countdown_face(data: CountdownData, show_time_s: float) -> CountdownFace:
    seconds = countdown_seconds_shown(data.ends_at_show_time_s - show_time_s)
    if seconds <= 0:
        return CountdownFace("", 0, urgent=True, ended=True)
    return CountdownFace(data.label, seconds, urgent=seconds <= URGENT_BELOW_S, ended=False)


def countdown_finished(data: CountdownData, show_time_s: float) -> bool:
    """True once "Deal ended" has been on screen long enough to be read."""
    return show_time_s >= data.ends_at_show_time_s + ENDED_HOLD_S
