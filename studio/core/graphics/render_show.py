"""What `studio render` draws from: a show database (or a catalog file), seen as the program sees it.

It answers the same questions the on-air target does (GraphicContext): products
are converted by the same function, and the card's QR code is built by the same
`card_for_show` with the same campaign tag, so a preview matches what airs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import sqlite_utils

from studio.core.graphics.model import ProductView
from studio.core.graphics.product_view import load_product_views
from studio.errors import UserInputError

PREVIEW_CAMPAIGN = "preview"
DEAL_PRODUCTS_MAX = 12


class RenderShow:
    """A GraphicContext for one still: the product on air is `sku`, the clock stands at 0."""

    show_time_s = 0.0

    def __init__(self, sku: str | None, brand: str, utm_campaign: str,
                 lookup: Callable[[str], ProductView], deal_products: Callable[[], list[ProductView]]):
        self.sku = sku
        self.brand = brand
        self.utm_campaign = utm_campaign
        self._lookup = lookup
        self._deal_products = deal_products

    def product(self, sku: str | None) -> ProductView | None:
        sku = sku if sku is not None else self.sku
        return None if sku is None else self._lookup(sku)

    def deal_products(self) -> list[ProductView]:
        return self._deal_products()


def from_catalog_file(path: Path, sku: str | None, brand: str) -> RenderShow:
    views = {view.sku: view for view in load_product_views(path)}

    def lookup(wanted: str) -> ProductView:
        if wanted not in views:
            raise UserInputError(f"product {wanted!r}: no such SKU in catalog {path} (known: {', '.join(views)})")
        return views[wanted]

    return RenderShow(sku, brand, PREVIEW_CAMPAIGN, lookup, lambda: list(views.values())[:DEAL_PRODUCTS_MAX])


class DatabaseProducts:
    """Products from the show database, opened on first use (a slate needs no database)."""

    def __init__(self, open_db: Callable[[], sqlite_utils.Database], db_path: Path, show_name: str | None):
        self._open_db = open_db
        self.db_path = db_path
        self.show_name = show_name

    @cached_property
    def db(self) -> sqlite_utils.Database:
        return self._open_db()

    def check_show(self) -> None:
        """An unknown --show is an error even for a graphic that needs no product."""
        if self.show_name is not None:
            from studio.core.show.rundown import get_show

            get_show(self.db, self.show_name)

    @cached_property
    def show_skus(self) -> list[str]:
        from studio.core.show.rundown import get_show, load_segments

        if self.show_name is None:
            return []
        return list(dict.fromkeys(s.sku for s in load_segments(self.db, get_show(self.db, self.show_name).id) if s.sku))

    def lookup(self, sku: str) -> ProductView:
        from studio.core.show.catalog import find_variant
        from studio.core.product_views import product_view

        snapshot = find_variant(self.db, sku)
        if snapshot is None:
            raise UserInputError(f"product {sku!r}: no such SKU in database {self.db_path} "
                                 "(import a catalog with `studio catalog import`, or pass --catalog FILE)")
        return product_view(snapshot)

    def deal_products(self) -> list[ProductView]:
        # As on air: the show's own products, else the catalog's first ones.
        skus = self.show_skus or [sku for (sku,) in self.db.execute(
            "SELECT sku FROM variants ORDER BY rowid LIMIT ?", [DEAL_PRODUCTS_MAX]).fetchall()]
        return [self.lookup(sku) for sku in skus[:DEAL_PRODUCTS_MAX]]
