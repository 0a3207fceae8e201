"""Products on air and in preview (engine thread)."""

from __future__ import annotations

import functools
from typing import Callable

from studio.core.live.handlers.registry import LATER, handles
from studio.core.live.on_screen import answer
from studio.core.transition import start_take_transition
from studio.wire import commands as c


@handles(c.PreviewProduct)
def preview_product(ctx, command: c.PreviewProduct):
    ctx.view(command.sku)
    ctx.preview_sku = command.sku
    return {"sku": command.sku}


@handles(c.TakeProduct)
def take_product_now(ctx, command: c.TakeProduct):
    ctx.view(command.sku)
    take_product(ctx, command.sku, "control", command,
                 lambda frame: answer(command, {"sku": command.sku, "frame": frame}))
    return LATER   # answered with the frame that shows the card


def take_product(ctx, sku: str, by: str, command: c.Command | None = None,
                 aired: Callable[[int], None] | None = None) -> None:
    """The product's card on air with the current transition (also what Take does with a previewed product).
    The as-run entry (and `aired(frame)`) name the first frame that shows the card: this one, unless
    its render is late (studio/core/live/on_screen.py)."""
    target = ctx.need_target()
    target.take_product(sku)
    target.instant = True  # a Fade dissolves the whole picture: graphics cut in under it
    start_take_transition(ctx.session.engine, ctx.transition)
    try:
        target.show_graphic("card", {"sku": sku})
    finally:
        target.instant = False
    if ctx.preview_sku == sku:
        ctx.preview_sku = None
    shown_at: list[int] = []

    def on_screen(frame: int) -> None:
        shown_at.append(frame)
        ctx.record("product_taken", sku=sku, frame=frame, by=by)
        if aired is not None:
            aired(frame)

    ctx.on_screen.when_shown(functools.partial(_card_shows, ctx, sku), on_screen, ctx.frame)
    if command is not None:
        ctx.take_to_air.airs_when(command, lambda: bool(shown_at))


def _card_shows(ctx, sku: str) -> bool | None:
    """True once every canvas's picture shows `sku`'s card; None when it never will (replaced first)."""
    if ctx.target is None or ctx.target.card_sku != sku:
        return None
    graphics = ctx.session.graphics
    cards = [graphics.drawn_data(canvas).get("card") for canvas in graphics.canvases]
    return all(card is not None and card.product.sku == sku for card in cards)


@handles(c.ClearProduct)
def clear_product(ctx, command: c.ClearProduct):
    target = ctx.need_target()
    for kind in ("callout", "card"):
        target.hide_graphic(kind)
    ctx.record("product_cleared", frame=ctx.frame)
