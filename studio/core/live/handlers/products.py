"""Products on air and in preview (engine thread)."""

from __future__ import annotations

from studio.core.live.handlers.registry import handles
from studio.wire import commands as c


@handles(c.PreviewProduct)
def preview_product(ctx, command: c.PreviewProduct):
    ctx.view(command.sku)
    ctx.preview_sku = command.sku
    return {"sku": command.sku}


@handles(c.TakeProduct)
def take_product_now(ctx, command: c.TakeProduct):
    ctx.view(command.sku)
    take_product(ctx, command.sku, "control")
    return {"sku": command.sku, "frame": ctx.frame}


def take_product(ctx, sku: str, by: str) -> None:
    """The product's card on air with the current transition (also what Take does with a previewed product)."""
    target = ctx.need_target()
    target.take_product(sku)
    target.instant = ctx.transition[0] == "Cut"
    try:
        target.show_graphic("card", {"sku": sku})
    finally:
        target.instant = False
    if ctx.preview_sku == sku:
        ctx.preview_sku = None
    ctx.record("product_taken", sku=sku, frame=ctx.frame, by=by)


@handles(c.ClearProduct)
def clear_product(ctx, command: c.ClearProduct):
    target = ctx.need_target()
    for kind in ("callout", "card"):
        target.hide_graphic(kind)
    ctx.record("product_cleared", frame=ctx.frame)
