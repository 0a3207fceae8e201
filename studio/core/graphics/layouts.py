"""Where each graphic sits on a canvas: 16:9 and 9:16, inside the theme's title-safe area.

Sizes are design pixels at 1080 lines (1920x1080 or 1080x1920) and scale with
the canvas, so a 720p program gets the same picture at two thirds the size.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.graphics.safe_areas import VERTICAL_SAFE_AREA
from studio.core.graphics.theme import Theme

# Directions a graphic enters from; "pop" grows in place, "fade" only fades.
SLIDE_LEFT, SLIDE_RIGHT, SLIDE_UP, SLIDE_DOWN, POP, FADE = "left", "right", "up", "down", "pop", "fade"


@dataclass(frozen=True)
class Placement:
    x: int
    y: int
    width: int
    height: int
    enter_from: str


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    scale: float
    vertical: bool
    placements: dict[str, Placement]

    def __getitem__(self, kind: str) -> Placement:
        return self.placements[kind]


def _box(x: float, y: float, width: float, height: float, enter_from: str) -> Placement:
    return Placement(round(x), round(y), max(1, round(width)), max(1, round(height)), enter_from)


def _landscape(width: int, height: int, theme: Theme) -> Layout:
    s = min(width / 1920, height / 1080)
    margin_x, margin_y = width * theme.title_safe_margin, height * theme.title_safe_margin
    right, bottom = width - margin_x, height - margin_y
    gap = 16 * s
    ticker_h = 56 * s
    card_w, card_h = 720 * s, 300 * s
    card_y = bottom - ticker_h - gap - card_h
    callout_w, callout_h = 420 * s, 200 * s
    return Layout(width, height, s, False, {
        "slate": _box(0, 0, width, height, FADE),
        "ticker": _box(0, bottom - ticker_h, width, ticker_h, SLIDE_UP),
        "lower_third": _box(margin_x, bottom - ticker_h - gap - 130 * s, 760 * s, 130 * s, SLIDE_LEFT),
        "comment": _box(margin_x, margin_y + 150 * s, 640 * s, 180 * s, SLIDE_LEFT),
        "card": _box(right - card_w, card_y, card_w, card_h, SLIDE_RIGHT),
        "callout": _box(right - callout_w - 40 * s, card_y - callout_h + 30 * s, callout_w, callout_h, POP),
        "countdown": _box(margin_x, margin_y, 440 * s, 120 * s, SLIDE_DOWN),
        "logo": _box(right - 340 * s, margin_y, 340 * s, 72 * s, FADE),
        # social proof: left of the card's top, clear of the callout over its right end
        "sold_counter": _box(margin_x, bottom - ticker_h - gap - 130 * s - gap - 72 * s, 620 * s, 72 * s, SLIDE_LEFT),
        "low_stock": _box(right - card_w, card_y - gap - 64 * s, 250 * s, 64 * s, POP),
    })


def _portrait(width: int, height: int, theme: Theme) -> Layout:
    """Everything inside the phone apps' safe area (safe_areas.py): below their top bar, left of
    their button column, above the comments and shopping bag that fill the bottom third. The
    middle of the picture stays clear for the host; text is sized for a phone held upright."""
    s = min(width / 1080, height / 1920)
    left, top, right, bottom = VERTICAL_SAFE_AREA.box(width, height)
    left, top = max(left, width * theme.title_safe_margin), max(top, height * theme.title_safe_margin)
    safe_w = right - left
    gap = 16 * s
    ticker_h = 64 * s
    card_h = 340 * s
    card_y = bottom - ticker_h - gap - card_h
    lower_third_h = 150 * s
    lower_third_y = card_y - gap - lower_third_h
    callout_w, callout_h = 440 * s, 210 * s
    countdown_w, countdown_h = 460 * s, 130 * s
    logo_w = min(300 * s, safe_w - countdown_w - gap)
    return Layout(width, height, s, True, {
        "slate": _box(0, 0, width, height, FADE),
        "ticker": _box(left, bottom - ticker_h, safe_w, ticker_h, SLIDE_UP),
        "card": _box(left, card_y, safe_w, card_h, SLIDE_UP),
        "lower_third": _box(left, lower_third_y, min(safe_w, 760 * s), lower_third_h, SLIDE_LEFT),
        "callout": _box(right - callout_w, lower_third_y - gap - callout_h, callout_w, callout_h, POP),
        "comment": _box(left, top + countdown_h + gap, safe_w, 180 * s, SLIDE_LEFT),
        "countdown": _box(left, top, countdown_w, countdown_h, SLIDE_DOWN),
        "logo": _box(right - logo_w, top, logo_w, 72 * s, FADE),
        # social proof: left of the callout, above the lower third
        "sold_counter": _box(left, lower_third_y - gap - 72 * s, safe_w - callout_w - gap, 72 * s, SLIDE_LEFT),
        "low_stock": _box(left, lower_third_y - 2 * gap - 72 * s - 64 * s, min(300 * s, safe_w - callout_w - gap),
                          64 * s, POP),
    })


def layout_for(width: int, height: int, theme: Theme) -> Layout:
    """The 9:16 layout for portrait canvases, the 16:9 one for everything else."""
    return _portrait(width, height, theme) if height > width else _landscape(width, height, theme)
