"""The catalog (worker thread): a page of products, and price and stock edits announced as CatalogChanged.

An edit reaches every graphic showing the product on the engine thread by itself: the show's
product view notices the database changed (PRAGMA data_version) at the next frame, and the card,
callout and ticker on both canvases re-render together (studio/core/product_views.py).
"""

from __future__ import annotations

from studio.core.live import catalog_requests as store
from studio.core.live.handlers.registry import handles
from studio.wire import commands as c


@handles(c.GetCatalog)
def get_catalog(ctx, command: c.GetCatalog):
    return store.get_catalog(ctx.db, command)


@handles(c.SetPrice)
def set_price(ctx, command: c.SetPrice):
    answer = store.set_price(ctx.db, command)
    ctx.bus.vendor("CatalogChanged", {"sku": answer["sku"]})
    return answer


@handles(c.SetStock)
def set_stock(ctx, command: c.SetStock):
    answer = store.set_stock(ctx.db, command)
    ctx.bus.vendor("CatalogChanged", {"sku": answer["sku"]})
    return answer


@handles(c.RecordSale)
def record_sale(ctx, command: c.RecordSale):
    """A verified order's line (the gateway checked its signature and dropped duplicates)."""
    answer = store.record_sale(ctx.db, command)
    ctx.bus.vendor("CatalogChanged", {"sku": answer["sku"]})
    ctx.bus.vendor("SaleRecorded", {"sku": answer["sku"], "quantity": command.quantity, "order": command.order,
                                    "stock": answer["stock"]})
    return answer
