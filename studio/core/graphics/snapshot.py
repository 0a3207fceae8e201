"""One still of one graphic over the reference background, through the real program path."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.core.graphics.animation import TRANSITION_S
from studio.core.graphics.background import reference_background
from studio.core.graphics.model import CountdownData
from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.samples import sample_data
from studio.core.graphics.theme import Theme

DEFAULT_COUNTDOWN_REMAINING_S = 299.0
# Far enough past the entrance that the graphic has settled; the ticker is at this scroll position.
SETTLED_AT_S = 2 * TRANSITION_S


def snapshot(
    kind: str,
    width: int,
    height: int,
    theme: Theme,
    sku: str | None = None,
    catalog_path: Path = DEMO_CATALOG_PATH,
    locale_name: str = "en_US",
    countdown_remaining_s: float = DEFAULT_COUNTDOWN_REMAINING_S,
) -> np.ndarray:
    if kind == "countdown":
        data = CountdownData(SETTLED_AT_S + countdown_remaining_s)
    else:
        data = sample_data(kind, sku, catalog_path)
    return settled_frame(kind, data, width, height, theme, locale_name)


def settled_frame(kind: str, data, width: int, height: int, theme: Theme, locale_name: str = "en_US") -> np.ndarray:
    """The graphic shown at show time 0, composited once it has finished entering."""
    graphics = ProgramGraphics(width, height, theme, locale_name)
    graphics.show(kind, data)
    graphics.composite(reference_background(width, height), 0.0)
    frame = reference_background(width, height)
    graphics.composite(frame, SETTLED_AT_S)
    return frame
