"""The products as the show sees them: the one place graphics, events and the snapshot read a product.

Graphics refer to a product by its SKU (the kind registry's `Sku` parameters, docs/graphics.md);
they never keep a copy of its price or stock. Everything that shows a product (the card, the price
callout, the ticker, both canvases, `GetShowState`, `ProgramProductChanged`) resolves the SKU here,
on the engine thread, so they all show one version of it.

`refresh(in_use)` runs once per frame: PRAGMA data_version (microseconds) tells whether anyone
committed since the last look (this process, `studio catalog set-price` in another one, an
import); only then are the SKUs in use re-read, and the ones whose view changed are returned, so
their graphics re-render together, on the same frame. A product's units sold in the last
SOLD_WINDOW_MIN minutes (orders coming in) are part of its view; they are read again when the
database changes and when a counted sale leaves the window.
"""

from __future__ import annotations

import dataclasses
import logging
import time

import sqlite_utils

from studio.core.graphics.model import DEFAULT_LOW_STOCK_THRESHOLD, SOLD_WINDOW_MIN, ProductView
from studio.core.show.catalog import VariantSnapshot, find_variant

log = logging.getLogger(__name__)


def product_view(snapshot: VariantSnapshot, sold_recently: int = 0) -> ProductView:
    threshold = snapshot.low_stock_threshold
    return ProductView(
        sku=snapshot.sku, title=snapshot.title, variant_title=snapshot.variant_title,
        price=snapshot.price, compare_at_price=snapshot.compare_at_price, currency=snapshot.currency,
        stock=snapshot.stock, image_path=snapshot.image_path, product_url=snapshot.product_url,
        sold_recently=sold_recently, low_stock_threshold=DEFAULT_LOW_STOCK_THRESHOLD if threshold is None else threshold,
    )


SOLD_WINDOW_S = SOLD_WINDOW_MIN * 60.0


def sold_recently(db: sqlite_utils.Database, sku: str, now_s: float) -> tuple[int, float | None]:
    """(units of `sku` received in the window, when the oldest of them leaves it); the gateway writes
    `order_lines` as verified orders come in (studio/gateway/orders_in.py)."""
    row = db.execute("SELECT COALESCE(SUM(quantity), 0), MIN(received_s) FROM order_lines WHERE sku = ? AND received_s > ?",
                     [sku, now_s - SOLD_WINDOW_S]).fetchone()
    return int(row[0]), None if row[1] is None else row[1] + SOLD_WINDOW_S


class ProductViews:
    """SKU -> ProductView (None: not in the catalog), read from the show's database. Engine thread."""

    def __init__(self, db: sqlite_utils.Database, clock=time.time):
        self.db = db
        self._clock = clock
        self._views: dict[str, ProductView | None] = {}
        self._asked: set[str] = set()   # SKUs asked for since the last change (the product in preview, ...)
        self._data_version = self._read_data_version()
        self._sales_expire_s = float("inf")   # when a counted sale leaves its window: the counts change then
        # Units held by viewers' claims (studio/core/live/claims.py): every view shows the stock left after
        # them and how many are claimed, so the card, the host view and the state agree on the same frame.
        self._held: dict[str, int] = {}

    def get(self, sku: str | None) -> ProductView | None:
        return self._with_held(self.catalog_view(sku))

    def catalog_view(self, sku: str | None) -> ProductView | None:
        """The product as the catalog has it, before claims."""
        if not sku:
            return None
        self._asked.add(sku)
        if sku not in self._views:
            self._views[sku] = self._read(sku)
        return self._views[sku]

    def _read(self, sku: str) -> ProductView | None:
        snapshot = find_variant(self.db, sku)
        if snapshot is None:
            return None
        count, expires_s = sold_recently(self.db, sku, self._clock())
        if expires_s is not None:
            self._sales_expire_s = min(self._sales_expire_s, expires_s)
        return product_view(snapshot, count)
    def set_held(self, sku: str, units: int) -> dict[str, tuple[ProductView | None, ProductView | None]]:
        """Claims now hold `units` of `sku`: {sku: (before, after)} when its view changed (for re-rendering)."""
        before = self.get(sku)
        if units > 0:
            self._held[sku] = units
        else:
            self._held.pop(sku, None)
        after = self.get(sku)
        return {sku: (before, after)} if before != after else {}

    def _with_held(self, view: ProductView | None) -> ProductView | None:
        held = self._held.get(view.sku, 0) if view is not None else 0
        if not held:
            return view
        stock = None if view.stock is None else max(0, view.stock - held)
        return dataclasses.replace(view, stock=stock, claimed=held)

    def refresh(self, in_use: set[str]) -> dict[str, tuple[ProductView | None, ProductView | None]]:
        """If the database changed since the last look: re-read the SKUs in use and those asked for since
        the last change (forget the others) and return {sku: (before, after)} for those whose view
        changed. May raise sqlite3.Error."""
        version = self._read_data_version()
        if version == self._data_version and self._clock() < self._sales_expire_s:
            return {}
        expire_s, self._sales_expire_s = self._sales_expire_s, float("inf")
        try:
            fresh = {sku: self._read(sku) for sku in in_use | self._asked}
        except Exception:
            self._sales_expire_s = expire_s     # read again next frame
            raise
        self._data_version = version   # only once every SKU in use was read: a failed read retries next frame
        changed = {sku: (self._with_held(self._views.get(sku)), self._with_held(view)) for sku, view in fresh.items()
                   if sku in self._views and self._views[sku] != view}
        self._views, self._asked = fresh, set()
        return changed

    def _read_data_version(self) -> tuple[int, int]:
        # PRAGMA data_version changes when another connection commits; total_changes
        # covers commits made through this very connection.
        return (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes)
