"""The golden pictures: one still per graphic, plus the variants most likely to regress."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.core.graphics.snapshot import snapshot
from studio.core.graphics.theme import load_theme

GOLDEN_DIR = Path(__file__).with_name("golden")

# name: (graphic, canvas width, height, theme, SKU, countdown seconds left)
CASES = {
    "card": ("card", 640, 360, "studio", "TV-55-4K", 0),
    "card_low_stock": ("card", 640, 360, "studio", "HP-NC-BLK", 0),
    "card_sold_out": ("card", 640, 360, "studio", "HOOD-BRN-M", 0),
    "card_vertical_daylight": ("card", 360, 640, "daylight", "KET-STEEL", 0),
    "callout": ("callout", 640, 360, "studio", "TV-55-4K", 0),
    "countdown": ("countdown", 640, 360, "studio", None, 299),
    "countdown_urgent": ("countdown", 640, 360, "studio", None, 42),
    "lower_third": ("lower_third", 640, 360, "studio", None, 0),
    "ticker": ("ticker", 640, 360, "studio", None, 0),
    "logo": ("logo", 640, 360, "daylight", None, 0),
    "comment": ("comment", 640, 360, "studio", None, 0),
    "slate": ("slate", 640, 360, "studio", None, 0),
    # The vertical canvas's own layout (docs/canvases.md), at a quarter of 1080x1920.
    "vertical_card": ("card", 360, 640, "studio", "TV-55-4K", 0),
    "vertical_callout": ("callout", 360, 640, "studio", "TV-55-4K", 0),
    "vertical_countdown": ("countdown", 360, 640, "studio", None, 42),
    "vertical_lower_third": ("lower_third", 360, 640, "studio", None, 0),
    "vertical_ticker": ("ticker", 360, 640, "studio", None, 0),
    "vertical_logo": ("logo", 360, 640, "studio", None, 0),
}


def render_case(name: str) -> np.ndarray:
    kind, width, height, theme_name, sku, remaining_s = CASES[name]
    return snapshot(kind, width, height, load_theme(theme_name), sku, countdown_remaining_s=remaining_s)
