"""Which renderer draws which graphic, and which data each graphic accepts."""

from __future__ import annotations

from typing import Callable

from studio.core.graphics.card import render_card
from studio.core.graphics.countdown import countdown_face, render_countdown
from studio.core.graphics.model import (
    CommentData,
    CountdownData,
    LogoData,
    LowerThirdData,
    PriceCalloutData,
    ProductCardData,
    SlateData,
    TickerData,
)
from studio.core.graphics.overlays import render_callout, render_comment, render_logo, render_lower_third, render_slate
from studio.core.graphics.painting import Rendering
from studio.core.graphics.theme import Theme
from studio.core.graphics.ticker import render_ticker

DATA_TYPES: dict[str, type] = {
    "card": ProductCardData,
    "callout": PriceCalloutData,
    "countdown": CountdownData,
    "lower_third": LowerThirdData,
    "ticker": TickerData,
    "logo": LogoData,
    "comment": CommentData,
    "slate": SlateData,
}

_SINGLE_LAYER: dict[str, Callable[..., Rendering]] = {
    "card": render_card,
    "callout": render_callout,
    "lower_third": render_lower_third,
    "logo": render_logo,
    "comment": render_comment,
    "slate": render_slate,
}


def check_data(kind: str, data: object) -> None:
    """Reject a bad command in the caller's thread, before it can reach the engine."""
    expected = DATA_TYPES.get(kind)
    if expected is None:
        raise ValueError(f"unknown graphic {kind!r}; expected one of {', '.join(DATA_TYPES)}")
    if not isinstance(data, expected):
        raise TypeError(f"graphic {kind!r} takes {expected.__name__}, not {type(data).__name__}")


def render_graphic(kind: str, data: object, width: int, height: int, theme: Theme, locale, show_time_s: float = 0.0) -> list[Rendering]:
    """Every layer of one graphic at one size; the countdown is drawn as it reads at `show_time_s`."""
    if kind == "ticker":
        return render_ticker(data, width, height, theme, locale)
    if kind == "countdown":
        return [render_countdown(countdown_face(data, show_time_s, locale), width, height, theme, locale)]
    return [_SINGLE_LAYER[kind](data, width, height, theme, locale)]
